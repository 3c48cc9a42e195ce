// coro-blocking-call: which executor runs a coroutine, told by how the
// handle and the executor travel (issue 15, items 1, 2 and 5):
//  A. the handle wrapped on its way to the executor: a helper that returns a
//     lambda capturing what it is given, `coroutine_handle<P>` converted to
//     `coroutine_handle<>`, a CRTP `enqueue` reached through templates, from
//     a promise template whose initial suspend posts the coroutine;
//  B. an executor named by the function that returns it (an instance its
//     class does not tell apart: `Runtime::blocking_pool()`), through
//     locals and the coroutine's parameters; and, for a parameter of an
//     interface type, the listed class of what every call passes;
//  C. waits that cannot block: a poll loop on the one "not yet" status of
//     its enumeration, and what a coroutine that cannot suspend returns.
// RUN: %check_coroguard %s coro-blocking-call %t -- \
// RUN:   --config="{CheckOptions: {Executors: 'src::cpu_pool=pool;src::thread_per_task=blocking;src::Runtime::blocking_pool=blocking;src::Runtime::compute_pool=pool', coro-blocking-call.BlockingFunctions: 'src::outcome::get;src::outcome::wait_for;eager::get'}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- \
// RUN:   --config="{CheckOptions: {Executors: 'src::cpu_pool=pool;src::thread_per_task=blocking;src::Runtime::blocking_pool=blocking;src::Runtime::compute_pool=pool', coro-blocking-call.BlockingFunctions: 'src::outcome::get;src::outcome::wait_for;eager::get'}}" -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <chrono>
#include <coroutine>
#include <future>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace src {
struct tag {};
// A type-erased job, built from any callable.
struct job {
  template <class F> job(F &&) {}
};
// Wraps a callable to swallow its exceptions: returns what carries it.
template <class F> auto guarded(F &&f) {
  return [f = std::forward<F>(f)]() mutable noexcept {
    try {
      f();
    } catch (...) {
    }
  };
}
// Returns a callable that does not carry what it is given.
template <class F> auto forgetful(F &&) {
  return [] {};
}
struct executor {
  virtual ~executor() = default;
  virtual void enqueue(job j) = 0;
  template <class Self, class F> void do_post(F &&f) {
    static_cast<Self *>(this)->enqueue(guarded(std::forward<F>(f)));
  }
  template <class F> void post(F &&f) { do_post<executor>(std::forward<F>(f)); }
};
struct thread_per_task : executor {
  void enqueue(job j) override;
  template <class F> void post(F &&f) {
    do_post<thread_per_task>(std::forward<F>(f));
  }
};
struct cpu_pool : executor {
  void enqueue(job j) override;
  template <class F> void post(F &&f) { do_post<cpu_pool>(std::forward<F>(f)); }
};
struct unlisted : executor {
  void enqueue(job j) override;
  template <class F> void post(F &&f) { do_post<unlisted>(std::forward<F>(f)); }
};
// Posts something that does not resume the coroutine.
struct lossy : executor {
  void enqueue(job j) override;
  template <class F> void post(F &&f) { enqueue(forgetful(std::forward<F>(f))); }
};
// Resumes the coroutine it is built from (an object of the program's own).
struct resumer {
  std::coroutine_handle<> h;
  bool *interrupted;
  void operator()() { h.resume(); }
};
// The promise of a coroutine called with (tag, std::shared_ptr<Ex>, ...):
// its initial suspend posts the coroutine to that executor.
template <class Ex> struct rescheduled_promise {
  Ex &ex;
  bool interrupted = false;
  template <class... A>
  rescheduled_promise(tag, std::shared_ptr<Ex> e, A &&...) : ex(*e) {}
  struct start : std::suspend_always {
    template <class P> void await_suspend(std::coroutine_handle<P> h) {
      h.promise().ex.post(resumer{h, &h.promise().interrupted});
    }
  };
  start initial_suspend() { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() {}
};
struct work {};

// The executor a runtime hands out: one class, two roles.
struct Runtime {
  std::shared_ptr<cpu_pool> blocking_pool(); // listed: made for blocking
  std::shared_ptr<cpu_pool> compute_pool();   // listed: a pool
};
struct hop {
  std::shared_ptr<executor> ex;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    ex->enqueue(job{[h] { h.resume(); }});
  }
  void await_resume() const noexcept {}
};
inline hop resume_on(std::shared_ptr<executor> ex) { return hop{std::move(ex)}; }

