// Tasks produced through function pointers, std::function and lambdas, and
// coroutine lambdas passed where a void-returning callable is expected.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=N %s coro-never-awaited %t.n -- -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include "user_types.h"
#include <functional>
#include <utility>
#include <vector>

demo::task<> fetch() { co_return; }
demo::task<> wrapper() { return fetch(); }
void run_later(std::function<void()> cb);
void run_task_later(std::function<demo::task<>()> cb);
template <typename F> void run_generic(F &&f) { demo::sync_wait(f()); }
struct Timer {
  void on_timeout(std::function<void()> cb);
};

// --- Indirect calls -----------------------------------------------------------

demo::task<> through_pointer() {
  demo::task<> (*fp)() = &fetch;
  fp();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine called through 'fp' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine called through 'fp' is never awaited
  // CHECK-NOTES-N: :[[@LINE-4]]:18: note: 'fp' declared here
  (*fp)();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine called through '(*fp)' is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine called through '(*fp)' is never awaited
  // CHECK-NOTES-N: :[[@LINE-8]]:18: note: 'fp' declared here
  co_await fp();
}

struct Client {
  demo::task<> send();
};
demo::task<> through_member_pointer(Client &c) {
  demo::task<> (Client::*mp)() = &Client::send;
  (c.*mp)();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine called through '(c.*mp)' is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine called through '(c.*mp)' is never awaited
  co_await (c.*mp)();
}

demo::task<> through_std_function(std::function<demo::task<>()> fn) {
  fn();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine called through 'fn' is never awaited: the lazy 'demo::task<{{(void)?}}>' it returns is discarded
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine called through 'fn' is never awaited
  // CHECK-NOTES-N: :[[@LINE-4]]:65: note: 'fn' declared here
  co_await fn();
}

demo::task<> through_lambdas() {
  auto lazy = []() -> demo::task<> { co_return; };
  lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine lambda is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine lambda is never awaited
  // CHECK-NOTES-N: :[[@LINE-4]]:15: note: lambda defined here
  []() -> demo::task<> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine lambda is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine lambda is never awaited
  auto forwarder = [] { return fetch(); };
  forwarder();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by a lambda is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: task returned by a lambda is never awaited
  // CHECK-NOTES-N: :[[@LINE-4]]:20: note: lambda defined here
  co_await lazy();
  co_await []() -> demo::task<> { co_return; }();
}

template <typename F> demo::task<> invoke_generic(F f) {
  f();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine lambda is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine lambda is never awaited
  // CHECK-NOTES-N: :[[@LINE+4]]:27: note: lambda defined here
  co_await f();
}
demo::task<> instantiate() {
  co_await invoke_generic([]() -> demo::task<> { co_return; });
}

// --- Coroutine lambdas where a void callable is expected --------------------

void void_callables(Timer &timer) {
  run_later([]() -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: coroutine lambda is passed as a void-returning callable 'std::function<void ()>': the lazy 'demo::task<>' it returns is dropped by the callee and never awaited [coro-never-awaited]
  // CHECK-NOTES-N: :[[@LINE-2]]:13: warning: coroutine lambda is passed as a void-returning callable
  timer.on_timeout([&]() -> demo::task<> { co_await fetch(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: coroutine lambda is passed as a void-returning callable 'std::function<void ()>'
  // CHECK-NOTES-N: :[[@LINE-2]]:20: warning: coroutine lambda is passed as a void-returning callable
  std::function<void()> cb = []() -> demo::task<> { co_return; };
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: coroutine lambda is passed as a void-returning callable 'std::function<void ()>'
  // CHECK-NOTES-N: :[[@LINE-2]]:30: warning: coroutine lambda is passed as a void-returning callable
  cb = []() -> demo::task<> { co_return; };
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine lambda is passed as a void-returning callable 'std::function<void ()>'
  // CHECK-NOTES-N: :[[@LINE-2]]:8: warning: coroutine lambda is passed as a void-returning callable
  run_later(fetch);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: coroutine 'fetch' is passed as a void-returning callable 'std::function<void ()>'
  // CHECK-NOTES-N: :[[@LINE-2]]:13: warning: coroutine 'fetch' is passed as a void-returning callable
  // CHECK-NOTES-N: :[[@LINE-90]]:14: note: 'fetch' declared here
  std::vector<std::function<void()>> handlers;
  handlers.push_back([]() -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: coroutine lambda is passed as a void-returning callable 'std::function<void ()>'
  // CHECK-NOTES-N: :[[@LINE-2]]:22: warning: coroutine lambda is passed as a void-returning callable
}

template <typename T> void void_callable_in_template() {
  run_later([]() -> demo::task<T> { co_return T(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: coroutine lambda is passed as a void-returning callable
  // CHECK-NOTES-N: :[[@LINE-2]]:13: warning: coroutine lambda is passed as a void-returning callable
}
template void void_callable_in_template<int>();
template void void_callable_in_template<long>();

struct Functor {
  demo::task<> operator()() const { return fetch(); }
};
void other_void_callables() {
  std::function<void(int)> with_arg = [](int) -> demo::task<> { co_return; };
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: coroutine lambda is passed as a void-returning callable 'std::function<void (int)>'
  // CHECK-NOTES-N: :[[@LINE-2]]:39: warning: coroutine lambda is passed as a void-returning callable
  run_later(Functor{});
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: coroutine callable 'Functor{}' is passed as a void-returning callable 'std::function<void ()>'
  // CHECK-NOTES-N: :[[@LINE-2]]:13: warning: coroutine callable 'Functor{}' is passed
  run_later(wrapper);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: function 'wrapper' is passed as a void-returning callable 'std::function<void ()>': the lazy 'demo::task<{{(void)?}}>' it returns is dropped by the callee and never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:13: warning: function 'wrapper' is passed
  // CHECK-NOTES-N: :[[@LINE-117]]:14: note: 'wrapper' declared here
  run_later([] { return fetch(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: lambda is passed as a void-returning callable 'std::function<void ()>': the lazy 'demo::task<>' it returns is dropped
  // CHECK-NOTES-N: :[[@LINE-2]]:13: warning: lambda is passed as a void-returning callable
  // Eager and fire-and-forget coroutine lambdas already run when called.
  run_later([]() -> app::EagerJob { co_return; });
  run_later([]() -> app::FireAndForget { co_return; });
}

void void_callable_suppressed() {
  run_later([]() -> demo::task<> { co_return; }); // NOLINT(coro-never-awaited)
}

// --- Not reported -------------------------------------------------------------

void fine_callables() {
  // The callee expects a task-returning callable: it will await the task.
  run_task_later([]() -> demo::task<> { co_return; });
  std::function<demo::task<>()> f = [] { return fetch(); };
  run_task_later(f);
  run_task_later(fetch);
  // Ordinary void lambdas.
  run_later([] {});
  run_later([] { demo::sync_wait(fetch()); });
  // Copying or moving a wrapper is not a conversion.
  std::function<void()> a = [] {};
  std::function<void()> b = a;
  std::function<void()> c = std::move(a);
  // Generic callers decide for themselves.
  run_generic([]() -> demo::task<> { co_return; });
  // An eager or non-task lambda.
  run_later([] { return 42; });
}

demo::task<> awaited_indirectly(std::function<demo::task<>()> fn,
                                demo::task<> (*fp)()) {
  co_await fn();
  co_await fp();
  auto l = [] { return fetch(); };
  co_await l();
  std::vector<demo::task<>> v;
  v.push_back(fn());
}
