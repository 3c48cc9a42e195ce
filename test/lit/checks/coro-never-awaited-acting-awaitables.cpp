// Awaitables whose destructor performs the operation when they were not
// awaited ("starter" objects) are not dead work when dropped: not reported.
// Awaitables whose destructor only destroys what they own still are.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load -- -- -std=c++20
// RUN: %check_coroguard --check-suffix=N %s coro-never-awaited %t.n -- -- -std=c++20
// coro-unobserved-task does not take the acting ones for eager tasks either.
// RUN: %check_coroguard --check-suffix=UNOBSERVED %s coro-unobserved-task %t.u -- -- -std=c++20
#include <coroutine>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>
#include <tuple>
#include <utility>

void trace(const char *);

struct Scheduler {
  void start(int job);
  void post(std::coroutine_handle<> h);
  bool closed() const;
};

// --- Acting: not reported ---------------------------------------------------

// The destructor calls a member function of the object it points to.
struct StartOp {
  Scheduler *owner;
  int job;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { owner->post(h); }
  void await_resume() noexcept {}
  ~StartOp() { owner->start(job); }
};
StartOp start_job(Scheduler &s, int job);

// ... of an object it refers to.
struct PostOp {
  Scheduler &sched;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { sched.post(h); }
  void await_resume() noexcept {}
  ~PostOp() { sched.start(0); }
};
PostOp post_job(Scheduler &s);

// A free function handed `this`, or a member.
struct Spawner;
void launch(Spawner *self);
void enqueue_on(Scheduler &s, int job);
struct Spawner {
  int job = 0;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~Spawner() { launch(this); }
};
Spawner spawn_job();
struct Enqueuer {
  Scheduler *sched;
  int job;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~Enqueuer() { enqueue_on(*sched, job); }
};
Enqueuer enqueue_job(Scheduler &s);

// Guarded by a flag that awaiting sets: the operation happens either way.
struct Maker {
  Scheduler *owner;
  bool awaited = false;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    awaited = true;
    owner->post(h);
  }
  void await_resume() noexcept { awaited = true; }
  ~Maker() {
    if (!awaited)
      owner->start(1);
  }
};
Maker make_job(Scheduler &s);

// Through a smart pointer member, through an own helper, a stored callable.
struct SharedStart {
  std::shared_ptr<Scheduler> sched;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~SharedStart() { sched->start(2); }
};
SharedStart shared_start();
struct HelperStart {
  Scheduler *owner;
  bool started = false;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  void finish() {
    if (!started)
      owner->start(3);
  }
  ~HelperStart() { finish(); }
};
HelperStart helper_start();
struct OnDrop {
  std::function<void()> on_drop;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~OnDrop() {
    if (on_drop)
      on_drop();
  }
};
OnDrop on_drop();

// A class template: the instantiated destructor decides.
template <typename Owner> struct Kick {
  Owner *owner;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~Kick() { owner->start(4); }
};
Kick<Scheduler> kick(Scheduler &s);

// An awaitable that inherits the acting destructor.
struct DerivedStart : StartOp {};
DerivedStart derived_start();

// A coroutine type whose destructor runs the coroutine it was not awaited
// for.
struct RunOnDrop {
  struct promise_type {
    RunOnDrop get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> h;
  bool awaited = false;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept { awaited = true; }
  void await_resume() noexcept {}
  ~RunOnDrop() {
    if (h && !awaited)
      h.resume();
  }
};
RunOnDrop run_on_drop() { co_return; }

// The operation runs in a lambda the destructor hands to the standard
// library's in-place invokers (corral's nursery `Maker`: `std::apply`).
template <typename... Args> struct ApplyStart {
  Scheduler *owner;
  std::tuple<Args...> args;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~ApplyStart() {
    if (owner)
      std::apply([this](auto &&...a) { owner->start((a + ...)); },
                 std::move(args));
  }
};
ApplyStart<int, int> apply_start(Scheduler &s);

void acting(Scheduler &s) {
  start_job(s, 1);
  post_job(s);
  spawn_job();
  enqueue_job(s);
  make_job(s);
  shared_start();
  helper_start();
  on_drop();
  kick(s);
  derived_start();
  run_on_drop();
  apply_start(s);
  (void)start_job(s, 2);
  auto kept = make_job(s);
}

// --- Not acting: still reported ---------------------------------------------

// Only destroys the coroutine handle it owns.
struct HandleOwner {
  std::coroutine_handle<> h;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~HandleOwner() {
    if (h)
      h.destroy();
  }
};
HandleOwner handle_owner();

// Only frees memory.
struct Buffered {
  char *buf;
  void *raw;
  void *block;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~Buffered() {
    delete[] buf;
    std::free(raw);
    ::operator delete(block);
  }
};
Buffered buffered();

// Only resets its members.
struct Resetting {
  Scheduler *owner;
  std::unique_ptr<int> data;
  std::coroutine_handle<> h;
  int count = 0;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~Resetting() {
    owner = nullptr;
    data.reset();
    count = 0;
    h = {};
    std::exchange(h, nullptr);
  }
};
Resetting resetting();

// Defaulted.
struct Defaulted {
  Scheduler *owner;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~Defaulted() = default;
};
Defaulted defaulted();

// Only looks at the owner, or traces without touching anything it holds.
struct Inspecting {
  Scheduler *owner;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~Inspecting() {
    if (owner->closed())
      trace("dropped after close");
  }
};
Inspecting inspecting();

void not_acting() {
  handle_owner();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'handle_owner' is never awaited: the lazy 'HandleOwner' it returns is discarded, so it never takes effect [coro-never-awaited]
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: awaitable returned by 'handle_owner' is never awaited
  // CHECK-NOTES-N: :[[@LINE-64]]:13: note: 'handle_owner' declared here
  buffered();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'buffered' is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: awaitable returned by 'buffered' is never awaited
  // CHECK-NOTES-N: :[[@LINE-52]]:10: note: 'buffered' declared here
  resetting();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'resetting' is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: awaitable returned by 'resetting' is never awaited
  // CHECK-NOTES-N: :[[@LINE-37]]:11: note: 'resetting' declared here
  defaulted();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'defaulted' is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: awaitable returned by 'defaulted' is never awaited
  // CHECK-NOTES-N: :[[@LINE-31]]:11: note: 'defaulted' declared here
  inspecting();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'inspecting' is never awaited
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: awaitable returned by 'inspecting' is never awaited
  // CHECK-NOTES-N: :[[@LINE-22]]:12: note: 'inspecting' declared here
  auto kept = handle_owner();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: awaitable returned by 'handle_owner' is never awaited: 'kept' holds the lazy 'HandleOwner' it returns
  // CHECK-NOTES-N: :[[@LINE-2]]:8: warning: awaitable returned by 'handle_owner' is never awaited
  // CHECK-NOTES-N: :[[@LINE-84]]:13: note: 'handle_owner' declared here
}

// A lambda the destructor hands to the standard library that only touches
// what the object owns: still reported.
struct ApplyReset {
  std::tuple<int, int> args;
  int sum = 0;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  ~ApplyReset() {
    std::apply([this](int a, int b) { sum = a + b; }, args);
  }
};
ApplyReset apply_reset();

void not_acting_lambda() {
  apply_reset();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'apply_reset' is never awaited: the lazy 'ApplyReset' it returns is discarded, so it never takes effect [coro-never-awaited]
  // CHECK-NOTES-N: :[[@LINE-2]]:3: warning: awaitable returned by 'apply_reset' is never awaited
  // CHECK-NOTES-N: :[[@LINE-6]]:12: note: 'apply_reset' declared here
}
