#include "net.h"
#include <thread>
#include <chrono>
#include <unistd.h>

namespace net {
void sync_disk() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }
int read_frame(int fd, char *buf, int n) { return ::read(fd, buf, n); }
} // namespace net
