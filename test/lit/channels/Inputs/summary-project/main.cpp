// A coroutine calling a function of another translation unit (net.cpp)
// that blocks: only a whole-program run can follow the call.
#include "net.h"
#include "task.h"

task handle(int fd) {
  send_all(fd);
  co_return;
}
