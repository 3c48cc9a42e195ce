#include "net.h"
#include <poll.h>
#include <thread>
#include <chrono>

namespace net {
static void wait_fd(int fd) {
  pollfd p{fd, POLLOUT, 0};
  ::poll(&p, 1, -1);
}
int send_all(int fd, const char *p, int n) {
  wait_fd(fd);
  return n;
}
int checksum(const char *p, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += p[i];
  return s;
}
int flush_all(int fd) {
  sync_disk();
  return fd;
}
coroguard::task<int> fetch(int fd) {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return fd;
}
void wait_ready(int fd) { wait_fd(fd); }
void Conn::close() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
void Conn::drain() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
} // namespace net

namespace net {
// Blocks only on its way to failing: the error report's work, not the
// function's.
int validate(int fd) {
  if (fd < 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    throw fd;
  }
  return fd;
}
} // namespace net
