// coroguard/executor.hpp — executors for blocking work, and run_in_executor's awaitable.
//
//   auto n = co_await loop.run_in_executor(nullptr, [] { return blocking_read(); });
//
// The job starts immediately on the executor (nullptr = the loop's default thread pool);
// awaiting the returned executor_future gives f's result or rethrows its exception.
#pragma once
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "event_loop.hpp"

namespace coroguard {

/// Runs jobs on other threads. Implementations must be thread-safe.
class executor {
 public:
  virtual ~executor() = default;
  virtual void submit(std::function<void()> job) = 0;
  /// Stops accepting jobs; with wait, runs the queued ones and joins the threads.
  virtual void shutdown(bool wait = true) = 0;
};

/// A fixed-size thread pool (threads start lazily on the first submit).
class thread_pool_executor final : public executor {
 public:
  /// 0 = min(4, hardware_concurrency).
  explicit thread_pool_executor(unsigned threads = 0);
  ~thread_pool_executor() override;
  void submit(std::function<void()> job) override;
  void shutdown(bool wait = true) override;
  unsigned size() const noexcept { return size_; }

 private:
  void worker();
  unsigned size_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

namespace detail {
template <class R>
struct executor_state {
  std::mutex mutex;
  bool done = false;
  std::optional<std::conditional_t<std::is_void_v<R>, char, R>> value;
  std::exception_ptr error;
  std::coroutine_handle<> waiter;
  task_base* root = nullptr;
  event_loop* loop = nullptr;

  template <class F>
  void run(F& f) noexcept {
    try {
      if constexpr (std::is_void_v<R>) {
        f();
        value.emplace('\0');
      } else {
        value.emplace(f());
      }
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex);
    done = true;
    if (waiter) {
      // Post while holding the lock: an awaiter being destroyed (loop close) waits for us,
      // so the loop cannot disappear under this call.
      try {
        loop->call_soon_threadsafe([l = loop, h = waiter, r = root] { l->schedule_resume(h, r); });
        waiter = {};
      } catch (...) {  // loop closed: nobody to resume
      }
    }
  }
};
}  // namespace detail

/// The awaitable returned by event_loop::run_in_executor. Awaitable once; cancellable
/// (a cancelled awaiter stops waiting; the job itself still runs to completion).
template <class R>
class [[nodiscard]] executor_future {
 public:
  explicit executor_future(std::shared_ptr<detail::executor_state<R>> s) noexcept : s_(std::move(s)) {}
  executor_future(executor_future&&) noexcept = default;
  executor_future& operator=(executor_future&&) noexcept = default;
  ~executor_future() {  // idempotent (see task_handle)
    detach();
    s_.reset();
  }

  bool await_ready() noexcept {
    root_ = detail::t_current_task;
    if (root_ && root_->take_cancel_request()) return cancelled_ = true;
    return false;
  }
  bool await_suspend(std::coroutine_handle<> h) {
    std::lock_guard lock(s_->mutex);
    if (s_->done) return false;
    s_->loop = &get_running_loop();
    s_->waiter = h;
    s_->root = root_;
    handle_ = h;
    if (root_) root_->set_cancel_hook(&on_cancel, this);
    return true;
  }
  R await_resume() {
    if (root_) root_->clear_cancel_hook(this);
    if (cancelled_) throw cancelled_error();
    if (s_->error) std::rethrow_exception(s_->error);
    if constexpr (!std::is_void_v<R>) return std::move(*s_->value);
  }

 private:
  static void on_cancel(void* self) noexcept {
    auto* f = static_cast<executor_future*>(self);
    {
      std::lock_guard lock(f->s_->mutex);
      if (!f->s_->waiter) return;  // completion already posted
      f->s_->waiter = {};
    }
    f->root_->take_cancel_request();
    f->cancelled_ = true;
    f->s_->loop->schedule_resume(f->handle_, f->root_);
  }
  void detach() noexcept {
    if (!s_) return;
    std::lock_guard lock(s_->mutex);
    if (s_->waiter == handle_) s_->waiter = {};
  }
  std::shared_ptr<detail::executor_state<R>> s_;
  detail::task_base* root_ = nullptr;
  std::coroutine_handle<> handle_;
  bool cancelled_ = false;
};

template <class F>
executor_future<std::invoke_result_t<std::decay_t<F>&>> event_loop::run_in_executor(executor* ex, F&& f, std::source_location where) {
  using R = std::invoke_result_t<std::decay_t<F>&>;
  check_call("run_in_executor", where);
  if (!ex) ex = &default_executor();
  auto state = std::make_shared<detail::executor_state<R>>();
  state->loop = this;
  ex->submit([state, fn = std::make_shared<std::decay_t<F>>(std::forward<F>(f))] { state->run(*fn); });
  return executor_future<R>(std::move(state));
}

}  // namespace coroguard
