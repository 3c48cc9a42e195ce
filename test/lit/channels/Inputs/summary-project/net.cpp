// Defines a function that blocks; main.cpp calls it from a coroutine.
#include "net.h"
#include <chrono>
#include <thread>

void wait_writable(int fd) {
  (void)fd;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void send_all(int fd) { wait_writable(fd); }
