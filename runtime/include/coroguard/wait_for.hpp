// coroguard/wait_for.hpp — wait_for(task, timeout): asyncio.wait_for.
//
//   try { auto v = co_await coroguard::wait_for(fetch(), 2s); }
//   catch (const coroguard::timeout_error&) { ... }
//
// The task is scheduled; if it does not finish within `timeout` it is cancelled, awaited
// until it has unwound, and timeout_error is thrown.
#pragma once
#include <chrono>

#include "event_loop.hpp"

namespace coroguard {

template <class T, class Rep, class Period>
task<T> wait_for(task<T> t, std::chrono::duration<Rep, Period> timeout) {
  event_loop& loop = get_running_loop();
  task_handle<T> h = loop.create_task(std::move(t));
  bool timed_out = false;
  detail::task_base* b = h.base();
  timer_handle timer = loop.call_later(timeout, [b, &timed_out] {
    timed_out = true;
    b->cancel();
  });
  try {
    co_await h.wait();
  } catch (const cancelled_error&) {
    timer.cancel();
    h.cancel();
    throw;
  }
  timer.cancel();
  if (timed_out && h.cancelled()) throw timeout_error();
  co_return h.result();
}

}  // namespace coroguard
