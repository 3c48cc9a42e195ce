// Options: TaskTypes (local and global keys; add, override a preset to
// eager, override a structural type to ignore; malformed values),
// UsePresetTaskTypes, AllowVoidCast, CheckLocals, CheckVoidCallables.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=TT %s coro-never-awaited %t.tt -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.TaskTypes: 'mylib::Job=lazy; ::mylib::Deferred=lazy;cppcoro::task=eager;demo::task=ignore'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load --check-suffix=TT %s coro-never-awaited %t.tt.load -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.TaskTypes: 'mylib::Job=lazy; ::mylib::Deferred=lazy;cppcoro::task=eager;demo::task=ignore'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=GLOBAL %s coro-never-awaited %t.global -- \
// RUN:   --config="{CheckOptions: {TaskTypes: 'mylib::Job=lazy'}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=NOPRESET %s coro-never-awaited %t.nopreset -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.UsePresetTaskTypes: false}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=VOID %s coro-never-awaited %t.void -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.AllowVoidCast: true}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=NOLOCALS %s coro-never-awaited %t.nolocals -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.CheckLocals: false}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=NOCALLABLES %s coro-never-awaited %t.nocallables -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.CheckVoidCallables: false}}" -- -std=c++20 -I %S/Inputs
//
// A malformed TaskTypes value is a configuration error naming the entry;
// the well-formed entries around it still apply (cppcoro::task=eager).
// RUN: not %coroguard %s --checks=-*,coro-never-awaited \
// RUN:   --config="{CheckOptions: {coro-never-awaited.TaskTypes: 'mylib::Job=sometimes;cppcoro::task=eager;=lazy'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD --implicit-check-not="coroutine 'cc'"
// BAD: error: invalid 'TaskTypes' option: invalid entry 'mylib::Job=sometimes': expected 'qualified::name=lazy|eager|ignore'
// RUN: not %coroguard %s --checks=-*,coro-never-awaited \
// RUN:   --config="{CheckOptions: {TaskTypes: 'mylib::Job<int>=lazy'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD2
// BAD2: error: invalid 'TaskTypes' option: invalid entry 'mylib::Job<int>=lazy'
#include "cppcoro.h"
#include "demo_task.h"
#include <functional>
#include <tuple>

