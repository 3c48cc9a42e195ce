// coroguard/task.hpp — task<T>: the lazy coroutine type.
//
//   coroguard::task<int> answer() { co_return 42; }
//   int v = co_await answer();          // inside another task
//   auto h = loop.create_task(answer()); // or schedule it on a loop
//
// A task is lazy (its body starts only when awaited or scheduled), move-only, [[nodiscard]]
// and awaitable once. A task destroyed without ever being awaited or scheduled logs
// "coroutine '<name>' was never awaited" with "created at <file>:<line>".
#pragma once
#include <coroutine>
#include <exception>
#include <optional>
#include <source_location>
#include <type_traits>
#include <utility>

#include "detail/task_base.hpp"
#include "errors.hpp"

namespace coroguard {

template <class T = void>
class task;

namespace detail {

struct task_final_awaiter {
  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
    task_base& p = h.promise();
    if (p.root_) return p.on_root_done();
    p.status_ = task_status::done;
    return p.continuation_ ? p.continuation_ : std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

template <class T>
class task_promise : public task_base {
 public:
  COROGUARD_ALWAYS_INLINE task_promise(std::source_location loc = std::source_location::current()) noexcept
      : task_base(loc) {}
  task<T> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  task_final_awaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }
  template <class U = T>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.emplace(std::forward<U>(v));
  }
  T take_result() {
    if (exception_) std::rethrow_exception(exception_);
    return std::move(*value_);
  }
  /// Result for task_handle: copies when T is copyable (a handle may be awaited many times).
  decltype(auto) shared_result() {
    if (exception_) {
      retrieved_ = true;
      std::rethrow_exception(exception_);
    }
    if constexpr (std::is_copy_constructible_v<T>)
      return T(*value_);
    else
      return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class task_promise<void> : public task_base {
 public:
  COROGUARD_ALWAYS_INLINE task_promise(std::source_location loc = std::source_location::current()) noexcept
      : task_base(loc) {}
  task<void> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }
  task_final_awaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }
  void return_void() const noexcept {}
  void take_result() {
    if (exception_) std::rethrow_exception(exception_);
  }
  void shared_result() {
    if (exception_) {
      retrieved_ = true;
      std::rethrow_exception(exception_);
    }
  }
};

}  // namespace detail

template <class T>
class [[nodiscard]] task {
  static_assert(!std::is_reference_v<T>, "coroguard::task<T&> is not supported; use a pointer");

 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;
  using handle_type = std::coroutine_handle<promise_type>;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : h_(h) {}
  task(task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  task& operator=(task&& o) noexcept {
    if (this != &o) {
      destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  /// True when this object owns a coroutine (not moved from, not yet scheduled).
  bool valid() const noexcept { return static_cast<bool>(h_); }
  explicit operator bool() const noexcept { return valid(); }

  struct awaiter {
    handle_type h;
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
      auto& p = h.promise();
      p.continuation_ = caller;
      p.status_ = detail::task_status::running;
      return h;
    }
    T await_resume() { return h.promise().take_result(); }
  };

  /// Starts the task and resumes the awaiting coroutine with its result (or exception).
  awaiter operator co_await() && { return awaiter{checked()}; }
  awaiter operator co_await() & { return awaiter{checked()}; }

  /// Gives up ownership of the coroutine (used by event_loop::create_task).
  handle_type release() noexcept { return std::exchange(h_, {}); }
  /// Destroys the coroutine without the "never awaited" report (for code that hands a task
  /// over and knows the hand-over failed, e.g. to a closed loop).
  void discard() noexcept {
    if (h_) std::exchange(h_, {}).destroy();
  }
  /// The coroutine's function name.
  std::string name() const { return h_ ? h_.promise().name() : std::string(); }

 private:
  handle_type checked() const {
    if (!h_) throw invalid_state_error("awaiting an empty coroguard::task");
    if (h_.promise().status_ != detail::task_status::created)
      throw invalid_state_error("coroguard::task awaited twice");
    return h_;
  }
  void destroy() noexcept {
    if (h_) {
      if (h_.promise().status_ == detail::task_status::created) h_.promise().report_never_awaited();
      h_.destroy();
      h_ = {};
    }
  }
  handle_type h_;
};

namespace detail {
template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>(std::coroutine_handle<task_promise<T>>::from_promise(*this));
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>(std::coroutine_handle<task_promise<void>>::from_promise(*this));
}
}  // namespace detail

}  // namespace coroguard
