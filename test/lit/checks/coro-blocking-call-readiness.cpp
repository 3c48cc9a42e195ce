// coro-blocking-call, readiness-driven coroutines: a coroutine that
// co_awaits descriptor readiness (libcoro's `co_await client.poll(op)`,
// `co_await scheduler->poll(fd, op)`: the ReadinessAwaitables list) works on
// non-blocking descriptors, so its descriptor I/O (recv, send, accept, ...,
// directly or through helpers) is not reported, before or after the wait
// (the "fast path" reads first and polls on EAGAIN). Other blocking calls
// there still are; a wait inside a nested lambda does not count; a
// coroutine without such a wait is judged as before, unless it is a member
// of a class that offers such an awaitable (libcoro's `server::poll()`):
// that class's protocol is "poll, then accept", the poll being the caller's.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=OPT %s coro-blocking-call %t.opt -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.ReadinessAwaitables: 'mylib::wait_readable'}}" -- -std=c++20 -I %S/Inputs
#include "blocking_libcoro_net.h"
#include <unistd.h>

coro::task<int> read_some(coro::net::tcp::client &c, char *buf) {
  int n = c.recv(buf, 16); // fast path: before the poll
  if (n >= 0)
    co_return n;
  co_await c.poll(coro::poll_op::read);
  co_return c.recv(buf, 16);
}

coro::task<int> accept_one(coro::scheduler &s, int listen_fd) {
  co_await s.poll(listen_fd, coro::poll_op::read);
  co_return ::accept(listen_fd, nullptr, nullptr);
}

coro::task<int> still_sleeps(coro::net::tcp::client &c, char *buf) {
  co_await c.poll(coro::poll_op::read);
  ::usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'still_sleeps'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'usleep' in coroutine 'still_sleeps'
  co_return c.recv(buf, 16);
}

coro::task<int> no_wait(coro::net::tcp::client &c, char *buf) {
  co_return c.recv(buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: call to 'coro::net::tcp::client::recv' in coroutine 'no_wait' stalls the event loop thread: it blocks in 'recv'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:13: warning: call to 'coro::net::tcp::client::recv' in coroutine 'no_wait' stalls the event loop thread: it blocks in 'recv'
}

coro::task<int> wait_in_lambda(coro::net::tcp::client &c, char *buf) {
  auto later = [&c]() -> coro::task<> { co_await c.poll(coro::poll_op::read); };
  co_await later();
  co_return ::read(c.fd_, buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'read' in coroutine 'wait_in_lambda'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:13: warning: blocking call to 'read' in coroutine 'wait_in_lambda'
}

// A project's own readiness awaitable, through the option.
coro::task<int> own_wait(int fd, char *buf) {
  co_await mylib::wait_readable(fd);
  co_return ::read(fd, buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'read' in coroutine 'own_wait'
}

// A member of a class with a readiness awaitable: the caller polls first.
namespace coro::net::tls {
class server {
public:
  coro::task<coro::poll_status> poll();
  coro::task<int> accept() { co_return ::accept(fd_, nullptr, nullptr); }
  int fd_ = -1;
};
} // namespace coro::net::tls
// Without one, the same member is judged.
namespace mylib {
class server {
public:
  coro::task<int> accept() { co_return ::accept(fd_, nullptr, nullptr); }
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: blocking call to 'accept' in coroutine 'mylib::server::accept'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:40: warning: blocking call to 'accept' in coroutine 'mylib::server::accept'
  int fd_ = -1;
};
} // namespace mylib
