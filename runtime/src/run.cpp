#include <coroguard/async_generator.hpp>
#include <coroguard/run.hpp>

namespace coroguard {

runner::runner(run_options options) : options_(options) {}

runner::~runner() {
  try {
    close();
  } catch (...) {
  }
}

event_loop& runner::get_loop() {
  if (closed_) throw std::runtime_error("runner is closed");
  if (!loop_) {
    loop_ = std::make_unique<event_loop>();
    if (options_.debug) loop_->set_debug(true);
    if (options_.slow_callback_duration) loop_->set_slow_callback_duration(*options_.slow_callback_duration);
  }
  return *loop_;
}

namespace {
/// Waits until every other task of the loop has finished, the tasks created meanwhile
/// included (asyncio.runners._cancel_all_tasks gathers them). A task found not cancelled yet
/// (created after cancel_all_tasks) is cancelled first, except the finalizers of abandoned
/// async generators: their cleanup runs to completion.
task<void> wait_for_other_tasks(event_loop& loop) {
  detail::task_base* self = detail::t_current_task;
  while (detail::task_base* t = loop.pending_task_except(self)) {
    if (!t->finalizer_ && !t->cancel_requested_) t->cancel();
    t->add_ref();  // kept alive while waited for
    struct release_on_exit {
      detail::task_base* t;
      ~release_on_exit() { t->release(); }
    } keep{t};
    co_await detail::done_awaiter{t};
  }
}
}  // namespace

void runner::close() {
  if (closed_) return;
  closed_ = true;
  if (!loop_) return;
  event_loop& loop = *loop_;
  try {
    // Shutdown order (docs/runtime.md): cancel the leftover tasks and wait for them and for
    // the finalizers of the generators they abandon; close the generators still open; repeat
    // while closing them left new finalizers; then the default executor; then close.
    for (int round = 0; round < 16; ++round) {
      if (loop.pending_tasks() > 0) {
        loop.cancel_all_tasks();
        loop.run_until_complete(wait_for_other_tasks(loop));
      }
      loop.run_until_complete(loop.shutdown_asyncgens());
      if (loop.pending_tasks() == 0) break;
    }
    loop.shutdown_default_executor();
  } catch (...) {
    loop.close();
    throw;
  }
  loop.close();
}

}  // namespace coroguard
