// coro-blocking-call and the executor that runs a coroutine (issue items 1-6):
//  1. switches recognised by the awaiter's await_suspend body (the handle, or
//     a lambda that resumes it, handed to a thread-owning class, an offload
//     API or an opaque executor interface), and a promise whose initial
//     suspend schedules the coroutine on an executor chosen by an argument;
//  2. pools for CPU work (blocking a worker is still reported, naming the
//     pool) against executors made for blocking (silent): the Executors table;
//  3. the same switches in coroutine templates (dependent co_await);
//  4. a callable forwarded into a coroutine is not called in place;
//  5. waits on what flow shows complete;
//  6. std::async(std::launch::deferred, f) runs f where get() is called.
// The global Executors option names the test's pools; the OPT run's local one
// overrides it (exe::CpuPool unknown there, exe::Workers a pool).
// RUN: %check_coroguard %s coro-blocking-call %t -- \
// RUN:   --config="{CheckOptions: {Executors: 'exe::CpuPool=pool;exe::BlockingPool=blocking;exe::Sched=loop'}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- \
// RUN:   --config="{CheckOptions: {Executors: 'exe::CpuPool=pool;exe::BlockingPool=blocking;exe::Sched=loop'}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=OPT %s coro-blocking-call %t.opt -- \
// RUN:   --config="{CheckOptions: {Executors: 'exe::CpuPool=pool', coro-blocking-call.Executors: 'exe::Workers=pool'}}" -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <cassert>
#include <chrono>
#include <coroutine>
#include <functional>
#include <future>
#include <memory>
#include <thread>
#include <utility>
#include <vector>
#include <deque>

using namespace std::chrono_literals;

namespace exe {
// A pool that owns its threads: handing a handle to it moves the coroutine.
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

// An abstract executor interface: the handle goes to a virtual function.
struct Executor {
  virtual ~Executor() = default;
  virtual void post(std::function<void()> f) = 0;
};
struct CpuPool : Executor {
  void post(std::function<void()> f) override;
};
struct BlockingPool : Executor {
  void post(std::function<void()> f) override;
};
struct ResumeOn {
  Executor &ex;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    ex.post([h] { h.resume(); });
  }
  void await_resume() const noexcept {}
};
inline ResumeOn resume_on(Executor &ex) { return ResumeOn{ex}; }

// An awaiter that starts a thread of its own for the continuation.
struct NewThread {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    std::thread([h] { h.resume(); }).detach();
  }
  void await_resume() const noexcept {}
};

// An event: the handle is stored and resumed by whoever sets it (no
// executor switch).
class Event {
public:
  struct Awaiter {
    Event &e;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { e.waiters_.push_back(h); }
    void await_resume() const noexcept {}
  };
  Awaiter wait() { return Awaiter{*this}; }
  std::vector<std::coroutine_handle<>> waiters_;
};

// A task type whose promise starts the body on the executor passed as the
// coroutine's first argument after a tag.
struct executor_tag {};
struct pooled_task {
  struct promise_type {
    Executor *ex = nullptr;
    template <class... Args>
    promise_type(executor_tag, Executor &e, Args &&...) : ex(&e) {}
    promise_type() = default;
    pooled_task get_return_object() { return {}; }
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
} // namespace exe

// --- 1. Structural switches ------------------------------------------------

demo::task<> after_thread_owning_pool(exe::Workers &w) {
  co_await w.hop();
  std::this_thread::sleep_for(1ms); // a thread of a class that owns threads
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_thread_owning_pool' blocks a worker thread of 'exe::Workers' that runs it
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_thread_owning_pool' blocks a worker of the thread pool 'exe::Workers' that runs it
  co_return;
}

demo::task<> before_switch(exe::Workers &w) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'before_switch' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'before_switch' stalls the event loop thread
  co_await w.hop();
}

demo::task<> switch_on_one_branch(exe::Workers &w, bool b) {
  if (b)
    co_await w.hop();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'switch_on_one_branch' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'switch_on_one_branch' stalls the event loop thread
}

demo::task<> after_new_thread() {
  co_await exe::NewThread{};
  std::this_thread::sleep_for(1ms); // a thread of its own: silent
}

demo::task<> after_event(exe::Event &e) {
  co_await e.wait();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_event' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_event' stalls the event loop thread
}

