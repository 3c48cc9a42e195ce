// Mock of libcoro (jbaldwin/libcoro), reduced: [[nodiscard]] lazy coro::task
// whose promise's initial_suspend has a deduced return type, member
// operator co_await (& and &&), sync_wait, when_all (an awaitable),
// thread_pool::schedule returning a plain awaiter, the pool's task entry
// points (schedule(task), spawn_*, resume(handle)), a generator.
#pragma once
#include <coroutine>
#include <exception>
#include <memory>
#include <utility>
#include <vector>

namespace coro {
template <typename return_type = void> class task;

namespace detail {
struct promise_base {
  auto initial_suspend() noexcept { return std::suspend_always{}; }
  auto final_suspend() noexcept { return std::suspend_always{}; }
  void unhandled_exception() {}
};
template <typename return_type> struct promise final : public promise_base {
  auto get_return_object() noexcept -> task<return_type>;
  void return_value(return_type) {}
};
template <> struct promise<void> : public promise_base {
  auto get_return_object() noexcept -> task<void>;
  void return_void() noexcept {}
};
template <typename T> struct awaitable_base {
  bool await_ready() const noexcept { return false; }
  auto await_suspend(std::coroutine_handle<> h) noexcept { return h; }
  T await_resume() { return T(); }
};
template <> struct awaitable_base<void> {
  bool await_ready() const noexcept { return false; }
  auto await_suspend(std::coroutine_handle<> h) noexcept { return h; }
  void await_resume() {}
};
template <typename... Ts> class when_all_ready_awaitable {
public:
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
} // namespace detail

template <typename return_type> class [[nodiscard]] task {
public:
  using promise_type = detail::promise<return_type>;
  task() noexcept = default;
  task(task &&) noexcept = default;
  auto is_ready() const noexcept -> bool { return false; }
  auto resume() -> bool { return false; }
  auto handle() -> std::coroutine_handle<promise_type> { return {}; }
  auto operator co_await() const & noexcept {
    return detail::awaitable_base<return_type>{};
  }
  auto operator co_await() const && noexcept {
    return detail::awaitable_base<return_type>{};
  }
};

template <typename return_type>
auto detail::promise<return_type>::get_return_object() noexcept
    -> task<return_type> {
  return {};
}
inline auto detail::promise<void>::get_return_object() noexcept -> task<void> {
  return {};
}

template <typename awaitable_type>
auto sync_wait(awaitable_type &&a) -> decltype(auto) {}

template <typename... awaitables_type>
[[nodiscard]] auto when_all(awaitables_type... awaitables) {
  return detail::when_all_ready_awaitable<awaitables_type...>{};
}
template <typename T>
[[nodiscard]] auto when_all(std::vector<task<T>> awaitables) {
  return detail::when_all_ready_awaitable<task<T>>{};
}

class thread_pool {
public:
  class operation {
  public:
    auto await_ready() noexcept -> bool { return false; }
    auto await_suspend(std::coroutine_handle<>) noexcept -> void {}
    auto await_resume() noexcept -> void {}
  };
  [[nodiscard]] auto schedule() -> operation { return {}; }
  [[nodiscard]] auto yield() -> operation { return {}; }
  auto spawn(task<void> &&) noexcept -> bool { return true; }
  auto spawn_detached(task<void> &&) noexcept -> bool { return true; }
  auto spawn_joinable(task<void> &&) noexcept -> task<void>;
  template <typename T> [[nodiscard]] auto schedule(task<T> t) -> task<T>;
  auto resume(std::coroutine_handle<> h) noexcept -> bool { return true; }
  // Blocks until the queued tasks have run and the threads have joined.
  auto shutdown() noexcept -> void {}
};

template <typename T> class generator {
public:
  struct promise_type {
    generator get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() const { return {}; }
    std::suspend_always final_suspend() const noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};
} // namespace coro
