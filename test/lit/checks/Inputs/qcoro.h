// Mock of QCoro, reduced: QCoro::Task is EAGER (initial_suspend returns
// suspend_never) and not [[nodiscard]]; QCoro::LazyTask is lazy. Both have a
// nested promise_type and a member operator co_await (via a common base).
#pragma once
#include <coroutine>
#include <exception>

namespace QCoro {
template <typename T = void> class Task;
template <typename T = void> class LazyTask;

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
template <typename T, template <typename> class TaskImpl, typename Promise>
class TaskBase {
public:
  auto operator co_await() const noexcept { return TaskAwaiter<T>{}; }
  bool isReady() const { return false; }
};
struct TaskPromiseBase {
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  void return_void() noexcept {}
};
} // namespace detail

template <typename T> class TaskPromise : public detail::TaskPromiseBase {
public:
  Task<T> get_return_object() noexcept;
  std::suspend_never initial_suspend() const noexcept { return {}; }
};
template <typename T> class LazyTaskPromise : public detail::TaskPromiseBase {
public:
  LazyTask<T> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }
};

template <typename T>
class Task : public detail::TaskBase<T, Task, TaskPromise<T>> {
public:
  using promise_type = TaskPromise<T>;
};
template <typename T>
class LazyTask : public detail::TaskBase<T, LazyTask, LazyTaskPromise<T>> {
public:
  using promise_type = LazyTaskPromise<T>;
};
template <typename T> Task<T> TaskPromise<T>::get_return_object() noexcept {
  return {};
}
template <typename T>
LazyTask<T> LazyTaskPromise<T>::get_return_object() noexcept {
  return {};
}

template <typename Awaitable> auto waitFor(Awaitable &&) {}
} // namespace QCoro
