// Coroutine lambdas, coroutines and functors handed to generic callees (the
// standard library's threads and algorithms, templates that forward to them)
// whose instantiation calls them and drops the lazy task: reported at the
// callable, with a note where the instantiation drops the task.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=N %s coro-never-awaited %t.n -- -- -std=c++20 -I %S/Inputs
// CheckVoidCallables: false turns the rule off (a drop in the user's own
// template is still reported where it happens).
// RUN: %check_coroguard --check-suffix=OFF %s coro-never-awaited %t.off -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.CheckVoidCallables: false}}" -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include "user_types.h"
#include <algorithm>
#include <functional>
#include <future>
#include <iterator>
#include <mutex>
#include <ranges>
#include <thread>
#include <vector>

demo::task<> refresh() { co_return; }
demo::task<> refresh_later() { return refresh(); }
struct Poller {
  demo::task<> operator()() const { return refresh(); }
};

// --- Threads ------------------------------------------------------------------

void threads() {
  std::thread a([]() -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine lambda is never awaited: 'std::thread' calls it and discards the lazy 'demo::task<>' it returns, so its body never runs [coro-never-awaited]
  // CHECK-NOTES-N: :[[@LINE-2]]:17: warning: coroutine lambda is never awaited: 'std::thread' calls it
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here, in 'std::thread::_State_impl::_M_run', which discards the result
  a.join();
  std::thread b(refresh);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'refresh' is never awaited: 'std::thread' calls it and discards the lazy 'demo::task<>' it returns
  // CHECK-NOTES-N: :[[@LINE-2]]:17: warning: coroutine 'refresh' is never awaited
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here, in 'std::thread::_State_impl::_M_run'
  // CHECK-NOTES-N: :[[@LINE-18]]:14: note: 'refresh' declared here
  b.detach();
  auto job = [](int n) -> demo::task<> { co_return; };
  std::thread c(job, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine lambda 'job' is never awaited: 'std::thread' calls it
  // CHECK-NOTES-N: :[[@LINE-2]]:17: warning: coroutine lambda 'job' is never awaited
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
  // CHECK-NOTES-N: :[[@LINE-5]]:8: note: 'job' declared here
  c.join();
  std::thread d(Poller{});
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine callable 'Poller{}' is never awaited: 'std::thread' calls it
  // CHECK-NOTES-N: :[[@LINE-2]]:17: warning: coroutine callable 'Poller{}' is never awaited
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
  d.join();
  std::jthread e([] { return refresh(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: lambda is never awaited: 'std::jthread' calls it and discards the lazy 'demo::task<>' it returns
  // CHECK-NOTES-N: :[[@LINE-2]]:18: warning: lambda is never awaited: 'std::jthread' calls it
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
  std::thread f(refresh_later);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: function 'refresh_later' is never awaited: 'std::thread' calls it
  // CHECK-NOTES-N: :[[@LINE-2]]:17: warning: function 'refresh_later' is never awaited
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
  // CHECK-NOTES-N: :[[@LINE-39]]:14: note: 'refresh_later' declared here
  f.join();
}

// --- Algorithms and utilities ---------------------------------------------------

void algorithms(std::vector<int> &ids) {
  std::for_each(ids.begin(), ids.end(), [](int) -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: coroutine lambda is never awaited: 'std::for_each' calls it and discards the lazy 'demo::task<>' it returns
  // CHECK-NOTES-N: :[[@LINE-2]]:41: warning: coroutine lambda is never awaited: 'std::for_each'
  // CHECK-NOTES-N: stl_algo.h:{{[0-9]+}}:{{[0-9]+}}: note: called here, in 'std::for_each', which discards the result
  std::ranges::for_each(ids, [](int) -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: coroutine lambda is never awaited: 'std::ranges::for_each' calls it
  // CHECK-NOTES-N: :[[@LINE-2]]:30: warning: coroutine lambda is never awaited: 'std::ranges::for_each'
  // CHECK-NOTES-N: ranges_algo.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
  std::once_flag once;
  std::call_once(once, []() -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: coroutine lambda is never awaited: 'std::call_once' calls it
  // CHECK-NOTES-N: :[[@LINE-2]]:24: warning: coroutine lambda is never awaited: 'std::call_once'
  // CHECK-NOTES-N: mutex:{{[0-9]+}}:{{[0-9]+}}: note: called here
}

// --- Through the project's own templates ----------------------------------------

template <typename F> void in_background(F &&fn) {
  std::thread(std::forward<F>(fn)).detach();
}
template <typename F> void each_twice(F fn) {
  in_background(fn);
  in_background(std::move(fn));
}
void forwarded() {
  in_background([]() -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine lambda is never awaited: 'in_background' calls it and discards
  // CHECK-NOTES-N: :[[@LINE-2]]:17: warning: coroutine lambda is never awaited: 'in_background'
  // CHECK-NOTES-N: :[[@LINE-10]]:3: note: passed on to 'std::thread' here
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
  each_twice(refresh);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: coroutine 'refresh' is never awaited: 'each_twice' calls it
  // CHECK-NOTES-N: :[[@LINE-2]]:14: warning: coroutine 'refresh' is never awaited: 'each_twice'
  // CHECK-NOTES-N: :[[@LINE-12]]:3: note: passed on to 'in_background' here
  // CHECK-NOTES-N: :[[@LINE-16]]:3: note: passed on to 'std::thread' here
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
  // CHECK-NOTES-N: :[[@LINE-83]]:14: note: 'refresh' declared here
}

// A lambda in a template: one report however many instantiations.
template <typename T> void per_type() {
  std::thread([]() -> demo::task<T> { co_return T(); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: coroutine lambda is never awaited: 'std::thread' calls it
  // CHECK-NOTES-N: :[[@LINE-2]]:15: warning: coroutine lambda is never awaited
  // CHECK-NOTES-N: std_thread.h:{{[0-9]+}}:{{[0-9]+}}: note: called here
}
template void per_type<int>();
template void per_type<long>();

// The project's own template drops it: reported there, where it is dropped
// (the rule for discarded calls), not a second time at the lambda.
template <typename F> void run_and_forget(F fn) {
  fn();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine lambda is never awaited: the lazy 'demo::task<>' it returns is discarded
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: coroutine lambda is never awaited: the lazy
  // CHECK-NOTES-N: :[[@LINE+4]]:18: note: lambda defined here
  // CHECK-MESSAGES-OFF: :[[@LINE-4]]:3: warning: coroutine lambda is never awaited: the lazy 'demo::task<>' it returns is discarded
}
void dropped_in_user_template() {
  run_and_forget([]() -> demo::task<> { co_return; });
}

void suppressed() {
  std::thread([]() -> demo::task<> { co_return; }).detach(); // NOLINT(coro-never-awaited)
}

// --- Not reported ---------------------------------------------------------------

template <typename F> demo::task<> await_it(F fn) { co_await fn(); }
template <typename F> demo::task<> return_it(F fn) { return fn(); }
template <typename F> void keep_it(F fn, std::vector<demo::task<>> &out) {
  out.push_back(fn());
}
template <typename F> void block_on_it(F fn) { demo::sync_wait(std::invoke(fn)); }
template <typename F> void use_result(F fn) {
  auto t = fn();
  demo::sync_wait(std::move(t));
}

demo::task<> used_by_the_callee(std::vector<int> &ids,
                                std::vector<demo::task<>> &out) {
  co_await await_it([]() -> demo::task<> { co_return; });
  co_await return_it([]() -> demo::task<> { co_return; });
  keep_it([]() -> demo::task<> { co_return; }, out);
  block_on_it(refresh);
  use_result(Poller{});
  // std::async keeps the task in the future it returns.
  auto fut = std::async([]() -> demo::task<> { co_return; });
  auto deferred = std::async(std::launch::deferred, refresh);
  // Algorithms that keep the result.
  std::transform(ids.begin(), ids.end(), std::back_inserter(out),
                 [](int) -> demo::task<> { co_return; });
  std::generate_n(std::back_inserter(out), 2, refresh);
  // A wrapper whose call returns the task.
  std::packaged_task<demo::task<>()> pt(refresh);
  std::function<demo::task<>()> fn = []() -> demo::task<> { co_return; };
}

void not_lazy() {
  // Not a task, an eager task, a generator-like type.
  std::thread([] { return 42; }).join();
  std::thread([]() -> app::EagerJob { co_return; }).join();
  std::thread([]() -> app::FireAndForget { co_return; }).join();
}

// A std::function<void()> is the void-callable rule's, reported once.
void void_wrapper_once() {
  std::packaged_task<void()> job([]() -> demo::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: coroutine lambda is passed as a void-returning callable 'std::packaged_task<void ()>'
  // CHECK-NOTES-N: :[[@LINE-2]]:34: warning: coroutine lambda is passed as a void-returning callable
}
