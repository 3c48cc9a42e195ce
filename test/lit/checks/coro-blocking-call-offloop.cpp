// coro-blocking-call, coroutines that run off the loop because of where their
// frames are made. A coroutine whose every creation site is visible in the
// translation unit (a lambda called on the spot or kept in a local that is
// only called, or a function of internal linkage only ever called) and is
//  * co_awaited by a coroutine that has already moved to a thread pool
//    (`co_await tp.schedule()` before it on every path), or by one that runs
//    off the loop itself, or
//  * handed to the pool (`tp.spawn_joinable(t())`, `tp.resume(t.handle())`,
//    `tp.schedule(t())`: the TaskOffloadFunctions list)
// runs on a pool thread: blocking there is what pools are for. libcoro's
// scheduler is the event loop, not such a pool. One creation
// site on the loop, an escaping lambda, an externally visible function: the
// body is judged as before.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=OPT %s coro-blocking-call %t.opt -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.TaskOffloadFunctions: '-coro::thread_pool::spawn_joinable;mylib::Pool::run'}}" -- -std=c++20 -I %S/Inputs
#include "blocking_libcoro_net.h"
#include "libcoro.h"
#include <chrono>
#include <functional>
#include <thread>

using namespace std::chrono_literals;

namespace mylib {
struct Pool {
  void run(coro::task<void> &&);
};
} // namespace mylib

// Awaited only after the caller moved to the pool.
coro::task<void> nested_after_switch(coro::thread_pool &tp) {
  auto work = [](int ms) -> coro::task<int> {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    co_return ms;
  };
  co_await tp.schedule();
  for (int i = 0; i < 3; ++i)
    co_await work(i);
}

// The same lambda awaited once before the switch: it runs on the loop then.
coro::task<void> nested_before_switch(coro::thread_pool &tp) {
  auto work = []() -> coro::task<> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda stalls the event loop thread
    // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    co_return;
  };
  co_await work();
  co_await tp.schedule();
  co_await work();
}

// A function of internal linkage, only awaited after a switch, and one
// awaited by it (transitively off the loop).
static coro::task<void> deep_helper() {
  std::this_thread::sleep_for(1ms);
  co_return;
}
static coro::task<void> helper_on_pool() {
  std::this_thread::sleep_for(1ms);
  co_await deep_helper();
}
coro::task<void> uses_helper(coro::thread_pool &tp) {
  co_await tp.yield();
  co_await helper_on_pool();
}

// Externally visible: other translation units may await it on the loop.
coro::task<void> visible_helper() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'visible_helper'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'visible_helper'
  co_return;
}
coro::task<void> uses_visible(coro::thread_pool &tp) {
  co_await tp.schedule();
  co_await visible_helper();
}

// An internal function whose address escapes: its callers are unknown.
static coro::task<void> escaping_helper() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'escaping_helper'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'escaping_helper'
  co_return;
}
std::function<coro::task<void>()> keep_helper() { return escaping_helper; }

// Handed to the pool, directly or through its handle.
void handed_to_pool(coro::thread_pool &tp, mylib::Pool &mine) {
  auto joined = []() -> coro::task<void> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES-OPT: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    co_return;
  };
  auto join = tp.spawn_joinable(joined());
  coro::sync_wait(join);

  auto resumed = []() -> coro::task<bool> {
    std::this_thread::sleep_for(1ms);
    co_return true;
  };
  auto t = resumed();
  tp.resume(t.handle());
  coro::sync_wait(t);

  coro::sync_wait(tp.schedule([]() -> coro::task<int> {
    std::this_thread::sleep_for(1ms);
    co_return 1;
  }()));

  mine.run([]() -> coro::task<void> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    co_return;
  }());
}

// Run on the calling thread (sync_wait), or the lambda escapes into a
// std::function: judged as before.
void not_on_pool(std::function<coro::task<void>()> &out) {
  auto here = []() -> coro::task<void> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    co_return;
  };
  coro::sync_wait(here());
  auto stored = []() -> coro::task<void> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    co_return;
  };
  out = stored;
}

// libcoro's scheduler is the I/O event loop: its schedule() is no switch to a
// pool, and what it spawns runs on the loop's threads.
coro::task<void> on_scheduler(coro::scheduler &s) {
  co_await s.schedule();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_scheduler'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_scheduler'
}
void spawned(coro::scheduler &s) {
  s.spawn_detached([]() -> coro::task<void> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    // CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    co_return;
  }());
}
