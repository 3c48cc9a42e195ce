// coro-dangling-reference across files: the coroutines are defined in
// another file (Inputs/xtu/greeter.cpp), whose summary says what their frames
// keep; without the summaries (NOSUM) nothing is known of them.
//
// RUN: rm -rf %t.sum && mkdir -p %t.sum
// RUN: %coroguard %S/Inputs/xtu/greeter.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/greeter.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %check_coroguard %s coro-dangling-reference %t -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: %check_coroguard --check-suffix=NOSUM %s coro-dangling-reference %t.nosum -- -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
#include "greeter.h"
#include <utility>

coroguard::task<> returned_temp() {
  return greet(std::string("x"));
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is returned [coro-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:32: note: the temporary is destroyed at the end of this full-expression
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is returned here
  // CHECK-NOTES: greeter.cpp:8:11: note: 'greet' ({{.*}}greeter.cpp:8) uses 'name' here
  // CHECK-NOTES: greeter.h:7:44: note: take 'name' by value ('std::string name'): the frame then keeps its own copy
}
coroguard::task<> through_wrapper() {
  std::string s = "x";
  return greet_later(s);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' (called by 'greet_later', which returns its task) uses it through parameter 'name': the task is returned [coro-dangling-reference]
  // CHECK-NOTES: :[[@LINE+1]]:1: note: 's' is destroyed here
}
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the task is returned here
  // CHECK-NOTES: greeter.cpp:8:11: note: 'greet' ({{.*}}greeter.cpp:8) uses 'name' here
coroguard::task<> member_of_temporary() {
  return session{"x"}.run();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: the temporary 'session' is destroyed at the end of the full-expression, before member coroutine 'session::run' uses it through 'this': the task is returned [coro-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:27: note: the temporary is destroyed at the end of this full-expression
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the task is returned here
  // CHECK-NOTES: greeter.cpp:20:11: note: 'session::run' ({{.*}}greeter.cpp:20) uses 'this' here
}

// Scheduled by a deferred start: even a use before the coroutine's first
// suspension comes after the full-expression (erigontech/silkrpc's shape).
void scheduled(coroguard::event_loop &loop) {
  loop.create_task(log_name(std::string("b")));
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'log_name' uses it: the task is started by 'coroguard::event_loop::create_task' [coro-dangling-reference]
  // CHECK-NOTES: :[[@LINE-2]]:46: note: the temporary is destroyed at the end of this full-expression
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'coroguard::event_loop::create_task' schedules the task here: it runs after the call returns
  // CHECK-NOTES: greeter.cpp:23:11: note: 'log_name' ({{.*}}greeter.cpp:23) uses 'name' here
  // CHECK-NOTES: greeter.h:17:47: note: take 'name' by value ('std::string name'): the frame then keeps its own copy
  loop.run_until_complete(log_name(std::string("c")));
}

// Not reported: awaited where the object lives, a by-value parameter, a
// reference the coroutine never uses.
coroguard::task<> fine() {
  co_await greet(std::string("x"));
  co_await greet_later(std::string("y"));
  co_await session{"z"}.run();
  coroguard::task<> a = copy_greet(std::string("a"));
  coroguard::task<> b = count(std::string("b"));
  co_await std::move(a);
  co_await std::move(b);
}

// An assertion helper failing through a function of another file that never
// returns (its summary says so): after it the awaited result is complete, and
// the co_await does not suspend (concurrencpp's test helpers). Without the
// summaries, the helper may return with the result pending.
struct ready_result {
  bool is_ready() const;
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() noexcept;
};
inline void expect(bool c) {
  if (!c)
    expectation_failed("expect");
}
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
void use_name(const std::string &);
fire_and_forget await_expected(ready_result r, const std::string &name) {
  expect(r.is_ready());
  co_await r;
  use_name(name);
}
// CHECK-MESSAGES-NOSUM-NOT: warning:
void expected(ready_result r) {
  await_expected(r, std::string("e"));
  // CHECK-MESSAGES-NOSUM: :[[@LINE-1]]:21: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before coroutine 'await_expected' uses it: the task is discarded and the coroutine runs on by itself [coro-dangling-reference]
}

// CHECK-MESSAGES-NOSUM-NOT: warning:
