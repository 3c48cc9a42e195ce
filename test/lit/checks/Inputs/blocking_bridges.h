// Synchronous bridges of libraries without a mock of their own, reduced to
// the declarations coro-blocking-call matches: Boost.Cobalt's run (runs a
// task to completion on a new io_context) and thread::join, async_simple's
// Future::get/wait (a condition-variable wait).
#pragma once

namespace boost::cobalt {
template <typename T = void> class task {};
template <typename T> T run(task<T>) { return T(); }
struct thread {
  void join() {}
  bool joinable() const { return true; }
  void detach() {}
};
} // namespace boost::cobalt

namespace async_simple {
template <typename T> class Future {
public:
  T get() && { return T(); }
  void wait() {}
  bool hasResult() const { return true; }
};
} // namespace async_simple
