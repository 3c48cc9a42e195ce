// Async generator close order. Breaking out of a loop over an async generator leaves it
// suspended: its cleanup runs later (when the loop finalizes it), not where you expect.
// aclosing(gen, body) runs the cleanup right after the body. A second operation while one is
// in flight fails with "asynchronous generator is already running".
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

coroguard::async_generator<int> rows(const char* who) {
  try {
    for (int i = 0;; ++i) co_yield i;
  } catch (const coroguard::generator_exit&) {
    std::printf("%s: generator_exit at the co_yield\n", who);
  }
  co_await coroguard::sleep(1ms);  // async cleanup, e.g. closing a cursor
  std::printf("%s: cleanup ran\n", who);
}

coroguard::task<void> without_aclosing() {
  {
    auto g = rows("without aclosing");
    while (auto v = co_await g.next())
      if (*v == 2) break;
  }  // dropped while suspended: the loop finalizes it in a task (debug mode warns)
  std::puts("without aclosing: after the loop");
  co_await coroguard::sleep(5ms);
}

coroguard::task<void> with_aclosing() {
  co_await coroguard::aclosing(rows("with aclosing"), [](auto& g) -> coroguard::task<void> {
    while (auto v = co_await g.next())
      if (*v == 2) co_return;
  });
  std::puts("with aclosing: cleanup ran before 'after the loop'");
  std::puts("with aclosing: after the loop");
}

coroguard::task<void> already_running() {
  auto slow = []() -> coroguard::async_generator<int> {
    co_await coroguard::sleep(5ms);
    co_yield 1;
  }();
  auto first = coroguard::get_running_loop().create_task(slow.next());
  co_await coroguard::sleep(1ms);
  try {
    (void)co_await slow.next();
  } catch (const std::runtime_error& e) {
    std::printf("second next(): %s\n", e.what());
  }
  (void)co_await first;
  co_await slow.aclose();
}

coroguard::task<void> amain() {
  co_await without_aclosing();
  co_await with_aclosing();
  co_await already_running();
}

int main() {
  coroguard::run(amain(), {.debug = true});
  return 0;
}
