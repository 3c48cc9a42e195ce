// Mocks for coro-unobserved-task, on top of the shared library mocks: the
// eager handles those do not define (folly::Future, concurrencpp
// shared_result, asio::experimental::promise, boost::cobalt::promise,
// C++/WinRT IAsyncAction and fire_and_forget), libcoro's scheduler and a
// co_spawn that takes a callable.
#pragma once
#include "asio.h"
#include "concurrencpp.h"
#include "drogon.h"
#include "folly_coro.h"
#include "libcoro.h"
#include "qcoro.h"
#include "seastar.h"
#include <coroutine>
#include <exception>
#include <memory>
#include <utility>

namespace folly {
struct exception_wrapper {};
template <typename T> struct Try {};
template <typename T> class FOLLY_NODISCARD Future {
public:
  Future() = default;
  Future(Future &&) noexcept = default;
  template <typename F> Future<Unit> thenValue(F &&) && { return {}; }
  template <typename F> Future<T> thenError(F &&) && { return {}; }
  template <typename F> Future<Unit> thenTry(F &&) && { return {}; }
  T get() && { return T(); }
  bool isReady() const { return false; }
  friend futures::detail::FutureAwaiter<T> operator co_await(Future &&) {
    return {};
  }
};
template <typename T> Future<T> makeFuture(T) { return {}; }
} // namespace folly

namespace concurrencpp {
template <typename T> class shared_result {
public:
  shared_result() = default;
  shared_result(const shared_result &) = default;
  auto operator co_await() { return details::result_awaiter<T>{}; }
};
template <typename T> shared_result<T> share(result<T> &&) { return {}; }
} // namespace concurrencpp

namespace asio::experimental {
template <typename Signature, typename Executor = any_io_executor>
class promise {
public:
  promise() = default;
  promise(promise &&) noexcept = default;
  template <typename CompletionToken> auto operator()(CompletionToken &&) {}
  void cancel() {}
};
template <typename Op> promise<void(std::exception_ptr)> make_promise(Op) {
  return {};
}
} // namespace asio::experimental

namespace asio {
// co_spawn(executor, callable returning an awaitable, detached).
template <typename Executor, typename F>
  requires requires(F f) { f(); }
void co_spawn(const Executor &, F &&, detached_t) {}
} // namespace asio

namespace boost::cobalt {
template <typename T> class promise {
public:
  struct promise_type {
    promise get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
} // namespace boost::cobalt

namespace winrt {
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() const noexcept { return {}; }
    std::suspend_never initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }
  };
};
namespace Windows::Foundation {
struct IAsyncAction {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
  void get() const {}
};
} // namespace Windows::Foundation
} // namespace winrt

namespace coro {
class scheduler {
public:
  static auto make_unique() -> std::unique_ptr<scheduler> { return {}; }
  auto spawn_detached(task<void> &&) -> bool { return true; }
  auto spawn_joinable(task<void> &&) -> task<void> { return {}; }
};
} // namespace coro
