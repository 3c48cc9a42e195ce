// Options: AllowVoidCast, CheckLocals, AllowedDetachCalls (add, remove a
// default), FireAndForgetTypes (add, remove a default), the shared TaskTypes
// (local and global keys) and UsePresetTaskTypes; malformed values.
// RUN: %check_coroguard %s coro-unobserved-task %t -- -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --check-suffix=NOVOID %s coro-unobserved-task %t.novoid -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.AllowVoidCast: false}}" -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load --check-suffix=NOVOID %s coro-unobserved-task %t.novoid.load -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.AllowVoidCast: false}}" -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --check-suffix=NOLOCALS %s coro-unobserved-task %t.nolocals -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.CheckLocals: false}}" -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --check-suffix=DETACH %s coro-unobserved-task %t.detach -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.AllowedDetachCalls: 'myapp::detach; myapp::Spawner::track ;-seastar::future::handle_exception'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --check-suffix=DETACHNOVOID %s coro-unobserved-task %t.detachnovoid -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.AllowedDetachCalls: 'myapp::detach', coro-unobserved-task.AllowVoidCast: false}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --check-suffix=FAF %s coro-unobserved-task %t.faf -- \
// RUN:   --config="{CheckOptions: {TaskTypes: 'mylib::Job=eager', coro-unobserved-task.FireAndForgetTypes: '-QCoro::Task;::mylib::Job'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --check-suffix=TT %s coro-unobserved-task %t.tt -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.TaskTypes: 'mylib::Job=eager;coroguard::task_handle=ignore'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load --check-suffix=TT %s coro-unobserved-task %t.tt.load -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.TaskTypes: 'mylib::Job=eager;coroguard::task_handle=ignore'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --check-suffix=NOPRESET %s coro-unobserved-task %t.nopreset -- \
// RUN:   --config="{CheckOptions: {UsePresetTaskTypes: false}}" -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
//
// Malformed values are configuration errors naming the entry; the
// well-formed entries around them still apply.
// RUN: not %coroguard %s --checks=-*,coro-unobserved-task \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.AllowedDetachCalls: 'my app::detach;myapp::detach'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include 2>&1 | FileCheck %s --check-prefix=BAD1 --implicit-check-not="returned by 'myapp::detach'"
// BAD1: error: invalid 'AllowedDetachCalls' option: invalid entry 'my app::detach': expected 'qualified::name', 'qualified::name -> suggestion' or '-qualified::name'
// RUN: not %coroguard %s --checks=-*,coro-unobserved-task \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.FireAndForgetTypes: 'QCoro::Task<int>;-QCoro::Task'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include 2>&1 | FileCheck %s --check-prefix=BAD2
// BAD2: error: invalid 'FireAndForgetTypes' option: invalid entry 'QCoro::Task<int>': expected 'qualified::TypeName' or '-qualified::TypeName'
// BAD2: warning: the eager 'QCoro::Task<>' returned by coroutine 'fetch_data' is discarded
// RUN: not %coroguard %s --checks=-*,coro-unobserved-task \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.SwallowingDetachCalls: 'a::b->', coro-unobserved-task.SwallowingDetachTypes: 'asio::'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include 2>&1 | FileCheck %s --check-prefix=BAD3
// BAD3-DAG: error: invalid 'SwallowingDetachCalls' option: invalid entry 'a::b->'
// BAD3-DAG: error: invalid 'SwallowingDetachTypes' option: invalid entry 'asio::'
// RUN: not %coroguard %s --checks=-*,coro-unobserved-task \
// RUN:   --config="{CheckOptions: {TaskTypes: 'mylib::Job=soon'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include 2>&1 | FileCheck %s --check-prefix=BAD4
// BAD4: error: invalid 'TaskTypes' option: invalid entry 'mylib::Job=soon': expected 'qualified::name=lazy|eager|ignore'
#include "unobserved_libs.h"
#include <coroguard/coroguard.hpp>
#include <tuple>

using coroguard::task;
using coroguard::task_handle;

task<void> work();

namespace myapp {
task_handle<> detach(task_handle<> h);
struct Spawner {
  task_handle<> track(task_handle<> h);
};
} // namespace myapp

// A project's own type that structure calls a plain awaitable (lazy); the
// project says it is eager.
namespace mylib {
struct Job {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};
Job submit();
} // namespace mylib

