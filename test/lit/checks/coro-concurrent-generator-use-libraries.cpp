// coro-concurrent-generator-use on the library presets (folly's next,
// cppcoro's and QCoro's begin) and options: a project's generator type
// (GeneratorTypes), StartFunctions, GatherFunctions, RunFunctions; malformed
// values.
// RUN: %check_coroguard %s coro-concurrent-generator-use %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-concurrent-generator-use %t.load -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=USER %s coro-concurrent-generator-use %t.user -- \
// RUN:   --config="{CheckOptions: {GeneratorTypes: 'mylib::Stream=pull|shutdown', coro-concurrent-generator-use.StartFunctions: 'mylib::spawn', coro-concurrent-generator-use.GatherFunctions: '-folly::coro::collectAll', coro-concurrent-generator-use.RunFunctions: 'mylib::drive'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// RUN: not %coroguard %s --checks=-*,coro-concurrent-generator-use \
// RUN:   --config="{CheckOptions: {coro-concurrent-generator-use.StartFunctions: 'ok::f;=x'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: invalid 'StartFunctions' option:
#include "asyncgen_libs.h"

folly::coro::AsyncGenerator<int> fo();
cppcoro::async_generator<int> cp();
mylib::Stream<int> st();

demo::task<> folly_gathered() {
  auto g = fo();
  co_await folly::coro::collectAll(g.next(), g.next());
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: 'g.next()' and 'g.next()' act on the same async generator and are both passed to 'folly::coro::collectAll'
}

demo::task<> cppcoro_gathered() {
  auto g = cp();
  co_await cppcoro::when_all(g.begin(), g.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: 'g.begin()' and 'g.begin()' act on the same async generator and are both passed to 'cppcoro::when_all'
  // CHECK-MESSAGES-USER: :[[@LINE-2]]:41: warning: 'g.begin()' and 'g.begin()' act on the same async generator and are both passed to 'cppcoro::when_all'
}

demo::task<> user_spawned() {
  auto s = st();
  mylib::spawn(s.pull());
  co_await s.pull();
  // CHECK-MESSAGES-USER: :[[@LINE-1]]:12: warning: 's.pull()' is started on async generator 's' while 's.pull()', started earlier, may still be in flight
  mylib::spawn(s.shutdown());
  mylib::drive(s.pull());
  // CHECK-MESSAGES-USER: :[[@LINE-1]]:16: warning: 's.pull()' is started on async generator 's' while 's.shutdown()', started earlier, may still be in flight
}

// Sequential awaits: fine.
demo::task<> sequential() {
  auto g = fo();
  co_await g.next();
  co_await g.next();
  auto c = cp();
  auto it = co_await c.begin();
  co_await ++it;
}
