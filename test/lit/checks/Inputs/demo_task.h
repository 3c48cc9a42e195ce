// A small lazy task in no preset (recognised by structure only): nested
// promise_type, initial_suspend suspends, member operator co_await. Plus an
// eager awaitable task and a generator, for the negative cases.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace demo {
template <typename T = void> class task;

template <typename T> struct task_promise_base {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
};

template <typename T> class task {
public:
  struct promise_type : task_promise_base<T> {
    task get_return_object() { return {}; }
    void return_value(T) {}
  };
  struct awaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    T await_resume() { return T(); }
  };
  task() = default;
  task(task &&) noexcept = default;
  task &operator=(task &&) noexcept = default;
  ~task() {}
  awaiter operator co_await() && noexcept { return {}; }
  awaiter operator co_await() & noexcept { return {}; }
  bool done() const noexcept { return false; }
  void resume() {}
};

template <> class task<void> {
public:
  struct promise_type : task_promise_base<void> {
    task get_return_object() { return {}; }
    void return_void() {}
  };
  struct awaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() {}
  };
  task() = default;
  task(task &&) noexcept = default;
  task &operator=(task &&) noexcept = default;
  ~task() {}
  awaiter operator co_await() && noexcept { return {}; }
  awaiter operator co_await() & noexcept { return {}; }
  bool done() const noexcept { return false; }
  void resume() {}
};

// Combinators that consume tasks.
template <typename... Ts> task<> when_all(Ts &&...);
template <typename T> void sync_wait(T &&) {}
template <typename T> void spawn_detached(T &&) {}
} // namespace demo
