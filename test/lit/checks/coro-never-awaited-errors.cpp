// Translation units that do not compile: report the compile errors, judge
// only the code that is well-formed, and do not crash.
// RUN: %check_coroguard --expect-exit-code=1 %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
#include "demo_task.h"

demo::task<> fetch() { co_return; }
demo::task<int> compute(int x) { co_return x; }

demo::task<> broken() {
  try {
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'fetch' is never awaited
  } catch (...) {
    co_await fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: error: 'co_await' cannot be used in the handler of a try block [clang-diagnostic-error]
  }
  compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'compute' [clang-diagnostic-error]
  auto t = compute(1, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: no matching function for call to 'compute' [clang-diagnostic-error]
  auto u = fetch();
  u.no_such_member();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: error: no member named 'no_such_member' in 'demo::task<{{(void)?}}>' [clang-diagnostic-error]
  undeclared_task();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: use of undeclared identifier 'undeclared_task' [clang-diagnostic-error]
  co_return;
}
