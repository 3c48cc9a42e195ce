// coro-blocking-call after `co_await helper()`, the helper a coroutine of
// another file (Inputs/xtu/pools.cpp) that ends on another executor: the
// caller continues there (coroguard::task resumes its awaiter in place). A
// helper that ends on a pool leaves the blocking call reported as blocking a
// worker; one that ends on an executor made for blocking makes it fine; one
// that comes back to the loop, or stays there on some path, changes nothing.
// The same shapes with the helpers defined in this file (LOCAL) give the
// same answers.
//
// RUN: rm -rf %t.sum && mkdir -p %t.sum
// RUN: %coroguard %S/Inputs/xtu/pools.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/pools.cgsum, coroguard.SummaryOnly: true, Executors: 'exe::BlockingPool=blocking;coroguard::event_loop=loop'}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %check_coroguard %s coro-blocking-call %t -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum, Executors: 'exe::BlockingPool=blocking;coroguard::event_loop=loop'}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: %check_coroguard %s coro-blocking-call %t.local -- --config="{CheckOptions: {Executors: 'exe::BlockingPool=blocking;coroguard::event_loop=loop'}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu -DLOCAL
#include "pools.h"
#include <chrono>
#include <thread>

#ifdef LOCAL
#include "pools.cpp"
#endif

using namespace std::chrono_literals;

coroguard::task<void> a(exe::Workers &w) {
  co_await to_pool(w);
  std::this_thread::sleep_for(1ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'a' blocks a worker of the thread pool 'exe::Workers' that runs it; use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine is moved to 'exe::Workers' here
}

coroguard::task<void> b(exe::BlockingPool &p) {
  co_await to_blocking(p);
  std::this_thread::sleep_for(1ms);
}

coroguard::task<void> c(exe::Workers &w, coroguard::event_loop &l) {
  co_await round_trip(w, l);
  std::this_thread::sleep_for(1ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'c' stalls the event loop thread; use 'co_await coroguard::sleep(...)' [coro-blocking-call]
}

coroguard::task<void> d(exe::Workers &w) {
  co_await maybe_pool(w, true);
  std::this_thread::sleep_for(1ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'd' stalls the event loop thread; use 'co_await coroguard::sleep(...)' [coro-blocking-call]
}

coroguard::task<void> e() {
  co_await stays();
  std::this_thread::sleep_for(1ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'e' stalls the event loop thread; use 'co_await coroguard::sleep(...)' [coro-blocking-call]
}

// Before the helper's co_await, still on the loop.
coroguard::task<void> f(exe::BlockingPool &p) {
  std::this_thread::sleep_for(1ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'f' stalls the event loop thread; use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  co_await to_blocking(p);
}