// A result with a status poll: idle until done, then value or exception.
// Its get() (listed as blocking) waits in its body: where a call of it is
// judged not to block (the result is complete), its body is not entered.
enum class status { idle, value, exception };
struct outcome {
  int get() {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 0;
  }
  status wait_for(std::chrono::milliseconds);
  status state() const;
};
} // namespace src

namespace std {
template <class Ex, class... A>
struct coroutine_traits<src::work, src::tag, std::shared_ptr<Ex>, A...> {
  struct promise_type : src::rescheduled_promise<Ex> {
    using src::rescheduled_promise<Ex>::rescheduled_promise;
    src::work get_return_object() { return {}; }
  };
};
} // namespace std

// --- A. The handle wrapped on its way ------------------------------------

src::work on_thread(src::tag, std::shared_ptr<src::thread_per_task> ex) {
  std::this_thread::sleep_for(1ms); // a thread made for blocking: silent
  co_return;
}

src::work on_pool(src::tag, std::shared_ptr<src::cpu_pool> ex) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_pool' blocks a worker of the thread pool 'src::cpu_pool' that runs it
  co_return;
}

template <class T>
src::work on_thread_template(src::tag, std::shared_ptr<src::thread_per_task> ex,
                             T) {
  std::this_thread::sleep_for(1ms); // the instantiation's promise: silent
  co_return;
}
template src::work on_thread_template<int>(src::tag,
                                           std::shared_ptr<src::thread_per_task>,
                                           int);

src::work on_unlisted(src::tag, std::shared_ptr<src::unlisted> ex) {
  std::this_thread::sleep_for(1ms); // which executor cannot be told: silent
  co_return;
}

// The handle never reaches the executor (the wrapper drops it): the body
// runs where the caller resumes it, as for any coroutine.
src::work on_lossy(src::tag, std::shared_ptr<src::lossy> ex) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_lossy' stalls the event loop thread
  co_return;
}

// --- B. Executors named by where they come from --------------------------

demo::task<> copy_file(std::shared_ptr<src::cpu_pool> io) {
  co_await src::resume_on(io);
  std::this_thread::sleep_for(1ms); // every call passes the blocking pool
}

demo::task<> crunch(std::shared_ptr<src::cpu_pool> cpu) {
  co_await src::resume_on(cpu);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'crunch' blocks a worker of the thread pool 'src::Runtime::compute_pool' that runs it
}

demo::task<> mixed(std::shared_ptr<src::cpu_pool> ex) {
  co_await src::resume_on(ex);
  // Called with both pools, and the awaited call takes the interface: which
  // executor cannot be told, silent.
  std::this_thread::sleep_for(1ms);
}

demo::task<> local_source(src::Runtime &rt) {
  auto io = rt.blocking_pool();
  co_await src::resume_on(io);
  std::this_thread::sleep_for(1ms); // a local initialised from it: silent
}

demo::task<> local_compute(src::Runtime &rt) {
  const auto cpu = rt.compute_pool();
  co_await src::resume_on(cpu);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'local_compute' blocks a worker of the thread pool 'src::Runtime::compute_pool' that runs it
}

// Reassigned: the initialiser does not tell (silent, as any executor that
// cannot be told).
demo::task<> local_reassigned(src::Runtime &rt) {
  auto ex = rt.compute_pool();
  ex = rt.blocking_pool();
  co_await src::resume_on(ex);
  std::this_thread::sleep_for(1ms);
}

// A parameter of the interface type: the class of what every call passes.
src::work started_on(src::tag, std::shared_ptr<src::executor> ex) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'started_on' blocks a worker of the thread pool 'src::cpu_pool' that runs it
  co_return;
}

src::work started_on_threads(src::tag, std::shared_ptr<src::executor> ex) {
  std::this_thread::sleep_for(1ms); // every call passes a thread_per_task
  co_return;
}

src::work started_on_either(src::tag, std::shared_ptr<src::executor> ex) {
  std::this_thread::sleep_for(1ms); // calls disagree: cannot be told, silent
  co_return;
}

// Started on the pool a listed function makes: its kind, not the class's.
src::work started_on_blocking_pool(src::tag, std::shared_ptr<src::cpu_pool> ex) {
  std::this_thread::sleep_for(1ms); // every call passes rt.blocking_pool()
  co_return;
}

// Started on a thread made for blocking; another executor argument, of a
// listed pool, is not the one the promise posts to.
src::work started_on_thread_too(src::tag, std::shared_ptr<src::thread_per_task> t,
                                std::shared_ptr<src::executor> other) {
  std::this_thread::sleep_for(1ms); // silent
  co_return;
}

