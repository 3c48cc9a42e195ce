// coro-blocking-call, descriptor I/O (read, write, recv, send, accept,
// connect, ...): a descriptor the event loop reports ready does not block
// (add_reader/add_writer callbacks); MSG_DONTWAIT does not block; a write of
// a wake-up token (at most 8 constant bytes) is not judged; and in a
// translation unit that puts descriptors in non-blocking mode
// (-DNONBLOCKING: socket(.., SOCK_NONBLOCK, ..)) the family is not judged,
// since which descriptor a call uses cannot be told. Other blocking calls
// are still reported there.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %src_root/runtime/include
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %src_root/runtime/include
// RUN: %check_coroguard --check-suffix=NB %s coro-blocking-call %t.nb -- -- -std=c++20 -I %src_root/runtime/include -DNONBLOCKING
#include <coroguard/coroguard.hpp>
#include <sys/socket.h>
#include <unistd.h>

#ifdef NONBLOCKING
int open_socket() { return ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0); }
#endif

coroguard::task<> reader(int fd, char *buf) {
  ::recv(fd, buf, 16, MSG_DONTWAIT);
  ::recv(fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'reader'
  ::read(fd, buf, 16);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'reader'
  ::pread(fd, buf, 16, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pread' in coroutine 'reader'
  // CHECK-MESSAGES-NB: :[[@LINE-2]]:3: warning: blocking call to 'pread' in coroutine 'reader'
  ::usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'reader'
  // CHECK-MESSAGES-NB: :[[@LINE-2]]:3: warning: blocking call to 'usleep' in coroutine 'reader'
  co_return;
}

void watch(coroguard::event_loop &loop, int fd) {
  loop.add_reader(fd, [fd] {
    char buf[64];
    (void)::read(fd, buf, sizeof buf);
    ::usleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' in a callback the event loop runs ('coroguard::event_loop::add_reader')
    // CHECK-MESSAGES-NB: :[[@LINE-2]]:5: warning: blocking call to 'usleep' in a callback the event loop runs ('coroguard::event_loop::add_reader')
  });
  loop.add_writer(fd, [fd] { (void)::write(fd, "x", 1); });
  loop.call_soon([fd] { (void)::write(fd, "hello, world", 12); });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: blocking call to 'write' in a callback the event loop runs ('coroguard::event_loop::call_soon')
}

// A wake-up token (one integer to a self-pipe, an eventfd, a socket pair)
// only blocks when the reader lets the buffer fill: not judged. Larger
// writes, and reads of any size (they wait for the writer), are.
coroguard::task<> wake(int fd, char *buf, unsigned long n) {
  unsigned long long one = 1;
  (void)::write(fd, &one, sizeof one);
  (void)::send(fd, "x", 1, 0);
  (void)::write(fd, buf, 9);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'write' in coroutine 'wake'
  (void)::write(fd, buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'write' in coroutine 'wake'
  (void)::read(fd, &one, sizeof one);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'read' in coroutine 'wake'
  co_return;
}
