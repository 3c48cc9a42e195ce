// coro-async-generator-outside-loop on coroguard::async_generator (the real
// runtime): created in main or another plain function (or on a thread of its
// own) and advanced there; silent when created inside a coroutine (also one
// started from main, and a lambda called in place inside one), when created
// in main and moved into a coroutine, in a loop callback, for generators
// without an asynchronous close; templates once; NOLINT.
// RUN: %check_coroguard %s coro-async-generator-outside-loop %t -- -- -std=c++20 -I %S/../../../runtime/include -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-async-generator-outside-loop %t.load -- -- -std=c++20 -I %S/../../../runtime/include -I %S/Inputs
#include "asyncgen_libs.h"
#include <coroguard/coroguard.hpp>
#include <thread>
#include <utility>

using coroguard::async_generator;
using coroguard::task;

async_generator<int> numbers();
task<void> consume(async_generator<int> g);

int main() {
  coroguard::runner r;
  auto g = numbers();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: async generator returned by 'numbers' is created in 'main', which is not a coroutine, and advanced there: no running event loop owns it, so its asynchronous cleanup may never run; create and iterate it inside a coroutine that the event loop runs [coro-async-generator-outside-loop]
  auto first = r.run(g.next());
  // CHECK-NOTES: :[[@LINE-1]]:24: note: advanced here with 'next()' outside a coroutine
  auto second = r.run(g.next());
  return first.value_or(0) + second.value_or(0);
}

void run_until_complete(coroguard::event_loop &loop) {
  auto g = numbers();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: async generator returned by 'numbers' is created in 'run_until_complete', which is not a coroutine
  while (auto v = loop.run_until_complete(g.next()))
    // CHECK-NOTES: :[[@LINE-1]]:45: note: advanced here with 'next()'
    ;
  loop.run_until_complete(g.aclose());
}

void temporary(coroguard::event_loop &loop) {
  auto v = loop.run_until_complete(numbers().next());
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: async generator returned by 'numbers' is created in 'temporary', which is not a coroutine
  // CHECK-NOTES: :[[@LINE-2]]:46: note: advanced here with 'next()'
}

void scheduled(coroguard::event_loop &loop) {
  auto g = []() -> async_generator<int> { co_yield 1; }();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: async generator returned by a coroutine lambda is created in 'scheduled', which is not a coroutine
  auto h = loop.create_task(g.next());
  // CHECK-NOTES: :[[@LINE-1]]:31: note: advanced here with 'next()'
  loop.run_until_complete(h);
}

// On a thread of its own: no loop runs there until coroguard::run starts one.
void on_a_thread() {
  std::thread t([] {
    auto g = numbers();
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: async generator returned by 'numbers' is created in a lambda, which is not a coroutine
    coroguard::run(g.next());
    // CHECK-NOTES: :[[@LINE-1]]:22: note: advanced here with 'next()'
  });
  t.join();
}

template <typename T> void templated(coroguard::event_loop &loop) {
  auto g = numbers();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: async generator returned by 'numbers' is created in 'templated', which is not a coroutine
  loop.run_until_complete(g.next());
  // CHECK-NOTES: :[[@LINE-1]]:29: note: advanced here
}
template void templated<int>(coroguard::event_loop &);
template void templated<long>(coroguard::event_loop &);

// ---- silent ---------------------------------------------------------------

task<void> inside_a_coroutine() {
  auto g = numbers();
  while (auto v = co_await g.next())
    ;
  auto h = [] { return numbers(); }(); // a lambda called in place
  (void)co_await h.next();
  co_await h.aclose();
}

task<void> amain() {
  auto g = numbers();
  (void)co_await g.next();
  co_await g.aclose();
}

int started_from_main() {
  coroguard::run(amain());
  return 0;
}

int moved_into_a_coroutine() {
  auto g = numbers();
  coroguard::run(consume(std::move(g)));
  return 0;
}

void in_a_loop_callback(coroguard::event_loop &loop) {
  loop.call_soon([&loop] {
    auto g = numbers();
    (void)loop.create_task(consume(std::move(g)));
  });
}

// Libraries whose generators have no asynchronous close need no loop.
int folly_in_main() {
  folly::coro::AsyncGenerator<int> gen;
  auto make = [] { return folly::coro::AsyncGenerator<int>(); };
  auto g = make();
  return folly::coro::blockingWait(g.next()) + folly::coro::blockingWait(gen.next());
}

void suppressed(coroguard::event_loop &loop) {
  auto g = numbers(); // NOLINT(coro-async-generator-outside-loop)
  loop.run_until_complete(g.next());
}
