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
task<void> wait_cancelled(event_loop& loop) {
  // Give cancelled tasks a chance to unwind (asyncio.runners._cancel_all_tasks).
  for (int i = 0; i < 1000 && loop.pending_tasks() > 1; ++i) co_await sleep_awaiter(std::chrono::steady_clock::duration::zero());
}
}  // namespace

void runner::close() {
  if (closed_) return;
  closed_ = true;
  if (!loop_) return;
  event_loop& loop = *loop_;
  try {
    if (loop.pending_tasks() > 0) {
      loop.cancel_all_tasks();
      loop.run_until_complete(wait_cancelled(loop));
    }
    loop.run_until_complete(loop.shutdown_asyncgens());
    loop.shutdown_default_executor();
  } catch (...) {
    loop.close();
    throw;
  }
  loop.close();
}

}  // namespace coroguard
