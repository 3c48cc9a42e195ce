// Included by a.cpp and b.cpp: both translation units report its two
// findings with the same fixes; each is applied once.
#pragma once
#include "task.h"
#include <coroguard/coroguard.hpp>
#include <thread>

task flush();
void tick();

inline task shutdown() {
  flush();
  co_return;
}

inline void kick(coroguard::event_loop &loop) {
  std::thread t([&loop] { loop.call_soon(tick); });
  t.join();
}
