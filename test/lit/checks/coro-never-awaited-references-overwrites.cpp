// Locals the plain "never consumed" analysis skipped: references bound to the
// temporary task, and tasks overwritten before they are awaited.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=N %s coro-never-awaited %t.n -- -- -std=c++20 -I %S/Inputs
// With CheckLocals off, none of this is looked at.
// RUN: %check_coroguard --check-suffix=OFF %s coro-never-awaited %t.off -- \
// RUN:   --config="{CheckOptions: {coro-never-awaited.CheckLocals: false}}" -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <utility>
#include <vector>

demo::task<int> job(int id) { co_return id; }
demo::task<> ping() { co_return; }
bool ready();
void keep(demo::task<int> &&t);

// --- References bound to the temporary task -----------------------------------

demo::task<> forwarding_reference() {
  auto &&t = job(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine 'job' is never awaited: 't' is bound to the lazy 'demo::task<int>' it returns, but no path from here co_awaits, returns, moves or passes it on, so its body never runs [coro-never-awaited]
  // CHECK-NOTES-N: :[[@LINE-2]]:10: warning: coroutine 'job' is never awaited: 't' is bound to
  // CHECK-NOTES-N: :[[@LINE-11]]:17: note: 'job' declared here
  co_return;
}

void const_reference() {
  const auto &t = ping();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: coroutine 'ping' is never awaited: 't' is bound to the lazy 'demo::task<>' it returns, but no path
  // CHECK-NOTES-N: :[[@LINE-2]]:15: warning: coroutine 'ping' is never awaited: 't' is bound to
  // CHECK-NOTES-N: :[[@LINE-18]]:14: note: 'ping' declared here
  (void)t.done();
}

demo::task<> reference_awaited() {
  auto &&a = job(2);
  co_await a;
  const auto &b = ping();
  demo::sync_wait(b);
  auto &&c = job(3);
  keep(std::move(c));
}

// A reference to a task someone else owns is not this function's to await.
demo::task<int> &pending();
void reference_to_existing() {
  auto &t = pending();
  auto &&u = pending();
}

// --- Overwritten before awaited -----------------------------------------------

demo::task<> overwritten_then_awaited() {
  auto t = job(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'job' is never awaited: the lazy 'demo::task<int>' it returns is stored in 't' and overwritten before any path co_awaits, returns, moves or passes it on, so its body never runs [coro-never-awaited]
  // CHECK-NOTES-N: :[[@LINE-2]]:8: warning: coroutine 'job' is never awaited: the lazy 'demo::task<int>' it returns is stored in 't' and overwritten
  // CHECK-NOTES-N: :[[@LINE+2]]:5: note: 't' is overwritten here, destroying it unawaited
  // CHECK-NOTES-N: :[[@LINE-46]]:17: note: 'job' declared here
  t = job(2);
  co_await t;
}

demo::task<> reassigned_twice() {
  auto t = job(1);
  co_await t;
  t = job(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: coroutine 'job' is never awaited: the lazy 'demo::task<int>' it returns is assigned to 't' and overwritten before any path co_awaits
  // CHECK-NOTES-N: :[[@LINE-2]]:7: warning: coroutine 'job' is never awaited: the lazy 'demo::task<int>' it returns is assigned to 't'
  // CHECK-NOTES-N: :[[@LINE+2]]:5: note: 't' is overwritten here, destroying it unawaited
  // CHECK-NOTES-N: :[[@LINE-58]]:17: note: 'job' declared here
  t = job(3);
  co_await t;
}

demo::task<> overwritten_on_every_branch(bool fast) {
  auto t = job(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'job' is never awaited: the lazy 'demo::task<int>' it returns is stored in 't' and overwritten
  // CHECK-NOTES-N: :[[@LINE-2]]:8: warning: coroutine 'job' is never awaited
  // CHECK-NOTES-N: :[[@LINE+3]]:7: note: 't' is overwritten here
  // CHECK-NOTES-N: :[[@LINE+4]]:7: note: 't' is overwritten here
  if (fast)
    t = job(2);
  else
    t = job(3);
  // CHECK-NOTES-N: :[[@LINE-73]]:17: note: 'job' declared here
  co_await t;
}

demo::task<> overwritten_in_loop(int n) {
  auto t = job(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'job' is never awaited: the lazy 'demo::task<int>' it returns is stored in 't' and overwritten
  // CHECK-NOTES-N: :[[@LINE-2]]:8: warning: coroutine 'job' is never awaited
  // CHECK-NOTES-N: :[[@LINE+3]]:7: note: 't' is overwritten here
  // CHECK-NOTES-N: :[[@LINE-82]]:17: note: 'job' declared here
  for (int i = 0; i < n; ++i) {
    t = job(i);
    co_await t;
  }
}

demo::task<> reference_overwritten() {
  auto &&t = job(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: coroutine 'job' is never awaited: the lazy 'demo::task<int>' it returns is stored in 't' and overwritten
  // CHECK-NOTES-N: :[[@LINE-2]]:10: warning: coroutine 'job' is never awaited
  // CHECK-NOTES-N: :[[@LINE+2]]:5: note: 't' is overwritten here
  // CHECK-NOTES-N: :[[@LINE-94]]:17: note: 'job' declared here
  t = job(2);
  co_await t;
}

// --- Not overwritten before awaited -------------------------------------------

demo::task<> awaited_before_overwrite() {
  auto t = job(1);
  co_await t;
  t = job(2);
  co_await t;
}

void moved_out_before_overwrite(std::vector<demo::task<int>> &v) {
  auto t = job(1);
  v.push_back(std::move(t));
  t = job(2);
  v.push_back(std::move(t));
}

// Overwritten on one path only: the default is kept on the other.
demo::task<> overwritten_on_one_path(bool other) {
  auto t = job(1);
  if (other)
    t = job(2);
  co_await t;
}

demo::task<> awaited_each_iteration(int n) {
  auto t = job(0);
  for (int i = 1; i < n; ++i) {
    co_await t;
    t = job(i);
  }
  co_await t;
}

demo::task<> overwritten_by_a_lambda() {
  auto t = job(1);
  auto refill = [&t] { t = job(2); };
  refill();
  co_await t;
}

// Never consumed at all: the plain finding, once.
void never_consumed_with_overwrite() {
  auto t = job(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'job' is never awaited: 't' holds the lazy 'demo::task<int>' it returns, but no path
  // CHECK-NOTES-N: :[[@LINE-2]]:8: warning: coroutine 'job' is never awaited: 't' holds
  // CHECK-NOTES-N: :[[@LINE-144]]:17: note: 'job' declared here
  t = job(2);
}
