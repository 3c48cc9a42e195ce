// coro-dangling-reference, C++23: a coroutine lambda that takes its closure
// by value through an explicit object parameter (`this auto self`) owns a
// copy of its captures in the frame: a temporary closure is then safe. By
// reference (`this const auto &self`), the captures are the temporary's again.
// RUN: %check_coroguard %s coro-dangling-reference %t -- -- -std=c++23 -I %src_root/runtime/include
#include "coroguard/event_loop.hpp"

using coroguard::task;

task<> tick() { co_return; }

task<> by_value_self(int x) {
  return [x](this auto self) -> task<> {
    co_await tick();
    (void)self;
    (void)x;
  }();
}

task<> by_reference_self(int x) {
  return [x](this const auto &self) -> task<> {
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the captures of this coroutine lambda are destroyed with its temporary closure at the end of the full-expression, before the coroutine uses them: the task is returned [coro-dangling-reference]
    co_await tick();
    (void)self;
    (void)x;
  }();
}
