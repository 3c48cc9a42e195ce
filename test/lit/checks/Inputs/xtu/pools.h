// Cross-TU inputs: helper coroutines (pools.cpp) that move their caller to
// another executor, or not. coroguard::task's final awaiter resumes the
// awaiting coroutine in place (symmetric transfer): the caller continues
// where the helper ended.
#pragma once
#include <coroguard/coroguard.hpp>
#include <coroutine>
#include <deque>
#include <thread>
#include <vector>

namespace exe {
// Owns its threads: a pool.
class Workers {
public:
  void enqueue(std::coroutine_handle<> h) { queue_.push_back(h); }
  struct Awaiter {
    Workers &w;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { w.enqueue(h); }
    void await_resume() const noexcept {}
  };
  Awaiter hop() { return Awaiter{*this}; }

private:
  std::vector<std::thread> threads_;
  std::deque<std::coroutine_handle<>> queue_;
};
// Made for blocking work (the Executors option says so).
class BlockingPool : public Workers {};
// Hands the handle back to the event loop.
struct LoopHop {
  coroguard::event_loop &loop;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    loop.call_soon([h] { h.resume(); });
  }
  void await_resume() const noexcept {}
};
} // namespace exe

coroguard::task<void> to_pool(exe::Workers &w);            // ends on w
coroguard::task<void> to_blocking(exe::BlockingPool &b);   // ends on b
coroguard::task<void> round_trip(exe::Workers &w, coroguard::event_loop &l); // back on the loop
coroguard::task<void> maybe_pool(exe::Workers &w, bool go); // one path stays
coroguard::task<void> stays();
