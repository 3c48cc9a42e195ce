// RUN: %check_coroguard %s coro-never-awaited %t
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load
#include <coroutine>

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};

task fetch() { co_return; }

task caller() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fetch' is never awaited: the lazy 'task' it returns is discarded, so its body never runs [coro-never-awaited]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  co_await fetch();
}