// The promise stands for the frame: an awaiter that hands it (a job whose
// run resumes the coroutine) to an executor interface moves the coroutine.
namespace exe {
struct Job {
  virtual void run() = 0;
};
struct JobExecutor {
  virtual void submit(Job &job) = 0;
};
struct job_task {
  struct promise_type : Job {
    void run() override {
      std::coroutine_handle<promise_type>::from_promise(*this).resume();
    }
    job_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct OnJobs {
  JobExecutor &ex;
  bool await_ready() const noexcept { return false; }
  template <class P> void await_suspend(std::coroutine_handle<P> h) {
    auto &promise = h.promise();
    ex.submit(promise);
  }
  void await_resume() const noexcept {}
};
// The promise's address kept in the awaiter's own member: no hand-off.
struct KeepsPromise {
  Job *kept = nullptr;
  bool await_ready() const noexcept { return false; }
  template <class P> void await_suspend(std::coroutine_handle<P> h) {
    kept = &h.promise();
  }
  void await_resume() const noexcept {}
};
} // namespace exe

exe::job_task after_promise_handed(exe::JobExecutor &ex) {
  co_await exe::OnJobs{ex};
  std::this_thread::sleep_for(1ms); // on the executor's thread: kind unknown, silent
}

exe::job_task after_promise_kept() {
  co_await exe::KeepsPromise{};
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_promise_kept' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_promise_kept' blocks the thread that resumes it
}

// The awaiter hands the promise to the interface (`JobExecutor::submit`); the
// co_await names the implementation: one that owns its threads shares them
// among the coroutines it runs (YACLib's `co_await On(pool)`).
namespace exe {
struct ThreadedJobs : JobExecutor {
  void submit(Job &job) override;
  std::vector<std::thread> workers_;
};
struct InlineJobs : JobExecutor {
  void submit(Job &job) override { job.run(); }
};
// Owns threads but is no JobExecutor: not what the awaiter submits to.
struct Server {
  std::thread acceptor_;
};
template <class T> struct Ref {
  T *p;
  T *operator->() const { return p; }
  T &operator*() const { return *p; }
};
inline OnJobs on(JobExecutor &ex) { return OnJobs{ex}; }
inline OnJobs on_logged(Server &, JobExecutor &ex) { return OnJobs{ex}; }
inline OnJobs on_ref(Ref<ThreadedJobs> ex) { return OnJobs{*ex}; }
} // namespace exe

exe::job_task on_threaded_jobs(exe::ThreadedJobs &pool) {
  co_await exe::on(pool);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_threaded_jobs' blocks a worker thread of 'exe::ThreadedJobs' that runs it
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_threaded_jobs' blocks a worker thread of 'exe::ThreadedJobs' that runs it
}

exe::job_task on_threaded_jobs_by_ref(exe::Ref<exe::ThreadedJobs> pool) {
  co_await exe::on_ref(pool);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_threaded_jobs_by_ref' blocks a worker thread of 'exe::ThreadedJobs' that runs it
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_threaded_jobs_by_ref' blocks a worker thread of 'exe::ThreadedJobs' that runs it
}

exe::job_task on_inline_jobs(exe::InlineJobs &ex) {
  co_await exe::on(ex);
  std::this_thread::sleep_for(1ms); // owns no threads: kind unknown, silent
}

exe::job_task on_jobs_beside_a_server(exe::Server &s, exe::JobExecutor &ex) {
  co_await exe::on_logged(s, ex);
  std::this_thread::sleep_for(1ms); // the server is not the executor: silent
}

// An executor built on one it owns: a loop-like scheduler whose awaiter
// hands the coroutine to its member pool. The kind the table gives the
// scheduler the co_await names counts, not its member's (OPT: neither is
// listed and the member owns no threads, so silent).
namespace exe {
class Sched {
public:
  struct Awaiter {
    Sched &s;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      s.pool_->post([h] { h.resume(); });
    }
    void await_resume() const noexcept {}
  };
  Awaiter schedule() { return Awaiter{*this}; }

private:
  std::unique_ptr<BlockingPool> pool_;
};
} // namespace exe

demo::task<> on_scheduler(std::unique_ptr<exe::Sched> &s) {
  co_await s->schedule();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_scheduler' stalls the event loop thread
}

demo::task<> on_blocking_pool_directly(exe::BlockingPool &p) {
  co_await exe::resume_on(p);
  std::this_thread::sleep_for(1ms); // an executor made for blocking: silent
}

// A coroutine that asks for its executor and finds none is run by whichever
// thread resumes it: the branch taken only then is not judged (async_simple's
// `sleep`: `if (!ex) std::this_thread::sleep_for(d);`).
namespace exe {
struct CurrentWorkers {
  Workers *w;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  Workers *await_resume() const noexcept { return w; }
};
CurrentWorkers current_workers();
} // namespace exe

demo::task<> sleep_without_executor(std::chrono::milliseconds d) {
  exe::Workers *w = co_await exe::current_workers();
  if (!w) {
    std::this_thread::sleep_for(d); // no executor: the kind cannot be told
    co_return;
  }
  co_await w->hop();
}

demo::task<> sleep_with_executor(std::chrono::milliseconds d) {
  exe::Workers *w = co_await exe::current_workers();
  if (w != nullptr) {
    std::this_thread::sleep_for(d);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleep_with_executor' stalls the event loop thread
    // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleep_with_executor' stalls the event loop thread
  }
}

demo::task<> null_argument(exe::Workers *w, std::chrono::milliseconds d) {
  if (w == nullptr) {
    std::this_thread::sleep_for(d); // not the coroutine's own executor
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'null_argument' stalls the event loop thread
    // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'null_argument' stalls the event loop thread
  }
  co_return;
}

// The promise posts an object built from the handle (a functor holding it
// and a flag), not a lambda: the object carries the handle to the executor.
namespace exe {
struct resume_functor {
  std::coroutine_handle<> h;
  bool *interrupted;
  void operator()() { h.resume(); }
};
struct functor_task {
  struct promise_type {
    Executor *ex = nullptr;
    bool interrupted = false;
    template <class... Args>
    promise_type(executor_tag, Executor &e, Args &&...) : ex(&e) {}
    promise_type() = default;
    functor_task get_return_object() { return {}; }
    struct Start {
      promise_type &p;
      bool await_ready() const noexcept { return p.ex == nullptr; }
      void await_suspend(std::coroutine_handle<> h) {
        p.ex->post(resume_functor{h, &p.interrupted});
      }
      void await_resume() const noexcept {}
    };
    Start initial_suspend() { return Start{*this}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
} // namespace exe

exe::functor_task functor_on_blocking_pool(exe::executor_tag,
                                           exe::BlockingPool &pool) {
  std::this_thread::sleep_for(1ms); // started on an executor for blocking: silent
  co_return;
}

exe::functor_task functor_on_cpu_pool(exe::executor_tag, exe::CpuPool &pool) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'functor_on_cpu_pool' blocks a worker of the thread pool 'exe::CpuPool' that runs it
  co_return;
}

// --- 2. Which executor: pools, executors for blocking --------------------

demo::task<> on_unknown_executor(exe::Executor &ex) {
  co_await exe::resume_on(ex);
  std::this_thread::sleep_for(1ms); // which executor cannot be told: silent
}

demo::task<> on_cpu_pool(exe::CpuPool &pool) {
  co_await exe::resume_on(pool);
  std::this_thread::sleep_for(1ms);
  // resume_on takes the base; the co_await names the listed pool (OPT: unlisted
  // and owning no threads, so silent).
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_cpu_pool' blocks a worker of the thread pool 'exe::CpuPool' that runs it
}

exe::pooled_task started_on_cpu_pool(exe::executor_tag, exe::CpuPool &pool) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'started_on_cpu_pool' blocks a worker of the thread pool 'exe::CpuPool' that runs it
  co_return;
}

exe::pooled_task started_on_blocking_pool(exe::executor_tag,
                                          exe::BlockingPool &pool) {
  std::this_thread::sleep_for(1ms); // an executor made for blocking: silent
  co_return;
}

demo::task<> on_listed_pool(exe::Workers &w) {
  co_await w.hop();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_listed_pool' blocks a worker thread of 'exe::Workers' that runs it
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_listed_pool' blocks a worker of the thread pool 'exe::Workers' that runs it
}

// --- 3. Coroutine templates ----------------------------------------------

template <class Pool> demo::task<> templated_after_switch(Pool &p) {
  co_await p.hop();
  std::this_thread::sleep_for(1ms); // the instantiation shows the switch
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'templated_after_switch' blocks a worker thread of 'exe::Workers' that runs it
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'templated_after_switch' blocks a worker of the thread pool 'exe::Workers' that runs it
}
template demo::task<> templated_after_switch(exe::Workers &);

template <class Pool> demo::task<> templated_before_switch(Pool &p) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'templated_before_switch' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'templated_before_switch' stalls the event loop thread
  co_await p.hop();
}
template demo::task<> templated_before_switch(exe::Workers &);

template <class T> demo::task<> never_instantiated(T &) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'never_instantiated' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'never_instantiated' stalls the event loop thread
  co_return;
}

