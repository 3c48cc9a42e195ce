// User-defined coroutine types that are in no preset: the checks must
// recognise them by structure alone.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace app {
// A lazy task awaitable only through a hidden-friend operator co_await.
template <typename T = void> class Job {
public:
  struct promise_type {
    Job get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  struct Awaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() {}
  };
  friend Awaiter operator co_await(Job &&) noexcept { return {}; }
  bool done() const noexcept { return false; }
  void cancel() {}
};

// An eager task that is awaitable: starts at the call.
class EagerJob {
public:
  struct promise_type {
    EagerJob get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};

// An eager fire-and-forget coroutine type: not awaitable at all.
struct FireAndForget {
  struct promise_type {
    FireAndForget get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// A synchronous generator: lazy, but consumed by iteration, never awaited.
template <typename T> class Seq {
public:
  struct promise_type {
    Seq get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// A lazy type whose promise comes from a std::coroutine_traits
// specialisation; awaitable through a free operator co_await.
class Deferred {
public:
  bool valid() const { return true; }
};
struct DeferredPromise {
  Deferred get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() {}
};
struct DeferredAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
inline DeferredAwaiter operator co_await(Deferred) noexcept { return {}; }

// A plain awaiter (no promise) returned by an ordinary function.
struct SleepAwaiter {
  int ms;
  bool await_ready() const noexcept { return ms <= 0; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
inline SleepAwaiter sleep_for(int ms) { return {ms}; }

// Not a coroutine type and not awaitable: merely named like one.
class Task {
public:
  explicit Task(int id) : id(id) {}
  int id;
};
inline Task makeTask(int id) { return Task(id); }
struct Future {
  int get() const { return 0; }
};
inline Future launch() { return {}; }
} // namespace app

template <typename... Args>
struct std::coroutine_traits<app::Deferred, Args...> {
  using promise_type = app::DeferredPromise;
};
