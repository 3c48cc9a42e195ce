// Translation units that do not compile: report the compile errors, judge
// the well-formed code, do not crash.
// RUN: %check_coroguard --expect-exit-code=1 %s coro-cross-thread-loop-call %t -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <thread>

using coroguard::event_loop;
void tick();

void broken(event_loop &loop) {
  std::thread t([&] {
    loop.call_soon(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_soon' is not thread-safe
    loop.call_soon();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: error: no matching member function for call to 'call_soon' [clang-diagnostic-error]
    loop.no_such_method(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: error: no member named 'no_such_method' in 'coroguard::event_loop' [clang-diagnostic-error]
    undeclared_loop.call_soon(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: error: use of undeclared identifier 'undeclared_loop' [clang-diagnostic-error]
    loop.create_task(undeclared_task());
    // CHECK-MESSAGES: :[[@LINE-1]]:22: error: use of undeclared identifier 'undeclared_task' [clang-diagnostic-error]
  });
  std::thread u(undeclared_worker, std::ref(loop));
  // CHECK-MESSAGES: :[[@LINE-1]]:17: error: use of undeclared identifier 'undeclared_worker' [clang-diagnostic-error]
  t.join();
}

// Recursion between helpers does not loop forever.
void ping(event_loop &l, int n);
void pong(event_loop &l, int n) {
  l.stop();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'coroguard::event_loop::stop' is not thread-safe
  ping(l, n - 1);
}
void ping(event_loop &l, int n) {
  if (n > 0)
    pong(l, n);
}
void start(event_loop &loop) {
  std::thread t([&] { ping(loop, 3); });
  t.join();
}
