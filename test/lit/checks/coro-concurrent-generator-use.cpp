// coro-concurrent-generator-use on coroguard::async_generator (the real
// runtime): two operations started with create_task, a started one and one
// awaited on the spot, a close while an advance is in flight, two operations
// gathered, one started on every iteration, a member generator; silent when
// the first is awaited in between (on every path), for sequential awaits,
// different generators, lazy tasks not started, handles handed elsewhere;
// templates once; NOLINT.
// RUN: %check_coroguard %s coro-concurrent-generator-use %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-concurrent-generator-use %t.load -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <utility>
#include <vector>

using coroguard::async_generator;
using coroguard::task;
using coroguard::task_handle;

async_generator<int> rows();
void keep(task_handle<std::optional<int>> h);
bool flag();

task<void> two_tasks() {
  auto &loop = coroguard::get_running_loop();
  auto g = rows();
  auto a = loop.create_task(g.next());
  auto b = loop.create_task(g.next());
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: 'g.next()' is started on async generator 'g' while 'g.next()', started earlier, may still be in flight: a generator runs one operation at a time, so this one fails with 'asynchronous generator is already running'; await the earlier operation first [coro-concurrent-generator-use]
  // CHECK-NOTES: :[[@LINE-3]]:29: note: 'g.next()' started here, and not awaited before
  (void)co_await a;
  (void)co_await b;
  co_await g.aclose();
}

// The runtime example's case: the second one awaited on the spot.
task<void> started_then_awaited() {
  auto g = rows();
  auto first = coroguard::get_running_loop().create_task(g.next());
  co_await coroguard::sleep(std::chrono::milliseconds(1));
  (void)co_await g.next();
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'g.next()' is started on async generator 'g' while 'g.next()', started earlier, may still be in flight
  // CHECK-NOTES: :[[@LINE-4]]:58: note: 'g.next()' started here
  (void)co_await first;
}

task<void> close_while_in_flight() {
  auto g = rows();
  coroguard::get_running_loop().create_task(g.next());
  co_await g.aclose();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'g.aclose()' is started on async generator 'g' while 'g.next()', started earlier, may still be in flight
  // CHECK-NOTES: :[[@LINE-3]]:45: note: 'g.next()' started here
}

task<void> awaited_on_one_path_only() {
  auto g = rows();
  auto a = coroguard::get_running_loop().create_task(g.next());
  if (flag())
    (void)co_await a;
  (void)co_await g.asend(1);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'g.asend(1)' is started on async generator 'g' while 'g.next()', started earlier, may still be in flight
  // CHECK-NOTES: :[[@LINE-5]]:54: note: 'g.next()' started here
}

task<void> gathered() {
  auto g = rows();
  auto [x, y] = co_await coroguard::gather(g.next(), g.next());
  // CHECK-NOTES: :[[@LINE-1]]:54: warning: 'g.next()' and 'g.next()' act on the same async generator and are both passed to 'coroguard::gather', which runs them concurrently: a generator runs one operation at a time, so one of them fails with 'asynchronous generator is already running'; await them one after the other [coro-concurrent-generator-use]
  // CHECK-NOTES: :[[@LINE-2]]:44: note: 'g.next()' passed here
  co_await coroguard::when_all(g.next(), g.aclose());
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: 'g.aclose()' and 'g.next()' act on the same async generator and are both passed to 'coroguard::when_all'
  // CHECK-NOTES: :[[@LINE-2]]:32: note: 'g.next()' passed here
}

task<void> gathered_kept_task() {
  auto g = rows();
  auto first = g.next();
  co_await coroguard::gather(std::move(first), g.next());
  // CHECK-NOTES: :[[@LINE-1]]:48: warning: 'g.next()' and 'g.next()' act on the same async generator and are both passed to 'coroguard::gather'
  // CHECK-NOTES: :[[@LINE-3]]:16: note: 'g.next()' passed here
}

task<void> every_iteration() {
  auto &loop = coroguard::get_running_loop();
  auto g = rows();
  std::vector<task_handle<std::optional<int>>> pending;
  for (int i = 0; i < 4; ++i)
    pending.push_back(loop.create_task(g.next()));
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: 'g.next()' is started on async generator 'g' again on the next iteration while the previous one may still be in flight
  for (auto &h : pending)
    (void)co_await h;
}

struct feed {
  async_generator<int> gen;
  async_generator<int> other;
  task<void> pump() {
    auto &loop = coroguard::get_running_loop();
    auto a = loop.create_task(gen.next());
    auto b = loop.create_task(other.next()); // a different generator
    auto c = loop.create_task(this->gen.next());
    // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'this->gen.next()' is started on async generator 'gen' while 'gen.next()', started earlier
    // CHECK-NOTES: :[[@LINE-4]]:31: note: 'gen.next()' started here
    (void)co_await a;
    (void)co_await b;
    (void)co_await c;
  }
};

template <typename T> task<void> templated() {
  auto g = rows();
  auto a = coroguard::get_running_loop().create_task(g.next());
  auto b = coroguard::get_running_loop().create_task(g.next());
  // CHECK-NOTES: :[[@LINE-1]]:54: warning: 'g.next()' is started on async generator 'g' while
  // CHECK-NOTES: :[[@LINE-3]]:54: note: 'g.next()' started here
  (void)co_await a;
  (void)co_await b;
}
template task<void> templated<int>();
template task<void> templated<long>();

// ---- silent ---------------------------------------------------------------

task<void> awaited_in_between() {
  auto &loop = coroguard::get_running_loop();
  auto g = rows();
  auto a = loop.create_task(g.next());
  (void)co_await a;
  auto b = loop.create_task(g.next());
  (void)co_await b;
  co_await g.aclose();
}

task<void> awaited_by_a_lambda() {
  auto &loop = coroguard::get_running_loop();
  auto g = rows();
  auto a = loop.create_task(g.next());
  auto wait_first = [&a]() -> task<void> { (void)co_await a; };
  co_await wait_first();
  (void)co_await g.next();
}

task<void> sequential() {
  auto g = rows();
  (void)co_await g.next();
  (void)co_await g.next();
  co_await g.aclose();
}

task<void> different_generators() {
  auto g = rows();
  auto h = rows();
  auto [x, y] = co_await coroguard::gather(g.next(), h.next());
  auto &loop = coroguard::get_running_loop();
  auto a = loop.create_task(g.next());
  (void)co_await h.next();
  (void)co_await a;
}

task<void> lazy_not_started() {
  auto g = rows();
  auto a = coroguard::get_running_loop().create_task(g.next());
  auto later = g.next(); // made, not started
  (void)co_await a;
  (void)co_await std::move(later);
}

task<void> handle_handed_on() {
  auto g = rows();
  keep(coroguard::get_running_loop().create_task(g.next()));
  (void)co_await g.next();
}

task<void> suppressed() {
  auto g = rows();
  auto a = coroguard::get_running_loop().create_task(g.next());
  auto b = coroguard::get_running_loop().create_task(g.next()); // NOLINT(coro-concurrent-generator-use)
  (void)co_await a;
  (void)co_await b;
}
