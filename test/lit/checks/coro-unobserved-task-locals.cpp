// Eager handles kept in a local that no path awaits, stores, returns or
// passes on (control-flow graph): reported at the call that created the
// handle, with a note at the local.
// RUN: %check_coroguard %s coro-unobserved-task %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-unobserved-task %t.load -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <utility>
#include <vector>

using coroguard::event_loop;
using coroguard::task;
using coroguard::task_handle;

task<void> work();
task<int> value();
bool flag();
void log(bool);

// --- Reported -------------------------------------------------------------

task<void> never_used() {
  auto &loop = coroguard::get_running_loop();
  auto h = loop.create_task(work());
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'h', but no path from there awaits, stores, returns or passes it on: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with '(void)' [coro-unobserved-task]
  // CHECK-NOTES: :[[@LINE-2]]:8: note: 'h' declared here
  co_return;
}

void in_main() {
  event_loop loop;
  task_handle<int> h = loop.create_task(value());
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: the eager 'coroguard::task_handle<int>' returned by 'coroguard::event_loop::create_task' is kept in 'h'
  // CHECK-NOTES: :[[@LINE-2]]:20: note: 'h' declared here
  loop.run_forever();
  loop.close();
}

// Inspecting the handle (done(), cancelled(), valid(), id()) does not
// retrieve its exception.
task<void> only_inspected() {
  auto &loop = coroguard::get_running_loop();
  auto h = loop.create_task(work());
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'h'
  // CHECK-NOTES: :[[@LINE-2]]:8: note: 'h' declared here
  while (!h.done())
    co_await coroguard::sleep(std::chrono::milliseconds(1));
  log(h.cancelled());
  log(h.valid());
}

// An await that no path reaches does not count.
task<void> unreachable_await() {
  auto &loop = coroguard::get_running_loop();
  auto h = loop.create_task(work());
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'h'
  // CHECK-NOTES: :[[@LINE-2]]:8: note: 'h' declared here
  co_return;
  co_await h;
}

// The spellings that only name the type again.
task<void> spellings() {
  auto &loop = coroguard::get_running_loop();
  task_handle<> a{loop.create_task(work())};
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'a'
  // CHECK-NOTES: :[[@LINE-2]]:17: note: 'a' declared here
  auto b = task_handle<>(loop.create_task(work()));
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'b'
  // CHECK-NOTES: :[[@LINE-2]]:8: note: 'b' declared here
  co_return;
}

// A coroutine lambda's locals are its own.
void lambda_local() {
  auto body = []() -> task<void> {
    auto h = coroguard::get_running_loop().create_task(work());
    // CHECK-NOTES: :[[@LINE-1]]:44: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is kept in 'h'
    // CHECK-NOTES: :[[@LINE-2]]:10: note: 'h' declared here
    co_return;
  };
  (void)body;
}

// Templates: once, at the template's line.
template <typename T> task<void> generic(task<T> t) {
  auto h = coroguard::get_running_loop().create_task(std::move(t));
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: the eager 'coroguard::task_handle<{{int|void}}>' returned by 'coroguard::event_loop::create_task' is kept in 'h'
  // CHECK-NOTES: :[[@LINE-2]]:8: note: 'h' declared here
  co_return;
}
template task<void> generic(task<int>);
template task<void> generic(task<void>);

// NOLINT at the call.
task<void> suppressed() {
  auto h = coroguard::get_running_loop().create_task(work()); // NOLINT(coro-unobserved-task)
  co_return;
}

// --- Not reported ---------------------------------------------------------

task<void> awaited_later() {
  auto &loop = coroguard::get_running_loop();
  auto a = loop.create_task(work());
  auto b = loop.create_task(value());
  int v = co_await b;
  co_await a;
  (void)v;
}

// Consumed on some path is enough (the CFG question is "never").
task<void> awaited_on_one_branch() {
  auto h = coroguard::get_running_loop().create_task(work());
  if (flag())
    co_await h;
}

task<void> loop_await() {
  auto h = coroguard::get_running_loop().create_task(work());
  for (int i = 0; i < 3; ++i)
    if (flag()) {
      co_await std::move(h);
      break;
    }
}

task_handle<> returned() {
  auto h = coroguard::get_running_loop().create_task(work());
  return h;
}

void stored(std::vector<task_handle<>> &all, task_handle<> &member) {
  auto &loop = coroguard::get_running_loop();
  auto a = loop.create_task(work());
  all.push_back(a);
  auto b = loop.create_task(work());
  member = std::move(b);
  auto c = loop.create_task(work());
  auto keep = [c] { return c.done(); };
  (void)keep;
}

void run_it() {
  event_loop loop;
  auto h = loop.create_task(value());
  loop.run_until_complete(h); // passed on: returns the result or rethrows
  loop.close();
}

void retrieved_by_members() {
  auto &loop = coroguard::get_running_loop();
  auto a = loop.create_task(work());
  a.result();
  auto b = loop.create_task(work());
  (void)b.exception();
  auto c = loop.create_task(work());
  c.cancel();
}

// Explicit detach of a local: (void)h; or [[maybe_unused]].
task<void> detached_local() {
  auto &loop = coroguard::get_running_loop();
  auto a = loop.create_task(work());
  (void)a;
  [[maybe_unused]] auto b = loop.create_task(work());
  co_return;
}

// Not a handle-creating call: a copy of one that lives on.
struct Registry {
  task_handle<> h;
  task_handle<> get() const { return h; }
};
void copy_of_kept(Registry &r) {
  auto h = r.get();
  log(h.done());
}

// References, statics, parameters are not this analysis's business.
void others(task_handle<> param, Registry &r) {
  const task_handle<> &ref = r.h;
  static task_handle<> kept = coroguard::get_running_loop().create_task(work());
  (void)ref;
}