namespace mylib {
// An initial_suspend whose awaiter decides at run time: structure cannot
// tell lazy from eager, so the check stays silent unless told.
struct MaybeSuspend {
  bool ready;
  bool await_ready() const noexcept { return ready; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
template <typename T = void> class Job {
public:
  struct promise_type {
    bool inline_start = false;
    Job get_return_object() { return {}; }
    MaybeSuspend initial_suspend() noexcept { return {inline_start}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  auto operator co_await() && noexcept { return std::suspend_never{}; }
};
// A deferred operation: no promise and not awaitable by itself.
struct Deferred {
  template <typename Token> void operator()(Token &&) && {}
};
Deferred async_op();
} // namespace mylib

// A preset name (async_simple::coro::Lazy is lazy) on a type whose
// structure cannot tell: only the preset makes it lazy.
namespace async_simple::coro {
template <typename T = void> class Lazy {
public:
  struct promise_type {
    bool inline_start = false;
    Lazy get_return_object() { return {}; }
    mylib::MaybeSuspend initial_suspend() noexcept { return {inline_start}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  auto operator co_await() && noexcept { return std::suspend_never{}; }
};
} // namespace async_simple::coro

// A project's own plain struct that happens to carry a preset's name: no
// promise, not awaitable, so the preset does not apply.
namespace unifex {
struct task {
  int id;
};
task make_task(int id);
} // namespace unifex

// An opaque declaration of a preset type (no structure to contradict the
// preset, as in a forward-declared or minimal library header): the preset
// applies.
namespace exec {
template <typename T = void> class task {};
task<> opaque_work();
} // namespace exec

mylib::Job<> job() { co_return; }
async_simple::coro::Lazy<> lazy() { co_return; }
cppcoro::task<> cc() { co_return; }
demo::task<> dt() { co_return; }

demo::task<> user() {
  job();
  // CHECK-MESSAGES-TT: :[[@LINE-1]]:3: warning: coroutine 'job' is never awaited: the lazy 'mylib::Job<>' it returns is discarded
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:3: warning: coroutine 'job' is never awaited: the lazy 'mylib::Job<>' it returns is discarded
  mylib::async_op();
  // CHECK-MESSAGES-TT: :[[@LINE-1]]:3: warning: awaitable returned by 'mylib::async_op' is never awaited: the lazy 'mylib::Deferred' it returns is discarded, so it never takes effect
  lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'lazy' is never awaited: the lazy 'async_simple::coro::Lazy<>' it returns is discarded
  // CHECK-MESSAGES-TT: :[[@LINE-2]]:3: warning: coroutine 'lazy' is never awaited
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-3]]:3: warning: coroutine 'lazy' is never awaited
  // CHECK-MESSAGES-VOID: :[[@LINE-4]]:3: warning: coroutine 'lazy' is never awaited
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-5]]:3: warning: coroutine 'lazy' is never awaited
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-6]]:3: warning: coroutine 'lazy' is never awaited
  cc();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'cc' is never awaited: the lazy 'cppcoro::task<>' it returns is discarded
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:3: warning: coroutine 'cc' is never awaited
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:3: warning: coroutine 'cc' is never awaited
  // CHECK-MESSAGES-VOID: :[[@LINE-4]]:3: warning: coroutine 'cc' is never awaited
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-5]]:3: warning: coroutine 'cc' is never awaited
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-6]]:3: warning: coroutine 'cc' is never awaited
  dt();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'dt' is never awaited
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:3: warning: coroutine 'dt' is never awaited
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:3: warning: coroutine 'dt' is never awaited
  // CHECK-MESSAGES-VOID: :[[@LINE-4]]:3: warning: coroutine 'dt' is never awaited
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-5]]:3: warning: coroutine 'dt' is never awaited
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-6]]:3: warning: coroutine 'dt' is never awaited
  unifex::make_task(1);
  exec::opaque_work();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'exec::opaque_work' is never awaited: the lazy 'exec::task<>' it returns is discarded
  // CHECK-MESSAGES-TT: :[[@LINE-2]]:3: warning: awaitable returned by 'exec::opaque_work' is never awaited
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-3]]:3: warning: awaitable returned by 'exec::opaque_work' is never awaited
  // CHECK-MESSAGES-VOID: :[[@LINE-4]]:3: warning: awaitable returned by 'exec::opaque_work' is never awaited
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-5]]:3: warning: awaitable returned by 'exec::opaque_work' is never awaited
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-6]]:3: warning: awaitable returned by 'exec::opaque_work' is never awaited
  (void)dt();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: coroutine 'dt' is never awaited: casting the lazy 'demo::task<>' to void discards it
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:9: warning: coroutine 'dt' is never awaited: casting
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:9: warning: coroutine 'dt' is never awaited: casting
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-4]]:9: warning: coroutine 'dt' is never awaited: casting
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-5]]:9: warning: coroutine 'dt' is never awaited: casting
  std::ignore = cc();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: coroutine 'cc' is never awaited: assigning the lazy 'cppcoro::task<>' to 'std::ignore' discards it
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:17: warning: coroutine 'cc' is never awaited: assigning
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:17: warning: coroutine 'cc' is never awaited: assigning
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-4]]:17: warning: coroutine 'cc' is never awaited: assigning
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-5]]:17: warning: coroutine 'cc' is never awaited: assigning
  auto local = dt();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'dt' is never awaited: 'local' holds the lazy 'demo::task<>' it returns
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:8: warning: coroutine 'dt' is never awaited: 'local' holds
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:8: warning: coroutine 'dt' is never awaited: 'local' holds
  // CHECK-MESSAGES-VOID: :[[@LINE-4]]:8: warning: coroutine 'dt' is never awaited: 'local' holds
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-5]]:8: warning: coroutine 'dt' is never awaited: 'local' holds
  auto voided = dt();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'dt' is never awaited: 'voided' holds
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:8: warning: coroutine 'dt' is never awaited: 'voided' holds
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:8: warning: coroutine 'dt' is never awaited: 'voided' holds
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-4]]:8: warning: coroutine 'dt' is never awaited: 'voided' holds
  (void)voided;
  [[maybe_unused]] auto marked = dt();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: coroutine 'dt' is never awaited: 'marked' holds
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:25: warning: coroutine 'dt' is never awaited: 'marked' holds
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:25: warning: coroutine 'dt' is never awaited: 'marked' holds
  // CHECK-MESSAGES-NOCALLABLES: :[[@LINE-4]]:25: warning: coroutine 'dt' is never awaited: 'marked' holds
  std::function<void()> f = []() -> demo::task<> { co_return; };
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: coroutine lambda is passed as a void-returning callable
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:29: warning: coroutine lambda is passed as a void-returning callable
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-3]]:29: warning: coroutine lambda is passed as a void-returning callable
  // CHECK-MESSAGES-VOID: :[[@LINE-4]]:29: warning: coroutine lambda is passed as a void-returning callable
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-5]]:29: warning: coroutine lambda is passed as a void-returning callable
  co_await job();
  co_await lazy();
  co_await cc();
}
