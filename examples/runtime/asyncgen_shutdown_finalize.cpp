// Shutdown keeps the finalizer's promise. A generator dropped while suspended is finalized by
// the loop in a task ("the event loop finalizes it in a task"). Dropped as the very last thing
// the main task does, that task has not even started when the main task returns: run() must
// not cancel it with the leftover tasks. Its cleanup — code after the co_yield, a co_await in
// the cleanup — runs exactly once, before run() returns.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

namespace {
int cleanups = 0;

coroguard::async_generator<int> readings() {
  try {
    for (int i = 0;; ++i) co_yield i;
  } catch (const coroguard::generator_exit&) {
    std::puts("generator: closing (generator_exit at the co_yield)");
  }
  co_await coroguard::sleep(10ms);  // async cleanup: flushing, closing a connection, ...
  ++cleanups;
  std::puts("generator: async cleanup done");
}

coroguard::task<void> amain() {
  auto g = readings();
  auto first = co_await g.next();
  std::printf("main: first reading %d; returning without aclose()\n", *first);
}  // g is dropped here, suspended at its co_yield
}  // namespace

int main() {
  coroguard::run(amain(), {.debug = true});  // debug mode: also warns to use aclose()/aclosing
  std::printf("after run(): the generator's cleanup ran %d time(s)\n", cleanups);
  return cleanups == 1 ? 0 : 1;
}
