// coro-cross-thread-loop-call: std::async(std::launch::deferred, f) runs f on
// the thread that calls get() or wait() on the future, not on another thread.
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-cross-thread-loop-call %t.load -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <future>

using coroguard::event_loop;

void deferred(event_loop &loop) {
  auto fut = std::async(std::launch::deferred, [&] { loop.call_soon([] {}); });
  fut.get();
}

void deferred_as_variable(event_loop &loop) {
  constexpr auto Policy = std::launch::deferred;
  auto fut = std::async(Policy, [&] { loop.call_soon([] {}); });
  fut.wait();
}

void async_policy(event_loop &loop) {
  auto fut = std::async(std::launch::async, [&] { loop.call_soon([] {}); });
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
  fut.get();
}

void either_policy(event_loop &loop) {
  auto fut = std::async(std::launch::async | std::launch::deferred,
                        [&] { loop.call_soon([] {}); });
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
  fut.get();
}
