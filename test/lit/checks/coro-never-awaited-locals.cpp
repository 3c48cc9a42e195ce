// Locals initialised from a lazy task and never consumed on any path (CFG).
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load -- -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

demo::task<> fetch() { co_return; }
demo::task<int> compute(int x) { co_return x; }
bool flag();
void take(demo::task<> t);
void peek(const demo::task<> &t);
void log(bool);

// --- Reported -------------------------------------------------------------

demo::task<> never_used() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds the lazy 'demo::task<>' it returns, but no path from here co_awaits, returns, moves or passes it on, so its body never runs [coro-never-awaited]
  co_return;
}

void never_used_plain() {
  demo::task<int> job = compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: coroutine 'compute' is never awaited: 'job' holds the lazy 'demo::task<int>' it returns
}

demo::task<> only_in_unreachable_code() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  co_return;
  co_await t;
}

void only_after_return() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  return;
  take(std::move(t));
}

void only_after_throw() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  throw 1;
  take(std::move(t));
}

demo::task<> only_const_uses() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  log(t.done());
  if (!t.done())
    log(false);
  co_return;
}

demo::task<> void_cast_and_statement() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  (void)t;
  t;
  co_return;
}

demo::task<> unevaluated() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  static_assert(sizeof(t) > 0);
  using T = decltype(t);
  co_return;
}

demo::task<> overwritten() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  t = fetch();
  co_return;
}

demo::task<> in_a_loop(int n) {
  for (int i = 0; i < n; ++i) {
    auto t = compute(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine 'compute' is never awaited: 't' holds
  }
  co_return;
}

template <typename T> demo::task<> in_template(T) {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  co_return;
}
template demo::task<> in_template(int);
template demo::task<> in_template(char);

void suppressed() {
  auto t = fetch(); // NOLINT(coro-never-awaited)
}

// --- Not reported -----------------------------------------------------------

demo::task<> awaited_later() {
  auto t = fetch();
  log(flag());
  co_await t;
}

demo::task<> awaited_on_one_branch() {
  auto t = fetch();
  if (flag())
    co_await std::move(t);
}

demo::task<> awaited_in_loop() {
  auto t = fetch();
  while (flag()) {
    if (flag()) {
      co_await t;
      break;
    }
  }
}

demo::task<> returned_later() { auto t = fetch(); return t; }
demo::task<int> co_returned_later() {
  auto t = compute(1);
  co_return co_await std::move(t);
}

void moved() {
  auto t = fetch();
  demo::task<> u = std::move(t);
  take(std::move(u));
}

void passed() {
  auto t = fetch();
  take(std::move(t));
  auto u = fetch();
  peek(u); // handed to a function: it may keep or await it
}

void stored(std::vector<demo::task<>> &v, std::optional<demo::task<>> &o) {
  auto t = fetch();
  v.push_back(std::move(t));
  auto u = fetch();
  o.emplace(std::move(u));
  auto w = fetch();
  auto p = std::make_unique<demo::task<>>(std::move(w));
  take(std::move(*p));
}

void captured() {
  auto t = fetch();
  auto f = [t = std::move(t)]() mutable { return std::move(t); };
  take(f());
  auto u = fetch();
  auto g = [&u] { take(std::move(u)); };
  g();
}

demo::task<> combinators() {
  auto a = fetch();
  auto b = compute(1);
  co_await demo::when_all(std::move(a), std::move(b));
  auto c = fetch();
  demo::sync_wait(c);
}

void resumed_by_hand() {
  auto t = fetch();
  t.resume(); // a non-const member: the caller drives it
}

demo::task<> address_taken(demo::task<> **out) {
  auto t = fetch();
  *out = &t;
  co_return;
}

demo::task<> bound_to_reference() {
  auto t = fetch();
  auto &r = t;
  co_await r;
}

// Not a call: not this rule's business.
demo::task<> not_from_a_call(demo::task<> &src) {
  demo::task<> t = std::move(src);
  co_return;
}

// References and statics are not owned here.
demo::task<> &global_task();
void references() {
  demo::task<> &r = global_task();
  static demo::task<> s = fetch();
}

// Not lazy tasks.
std::function<void()> callback();
void not_tasks() {
  auto cb = callback();
  int x = 3;
}

// Inside coroutine lambdas.
void lambdas() {
  auto bad = []() -> demo::task<> {
    auto t = fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine 'fetch' is never awaited: 't' holds
    co_return;
  };
  auto good = []() -> demo::task<> {
    auto t = fetch();
    co_await fetch();
    co_await t;
  };
  take(bad());
  take(good());
}

demo::task<> try_and_switch(int k) {
  auto a = fetch();
  try {
    co_await a;
  } catch (...) {
  }
  auto b = fetch();
  switch (k) {
  case 1:
    co_await std::move(b);
    break;
  default:
    break;
  }
}

// Initialiser spellings that only repeat the type.
demo::task<> spellings() {
  demo::task<> a{fetch()};
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: coroutine 'fetch' is never awaited: 'a' holds
  demo::task<> b(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: coroutine 'fetch' is never awaited: 'b' holds
  auto c = demo::task<>(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 'c' holds
  auto d = fetch(), e = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: coroutine 'fetch' is never awaited: 'e' holds
  take(std::move(d));
  demo::task<> f{fetch()};
  demo::task<> g(fetch());
  auto h = demo::task<>{fetch()};
  co_await f;
  co_await g;
  co_await h;
}

// A coroutine type driven by hand through its handle: resuming it is a use.
struct Manual {
  struct promise_type {
    Manual get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> h;
  int id = 0;
};
Manual drive() { co_return; }
void by_hand() {
  Manual m = drive();
  m.h.resume();
  m.h.destroy();
  Manual n = drive();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine 'drive' is never awaited: 'n' holds the lazy 'Manual' it returns
  log(n.id == 0);
  log(n.h.done());
}

// More control flow.
void after_abort() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  std::abort();
  take(std::move(t));
}
void jumped_over() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  goto end;
  take(std::move(t));
end:;
}
demo::task<> after_endless_loop() {
  auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 't' holds
  while (true)
    co_await fetch();
  co_await t;
}
void handed_on_in_catch() {
  auto t = fetch();
  try {
    throw 1;
  } catch (...) {
    take(std::move(t));
  }
}
void after_breaking_loop() {
  auto t = fetch();
  for (;;) {
    if (flag())
      break;
  }
  take(std::move(t));
}
void early_return_on_one_path(int k) {
  auto t = fetch();
  switch (k) {
  case 1:
    return;
  default:
    break;
  }
  take(std::move(t));
}

// The CFG analysis works through every initialiser spelling.
demo::task<> spellings_unreachable() {
  demo::task<> a{fetch()};
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: coroutine 'fetch' is never awaited: 'a' holds
  demo::task<> b(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: coroutine 'fetch' is never awaited: 'b' holds
  auto c = demo::task<>(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'fetch' is never awaited: 'c' holds
  if (auto d = fetch(); flag()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: coroutine 'fetch' is never awaited: 'd' holds
    co_return;
    co_await d;
  }
  co_return;
  co_await a;
  co_await b;
  co_await c;
}
