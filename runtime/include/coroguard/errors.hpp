// coroguard/errors.hpp — the exception types of the runtime (asyncio's CancelledError,
// TimeoutError, GeneratorExit and InvalidStateError).
#pragma once
#include <stdexcept>

namespace coroguard {

/// Thrown into a task at its current `co_await` when the task is cancelled
/// (task_handle::cancel, wait_for timeout, runner shutdown).
class cancelled_error : public std::runtime_error {
 public:
  cancelled_error() : std::runtime_error("task was cancelled") {}
};

/// Thrown by wait_for when the timeout expires.
class timeout_error : public std::runtime_error {
 public:
  timeout_error() : std::runtime_error("timed out") {}
};

/// Thrown at the suspended `co_yield` of an async_generator that is being closed
/// (aclose, aclosing, loop finalization). Let it propagate (or return) after cleanup;
/// yielding again fails with "async generator ignored generator_exit".
class generator_exit : public std::exception {
 public:
  const char* what() const noexcept override { return "generator_exit"; }
};

/// Thrown by task_handle::result()/exception() when the task is not done yet.
class invalid_state_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace coroguard
