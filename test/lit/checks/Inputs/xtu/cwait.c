/* A C helper file of the program: summarised too, so a coroutine of a C++
   file that calls it through an extern "C" declaration is judged. */
#include <poll.h>

int c_wait_readable(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, -1);
}

int c_add(int a, int b) { return a + b; }
