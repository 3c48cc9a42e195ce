// Options shared by the async-generator checks: the presets (cppcoro, folly
// and QCoro generators have no asynchronous close: silent by design),
// GeneratorTypes (a project's type with its advance, close and `finished`
// methods; local and global keys; removing an entry), AclosingFunctions,
// UsePresetGeneratorTypes, malformed values.
// RUN: %check_coroguard %s coro-unclosed-async-generator %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=USER %s coro-unclosed-async-generator %t.user -- \
// RUN:   --config="{CheckOptions: {GeneratorTypes: 'mylib::Stream=pull|shutdown|done', AclosingFunctions: 'mylib::closing'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load --check-suffix=USER %s coro-unclosed-async-generator %t.user.load -- \
// RUN:   --config="{CheckOptions: {coro-unclosed-async-generator.GeneratorTypes: 'mylib::Stream=pull|shutdown|done', coro-unclosed-async-generator.AclosingFunctions: 'mylib::closing'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=FOLLY %s coro-unclosed-async-generator %t.folly -- \
// RUN:   --config="{CheckOptions: {GeneratorTypes: 'folly::coro::AsyncGenerator=next|cleanup;-mylib::Nothing'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// Without the presets or with the entry removed, nothing is a generator.
// RUN: %check_coroguard %s coro-unclosed-async-generator %t.nopreset -- \
// RUN:   --config="{CheckOptions: {UsePresetGeneratorTypes: false}}" -- -std=c++20 -I %S/Inputs
//
// Malformed values are configuration errors naming the entry.
// RUN: not %coroguard %s --checks=-*,coro-unclosed-async-generator \
// RUN:   --config="{CheckOptions: {GeneratorTypes: 'mylib::Stream=pull|shutdown|done|x;ns::Gen<int>=next;ns::G;ns::H=|'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: invalid 'GeneratorTypes' option: invalid entry 'mylib::Stream=pull|shutdown|done|x': expected 'qualified::Name=advance,...|close,...|finished,...' or '-qualified::Name'
// RUN: not %coroguard %s --checks=-*,coro-unclosed-async-generator \
// RUN:   --config="{CheckOptions: {AclosingFunctions: 'a::b;=x'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD2
// BAD2: error: invalid 'AclosingFunctions' option:
#include "asyncgen_libs.h"

bool stop(int);
cppcoro::async_generator<int> cp();
folly::coro::AsyncGenerator<int> fo();
QCoro::AsyncGenerator<int> qc();
mylib::Stream<int> st();

// Early exits from generators without an asynchronous close: their
// destructors destroy the frame on the spot. Silent by design.
demo::task<> presets() {
  auto c = cp();
  for (auto it = co_await c.begin(); it != c.end(); co_await ++it)
    if (stop(*it))
      break;
  auto f = fo();
  // CHECK-MESSAGES-FOLLY: :[[@LINE-1]]:8: warning: async generator 'f' is left suspended by an early exit from the loop that advances it and is never closed: its cleanup does not run here but later, when the event loop finalizes it; co_await 'f.cleanup()' on every path out of the loop, or iterate it inside 'coroguard::aclosing(f, ...)'
  while (auto item = co_await f.next())
    if (stop(*item))
      break;
  auto q = qc();
  auto it = co_await q.begin();
  while (true) {
    if (stop(*it))
      co_return;
    co_await ++it;
  }
}

demo::task<> user_type() {
  auto s = st();
  // CHECK-MESSAGES-USER: :[[@LINE-1]]:8: warning: async generator 's' is left suspended by an early exit from the loop that advances it and is never closed: its cleanup does not run here but later, when the event loop finalizes it; co_await 's.shutdown()' on every path out of the loop, or iterate it inside 'mylib::closing(s, ...)'
  while (auto v = co_await s.pull())
    if (stop(*v))
      break;
}

demo::task<> user_type_closed() {
  auto s = st();
  while (auto v = co_await s.pull())
    if (stop(*v))
      break;
  co_await s.shutdown();
  auto t = st();
  for (;;) {
    if (t.done())
      break; // the `finished` predicate: exhausted
    auto v = co_await t.pull();
    if (v && stop(*v))
      break;
  }
  co_await mylib::closing(t, 0);
}
