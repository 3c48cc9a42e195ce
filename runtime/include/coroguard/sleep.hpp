// coroguard/sleep.hpp — sleep(duration): suspends the current task (asyncio.sleep).
//
//   co_await coroguard::sleep(std::chrono::milliseconds(10));
//   co_await coroguard::sleep(0s);   // yield to the loop once
//
// Cancellable: a cancelled task wakes up at once with cancelled_error.
#pragma once
#include <chrono>
#include <coroutine>

#include "event_loop.hpp"

namespace coroguard {

class [[nodiscard]] sleep_awaiter {
 public:
  explicit sleep_awaiter(event_loop::duration d) noexcept : d_(d) {}
  sleep_awaiter(const sleep_awaiter&) = delete;
  sleep_awaiter& operator=(const sleep_awaiter&) = delete;
  ~sleep_awaiter() { release(); }

  bool await_ready() noexcept {
    root_ = detail::t_current_task;
    if (root_ && root_->take_cancel_request()) return cancelled_ = true;
    return false;
  }
  void await_suspend(std::coroutine_handle<> h) {
    loop_ = &get_running_loop();
    h_ = h;
    if (d_ <= event_loop::duration::zero()) {
      loop_->schedule_resume(h, root_);  // plain yield: not cancellable
      return;
    }
    node_ = loop_->add_timer(loop_->time() + d_, event_loop::resume_callback(h, root_));
    ++node_->refs;
    if (root_) root_->set_cancel_hook(&on_cancel, this);
  }
  void await_resume() {
    if (root_) root_->clear_cancel_hook(this);
    release();
    if (cancelled_) throw cancelled_error();
  }

 private:
  static void on_cancel(void* self) noexcept {
    auto* s = static_cast<sleep_awaiter*>(self);
    if (!s->node_ || s->node_->fired) return;  // already waking up: the request stays pending
    s->root_->take_cancel_request();
    timer_handle(std::exchange(s->node_, nullptr)).cancel();
    s->cancelled_ = true;
    s->loop_->schedule_resume(s->h_, s->root_);
  }
  void release() noexcept {
    if (node_) timer_handle{std::exchange(node_, nullptr)};
  }
  event_loop::duration d_;
  event_loop* loop_ = nullptr;
  detail::task_base* root_ = nullptr;
  detail::timer_node* node_ = nullptr;
  std::coroutine_handle<> h_;
  bool cancelled_ = false;
};

/// Suspends the current task for `d` (0 or negative: yields once).
template <class Rep, class Period>
sleep_awaiter sleep(std::chrono::duration<Rep, Period> d) noexcept {
  return sleep_awaiter(std::chrono::duration_cast<event_loop::duration>(d));
}

}  // namespace coroguard