// --- 4. A callable forwarded into a coroutine ----------------------------

template <class F> demo::task<> run_later(F f) {
  co_await std::suspend_always{};
  f();
}

demo::task<> forwards_into_coroutine() {
  auto t = run_later([] { std::this_thread::sleep_for(1ms); }); // runs when t runs: silent here
  co_await t;
}

template <class F> void call_now(F f) { f(); }

demo::task<> calls_in_place() {
  call_now([] {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'calls_in_place' stalls the event loop thread
    // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'calls_in_place' stalls the event loop thread
  });
  co_return;
}

// --- 5. Waits on what is complete ----------------------------------------

demo::task<> polled_then_get(std::future<int> &f) {
  if (f.wait_for(0s) == std::future_status::ready) {
    int v = f.get(); // checked ready: cannot block
    (void)v;
  }
  co_return;
}

demo::task<> not_ready_returns(std::future<int> &f) {
  if (f.wait_for(0s) != std::future_status::ready)
    co_return;
  int v = f.get(); // the not-ready path left
  (void)v;
}

demo::task<> asserted_ready(std::future<int> &f) {
  assert(f.wait_for(0s) == std::future_status::ready);
  f.get();
  co_return;
}

demo::task<> asserted_other(std::future<int> &f, std::future<int> &g) {
  assert(g.wait_for(0s) == std::future_status::ready);
  f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::get' in coroutine 'asserted_other' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::future::get' in coroutine 'asserted_other' stalls the event loop thread
  co_return;
}

