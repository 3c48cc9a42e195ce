// The parent index (checks/utils/Parents): the recognisers walk up from a
// node through parents collected for the namespace-level declaration that
// holds it, not through clang's map of the whole translation unit. Each
// construct below is reached differently by RecursiveASTVisitor (several
// declarations written by one macro, an out-of-line member of a class
// template, an explicit instantiation, a partial specialisation, a template
// declared before it is defined, a class and a variable in one declaration, a
// lambda at namespace scope, a linkage specification in nested namespaces);
// every answer must be clang's (coroguard.ParentIndex: verify compares each one)
// and none may need clang's map. The findings are those of clang's map.
// RUN: %check_coroguard %s coro-never-awaited,coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %coroguard --checks='-*,coro-*' --config="{CheckOptions: {coroguard.ParentIndex: verify, coroguard.ParentStats: true}}" %s -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=INDEX
// RUN: %check_coroguard %s coro-never-awaited,coro-blocking-call %t.clang -- --config="{CheckOptions: {coroguard.ParentIndex: clang}}" -- -std=c++20 -I %S/Inputs
// INDEX-NOT: MISMATCH
// INDEX: coroguard parents: {{[1-9][0-9]*}} queries, {{[0-9]+}} of {{[0-9]+}} declarations collected, 0 answered by clang's map
// INDEX-NOT: MISMATCH
#include "demo_task.h"
#include <chrono>
#include <thread>

demo::task<> work();

// Several declarations written by one macro share a beginning (gtest's TEST_F).
#define MAKE_TEST(name)                                                        \
  static_assert(sizeof(#name) > 1, "");                                        \
  struct name##_t {                                                            \
    void body();                                                               \
    static int reg;                                                            \
  };                                                                           \
  int name##_t::reg = 0;                                                       \
  void name##_t::body()

MAKE_TEST(alpha) {
  work();
// CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
}

MAKE_TEST(beta) {
  auto coro = []() -> demo::task<> {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime) [coro-blocking-call]
    co_return;
  };
  coro();
// CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine lambda is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
}

// An out-of-line member of a class template: its instantiations are visited
// from the class template.
template <typename T> struct Holder {
  void run();
};
template <typename T> void Holder<T>::run() {
  work();
// CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
}
void useHolder() { Holder<int>().run(); }
template struct Holder<long>;

// Instantiations of a partial specialisation are visited from the primary
// template; a template declared before it is defined visits them from its
// first declaration.
template <typename T> struct Box {};
template <typename T> struct Box<T *> {
  void f() { work(); }
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
};
template <typename T> struct Late;
template <typename T> struct Late {
  void f() { work(); }
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
};
template <typename T> void early(T);
template <typename T> void early(T) { work(); }
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
void useTemplates() {
  Box<int *>().f();
  Late<int>().f();
  early(1);
}

// A class and a variable in one declaration; a lambda at namespace scope.
struct {
  void f() { work(); }
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
} anonymous;
auto atNamespace = [] { work(); };
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]

namespace outer::inner {
extern "C++" {
inline void nested() { work(); }
// CHECK-MESSAGES: :[[@LINE-1]]:24: warning: coroutine 'work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
}
} // namespace outer::inner
