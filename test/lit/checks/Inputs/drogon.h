// Mock of drogon's coroutine support (drogon/utils/coroutine.h), reduced:
// Task<T> is [[nodiscard]] and lazy with a member operator co_await;
// AsyncTask is eager, fire-and-forget by design and NOT awaitable;
// async_run detaches a coroutine callable; sync_wait blocks.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace drogon {
template <typename T = void> struct [[nodiscard]] Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_always initial_suspend() { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() {}
  };
  struct awaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() {}
  };
  auto operator co_await() const noexcept { return awaiter{}; }
};

struct AsyncTask {
  struct promise_type {
    AsyncTask get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() {}
  };
};

template <typename Await> auto sync_wait(Await &&) {}

template <typename Coro> void async_run(Coro &&coro) {
  [](Coro c) -> AsyncTask {
    co_await c();
  }(std::forward<Coro>(coro));
}
} // namespace drogon
