// Discarded eager handles of the bundled runtime (event_loop::create_task,
// run_in_executor): every statement position, explicit detaches, member calls
// on the handle, handles that live on elsewhere, templates, NOLINT, no
// overlap with coro-never-awaited.
// RUN: %check_coroguard %s coro-unobserved-task %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-unobserved-task %t.load -- -- -std=c++20 -I %S/../../../runtime/include
// Both checks together: each reports its own kind, never the other's.
// RUN: %check_coroguard --check-suffix=BOTH %s coro-unobserved-task,coro-never-awaited %t.both -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <tuple>
#include <utility>
#include <vector>

using coroguard::event_loop;
using coroguard::task;
using coroguard::task_handle;

task<void> work();
task<int> value();
bool flag();
void take(task_handle<> h);

// --- Reported -------------------------------------------------------------

task<void> statement() {
  auto &loop = coroguard::get_running_loop();
  loop.create_task(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is discarded: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with '(void)' [coro-unobserved-task]
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:8: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is discarded
  loop.create_task(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the eager 'coroguard::task_handle<int>' returned by 'coroguard::event_loop::create_task' is discarded
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:8: warning: the eager 'coroguard::task_handle<int>'
  (loop.create_task(work()));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is discarded
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:9: warning: the eager
  co_return;
}

// Outside coroutines too: a handle dropped in main loses its exception just
// as well.
int plain_main() {
  event_loop loop;
  loop.create_task(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the eager 'coroguard::task_handle<void>' returned by 'coroguard::event_loop::create_task' is discarded
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:8: warning: the eager
  loop.close();
  return 0;
}

task<void> positions(std::vector<int> xs) {
  auto &loop = coroguard::get_running_loop();
  if (flag())
    loop.create_task(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the eager 'coroguard::task_handle<void>'
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:10: warning: the eager
  for (int x : xs)
    loop.create_task(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the eager 'coroguard::task_handle<int>'
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:10: warning: the eager
  flag() ? loop.create_task(work()) : loop.create_task(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the eager 'coroguard::task_handle<void>'
  // CHECK-MESSAGES: :[[@LINE-2]]:44: warning: the eager 'coroguard::task_handle<void>'
  // CHECK-MESSAGES-BOTH: :[[@LINE-3]]:17: warning: the eager
  // CHECK-MESSAGES-BOTH: :[[@LINE-4]]:44: warning: the eager
  loop.create_task(work()), flag();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the eager 'coroguard::task_handle<void>'
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:8: warning: the eager
  co_return;
}

// run_in_executor's future: the job is already submitted; its exception is
// lost with the future.
task<void> executor_job() {
  auto &loop = coroguard::get_running_loop();
  loop.run_in_executor(nullptr, [] { return 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the eager 'coroguard::executor_future<int>' returned by 'coroguard::event_loop::run_in_executor' is discarded: it already runs
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:8: warning: the eager 'coroguard::executor_future<int>'
  co_await loop.run_in_executor(nullptr, [] { return 2; });
}

// A factory that wraps create_task hands on the same handle: the drop is at
// the caller.
task_handle<> spawn(task<void> t) {
  return coroguard::get_running_loop().create_task(std::move(t));
}
void spawns() {
  spawn(work());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'coroguard::task_handle<>' returned by 'spawn' is discarded
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:3: warning: the eager
}

// Templates: reported once, at the template's line.
template <typename T> task<void> generic(task<T> t) {
  coroguard::get_running_loop().create_task(std::move(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: the eager 'coroguard::task_handle<{{int|void}}>' returned by 'coroguard::event_loop::create_task' is discarded
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:33: warning: the eager
  co_return;
}
template task<void> generic(task<int>);
template task<void> generic(task<void>);

// NOLINT works.
void suppressed(event_loop &loop) {
  loop.create_task(work()); // NOLINT(coro-unobserved-task)
  // NOLINTNEXTLINE(coro-unobserved-task)
  loop.create_task(work());
}

// A member call on the handle that returns another handle: the new one is
// what is dropped. (task_handle has none; a user wrapper does.)
struct Job {
  task_handle<> h;
  task_handle<> then_log() && { return std::move(h); }
};
Job make_job();
void chained() {
  make_job().then_log();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: the eager 'coroguard::task_handle<>' returned by 'Job::then_log' is discarded
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:14: warning: the eager
}

// --- Not reported ---------------------------------------------------------

// Explicit detach, awaited, stored, passed on, returned.
task<void> observed(std::vector<task_handle<>> &all, task_handle<> &member) {
  auto &loop = coroguard::get_running_loop();
  (void)loop.create_task(work());
  std::ignore = loop.create_task(work());
  co_await loop.create_task(work());
  int v = co_await loop.create_task(value());
  all.push_back(loop.create_task(work()));
  all.emplace_back(loop.create_task(work()));
  member = loop.create_task(work());
  take(loop.create_task(work()));
  std::vector<task_handle<>> batch{loop.create_task(work())};
  // A member function called on the temporary uses it (result(), cancel(),
  // exception(), wait()...): the result of the member call is what counts.
  loop.create_task(work()).cancel();
  co_await loop.create_task(work()).wait();
  (void)v;
}

task_handle<> returned() {
  return coroguard::get_running_loop().create_task(work());
}

// Copies of a handle that lives on elsewhere (a getter, the standard
// library) do not lose its exception.
struct Registry {
  task_handle<> h;
  task_handle<> get() const { return h; }
  std::vector<task_handle<>> all;
};
void copies(Registry &r, task_handle<> &slot) {
  r.get();
  r.all.front();
  std::exchange(slot, task_handle<>{});
}

// Lazy tasks are coro-never-awaited's: this check is silent on them, and
// that check is silent on the eager handles above.
task<void> lazy_only() {
  work();
  // CHECK-MESSAGES-BOTH: :[[@LINE-1]]:3: warning: coroutine 'work' is never awaited: the lazy 'coroguard::task<{{(void)?}}>' it returns is discarded, so its body never runs [coro-never-awaited]
  co_return;
}

// The runtime's own headers detach with (void): nothing in them is reported
// (gather, wait_for, async generators and threadsafe are instantiated here).
task<void> runtime_use() {
  auto [a, b] = co_await coroguard::gather(value(), value());
  co_await coroguard::wait_for(work(), std::chrono::seconds(1));
  (void)a;
  (void)b;
}
