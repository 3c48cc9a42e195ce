// coro-blocking-call on translation units that do not compile: the compile
// errors are reported, well-formed calls are judged, nothing crashes.
// RUN: %check_coroguard --expect-exit-code=1 %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load --expect-exit-code=1 %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <future>
#include <thread>

void helper(int);
void helper_loop() { helper_loop(); undeclared_blocking(); }
// CHECK-MESSAGES: :[[@LINE-1]]:37: error: use of undeclared identifier 'undeclared_blocking' [clang-diagnostic-error]

demo::task<> broken(std::future<int> f) {
  try {
    f.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::future::get' in coroutine 'broken'
  } catch (...) {
    co_await demo::task<>();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: error: 'co_await' cannot be used in the handler of a try block [clang-diagnostic-error]
  }
  std::this_thread::sleep_for();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'sleep_for' [clang-diagnostic-error]
  f.wait_for(no_such_duration);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: error: use of undeclared identifier 'no_such_duration' [clang-diagnostic-error]
  helper_loop();
  helper("x");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'helper' [clang-diagnostic-error]
  co_return;
}