void drive(src::Runtime &rt) {
  started_on_blocking_pool({}, rt.blocking_pool());
  started_on_thread_too({}, std::make_shared<src::thread_per_task>(),
                        std::make_shared<src::cpu_pool>());
  copy_file(rt.blocking_pool());
  copy_file(rt.blocking_pool());
  crunch(rt.compute_pool());
  mixed(rt.blocking_pool());
  mixed(rt.compute_pool());
  started_on({}, std::make_shared<src::cpu_pool>());
  auto threads = std::make_shared<src::thread_per_task>();
  started_on_threads({}, threads);
  started_on_either({}, threads);
  started_on_either({}, std::make_shared<src::cpu_pool>());
}

// --- C. Waits that cannot block ------------------------------------------

demo::task<> poll_then_get(src::outcome &r) {
  while (r.wait_for(5ms) == src::status::idle) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'src::outcome::wait_for' in coroutine 'poll_then_get' stalls the event loop thread
  }
  r.get(); // the loop leaves with the status no longer idle: complete
  co_return;
}

demo::task<> poll_other_then_get(src::outcome &r, src::outcome &s) {
  while (s.state() == src::status::idle) {
  }
  r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'src::outcome::get' in coroutine 'poll_other_then_get' stalls the event loop thread
  co_return;
}

// A test helper's return establishes what it asserts when its failure path
// never returns: after it, the status is another than idle.
[[noreturn]] void assertion_failed();
template <class A, class B> void assert_equal(const A &a, const B &b) {
  if (a == b)
    return;
  assertion_failed();
}
int failures = 0;
template <class A, class B> void expect_equal(const A &a, const B &b) {
  if (a == b)
    return;
  ++failures; // goes on: nothing established
}
demo::task<> asserted_then_get(src::outcome &r) {
  assert_equal(r.state(), src::status::value);
  r.get();
  co_return;
}
demo::task<> expected_then_get(src::outcome &r) {
  expect_equal(r.state(), src::status::value);
  r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'src::outcome::get' in coroutine 'expected_then_get' stalls the event loop thread
  co_return;
}

demo::task<> poll_future_then_get(std::future<int> &f) {
  while (f.wait_for(0ms) == std::future_status::timeout) {
  }
  // not timeout may be deferred: get() still waits
  f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::get' in coroutine 'poll_future_then_get' stalls the event loop thread
  co_return;
}

// An eager task that cannot suspend has run to its end when the call returns.
struct eager {
  struct promise_type {
    eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
  int get(); // waits for the value
};

struct ready_outcomes {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) {}
  std::vector<src::outcome> await_resume();
};
ready_outcomes resolve_all();

// Every call of these (all in this file) passes a complete result: the
// waits inside cannot block.
eager consume(src::outcome r) { co_return r.get(); }
eager consume_later(src::outcome r, demo::task<> t) {
  co_await t;
  co_return r.get();
}
// Called once with a complete result and once with one that may not be.
static eager consume_any(src::outcome r) { co_return r.get(); }
// CHECK-MESSAGES: :[[@LINE-1]]:54: warning: blocking call to 'src::outcome::get' in coroutine 'consume_any' blocks the thread that called it, before its first suspension
// Its address is taken: callers cannot all be seen.
static eager consume_escaping(src::outcome r) { co_return r.get(); }
// CHECK-MESSAGES: :[[@LINE-1]]:59: warning: blocking call to 'src::outcome::get' in coroutine 'consume_escaping' blocks the thread that called it, before its first suspension
// A helper in between: its parameter is complete at each of its calls.
static int consume_each(std::vector<src::outcome> rs) {
  int sum = 0;
  for (auto &r : rs)
    sum += r.get();
  return sum;
}
static int check(eager e) { return e.get(); }

demo::task<> consume_resolved() {
  auto rs = co_await resolve_all();
  check(consume(std::move(rs[0]))); // consume ran to its end: complete
  check(consume_later(std::move(rs[1]), demo::task<>{}));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'check' in coroutine 'consume_resolved' stalls the event loop thread: it blocks in 'eager::get' (check -> eager::get)
  consume_any(std::move(rs[2]));
  consume_escaping(std::move(rs[3]));
  consume_each(std::move(rs));
}

demo::task<> consume_pending(src::outcome pending) {
  consume_any(std::move(pending));
  eager (*fn)(src::outcome) = consume_escaping;
  (void)fn;
  co_return;
}
