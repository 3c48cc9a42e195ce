// Mock of libcoro's readiness-driven networking (coro::scheduler::poll,
// coro::net::tcp::client) for coro-blocking-call's ReadinessAwaitables tests,
// and the scheduler's schedule()/spawn_detached.
#pragma once
#include "libcoro.h"
#include <coroutine>
#include <sys/socket.h>

namespace coro {
enum class poll_op { read, write };
enum class poll_status { read, write, timeout, error };
struct poll_awaitable {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  poll_status await_resume() { return poll_status::read; }
};
class scheduler {
public:
  poll_awaitable poll(int fd, poll_op op);
  thread_pool::operation schedule() { return {}; }
  auto spawn_detached(task<void> &&) noexcept -> bool { return true; }
  // Blocks until every task has completed and the I/O thread has joined.
  auto shutdown() noexcept -> void {}
};
namespace net::tcp {
class client {
public:
  poll_awaitable poll(poll_op op);
  int recv(char *buf, int n) { return static_cast<int>(::recv(fd_, buf, n, 0)); }
  int fd_ = -1;
};
} // namespace net::tcp
} // namespace coro

namespace mylib {
coro::poll_awaitable wait_readable(int fd);
}
