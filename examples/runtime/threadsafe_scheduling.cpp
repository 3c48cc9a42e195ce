// Thread-safe scheduling: from another thread only call_soon_threadsafe is allowed.
// In debug mode, call_soon from a foreign thread throws
// "Non-thread-safe operation invoked on an event loop other than the current one".
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

coroguard::task<void> amain() {
  auto& loop = coroguard::get_running_loop();
  std::thread worker([&loop] {
    try {
      loop.call_soon([] { std::puts("never runs"); });  // BUG: not thread-safe
    } catch (const std::exception& e) {
      std::printf("debug mode caught: %s\n", e.what());
    }
    loop.call_soon_threadsafe([] { std::puts("call_soon_threadsafe: ran on the loop thread"); });
  });
  co_await loop.run_in_executor(nullptr, [&worker] { worker.join(); });
  co_await coroguard::sleep(1ms);
}

int main() {
  coroguard::run(amain(), {.debug = true});
  return 0;
}
