// Discarded calls: every statement position, explicit discards, fix-its,
// templates, NOLINT.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load -- -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <chrono>
#include <tuple>
#include <vector>

demo::task<> fetch() { co_return; }
demo::task<int> compute(int x) { co_return x; }
demo::task<> wrapper() { return fetch(); } // not a coroutine: hands it on
bool flag();

struct Service {
  demo::task<> run();
  static demo::task<int> make(int);
};

// --- Reported -------------------------------------------------------------

demo::task<> statement() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fetch' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'compute' is never awaited: the lazy 'demo::task<int>' it returns is discarded, so its body never runs [coro-never-awaited]
  // CHECK-FIXES: {{^}}  co_await compute(1);{{$}}
  wrapper();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'wrapper' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
  // CHECK-FIXES: {{^}}  co_await wrapper();{{$}}
  co_return;
}

demo::task<> conditional_and_comma(bool b) {
  b ? fetch() : wrapper();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: coroutine 'fetch' is never awaited: the lazy 'demo::task<>' it returns is discarded
  // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: task returned by 'wrapper' is never awaited
  // No fix-it inside a ?: (the arms are not statements).
  // CHECK-FIXES: {{^}}  b ? fetch() : wrapper();{{$}}
  fetch(), compute(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fetch' is never awaited
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: coroutine 'compute' is never awaited
  // CHECK-FIXES: {{^}}  fetch(), compute(2);{{$}}
  (fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:4: warning: coroutine 'fetch' is never awaited
  // CHECK-FIXES: {{^}}  co_await (fetch());{{$}}
  co_return;
}

demo::task<> control_flow(std::vector<int> xs) {
  if (flag())
    fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'fetch' is never awaited
  // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
  else
    compute(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'compute' is never awaited
  // CHECK-FIXES: {{^}}    co_await compute(3);{{$}}
  for (int i = 0; i < 3; fetch())
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: coroutine 'fetch' is never awaited
    ++i;
  while (flag())
    compute(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'compute' is never awaited
  do {
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'fetch' is never awaited
  } while (flag());
  for (int x : xs)
    compute(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'compute' is never awaited
  switch (xs.size()) {
  case 0:
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'fetch' is never awaited
    break;
  default:
    compute(5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'compute' is never awaited
  }
  co_return;
}

demo::task<> members(Service &s, Service *p) {
  s.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'Service::run' is never awaited
  // CHECK-FIXES: {{^}}  co_await s.run();{{$}}
  p->run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'Service::run' is never awaited
  Service::make(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'Service::make' is never awaited
  co_return;
}

// Outside a coroutine: reported, but no fix-it (co_await is not allowed).
void not_a_coroutine() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fetch' is never awaited
  // CHECK-FIXES: {{^}}  fetch();{{$}}
}

// Lambdas: the fix-it follows the innermost function, not the outer one.
demo::task<> lambdas_and_fixits() {
  auto inner_coroutine = []() -> demo::task<> {
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'fetch' is never awaited
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
    co_return;
  };
  auto inner_plain = [] {
    compute(7);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'compute' is never awaited
    // CHECK-FIXES: {{^}}    compute(7);{{$}}
  };
  inner_plain();
  co_await inner_coroutine();
}
void plain_with_coroutine_lambda() {
  auto l = []() -> demo::task<> {
    wrapper();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task returned by 'wrapper' is never awaited
    // CHECK-FIXES: {{^}}    co_await wrapper();{{$}}
    co_return;
  };
  demo::sync_wait(l());
}

// The cast silences [[nodiscard]], not the bug.
demo::task<> explicit_discards() {
  (void)fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: coroutine 'fetch' is never awaited: casting the lazy 'demo::task<>' to void discards it, so its body never runs
  // CHECK-FIXES: {{^}}  (void)fetch();{{$}}
  static_cast<void>(compute(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: coroutine 'compute' is never awaited: casting the lazy 'demo::task<int>' to void discards it
  (void)(flag() ? fetch() : wrapper());
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: coroutine 'fetch' is never awaited: casting the lazy 'demo::task<>' to void discards it
  // CHECK-MESSAGES: :[[@LINE-2]]:29: warning: task returned by 'wrapper' is never awaited: casting the lazy 'demo::task<>' to void discards it
  std::ignore = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'fetch' is never awaited: assigning the lazy 'demo::task<>' to 'std::ignore' discards it, so its body never runs
  co_return;
}

// Templates: reported once, at the template's line, for all instantiations.
template <typename T> demo::task<T> generic(T v) { co_return v; }

template <typename T> demo::task<> in_template(T v) {
  generic(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'generic' is never awaited: the lazy 'demo::task<int>' it returns is discarded
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fetch' is never awaited
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  co_return;
}
template demo::task<> in_template<int>(int);
template demo::task<> in_template<long>(long);

template <typename T> struct Holder {
  demo::task<T> get();
  void drop() { get(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'Holder::get' is never awaited
};
template struct Holder<int>;
template struct Holder<char>;

// Macros: reported at the call, no fix-it inside the macro.
#define FIRE(x) x
demo::task<> macros() {
  FIRE(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited
  // CHECK-FIXES: {{^}}  FIRE(fetch());{{$}}
  co_return;
}

// --- Suppressed with NOLINT -------------------------------------------------

void deliberately_lazy() {
  fetch(); // NOLINT(coro-never-awaited)
  // NOLINTNEXTLINE(coro-never-awaited)
  compute(1);
  fetch(); // NOLINT
}

// --- Not reported -----------------------------------------------------------

demo::task<int> consumed(std::vector<demo::task<>> &v, demo::task<> &out) {
  co_await fetch();
  int x = co_await compute(1);
  co_await (flag() ? fetch() : wrapper());
  v.push_back(fetch());
  v.emplace_back(fetch());
  out = fetch();
  demo::task<> moved = std::move(out);
  co_await moved;
  co_await demo::when_all(fetch(), compute(3));
  demo::spawn_detached(fetch());
  co_return co_await compute(x);
}

demo::task<> returned() { return fetch(); }
auto returned_auto() { return compute(1); }
void blocking() { demo::sync_wait(fetch()); }

// Calls whose result is not a task at all.
int plain();
void uses_plain() {
  plain();
  (void)plain();
  std::ignore = plain();
}

// Uninstantiated template with a dependent call: nothing to say yet.
template <typename T> void never_instantiated(T t) { generic(t); }

// Unevaluated operands create no task.
template <typename T> concept Fetchable = requires { fetch(); };
void unevaluated() {
  static_assert(noexcept(fetch()) || true);
  using T = decltype(fetch());
  static_assert(sizeof(fetch()) > 0);
  if constexpr (requires { fetch(); }) {
  }
}

// A value type adapted to co_await by an operator outside its own namespace
// is still a value: dropping it drops no work.
struct DurationAwaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
template <class R, class P>
DurationAwaiter operator co_await(std::chrono::duration<R, P>) { return {}; }
std::chrono::milliseconds elapsed();
demo::task<> adapted() {
  elapsed();
  co_await elapsed();
}
