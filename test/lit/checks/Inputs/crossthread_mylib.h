// A user event loop and thread pool, configured through the
// coro-cross-thread-loop-call options (not coroguard's own).
#pragma once
#include <functional>

namespace mylib {
class Loop {
public:
  Loop();
  Loop(const Loop &) = delete;
  void post(std::function<void()> f);
  void post_threadsafe(std::function<void()> f);
  void defer(std::function<void()> f);
  void run();
  void quit();
};
Loop &current_loop();

class Pool {
public:
  void submit(std::function<void()> job);
};

class Dispatcher {
public:
  void on_loop(std::function<void()> f); // runs f on the loop's thread
};
} // namespace mylib
