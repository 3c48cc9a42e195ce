// A library header, included with -isystem by user-code-nodes.cpp: the
// checks are not shown what it writes, only what its macros expand to in
// user code.
#pragma once
#include "demo_task.h"
#include <chrono>
#include <thread>

namespace syslib {
demo::task<> work();
// A discarded task and a blocking call in a coroutine, written here: not
// reported.
inline void discards() { work(); }
inline demo::task<> naps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}
} // namespace syslib

// Expanded in user code, where it is reported.
#define SYSLIB_DISCARD(call) call
