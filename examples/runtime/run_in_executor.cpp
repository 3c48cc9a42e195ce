// run_in_executor: blocking work goes to a thread pool so the loop stays responsive.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

unsigned blocking_checksum(unsigned n) {
  std::this_thread::sleep_for(50ms);  // stands for blocking file or database I/O
  unsigned s = 0;
  for (unsigned i = 0; i < n; ++i) s = s * 31 + i;
  return s;
}

coroguard::task<void> ticker(int* ticks) {
  for (int i = 0; i < 5; ++i) {
    co_await coroguard::sleep(5ms);
    ++*ticks;
  }
}

coroguard::task<void> amain() {
  auto& loop = coroguard::get_running_loop();
  int ticks = 0;
  auto t = loop.create_task(ticker(&ticks));
  unsigned sum = co_await loop.run_in_executor(nullptr, [] { return blocking_checksum(1000); });
  std::printf("checksum computed in the executor: %u (the loop ticked %d times meanwhile)\n", sum, ticks);
  co_await t;
}

int main() {
  coroguard::run(amain(), {.debug = true});
  return 0;
}
