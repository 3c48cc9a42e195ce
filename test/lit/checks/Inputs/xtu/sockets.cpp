#include "net.h"
#include <fcntl.h>
#include <sys/socket.h>

namespace net {
int make_socket() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}
} // namespace net
