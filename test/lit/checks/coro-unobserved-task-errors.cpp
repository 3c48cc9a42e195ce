// Translation units that do not compile: report the compile errors, judge
// only the well-formed code, and do not crash.
// RUN: %check_coroguard --expect-exit-code=1 %s coro-unobserved-task %t -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.ReportSwallowingDetach: true}}" -- -std=c++20 -I %S/Inputs
#include "unobserved_libs.h"

seastar::future<> flush() { co_return; }
seastar::future<> flush_n(int n) { co_return; }
asio::awaitable<void> session() { co_return; }

seastar::future<> broken(asio::io_context &io) {
  flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  flush_n();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'flush_n' [clang-diagnostic-error]
  auto f = flush_n(1, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: no matching function for call to 'flush_n' [clang-diagnostic-error]
  auto g = undeclared_future();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'undeclared_future' [clang-diagnostic-error]
  flush().no_such_member();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: error: no member named 'no_such_member' in 'seastar::future<>' [clang-diagnostic-error]
  asio::co_spawn(io.get_executor(), session(), asio::detached, 42);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'co_spawn' [clang-diagnostic-error]
  try {
  } catch (...) {
    co_await flush();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: error: 'co_await' cannot be used in the handler of a try block [clang-diagnostic-error]
  }
}
