// coroguard/run.hpp — run(task, options) and runner: asyncio.run / asyncio.Runner.
//
//   int main() { return coroguard::run(amain(), {.debug = true}); }
//
// run() creates a new loop, runs the task to completion, cancels leftover tasks, closes the
// async generators still open (shutdown_asyncgens), shuts the default executor down and
// closes the loop. Debug mode: options.debug or COROGUARD_DEBUG=1 in the environment.
#pragma once
#include <chrono>
#include <optional>

#include "event_loop.hpp"
#include "sleep.hpp"

namespace coroguard {

struct run_options {
  bool debug = false;
  /// Overrides the loop's slow_callback_duration (default 100 ms) when set.
  std::optional<std::chrono::steady_clock::duration> slow_callback_duration = std::nullopt;
};

/// asyncio.Runner: one loop reused by several run() calls; close() finalizes it.
class runner {
 public:
  explicit runner(run_options options = {});
  ~runner();
  runner(const runner&) = delete;
  runner& operator=(const runner&) = delete;

  template <class T>
  T run(task<T> t) {
    event_loop& loop = get_loop();
    auto h = loop.create_task(std::move(t));
    return loop.run_until_complete(h);
  }
  /// The runner's loop (created lazily).
  event_loop& get_loop();
  /// Cancels leftover tasks, shuts async generators and the default executor down, closes.
  void close();

 private:
  run_options options_;
  std::unique_ptr<event_loop> loop_;
  bool closed_ = false;
};

template <class T>
T run(task<T> t, run_options options = {}) {
  runner r(options);
  if constexpr (std::is_void_v<T>) {
    r.run(std::move(t));
    r.close();
  } else {
    T v = r.run(std::move(t));
    r.close();
    return v;
  }
}

/// True when COROGUARD_DEBUG is set to a non-empty value other than "0".
bool debug_from_environment() noexcept;

}  // namespace coroguard
