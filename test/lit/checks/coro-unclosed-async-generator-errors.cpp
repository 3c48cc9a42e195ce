// Translation units that do not compile, for all three async-generator
// checks: report the compile errors, judge the well-formed code, no crash.
// RUN: %check_coroguard --expect-exit-code=1 %s coro-unclosed-async-generator,coro-async-generator-outside-loop,coro-concurrent-generator-use %t -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>

using coroguard::async_generator;
using coroguard::task;

async_generator<int> rows();
bool stop(int);

task<void> well_formed() {
  auto w = rows();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: async generator 'w' is left suspended
  while (auto v = co_await w.next())
    if (stop(*v))
      break;
}

// A generator used in broken code is not judged.
task<void> broken() {
  auto g = rows();
  while (auto v = co_await g.next()) {
    if (stop(*v))
      break;
    g.no_such_member();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: error: no member named 'no_such_member' {{.*}}[clang-diagnostic-error]
  }
  auto h = undeclared_gen();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'undeclared_gen' [clang-diagnostic-error]
  while (auto v = co_await h.next())
    if (stop(*v))
      break;
  auto a = coroguard::get_running_loop().create_task(g.next(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:56: error: too many arguments {{.*}}[clang-diagnostic-error]
  co_await coroguard::gather(g.next(), h.next(), );
  // CHECK-MESSAGES: :[[@LINE-1]]:50: error: expected expression [clang-diagnostic-error]
  try {
  } catch (...) {
    co_await g.aclose();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: error: 'co_await' cannot be used in the handler of a try block [clang-diagnostic-error]
  }
}

int main() {
  auto g = rows();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: async generator returned by 'rows' is created in 'main', which is not a coroutine, and advanced there
  coroguard::run(g.next(), 42);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'run' [clang-diagnostic-error]
  auto k = rows(undeclared_count);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: error: use of undeclared identifier 'undeclared_count' [clang-diagnostic-error]
}
