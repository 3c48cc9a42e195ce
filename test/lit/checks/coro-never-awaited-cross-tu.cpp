// coro-never-awaited: a lazy task handed to a function that drops its task
// parameter (never names it) never runs. The function is in this file
// (LOCAL: the same definitions in this file) or in another one, summarised
// (Inputs/xtu/spawn.cpp); functions that store, await or hand on the task
// are fine, and without the summaries (NOSUM) nothing is known of them.
//
// RUN: rm -rf %t.sum && mkdir -p %t.sum
// RUN: %coroguard %S/Inputs/xtu/spawn.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/spawn.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %check_coroguard %s coro-never-awaited %t -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: %check_coroguard --check-suffix=LOCAL %s coro-never-awaited %t.local -- -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu -DLOCAL
// RUN: %check_coroguard --check-suffix=NOSUM %s coro-never-awaited %t.nosum -- -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
#include "spawn.h"
#include <utility>
#ifdef LOCAL
// The same functions, defined in this file (only functions of the main
// file are judged: a header's may stand in for a library's).
static std::vector<coroguard::task<void>> pending;
void run_later(coroguard::task<void> t) { pending.push_back(std::move(t)); }
void ignore_task(coroguard::task<void> t) {}
void forward_task(coroguard::task<void> &&t) { run_later(std::move(t)); }
void Scheduler::submit(coroguard::task<void> t) { kept = std::move(t); }
void Scheduler::drop(coroguard::task<void>) {}
#endif

coroguard::task<void> job();

void start(Scheduler &s) {
  run_later(job());
  s.submit(job());
  auto t = job();
  forward_task(std::move(t));
  ignore_task(job());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: the lazy task passed to 'ignore_task' never runs: 'ignore_task' never awaits, stores or hands on its parameter 't' [coro-never-awaited]
  // CHECK-NOTES: spawn.cpp:6:40: note: 'ignore_task' ({{.*}}spawn.cpp:6) drops the task here
  // CHECK-MESSAGES-LOCAL: :[[@LINE-3]]:15: warning: the lazy task passed to 'ignore_task' never runs
  s.drop(job());
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: the lazy task passed to 'Scheduler::drop' never runs: 'Scheduler::drop' never awaits, stores or hands on its parameter [coro-never-awaited]
  // CHECK-NOTES: spawn.cpp:9:43: note: 'Scheduler::drop' ({{.*}}spawn.cpp:9) drops the task here
  // CHECK-MESSAGES-LOCAL: :[[@LINE-3]]:10: warning: the lazy task passed to 'Scheduler::drop' never runs
}

// CHECK-MESSAGES-NOSUM-NOT: warning:
