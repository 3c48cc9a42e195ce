// coroguard/instrumentation.hpp — hooks for tracing tools (no fork needed).
//
// Install with event_loop::set_instrumentation(&hooks). Every method has an empty default;
// all are called on the loop thread. While an instrumentation is installed the loop takes
// its (slightly slower) checked dispatch path; with none installed the hooks cost nothing.
#pragma once
#include <chrono>

#include "detail/task_base.hpp"

namespace coroguard {

/// What instrumentation hooks receive for a task: id(), name(), location(), created_at().
using task_info = detail::task_base;

class instrumentation {
 public:
  virtual ~instrumentation() = default;
  /// create_task scheduled a new task.
  virtual void on_task_spawned(const task_info&) {}
  /// A step of the task was put on the ready queue (first step or a wake-up).
  virtual void on_task_scheduled(const task_info&) {}
  virtual void on_task_step_begin(const task_info&) {}
  virtual void on_task_step_end(const task_info&) {}
  /// The task finished (returned, threw or was cancelled).
  virtual void on_task_exited(const task_info&) {}
  /// Around the loop's epoll_wait; timeout is negative for "infinite".
  virtual void on_poll_begin(std::chrono::milliseconds /*timeout*/) {}
  virtual void on_poll_end() {}
};

}  // namespace coroguard
