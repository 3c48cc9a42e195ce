// coro-blocking-call on callees that are objects and on inherited members.
// A table entry names a customisation-point object (the call's callee is
// its class's operator()) by the object's qualified name: a namespace-scope
// object, a static data member, a reference to a listed object, a lambda
// stored in a variable, a variable template, a global object (`::name`).
// The defaults list the real libraries' objects: folly::coro::blocking_wait
// (blockingWait is a reference to it), stdexec::sync_wait(_with_variant),
// unifex::sync_wait(_r). A table entry `lib::Pool::submit` names the member
// that a base declares (a CRTP base, a plain base) when the call is made on
// a `lib::Pool` or a class derived from it. Not matched: the same object
// class under another name, a copy in a local, the declaring base itself, a
// sibling class; nothing is reported in main or in a std::thread lambda.
// RUN: %check_coroguard %s coro-blocking-call %t -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.BlockingFunctions: 'lib::sync_wait -> co_await on the task; lib::sync_wait_r; lib::block_on; lib::runner::run; ::global_wait; lib::Pool::submit -> pool.submit_async(...); lib::Queue::push'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.BlockingFunctions: 'lib::sync_wait -> co_await on the task; lib::sync_wait_r; lib::block_on; lib::runner::run; ::global_wait; lib::Pool::submit -> pool.submit_async(...); lib::Queue::push'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
#include "blocking_cpo_libs.h"
#include "blocking_objects.h"
#include "demo_task.h"
#include <thread>

demo::task<int> value() { co_return 1; }

demo::task<void> objects() {
  lib::sync_wait(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::sync_wait' in coroutine 'objects' stalls the event loop thread; use co_await on the task [coro-blocking-call]
  lib::sync_wait.operator()(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::sync_wait' in coroutine 'objects'
  lib::wait_alias(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::sync_wait' in coroutine 'objects'
  lib::sync_wait_r<int>(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::sync_wait_r' in coroutine 'objects' stalls the event loop thread [coro-blocking-call]
  lib::block_on(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::block_on' in coroutine 'objects'
  lib::runner::run(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::runner::run' in coroutine 'objects'
  lib::runner r;
  r.run(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::runner::run' in coroutine 'objects'
  global_wait(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'global_wait' in coroutine 'objects'
  // The same class under a name no table lists, and a local copy.
  lib::poll_once(value());
  auto copy = lib::sync_wait;
  copy(value());
  co_return;
}

// The real libraries' objects, from the defaults.
demo::task<void> library_objects() {
  folly::coro::blocking_wait(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'folly::coro::blocking_wait' in coroutine 'library_objects' stalls the event loop thread; use 'co_await' on the task instead of a synchronous bridge
  folly::coro::blockingWait(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'folly::coro::blockingWait' in coroutine 'library_objects'
  stdexec::sync_wait(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'stdexec::sync_wait' in coroutine 'library_objects'
  stdexec::sync_wait_with_variant(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'stdexec::sync_wait_with_variant' in coroutine 'library_objects'
  unifex::sync_wait(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'unifex::sync_wait' in coroutine 'library_objects'
  unifex::sync_wait_r<int>(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'unifex::sync_wait_r' in coroutine 'library_objects'
  co_return;
}

// Through a helper of the translation unit.
void wait_here() { lib::sync_wait(value()); }
demo::task<void> via_helper() {
  wait_here();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'wait_here' in coroutine 'via_helper' stalls the event loop thread: it blocks in 'lib::sync_wait' (wait_here -> lib::sync_wait); use co_await on the task [coro-blocking-call]
  co_return;
}

// Inherited members, named through the class the call is made on.
class MyPool : public lib::Pool {};
demo::task<void> inherited(lib::Pool &pool, MyPool &mine, lib::Queue *queue,
                           lib::OtherQueue &other,
                           lib::detail::queue_base &base,
                           lib::PoolBase<lib::Pool> &crtp) {
  pool.submit(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::Pool::submit' in coroutine 'inherited' stalls the event loop thread; use pool.submit_async(...) [coro-blocking-call]
  mine.submit(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::Pool::submit' in coroutine 'inherited'
  queue->push(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lib::Queue::push' in coroutine 'inherited'
  // Another member of the same base; a sibling class; the declaring classes
  // themselves (the entries name the derived ones).
  pool.post(4);
  other.push(5);
  base.push(6);
  crtp.submit(7);
  co_return;
}

// Where the code does not run on the loop, nothing is reported.
int main() {
  lib::sync_wait(value());
  folly::coro::blockingWait(value());
  lib::Pool pool;
  pool.submit(1);
  std::thread worker([&pool] {
    lib::sync_wait(value());
    unifex::sync_wait(1);
    pool.submit(2);
  });
  worker.join();
  return 0;
}
