// coro-blocking-call: what an eager coroutine blocks before it first
// suspends (issue 15, item 2). A coroutine whose promise does not suspend
// initially runs its body inline on the thread that calls it, until its
// first `co_await`/`co_yield`. A blocking call that some path from the start
// reaches before any suspension blocks that caller: the message says so when
// the translation unit declares no event loop the caller could be running
// on; after a suspension it blocks the thread that resumes the coroutine.
// With a loop declared (-DWITH_LOOP: a class the Executors table lists as a
// loop) the message is the loop's, as before; so it is for lazy coroutines.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=LOOP %s coro-blocking-call %t.loop -- -- -std=c++20 -I %S/Inputs -DWITH_LOOP
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <chrono>
#include <coroutine>
#include <exception>
#include <thread>

using namespace std::chrono_literals;

#ifdef WITH_LOOP
namespace asio {
class io_context {
public:
  void run();
};
} // namespace asio
#endif

// An eager task of this file: the body starts at the call.
struct started {
  struct promise_type {
    started get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// An eager generator-like type: co_yield suspends.
struct eager_stream {
  struct promise_type {
    eager_stream get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

struct gate {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};

int slow_value() {
  std::this_thread::sleep_for(10ms);
  return 1;
}
struct sink {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() noexcept { return 0; }
};
sink deliver(int);

// Before the first suspension: on the caller.
started warm_up() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'warm_up' blocks the thread that called it, before its first suspension; use an awaitable timer
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'warm_up' stalls the event loop thread; use an awaitable timer
  co_await gate{};
}

// After it on every path: on the thread that resumes it (a loop's only where one is declared).
started cool_down() {
  co_await gate{};
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'cool_down' blocks the thread that resumes it
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'cool_down' stalls the event loop thread
}

// No suspension at all: the whole body runs on the caller.
started all_inline(bool twice) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} in coroutine 'all_inline' blocks the thread that called it, before its first suspension
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:3: warning: {{.*}} in coroutine 'all_inline' stalls the event loop thread
  if (twice)
    std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} in coroutine 'all_inline' blocks the thread that called it, before its first suspension
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:5: warning: {{.*}} in coroutine 'all_inline' stalls the event loop thread
  co_return;
}

// A path that skips the suspension reaches the call inline.
started maybe_wait(bool first) {
  if (first)
    co_await gate{};
  std::this_thread::sleep_for(2ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} in coroutine 'maybe_wait' blocks the thread that called it, before its first suspension
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:3: warning: {{.*}} in coroutine 'maybe_wait' stalls the event loop thread
}

// The operand of a co_await is evaluated before the coroutine suspends; the
// statement after it is not reached inline.
started operand_first() {
  int v = co_await deliver(slow_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: call to 'slow_value' in coroutine 'operand_first' blocks the thread that called it, before its first suspension: it blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:28: warning: call to 'slow_value' in coroutine 'operand_first' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for'
  (void)v;
  (void)slow_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: call to 'slow_value' in coroutine 'operand_first' blocks the thread that resumes it: it blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:9: warning: call to 'slow_value' in coroutine 'operand_first' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for'
}

// A loop: the first iteration runs inline, before the co_yield.
eager_stream ticks() {
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} in coroutine 'ticks' blocks the thread that called it, before its first suspension
    // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:5: warning: {{.*}} in coroutine 'ticks' stalls the event loop thread
    co_yield i;
  }
}

// A co_yield is a suspension like a co_await.
eager_stream after_yield() {
  co_yield 0;
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} in coroutine 'after_yield' blocks the thread that resumes it
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:3: warning: {{.*}} in coroutine 'after_yield' stalls the event loop thread
}

// A lazy coroutine starts when it is resumed, not on its caller: unchanged.
demo::task<> lazy_start() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: {{.*}} in coroutine 'lazy_start' stalls the event loop thread
  // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:3: warning: {{.*}} in coroutine 'lazy_start' stalls the event loop thread
  co_return;
}

// A coroutine lambda: eager too.
void run_lambda() {
  auto job = []() -> started {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: {{.*}} in coroutine lambda blocks the thread that called it, before its first suspension
    // CHECK-MESSAGES-LOOP: :[[@LINE-2]]:5: warning: {{.*}} in coroutine lambda stalls the event loop thread
    co_await gate{};
  };
  job();
}
