// coro-blocking-call, context boundaries: code in a lambda or local class is
// coroutine context only if it is a coroutine itself or runs in place there
// (called on the spot, kept in a local and called, passed to a standard
// algorithm or to a function of this translation unit that calls it);
// bodies handed to std::thread, std::jthread, std::async, pthread_create,
// run_in_executor and executors run elsewhere. Callbacks the event loop
// runs block it too. After 'co_await pool.schedule()' on every path, the
// coroutine runs on the pool.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs -I %src_root/runtime/include
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs -I %src_root/runtime/include
// RUN: %check_coroguard --check-suffix=NOCB %s coro-blocking-call %t.nocb -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.CheckLoopCallbacks: false}}" -- -std=c++20 -I %S/Inputs -I %src_root/runtime/include
#include "libcoro.h"
#include <algorithm>
#include <coroguard/coroguard.hpp>
#include <functional>
#include <future>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

template <typename F> void apply_now(F f) { f(); }
template <typename F> void keep_for_later(F f, std::vector<std::function<void()>> &out) {
  out.emplace_back(std::move(f));
}

coroguard::task<> in_place(std::vector<int> v) {
  [&] { usleep(1); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'usleep' in coroutine 'in_place' stalls
  // CHECK-MESSAGES-NOCB: :[[@LINE-2]]:9: warning: blocking call to 'usleep' in coroutine 'in_place' stalls
  auto pause = [] { sleep(1); };
  pause();
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: blocking call to 'sleep' in coroutine 'in_place'
  // CHECK-MESSAGES-NOCB: :[[@LINE-3]]:21: warning: blocking call to 'sleep' in coroutine 'in_place'
  std::for_each(v.begin(), v.end(), [](int) { usleep(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: blocking call to 'usleep' in coroutine 'in_place'
  // CHECK-MESSAGES-NOCB: :[[@LINE-2]]:47: warning: blocking call to 'usleep' in coroutine 'in_place'
  apply_now([] { usleep(3); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'usleep' in coroutine 'in_place'
  // CHECK-MESSAGES-NOCB: :[[@LINE-2]]:18: warning: blocking call to 'usleep' in coroutine 'in_place'
  co_return;
}

void *thread_main(void *) {
  sleep(1);
  return nullptr;
}

coroguard::task<> elsewhere(coroguard::event_loop &loop) {
  std::thread t([] { std::this_thread::sleep_for(1s); });
  t.detach();
  std::jthread j([] { sleep(1); });
  auto f = std::async(std::launch::async, [] {
    std::this_thread::sleep_for(1s);
    return 1;
  });
  pthread_t pt;
  pthread_create(&pt, nullptr, [](void *) -> void * { sleep(1); return nullptr; }, nullptr);
  pthread_create(&pt, nullptr, thread_main, nullptr);
  int r = co_await loop.run_in_executor(nullptr, [] {
    std::this_thread::sleep_for(1s);
    return 2;
  });
  coroguard::thread_pool_executor pool(2);
  pool.submit([] { usleep(5); });
  // Stored for an unknown later: not judged.
  std::vector<std::function<void()>> later;
  keep_for_later([] { usleep(6); }, later);
  std::function<void()> cb = [] { usleep(7); };
  later.push_back(cb);
  // A local class's methods are functions of their own.
  struct Local {
    static void run() { sleep(2); }
  };
  (void)r;
  co_return;
}

// An awaiter that starts a helper thread in await_suspend: the thread's body
// runs elsewhere, and await_suspend itself is part of the co_await.
struct thread_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    std::thread([h] {
      std::this_thread::sleep_for(10ms);
      h.resume();
    }).detach();
  }
  void await_resume() const noexcept {}
};
coroguard::task<> uses_awaiter() {
  co_await thread_awaiter{};
}

// A plain function (a test body) that defines coroutine lambdas: its own
// blocking calls are fine, the lambdas' are not.
void test_body() {
  std::this_thread::sleep_for(1ms);
  auto coro = []() -> coroguard::task<int> {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda stalls the event loop thread; use 'co_await coroguard::sleep(...)'
    // CHECK-MESSAGES-NOCB: :[[@LINE-2]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine lambda
    co_return 1;
  };
  coroguard::run(coro());
  std::future<int> f = std::async([] { return 1; });
  f.get();
}

// Callbacks the event loop runs on its thread block it like a coroutine.
void tick() { usleep(100); }
// CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'usleep' in a callback the event loop runs ('coroguard::event_loop::call_later') stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime)
void on_readable() { sleep(1); }
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking call to 'sleep' in a callback the event loop runs ('coroguard::event_loop::add_reader')
void schedule_callbacks(coroguard::event_loop &loop) {
  loop.call_soon([] { usleep(10); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: blocking call to 'usleep' in a callback the event loop runs ('coroguard::event_loop::call_soon') stalls the event loop thread
  loop.call_later(1s, tick);
  loop.add_reader(0, on_readable);
  loop.call_soon_threadsafe([] { std::this_thread::sleep_for(1ms); });
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: blocking call to 'std::this_thread::sleep_for' in a callback the event loop runs ('coroguard::event_loop::call_soon_threadsafe')
}

// Moving to a thread pool: after 'co_await pool.schedule()' on every path
// the coroutine runs on the pool, and blocking there is the point.
coro::task<void> on_pool(coro::thread_pool &tp, bool cond) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_pool' stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime)
  // CHECK-MESSAGES-NOCB: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_pool'
  co_await tp.schedule();
  std::this_thread::sleep_for(1ms);
  if (cond)
    usleep(1);
  co_return;
}
coro::task<void> maybe_on_pool(coro::thread_pool *tp, bool cond) {
  if (cond)
    co_await tp->schedule();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'maybe_on_pool'
  // CHECK-MESSAGES-NOCB: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'maybe_on_pool'
  for (int i = 0; i < 3; ++i) {
    usleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' in coroutine 'maybe_on_pool'
    // CHECK-MESSAGES-NOCB: :[[@LINE-2]]:5: warning: blocking call to 'usleep' in coroutine 'maybe_on_pool'
    co_await tp->schedule();
  }
}