demo::task<> get_on_other_future(std::future<int> &f, std::future<int> &g) {
  if (f.wait_for(0s) == std::future_status::ready)
    g.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::future::get' in coroutine 'get_on_other_future' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::future::get' in coroutine 'get_on_other_future' stalls the event loop thread
  co_return;
}

demo::task<> get_after_the_branch(std::future<int> &f) {
  if (f.wait_for(0s) == std::future_status::ready)
    (void)0;
  f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::get' in coroutine 'get_after_the_branch' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::future::get' in coroutine 'get_after_the_branch' stalls the event loop thread
  co_return;
}

// A get() after a wait() on the same future: only the wait blocks.
demo::task<> get_after_wait(std::future<int> f, std::future<int> g) {
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait' in coroutine 'get_after_wait' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::future::wait' in coroutine 'get_after_wait' stalls the event loop thread
  f.get();
  g.get(); // another future
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::get' in coroutine 'get_after_wait' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::future::get' in coroutine 'get_after_wait' stalls the event loop thread
  co_return;
}

// A helper whose wait is dominated by the check on its parameter.
static int take_if_ready(std::future<int> &f) {
  if (f.wait_for(0s) != std::future_status::ready)
    return -1;
  return f.get();
}
static int take(std::future<int> &f) { return f.get(); }

demo::task<> through_helpers(std::future<int> &f) {
  take_if_ready(f);
  take(f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'take' in coroutine 'through_helpers' stalls the event loop thread: it blocks in 'std::future::get'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: call to 'take' in coroutine 'through_helpers' stalls the event loop thread: it blocks in 'std::future::get'
  co_return;
}

// An awaitable that yields completed futures.
struct ready_futures {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) {}
  std::vector<std::future<int>> await_resume();
};
struct resolvable {
  std::future<int> fut;
  ready_futures resolve();
};

demo::task<> results_of_co_await(resolvable &r) {
  auto results = co_await r.resolve();
  results[0].get(); // produced by co_await: complete
}

demo::task<> awaited_then_get(resolvable &r) {
  co_await r.resolve();
  r.fut.get(); // not the object the co_await was about
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::get' in coroutine 'awaited_then_get' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::future::get' in coroutine 'awaited_then_get' stalls the event loop thread
}

// Helpers that wait on their parameter, given what a co_await produced: the
// argument is complete at the call, so the wait inside does not block.
static int value_of(std::future<int> f) { return f.get(); }
static int value_of_ref(std::future<int> &f) { return f.get(); }
static int value_two_hops(std::future<int> f) { return value_of(std::move(f)); }

demo::task<> helpers_on_awaited_results(resolvable &r) {
  auto results = co_await r.resolve();
  value_of(std::move(results[0]));
  value_of_ref(results[1]);
  value_two_hops(std::move(results[2]));
  auto &last = results[3];
  value_of(std::move(last)); // a local reference to an element
}

demo::task<> helper_on_another_future(resolvable &r, std::future<int> f) {
  auto results = co_await r.resolve();
  value_of(std::move(f)); // not what the co_await produced
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'value_of' in coroutine 'helper_on_another_future' stalls the event loop thread: it blocks in 'std::future::get'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: call to 'value_of' in coroutine 'helper_on_another_future' stalls the event loop thread: it blocks in 'std::future::get'
}

// --- 6. Deferred launch ---------------------------------------------------

// The deferred function runs inside get(), on the coroutine's thread: a
// blocking call in it blocks there.
demo::task<> deferred_get() {
  auto fut = std::async(std::launch::deferred, [] {
    std::this_thread::sleep_for(1ms);
    return 1;
  });
  fut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::get' in coroutine 'deferred_get' stalls the event loop thread
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::future::get' in coroutine 'deferred_get' stalls the event loop thread
  co_return;
}

