// coroguard/task_handle.hpp — task_handle<T>: a task scheduled on an event loop
// (what event_loop::create_task returns; asyncio's Task).
//
//   auto h = loop.create_task(fetch());   // already scheduled
//   ...
//   auto v = co_await h;                  // T, or rethrows; awaitable many times
//
// Copyable and movable (reference counted), so handles can live in containers and members.
// Loop-thread only. A task whose exception is never retrieved (co_await, result(),
// exception()) logs "Task exception was never retrieved" when its last handle goes away.
#pragma once
#include <exception>
#include <utility>

#include "detail/task_base.hpp"
#include "errors.hpp"
#include "task.hpp"

namespace coroguard {

namespace detail {

void schedule_resume(event_loop& loop, std::coroutine_handle<> h, task_base* root);

/// Awaits completion of a scheduled task without retrieving its result. Cancellable: if the
/// awaiting task is cancelled, stops waiting and throws cancelled_error.
struct done_awaiter : task_waiter {
  task_base* target;
  bool cancelled = false;
  explicit done_awaiter(task_base* t) noexcept : target(t) {}
  bool await_ready() noexcept {
    if (target->done()) return true;
    root = t_current_task;
    if (root && root->take_cancel_request()) return cancelled = true;
    return false;
  }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    handle = h;
    target->add_waiter(this);
    if (root) root->set_cancel_hook(&on_cancel, this);
  }
  void await_resume() {
    if (root) root->clear_cancel_hook(this);
    if (cancelled) throw cancelled_error();
  }
  static void on_cancel(void* self) noexcept {
    auto* a = static_cast<done_awaiter*>(self);
    a->target->remove_waiter(a);
    a->root->take_cancel_request();
    a->cancelled = true;
    schedule_resume(*a->target->loop_, a->handle, a->root);
  }
};

}  // namespace detail

template <class T = void>
class task_handle {
 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task_handle() noexcept = default;
  /// Adopts one reference (used by event_loop::create_task).
  explicit task_handle(promise_type* p) noexcept : p_(p) {}
  task_handle(const task_handle& o) noexcept : p_(o.p_) {
    if (p_) p_->add_ref();
  }
  task_handle(task_handle&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  task_handle& operator=(task_handle o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  // Idempotent on purpose: g++-12 may destroy a co_await temporary twice when await_resume
  // throws (see docs/runtime.md, "Known issues").
  ~task_handle() {
    if (promise_type* p = std::exchange(p_, nullptr)) p->release();
  }

  bool valid() const noexcept { return p_ != nullptr; }
  explicit operator bool() const noexcept { return valid(); }
  /// True when the task finished (returned, threw or was cancelled).
  bool done() const noexcept { return p_->done(); }
  /// True when the task finished by cancellation.
  bool cancelled() const noexcept { return p_->cancelled(); }
  /// Requests cancellation: cancelled_error is thrown into the task at its current (or next)
  /// co_await. Returns false when the task is already done.
  bool cancel() noexcept { return p_->cancel(); }
  /// The result; rethrows the task's exception; throws cancelled_error if cancelled and
  /// invalid_state_error if not done.
  decltype(auto) result() {
    check_done();
    return p_->shared_result();
  }
  /// The task's exception (nullptr if it returned normally); marks it retrieved.
  std::exception_ptr exception() {
    check_done();
    p_->retrieved_ = true;
    return p_->exception_;
  }
  std::string name() const { return p_->name(); }
  std::uint64_t id() const noexcept { return p_->id(); }
  event_loop& get_loop() const noexcept { return *p_->loop_; }
  detail::task_base* base() const noexcept { return p_; }

  struct awaiter : detail::done_awaiter {
    promise_type* p;
    explicit awaiter(promise_type* pp) noexcept : done_awaiter(pp), p(pp) {}
    decltype(auto) await_resume() {
      done_awaiter::await_resume();
      if (p->cancelled_) throw cancelled_error();
      return p->shared_result();
    }
  };
  /// Waits for the task; gives its result or rethrows its exception (marks it retrieved).
  awaiter operator co_await() const noexcept { return awaiter{p_}; }
  /// Waits for the task without retrieving its result or exception.
  detail::done_awaiter wait() const noexcept { return detail::done_awaiter{p_}; }

 private:
  void check_done() const {
    if (!p_->done()) throw invalid_state_error("Result is not set.");
    if (p_->cancelled_) throw cancelled_error();
  }
  promise_type* p_ = nullptr;
};

}  // namespace coroguard
