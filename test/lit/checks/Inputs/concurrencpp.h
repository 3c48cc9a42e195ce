// Mock of concurrencpp, reduced: result<T> (eager) and lazy_result<T> (lazy)
// have no nested promise_type; their promises come from full
// std::coroutine_traits partial specialisations, as in the real library.
// Both are awaitable through a member operator co_await. null_result is a
// fire-and-forget return type. (Promises are reduced to return_void: use
// result<void> / lazy_result<void>.)
#pragma once
#include <coroutine>
#include <exception>

namespace concurrencpp {
template <typename T> class result;
template <typename T> class lazy_result;
class null_result {};

namespace details {
template <typename T> struct result_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T(); }
};
template <> struct result_awaiter<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
template <typename T> struct coro_promise {
  result<T> get_return_object() noexcept;
  std::suspend_never initial_suspend() const noexcept { return {}; }
  std::suspend_never final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept {}
  void return_void() noexcept {}
};
template <typename T> struct lazy_promise {
  lazy_result<T> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  std::suspend_always final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept {}
  void return_void() noexcept {}
};
struct null_promise {
  null_result get_return_object() noexcept { return {}; }
  std::suspend_never initial_suspend() const noexcept { return {}; }
  std::suspend_never final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept {}
  void return_void() noexcept {}
};
} // namespace details

template <typename T> class result {
public:
  result() noexcept = default;
  result(result &&) noexcept = default;
  T get() { return T(); }
  void wait() {}
  auto operator co_await() { return details::result_awaiter<T>{}; }
};
template <typename T> class lazy_result {
public:
  lazy_result() noexcept = default;
  lazy_result(lazy_result &&) noexcept = default;
  result<T> run() { return {}; }
  auto operator co_await() { return details::result_awaiter<T>{}; }
};
template <typename T>
result<T> details::coro_promise<T>::get_return_object() noexcept {
  return {};
}
template <typename T>
lazy_result<T> details::lazy_promise<T>::get_return_object() noexcept {
  return {};
}
} // namespace concurrencpp

template <typename T, typename... Args>
struct std::coroutine_traits<::concurrencpp::result<T>, Args...> {
  using promise_type = concurrencpp::details::coro_promise<T>;
};
template <typename T, typename... Args>
struct std::coroutine_traits<::concurrencpp::lazy_result<T>, Args...> {
  using promise_type = concurrencpp::details::lazy_promise<T>;
};
template <typename... Args>
struct std::coroutine_traits<::concurrencpp::null_result, Args...> {
  using promise_type = concurrencpp::details::null_promise;
};