task<void> explicit_detach(myapp::Spawner &s) {
  auto &loop = coroguard::get_running_loop();
  (void)loop.create_task(work());
  // CHECK-MESSAGES-NOVOID: :[[@LINE-1]]:14: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is cast to void: it already runs, and an exception it ends with is never retrieved; await it or store it [coro-unobserved-task]
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-2]]:14: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is cast to void: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with 'myapp::detach' [coro-unobserved-task]
  std::ignore = loop.create_task(work());
  // CHECK-MESSAGES-NOVOID: :[[@LINE-1]]:22: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is assigned to 'std::ignore'
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-2]]:22: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is assigned to 'std::ignore'
  // A configured detach call that returns the handle: what it returns is
  // not reported.
  myapp::detach(loop.create_task(work()));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::detach' is discarded: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with '(void)' [coro-unobserved-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::detach' is discarded
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-3]]:3: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::detach' is discarded
  // CHECK-MESSAGES-FAF: :[[@LINE-4]]:3: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::detach' is discarded
  s.track(loop.create_task(work()));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::Spawner::track' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:5: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::Spawner::track' is discarded
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-3]]:5: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::Spawner::track' is discarded
  // CHECK-MESSAGES-FAF: :[[@LINE-4]]:5: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::Spawner::track' is discarded
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-5]]:5: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::Spawner::track' is discarded: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with 'myapp::detach'
  loop.create_task(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is discarded: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with '(void)' [coro-unobserved-task]
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:8: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is discarded: it already runs, and an exception it ends with is never retrieved; await it or store it [coro-unobserved-task]
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-3]]:8: warning: the eager 'coroguard::task_handle<void>'
  // CHECK-MESSAGES-DETACH: :[[@LINE-4]]:8: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is discarded: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with '(void)' or 'myapp::detach' or 'myapp::Spawner::track' [coro-unobserved-task]
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-5]]:8: warning: the eager 'coroguard::task_handle<void>'
  // CHECK-MESSAGES-FAF: :[[@LINE-6]]:8: warning: the eager 'coroguard::task_handle<void>'
  co_return;
}

// Locals: (void)h; and [[maybe_unused]] detach with AllowVoidCast.
task<void> locals() {
  auto &loop = coroguard::get_running_loop();
  auto a = loop.create_task(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'a'
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'a'
  // CHECK-MESSAGES-DETACH: :[[@LINE-3]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'a'
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-4]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'a'
  // CHECK-MESSAGES-FAF: :[[@LINE-5]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'a'
  auto b = loop.create_task(work());
  // CHECK-MESSAGES-NOVOID: :[[@LINE-1]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'b'
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-2]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'b'
  (void)b;
  [[maybe_unused]] auto c = loop.create_task(work());
  // CHECK-MESSAGES-NOVOID: :[[@LINE-1]]:34: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'c'
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-2]]:34: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'c'
  auto d = myapp::detach(loop.create_task(work()));
  // CHECK-MESSAGES-NOVOID: :[[@LINE-1]]:12: warning: the eager 'coroguard::task_handle<>' returned by 'myapp::detach' is kept in 'd'
  (void)d;
  co_return;
}

// seastar's handle_exception is a default AllowedDetachCalls entry.
seastar::future<> flush() { co_return; }
void seastar_handled() {
  flush().handle_exception([](std::exception_ptr) {});
  // CHECK-MESSAGES-DETACH: :[[@LINE-1]]:11: warning: the eager 'seastar::future<{{(void)?}}>' returned by 'seastar::future::handle_exception' is discarded
  flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  // CHECK-MESSAGES-NOVOID: :[[@LINE-2]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  // CHECK-MESSAGES-NOLOCALS: :[[@LINE-3]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  // CHECK-MESSAGES-DETACH: :[[@LINE-4]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  // CHECK-MESSAGES-DETACHNOVOID: :[[@LINE-5]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  // CHECK-MESSAGES-FAF: :[[@LINE-6]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  // CHECK-MESSAGES-TT: :[[@LINE-7]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
  // Without presets, structure still tells seastar::future is eager.
  // CHECK-MESSAGES-NOPRESET: :[[@LINE-9]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
}

// FireAndForgetTypes: QCoro::Task dropped from an ordinary function is silent
// by default; removing the default reports it; a project's own type can be
// added.
QCoro::Task<> fetch_data() { co_return; }
void slot() {
  fetch_data();
  // CHECK-MESSAGES-FAF: :[[@LINE-1]]:3: warning: the eager 'QCoro::Task<>' returned by coroutine 'fetch_data' is discarded
  mylib::submit();
  // CHECK-MESSAGES-TT: :[[@LINE-1]]:3: warning: the eager 'mylib::Job' returned by 'mylib::submit' is discarded
}
