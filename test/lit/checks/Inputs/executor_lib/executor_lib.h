// An executor library of our own shapes, included by
// coro-blocking-call-include-kind.cpp once with -I and once with -isystem:
// a pool that owns its threads and an awaiter that hands the coroutine's
// handle to it, an executor interface with a resume_on awaiter, a promise
// that starts the body on an executor argument, and a CRTP pool whose
// submit is declared in the base, and forwarding helpers.
#pragma once
#include <coroutine>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

namespace xlib {
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

struct Executor {
  virtual ~Executor() = default;
  virtual void post(std::function<void()> f) = 0;
};
struct CpuPool : Executor {
  void post(std::function<void()> f) override;
};

struct tag {};
struct job {
  struct promise_type {
    Executor *ex = nullptr;
    template <class... Args>
    promise_type(tag, Executor &e, Args &&...) : ex(&e) {}
    promise_type() = default;
    job get_return_object() { return {}; }
    struct Start {
      Executor *ex;
      bool await_ready() const noexcept { return ex == nullptr; }
      void await_suspend(std::coroutine_handle<> h) {
        ex->post([h] { h.resume(); });
      }
      void await_resume() const noexcept {}
    };
    Start initial_suspend() { return Start{ex}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

template <class Derived> class PoolBase {
public:
  // Queued for the workers: what runs it is not visible here.
  template <class F> void submit(F &&f) {
    jobs_.emplace_back(std::forward<F>(f));
  }

private:
  std::vector<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
};
class Pool : public PoolBase<Pool> {};

// Forwarding helpers: one starts a thread with the callable, one calls it
// in place.
template <class F> void spawn(F &&f) {
  std::thread(std::forward<F>(f)).detach();
}
template <class F> void run_now(F &&f) { f(); }
} // namespace xlib
