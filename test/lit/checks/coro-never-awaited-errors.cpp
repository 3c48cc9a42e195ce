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

// A lattice of virtual bases: every class has twelve bases that share their
// own bases. Member lookups that walk the bases without remembering the
// classes already seen take 12^8 steps here (the check hung); clang itself
// needs none of that.
template <int D, int I> struct lattice;
template <int I> struct lattice<0, I> {};
template <int D, int I>
struct lattice
    : virtual lattice<D - 1, 0>, virtual lattice<D - 1, 1>,
      virtual lattice<D - 1, 2>, virtual lattice<D - 1, 3>,
      virtual lattice<D - 1, 4>, virtual lattice<D - 1, 5>,
      virtual lattice<D - 1, 6>, virtual lattice<D - 1, 7>,
      virtual lattice<D - 1, 8>, virtual lattice<D - 1, 9>,
      virtual lattice<D - 1, 10>, virtual lattice<D - 1, 11> {};
lattice<9, 0> make_lattice();
void uses_lattice() {
  make_lattice();
  auto l = make_lattice();
}

// Remembering the classes seen must not lose members found through a
// shared base: the awaiter interface sits in the top of a diamond.
struct awaiter_base {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
struct left_awaiter : virtual awaiter_base {};
struct right_awaiter : virtual awaiter_base {};
struct diamond_awaiter : left_awaiter, right_awaiter {};
diamond_awaiter make_diamond();
demo::task<> uses_diamond() {
  make_diamond();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'make_diamond' is never awaited: the lazy 'diamond_awaiter' it returns is discarded, so it never takes effect [coro-never-awaited]
  co_return;
}
