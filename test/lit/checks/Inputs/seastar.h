// Mock of seastar::future (eager, [[nodiscard]]): no nested promise_type, a
// std::coroutine_traits specialisation supplies one whose initial_suspend
// never suspends; awaitable through a free operator co_await in namespace
// seastar (seastar/core/coroutine.hh).
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace seastar {
template <typename T = void> class [[nodiscard]] future {
public:
  future() = default;
  future(future &&) noexcept = default;
  template <typename F> future<> then(F &&) { return {}; }
  template <typename F> future handle_exception(F &&) { return {}; }
  bool available() const noexcept { return true; }
  // Waiting for the value: only in a seastar::thread.
  T get() { return T(); }
  T get0() { return T(); }
  void wait() noexcept {}
};
template <typename T = void> future<T> make_ready_future() { return {}; }

namespace internal {
template <typename T> struct coroutine_traits_base {
  struct promise_type {
    future<T> get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};
template <typename T> struct awaiter {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
} // namespace internal

template <typename T> internal::awaiter<T> operator co_await(future<T> f) noexcept {
  return {};
}
} // namespace seastar

template <typename T, typename... Args>
struct std::coroutine_traits<seastar::future<T>, Args...>
    : public seastar::internal::coroutine_traits_base<T> {};
