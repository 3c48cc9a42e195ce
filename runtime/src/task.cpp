#include <coroguard/async_generator.hpp>
#include <coroguard/event_loop.hpp>
#include <coroguard/log.hpp>
#include <coroguard/task.hpp>

#include "internal.hpp"
#include "reporter.hpp"

namespace coroguard::detail {

void* current_pc() noexcept { return __builtin_return_address(0); }

// ---- frame recycling ----
namespace {
struct frame_cache_cleanup {
  ~frame_cache_cleanup() {
    frame_cache& fc = t_frame_cache;
    for (std::size_t i = 0; i < frame_cache::classes; ++i) {
      while (frame_cache::node* n = fc.heads[i]) {
        fc.heads[i] = n->next;
        ::operator delete(n);
      }
      fc.counts[i] = frame_cache::max_cached;  // frames freed later go straight to delete
    }
  }
};
}  // namespace

void register_frame_cache_cleanup() noexcept {
  static thread_local frame_cache_cleanup cleanup;
  (void)&cleanup;
  t_frame_cache.cleanup_registered = true;
}

std::string task_base::name() const { return short_function_name(loc_.function_name()); }

std::string task_base::created_at() const { return call_site(loc_, ramp_pc_, return_address_); }

}  // namespace coroguard::detail

std::string coroguard::exception_context::created_at() const {
  if (!site_in_debug || (!site_ramp_pc && !site_return_address)) return {};
  return detail::call_site(site_definition, site_ramp_pc, site_return_address);
}

namespace coroguard::detail {

report exception_report(const exception_context& ctx, log_level level) {
  report r;
  r.level = level;
  if (ctx.site_ramp_pc || ctx.site_return_address) {
    r.kind = ctx.message;
    r.def = ctx.site_definition;
    r.ramp_pc = ctx.site_ramp_pc;
    r.return_address = ctx.site_return_address;
  }
  // The exception is described here (a few microseconds): the exception object does not
  // cross threads (its reference count lives in the uninstrumented libstdc++, so a sanitizer
  // could not see the hand-over, and the program may drop it meanwhile).
  std::string exception = ctx.exception ? "\n  exception: " + describe_exception(ctx.exception) : std::string();
  r.format = [message = ctx.message, source = ctx.source, def = ctx.site_definition, ramp = ctx.site_ramp_pc,
              ret = ctx.site_return_address, debug = ctx.site_in_debug, exception = std::move(exception)] {
    std::string msg = message;
    if (!source.empty()) msg += "\n  " + source;
    if (debug && (ramp || ret)) msg += "\n  created at " + call_site(def, ramp, ret);
    return msg + exception;
  };
  return r;
}

void report_exception_context(const exception_context& ctx, log_level level) noexcept {
  try {
    submit_report(exception_report(ctx, level));
  } catch (...) {
  }
}

std::string task_base::defined_at() const {
  return std::string(loc_.file_name()) + ":" + std::to_string(loc_.line());
}

void task_base::report_never_awaited() noexcept {
  // Captured here, formatted and symbolised on the reporter thread.
  report r;
  r.level = log_level::warning;
  r.kind = "never awaited";
  r.def = loc_;
  r.ramp_pc = ramp_pc_;
  r.return_address = return_address_;
  r.format = [loc = loc_, ramp = ramp_pc_, ret = return_address_] {
    return "coroutine '" + short_function_name(loc.function_name()) + "' was never awaited\n  created at " +
           call_site(loc, ramp, ret);
  };
  submit_report(std::move(r));
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
      ctx.site_definition = loc_;
      ctx.site_ramp_pc = ramp_pc_;
      ctx.site_return_address = return_address_;
      ctx.site_in_debug = debug_for(loop_);
      if (loop_ && !loop_->is_closed())
        loop_->call_exception_handler(ctx);
      else
        report_exception_context(ctx, log_level::error);
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

std::string asyncgen_base::description() const {
  return "asynchronous generator '" + name() + "' (defined at " + loc_.file_name() + ":" +
         std::to_string(loc_.line()) + ")";
}

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
  report r;
  r.level = log_level::warning;
  r.kind = finalized_by_loop ? "unclosed generator, finalized" : "unclosed generator";
  r.def = loc_;
  r.format = [loc = loc_, finalized_by_loop] {
    std::string msg = "asynchronous generator '" + short_function_name(loc.function_name()) + "' (defined at " +
                      loc.file_name() + ":" + std::to_string(loc.line()) + ") was destroyed while suspended at a co_yield; ";
    msg += finalized_by_loop ? "the event loop finalizes it in a task. "
                             : "no running loop can finalize it, so its async cleanup does not run. ";
    msg += "Close it explicitly with co_await gen.aclose() or coroguard::aclosing(gen, ...)";
    return msg;
  };
  submit_report(std::move(r));
}

void asyncgen_base::report_finalize_error(const asyncgen_base& g, std::exception_ptr e) noexcept {
  try {
    if (g.loop_ && loop_alive(g.loop_) && !g.loop_->is_closed()) {
      exception_context ctx;
      ctx.message = "an error occurred during closing of " + g.description();
      ctx.exception = e;
      ctx.source = g.description();
      g.loop_->call_exception_handler(ctx);
      return;
    }
    get_logger().error("an error occurred during closing of " + g.description() + "\n  exception: " +
                       describe_exception(e));
  } catch (...) {
  }
}

}  // namespace coroguard::detail
