// Mock of folly::coro (facebook/folly), reduced: [[nodiscard]] lazy Task with
// a nested promise_type but no operator co_await (folly promises await it
// through await_transform), TaskWithExecutor awaitable through a hidden
// friend operator co_await, scheduleOn/co_withExecutor, start() returning an
// eager folly::SemiFuture, semi(), blockingWait, collectAll.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

#define FOLLY_NODISCARD [[nodiscard]]

namespace folly {
struct Unit {};
class Executor {
public:
  template <typename E = Executor> struct KeepAlive {
    E *ptr = nullptr;
  };
};
template <typename T> class SemiFuture;
template <typename T> class Future;

namespace futures::detail {
template <typename T> struct FutureAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T(); }
};
} // namespace futures::detail

template <typename T> class FOLLY_NODISCARD SemiFuture {
public:
  SemiFuture() = default;
  SemiFuture(SemiFuture &&) noexcept = default;
  SemiFuture &&via(Executor::KeepAlive<>) && { return std::move(*this); }
  T get() && { return T(); }
  bool isReady() const { return false; }
  friend futures::detail::FutureAwaiter<T> operator co_await(SemiFuture &&) {
    return {};
  }
};

namespace coro {
template <typename T = void> class Task;
template <typename T = void> class TaskWithExecutor;

namespace detail {
template <typename T> struct TaskAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T(); }
};
template <> struct TaskAwaiter<void> {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
class TaskPromiseBase {
public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {}
  template <typename Awaitable> Awaitable &&await_transform(Awaitable &&a) {
    return static_cast<Awaitable &&>(a);
  }
  template <typename U> TaskAwaiter<U> await_transform(Task<U> &&) {
    return {};
  }
};
template <typename T> class TaskPromise : public TaskPromiseBase {
public:
  Task<T> get_return_object() noexcept;
  void return_value(T) {}
};
template <> class TaskPromise<void> : public TaskPromiseBase {
public:
  Task<void> get_return_object() noexcept;
  void return_void() {}
};
} // namespace detail

template <typename T> class FOLLY_NODISCARD TaskWithExecutor {
public:
  using promise_type = detail::TaskPromise<T>;
  TaskWithExecutor() = default;
  TaskWithExecutor(TaskWithExecutor &&) noexcept = default;
  Executor::KeepAlive<> executor() const noexcept { return {}; }
  FOLLY_NODISCARD SemiFuture<T> start() && { return {}; }
  template <typename F> void startInlineUnsafe(F &&) && {}
  friend detail::TaskAwaiter<T> operator co_await(TaskWithExecutor &&) noexcept {
    return {};
  }
};

template <typename T> class FOLLY_NODISCARD Task {
public:
  using promise_type = detail::TaskPromise<T>;
  using value_type = T;
  Task() = default;
  Task(Task &&) noexcept = default;
  Task(const Task &) = delete;
  FOLLY_NODISCARD TaskWithExecutor<T> scheduleOn(Executor::KeepAlive<>) && {
    return {};
  }
  SemiFuture<T> semi() && { return {}; }
  template <typename F> void start(F &&) && {}
};

template <typename T>
Task<T> detail::TaskPromise<T>::get_return_object() noexcept {
  return {};
}
inline Task<void> detail::TaskPromise<void>::get_return_object() noexcept {
  return {};
}

template <typename T>
FOLLY_NODISCARD TaskWithExecutor<T> co_withExecutor(Executor::KeepAlive<>,
                                                    Task<T> task) {
  return {};
}

template <typename Awaitable> auto blockingWait(Awaitable &&) {}

template <typename... Tasks> Task<void> collectAll(Tasks...);
} // namespace coro
} // namespace folly
