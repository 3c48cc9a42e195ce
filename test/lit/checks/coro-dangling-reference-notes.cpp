// coro-dangling-reference: the notes — where the object dies, where the
// task goes, where the coroutine uses it, and the fix when it is mechanical.
// RUN: %check_coroguard %s coro-dangling-reference %t -- -- -std=c++20 -I %src_root/runtime/include
#include "coroguard/event_loop.hpp"
#include <string>
#include <string_view>
#include <utility>

using coroguard::task;

task<> tick() { co_return; }
void consume(std::string_view) {}

task<> greet(const std::string &name) {
  co_await tick();
  consume(name);
}

task<> returned() {
  return greet(std::string("x"));
}
// CHECK-NOTES: :[[@LINE-2]]:16: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is returned [coro-dangling-reference]
// CHECK-NOTES: :[[@LINE-3]]:32: note: the temporary is destroyed at the end of this full-expression
// CHECK-NOTES: :[[@LINE-4]]:3: note: the task is returned here
// CHECK-NOTES: :16:11: note: 'greet' uses 'name' here
// CHECK-NOTES: :14:33: note: take 'name' by value ('std::string name'): the frame then keeps its own copy

task<> later() {
  task<> t;
  {
    std::string s = "x";
    t = greet(s);
  }
  co_await std::move(t);
}
// CHECK-NOTES: :[[@LINE-4]]:15: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is kept in 't' and used after that [coro-dangling-reference]
// CHECK-NOTES: :[[@LINE-4]]:3: note: 's' is destroyed here
// CHECK-NOTES: :[[@LINE-4]]:22: note: the task in 't' is used here
// CHECK-NOTES: :16:11: note: 'greet' uses 'name' here
// CHECK-NOTES: :14:33: note: take 'name' by value ('std::string name'): the frame then keeps its own copy

void started(coroguard::event_loop &loop, int x) {
  loop.create_task([x]() -> task<> {
    co_await tick();
    (void)x;
  }());
}
// CHECK-NOTES: :[[@LINE-5]]:20: warning: the captures of this coroutine lambda are destroyed with its temporary closure at the end of the full-expression, before the coroutine uses them: the task is started by 'coroguard::event_loop::create_task' [coro-dangling-reference]
// CHECK-NOTES: :[[@LINE-3]]:6: note: the temporary is destroyed at the end of this full-expression
// CHECK-NOTES: :[[@LINE-7]]:8: note: 'coroguard::event_loop::create_task' schedules the task here: it runs after the call returns
// CHECK-NOTES: :[[@LINE-6]]:11: note: the coroutine uses a capture here{{$}}
// CHECK-NOTES: :[[@LINE-9]]:20: note: keep the lambda alive until the task completes, or pass what it captures as parameters taken by value

// Through a function that returns the coroutine's task: where it passes the
// reference on, and the fix at the coroutine's parameter.
task<> greet_later(const std::string &who) { return greet(who); }
task<> through_wrapper() {
  return greet_later(std::string("x"));
}
// CHECK-NOTES: :[[@LINE-2]]:22: warning: the temporary bound to parameter 'who' is destroyed at the end of the full-expression, before lazy coroutine 'greet' (called by 'greet_later', which returns its task) uses it: the task is returned [coro-dangling-reference]
// CHECK-NOTES: :[[@LINE-3]]:38: note: the temporary is destroyed at the end of this full-expression
// CHECK-NOTES: :[[@LINE-4]]:3: note: the task is returned here
// CHECK-NOTES: :[[@LINE-7]]:59: note: 'greet_later' passes it on to 'greet' here
// CHECK-NOTES: :16:11: note: 'greet' uses 'name' here
// CHECK-NOTES: :14:33: note: take 'name' by value ('std::string name'): the frame then keeps its own copy
