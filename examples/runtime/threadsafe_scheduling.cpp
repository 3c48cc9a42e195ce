// Thread-safe scheduling: from another thread only call_soon_threadsafe is allowed.
// In debug mode, call_soon from a foreign thread logs
//   ERROR: Non-thread-safe operation invoked on an event loop other than the current one:
//          call_soon() at threadsafe_scheduling.cpp:<line> (in '...')
//     called from thread <tid> ('worker'); the loop runs on thread <tid> ('...'). ...
// and then throws. The log line comes first, so a thread that let the exception escape
// (std::terminate) would still have said which call, where, and from which thread.
#include <coroguard/coroguard.hpp>
#include <pthread.h>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

coroguard::task<void> amain() {
  auto& loop = coroguard::get_running_loop();
  std::thread worker([&loop] {
    pthread_setname_np(pthread_self(), "worker");
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
