#include <coroguard/async_generator.hpp>
#include <coroguard/event_loop.hpp>
#include <coroguard/log.hpp>
#include <coroguard/task.hpp>

#include "internal.hpp"

namespace coroguard::detail {

void* current_pc() noexcept { return __builtin_return_address(0); }

// ---- frame recycling ----
#if defined(__SANITIZE_ADDRESS__)
#define COROGUARD_NO_FRAME_CACHE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COROGUARD_NO_FRAME_CACHE 1
#endif
#endif

namespace {
constexpr std::size_t k_granule = 64;
constexpr std::size_t k_classes = 16;  // frames up to 1 KiB are cached
constexpr unsigned k_max_cached = 256;
struct frame_cache {
  struct node {
    node* next;
  };
  node* heads[k_classes] = {};
  unsigned counts[k_classes] = {};
  ~frame_cache() {
    for (auto& h : heads)
      while (h) {
        node* n = h;
        h = n->next;
        ::operator delete(n);
      }
  }
};
thread_local frame_cache t_frames;
}  // namespace

void* allocate_frame(std::size_t size) {
#ifndef COROGUARD_NO_FRAME_CACHE
  std::size_t cls = (size + k_granule - 1) / k_granule;
  if (cls < k_classes) {
    frame_cache& fc = t_frames;
    if (frame_cache::node* n = fc.heads[cls]) {
      fc.heads[cls] = n->next;
      --fc.counts[cls];
      return n;
    }
    return ::operator new(cls * k_granule);
  }
#endif
  return ::operator new(size);
}

void deallocate_frame(void* p, std::size_t size) noexcept {
#ifndef COROGUARD_NO_FRAME_CACHE
  std::size_t cls = (size + k_granule - 1) / k_granule;
  if (cls < k_classes) {
    frame_cache& fc = t_frames;
    if (fc.counts[cls] < k_max_cached) {
      auto* n = static_cast<frame_cache::node*>(p);
      n->next = fc.heads[cls];
      fc.heads[cls] = n;
      ++fc.counts[cls];
      return;
    }
  }
#endif
  ::operator delete(p);
}

std::string task_base::name() const { return short_function_name(loc_.function_name()); }

std::string task_base::created_at() const { return call_site(loc_, ramp_pc_, return_address_); }

std::string task_base::defined_at() const {
  return std::string(loc_.file_name()) + ":" + std::to_string(loc_.line());
}

void task_base::report_never_awaited() noexcept {
  try {
    std::string msg = "coroutine '" + name() + "' was never awaited\n  created at " + created_at();
    get_logger().warning(msg);
  } catch (...) {
  }
}

bool task_base::cancel() noexcept {
  if (status_ == task_status::done) return false;
  cancel_requested_ = true;
  if (status_ == task_status::running && hook_fn_) {
    auto fn = hook_fn_;
    void* ctx = hook_ctx_;
    hook_fn_ = nullptr;
    hook_ctx_ = nullptr;
    fn(ctx);  // delivers (consumes cancel_requested_) or leaves it for the next await
  }
  return true;
}

std::coroutine_handle<> task_base::on_root_done() noexcept {
  status_ = task_status::done;
  if (exception_ && !cancelled_) {
    try {
      std::rethrow_exception(exception_);
    } catch (const cancelled_error&) {
      cancelled_ = true;
    } catch (...) {
    }
  }
  hook_fn_ = nullptr;
  hook_ctx_ = nullptr;
  task_waiter* w = waiters_;
  waiters_ = nullptr;
  while (w) {
    task_waiter* next = w->next;
    if (w->root) w->root->clear_cancel_hook(static_cast<done_awaiter*>(w));
    if (loop_) loop_->schedule_resume(w->handle, w->root);
    w = next;
  }
  if (loop_) loop_->task_done(*this);
  release();  // the loop's reference
  return std::noop_coroutine();
}

void task_base::last_release() noexcept {
  if (status_ == task_status::done && exception_ && !cancelled_ && !retrieved_) {
    try {
      exception_context ctx;
      ctx.message = "Task exception was never retrieved";
      ctx.exception = exception_;
      ctx.source = "task '" + name() + "' defined at " + defined_at();
      if (debug_for(loop_)) ctx.source += "\n  created at " + created_at();
      if (loop_ && !loop_->is_closed())
        loop_->call_exception_handler(ctx);
      else {
        std::string msg = ctx.message + "\n  " + ctx.source;
        try {
          std::rethrow_exception(exception_);
        } catch (const std::exception& e) {
          msg += "\n  exception: " + std::string(e.what());
        } catch (...) {
          msg += "\n  exception: <non-std exception>";
        }
        get_logger().error(msg);
      }
    } catch (...) {
    }
  }
  if (loop_) loop_->task_released(*this);
  self_.destroy();
}

// ---- async generators ----

asyncgen_base::~asyncgen_base() {
  if (registered_ && loop_) loop_->unregister_asyncgen(this);
}

std::string asyncgen_base::name() const { return short_function_name(loc_.function_name()); }

void asyncgen_base::first_iteration() {
  event_loop* loop = running_loop();
  if (loop) {
    loop_ = loop;
    loop->register_asyncgen(this);
    registered_ = true;
  } else {
    get_logger().warning("asynchronous generator '" + name() +
                         "' was first iterated outside a running event loop; it cannot be finalized "
                         "by a loop (iterate it from a task)");
  }
}

void asyncgen_base::report_unclosed(bool finalized_by_loop) const {
  if (!debug_for(loop_)) return;
  std::string msg = "asynchronous generator '" + name() + "' (defined at " + loc_.file_name() + ":" +
                    std::to_string(loc_.line()) + ") was destroyed while suspended at a co_yield; ";
  msg += finalized_by_loop ? "the event loop finalizes it in a task. "
                           : "no running loop can finalize it, so its async cleanup does not run. ";
  msg += "Close it explicitly with co_await gen.aclose() or coroguard::aclosing(gen, ...)";
  get_logger().warning(msg);
}

void asyncgen_base::report_finalize_error(const asyncgen_base& g, std::exception_ptr e) noexcept {
  try {
    std::string msg = "an error occurred during closing of asynchronous generator '" + g.name() + "'";
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      msg += ": " + std::string(ex.what());
    } catch (...) {
    }
    get_logger().error(msg);
  } catch (...) {
  }
}

}  // namespace coroguard::detail
