// Included by one/c1.cpp and two/c2.cpp, whose .clang-tidy files name
// different thread-safe counterparts of post: two different fixes of the
// same call, so neither is applied.
#pragma once
#include <thread>

namespace mylib {
struct Loop {
  void post(void (*f)());
  void post_a(void (*f)());
  void post_b(void (*f)());
};
} // namespace mylib

void tick();

inline void relay(mylib::Loop &loop) {
  std::thread t([&loop] { loop.post(tick); });
  t.join();
}
