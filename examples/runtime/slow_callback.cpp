// Slow callbacks: in debug mode a callback or task step that blocks the loop longer than
// slow_callback_duration (100 ms by default) is logged as
//   Executing <Handle ... at file:line> took 0.153 seconds
// with the stack where it was stuck (captured by a watchdog while the stall happens).
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

[[gnu::noinline]] void parse_huge_document() {
  auto end = std::chrono::steady_clock::now() + 150ms;  // CPU-bound work on the loop: a stall
  volatile unsigned long n = 0;
  while (std::chrono::steady_clock::now() < end) n = n + 1;
}

coroguard::task<void> amain() {
  auto& loop = coroguard::get_running_loop();
  loop.call_soon([] { parse_huge_document(); });  // BUG: should go to run_in_executor
  co_await coroguard::sleep(200ms);
  co_await loop.run_in_executor(nullptr, [] { parse_huge_document(); });  // fixed: no report
  std::puts("done");
}

int main() {
  coroguard::run(amain(), {.debug = true});
  return 0;
}
