// Cross-TU inputs (coro-*-cross-tu tests): declarations shared by the files
// of one small program.
#pragma once
#include <coroguard/coroguard.hpp>

namespace net {
int send_all(int fd, const char *p, int n);   // net.cpp: polls, then writes
int checksum(const char *p, int n);           // net.cpp: pure computation
int flush_all(int fd);                        // net.cpp -> disk.cpp: fsync-like wait
void sync_disk();                             // disk.cpp: sleeps
int read_frame(int fd, char *buf, int n);     // disk.cpp: a read()
int make_socket();                            // sockets.cpp: O_NONBLOCK
coroguard::task<int> fetch(int fd);           // net.cpp: a coroutine
int validate(int fd);                         // net.cpp: sleeps before throwing
[[clang::annotate("coroguard::nonblocking")]] void wait_ready(int fd); // net.cpp
struct Conn {
  virtual ~Conn() = default;
  virtual void close(); // net.cpp: sleeps (may be overridden)
  void drain();         // net.cpp: sleeps
};
} // namespace net
