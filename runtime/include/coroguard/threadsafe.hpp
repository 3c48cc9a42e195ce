// coroguard/threadsafe.hpp — run_coroutine_threadsafe: submit a task to a loop running on
// another thread and get a std::future of its result (thread-safe).
//
//   std::future<int> f = coroguard::run_coroutine_threadsafe(compute(), loop);
//   int v = f.get();   // from a non-loop thread
#pragma once
#include <future>

#include "event_loop.hpp"

namespace coroguard {

namespace detail {
template <class T>
task<void> forward_to_promise(task<T> t, std::shared_ptr<std::promise<T>> p) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(t);
      p->set_value();
    } else {
      p->set_value(co_await std::move(t));
    }
  } catch (...) {
    p->set_exception(std::current_exception());
  }
}
}  // namespace detail

/// Thread-safe. The task is scheduled with call_soon_threadsafe. Throws std::runtime_error if
/// the loop is closed. If the loop is closed before the task finishes, the future reports
/// std::future_error(broken_promise).
template <class T>
std::future<T> run_coroutine_threadsafe(task<T> t, event_loop& loop) {
  auto p = std::make_shared<std::promise<T>>();
  std::future<T> f = p->get_future();
  // If the loop is closed before the callback runs (or already is), the task is dropped
  // without a "never awaited" report: the caller gets the error (or broken_promise) instead.
  struct quiet_task {
    task<T> t;
    quiet_task(task<T> x) noexcept : t(std::move(x)) {}
    quiet_task(quiet_task&&) noexcept = default;
    ~quiet_task() { t.discard(); }
  };
  loop.call_soon_threadsafe([&loop, q = quiet_task(std::move(t)), p]() mutable {
    (void)loop.create_task(detail::forward_to_promise(std::move(q.t), std::move(p)));
  });
  return f;
}

}  // namespace coroguard
