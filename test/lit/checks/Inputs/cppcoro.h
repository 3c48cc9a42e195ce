// Mock of cppcoro (lewissbaker/cppcoro), reduced to the shapes coroguard's
// checks look at: [[nodiscard]] lazy task/shared_task with a nested
// promise_type alias and a member operator co_await, generator with
// yield_value, sync_wait, when_all_ready returning an awaitable.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>
#include <vector>

namespace cppcoro {
template <typename T> class task;

namespace detail {
struct task_promise_base {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {}
};
template <typename T> class task_promise : public task_promise_base {
public:
  task<T> get_return_object() noexcept;
  void return_value(T) noexcept {}
};
template <> class task_promise<void> : public task_promise_base {
public:
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
};
template <typename T> struct task_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T(); }
};
template <> struct task_awaitable<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
} // namespace detail

template <typename T = void> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;
  task() noexcept = default;
  task(task &&) noexcept = default;
  task &operator=(task &&) noexcept = default;
  task(const task &) = delete;
  bool is_ready() const noexcept { return false; }
  auto operator co_await() const & noexcept { return detail::task_awaitable<T>{}; }
  auto operator co_await() const && noexcept { return detail::task_awaitable<T>{}; }
  auto when_ready() const noexcept { return detail::task_awaitable<void>{}; }
};

template <typename T>
task<T> detail::task_promise<T>::get_return_object() noexcept { return {}; }
inline task<void> detail::task_promise<void>::get_return_object() noexcept {
  return {};
}

template <typename T = void> class [[nodiscard]] shared_task;
namespace detail {
template <typename T> struct shared_task_promise {
  shared_task<T> get_return_object() noexcept;
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {}
  void return_value(T) noexcept {}
};
template <> struct shared_task_promise<void> {
  shared_task<void> get_return_object() noexcept;
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {}
  void return_void() noexcept {}
};
} // namespace detail

template <typename T> class [[nodiscard]] shared_task {
public:
  using promise_type = detail::shared_task_promise<T>;
  shared_task() noexcept = default;
  shared_task(const shared_task &) noexcept = default;
  auto operator co_await() const noexcept { return detail::task_awaitable<T>{}; }
};
template <typename T>
shared_task<T> detail::shared_task_promise<T>::get_return_object() noexcept {
  return {};
}
inline shared_task<void>
detail::shared_task_promise<void>::get_return_object() noexcept {
  return {};
}

template <typename T> shared_task<T> make_shared_task(task<T> t);

template <typename T> class [[nodiscard]] generator {
public:
  struct promise_type {
    generator get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_always final_suspend() const noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() {}
  };
  struct iterator {
    bool operator!=(const iterator &) const { return false; }
    iterator &operator++() { return *this; }
    T operator*() const { return T(); }
  };
  iterator begin() { return {}; }
  iterator end() { return {}; }
};

template <typename Awaitable> auto sync_wait(Awaitable &&awaitable) {
  (void)awaitable;
}

template <typename... Ts> struct [[nodiscard]] when_all_ready_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
template <typename... Awaitables>
[[nodiscard]] when_all_ready_awaitable<Awaitables...>
when_all_ready(Awaitables &&...awaitables) {
  return {};
}
template <typename T>
[[nodiscard]] when_all_ready_awaitable<std::vector<T>>
when_all_ready(std::vector<T> awaitables) {
  return {};
}
template <typename... Awaitables>
[[nodiscard]] auto when_all(Awaitables &&...awaitables) {
  return when_all_ready_awaitable<Awaitables...>{};
}

class static_thread_pool {
public:
  class schedule_operation {
  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  [[nodiscard]] schedule_operation schedule() noexcept { return {}; }
};
} // namespace cppcoro
