#include "compiler-plugin-task.h"

task fetch() { co_return; }

task caller() {
  fetch();
  fetch(); // NOLINT(coro-never-awaited)
  fetch(); // NOLINT
  // NOLINTNEXTLINE(coro-never-awaited)
  fetch();
  fetch(); // NOLINT(coro-some-other-check)
  // NOLINTBEGIN(coro-*)
  fetch();
  fetch();
  // NOLINTEND(coro-*)
  co_await fetch();
}
