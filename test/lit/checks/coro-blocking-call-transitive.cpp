// coro-blocking-call, transitive rule: a function of this translation unit
// that (directly or through others) makes a blocking call blocks; the call
// in the coroutine is reported with a note at each step of the chain.
// Recursion terminates; annotations mark user functions blocking or
// non-blocking; virtual calls, coroutines, system headers and lambdas
// handed to threads do not propagate.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/blocking_sys
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/blocking_sys
// RUN: %check_coroguard --check-suffix=OFF %s coro-blocking-call %t.off -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.Transitive: false}}" -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/blocking_sys
#include "demo_task.h"
#include <blocking_syslib.h>
#include <future>
#include <thread>

void slow_helper() { std::this_thread::sleep_for(std::chrono::seconds(1)); }
void outer_helper() { slow_helper(); }

demo::task<> handler() {
  outer_helper();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'outer_helper' in coroutine 'handler' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (outer_helper -> slow_helper -> std::this_thread::sleep_for); use an awaitable timer ('co_await' a sleep of your runtime) [coro-blocking-call]
  // CHECK-NOTES: :17:23: note: 'outer_helper' calls 'slow_helper' here
  // CHECK-NOTES: :16:22: note: 'slow_helper' calls blocking 'std::this_thread::sleep_for' here
  co_return;
}

// Recursion: the walk ends; a cycle that reaches a blocking call blocks.
void ping(int n);
void pong(int n) {
  if (n)
    ping(n - 1);
}
void ping(int n) {
  if (n > 10)
    pong(n - 1);
  else if (n == 3)
    std::future<int>().wait();
}
void spin(int n) {
  if (n)
    spin(n - 1);
}
void even(int n);
void odd(int n) {
  if (n)
    even(n - 1);
}
void even(int n) {
  if (n)
    odd(n - 1);
}
demo::task<> recursive() {
  pong(20);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'pong' in coroutine 'recursive' stalls the event loop thread: it blocks in 'std::future::wait' (pong -> ping -> std::future::wait)
  // CHECK-NOTES: :31:5: note: 'pong' calls 'ping' here
  // CHECK-NOTES: :37:5: note: 'ping' calls blocking 'std::future::wait' here
  spin(3);
  odd(4);
  co_return;
}

// Annotations.
[[clang::annotate("coroguard::blocking")]] void legacy_db_query();
[[clang::annotate("coroguard::nonblocking")]] void fast_path() {
  // Bounded and measured: the author vouches for it.
  std::this_thread::sleep_for(std::chrono::microseconds(1));
}
[[clang::annotate("coroguard::nonblocking")]] void
    std_sleep_wrapper(std::chrono::nanoseconds);
void uses_fast_path() { fast_path(); }
void uses_legacy() { legacy_db_query(); }
demo::task<> annotated() {
  legacy_db_query();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'legacy_db_query' in coroutine 'annotated' stalls the event loop thread [coro-blocking-call]
  // CHECK-MESSAGES-OFF: :[[@LINE-2]]:3: warning: blocking call to 'legacy_db_query'
  uses_legacy();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'uses_legacy' in coroutine 'annotated' stalls the event loop thread: it blocks in 'legacy_db_query' (uses_legacy -> legacy_db_query) [coro-blocking-call]
  // CHECK-NOTES: :[[@LINE-7]]:22: note: 'uses_legacy' calls blocking 'legacy_db_query' here
  fast_path();
  uses_fast_path();
  co_return;
}

// Not followed: virtual calls (any override may run), system headers,
// coroutines (their own bodies are judged where they are written), lambdas
// and functions handed to other threads.
struct Store {
  virtual void save() { std::this_thread::sleep_for(std::chrono::seconds(1)); }
  virtual ~Store() = default;
};
struct FastStore final : Store {
  void save() override { std::this_thread::sleep_for(std::chrono::seconds(1)); }
};
void offloads() {
  std::thread t([] { std::this_thread::sleep_for(std::chrono::seconds(1)); });
  t.detach();
}
void worker() { std::this_thread::sleep_for(std::chrono::seconds(1)); }
void starts_worker() { std::thread(worker).detach(); }
demo::task<> inner() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'inner'
  // CHECK-MESSAGES-OFF: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'inner'
  co_return;
}
demo::task<> not_followed(Store &s, FastStore &f) {
  s.save();
  syslib::pause_a_bit();
  offloads();
  starts_worker();
  co_await inner();
  // Devirtualised: a qualified call or a final class names one body.
  s.Store::save();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'Store::save' in coroutine 'not_followed' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (Store::save -> std::this_thread::sleep_for)
  // CHECK-NOTES: :88:25: note: 'Store::save' calls blocking 'std::this_thread::sleep_for' here
  f.save();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'FastStore::save' in coroutine 'not_followed'
  // CHECK-NOTES: :92:26: note: 'FastStore::save' calls blocking 'std::this_thread::sleep_for' here
}

// A blocking call inside an inline lambda of a helper makes it blocking.
void inline_lambda_helper() {
  auto wait = [] { std::future<void>().get(); };
  wait();
}
demo::task<> via_lambda() {
  inline_lambda_helper();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'inline_lambda_helper' in coroutine 'via_lambda' stalls the event loop thread: it blocks in 'std::future::get'
  // CHECK-NOTES: :[[@LINE-6]]:20: note: 'inline_lambda_helper' calls blocking 'std::future::get' here
  co_return;
}

// A template helper: followed through its instantiation, reported once.
template <typename T> T get_it(std::future<T> &f) { return f.get(); }
template <typename T> demo::task<T> generic(std::future<T> f) {
  co_return get_it(f);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: call to 'get_it' in coroutine 'generic' stalls the event loop thread: it blocks in 'std::future::get' (get_it -> std::future::get)
  // CHECK-NOTES: :[[@LINE-4]]:60: note: 'get_it' calls blocking 'std::future::get' here
}
template demo::task<int> generic(std::future<int>);
template demo::task<long> generic(std::future<long>);

// A long chain is shown by its first four and last two steps, in the message
// and in the notes (every call of a deep helper would otherwise repeat the
// whole chain: quadratic output on generated code). A function in the middle
// of a known chain reuses it.
void d0() { std::this_thread::sleep_for(std::chrono::seconds(1)); }
void d1() { d0(); }
void d2() { d1(); }
void d3() { d2(); }
void d4() { d3(); }
void d5() { d4(); }
void d6() { d5(); }
void d7() { d6(); }
void d8() { d7(); }
void d9() { d8(); }
demo::task<> deep() {
  d9();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'd9' in coroutine 'deep' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (d9 -> d8 -> d7 -> d6 -> d5 -> ... (4 more calls) -> d0 -> std::this_thread::sleep_for); use an awaitable timer ('co_await' a sleep of your runtime) [coro-blocking-call]
  // CHECK-NOTES: :[[@LINE-4]]:13: note: 'd9' calls 'd8' here
  // CHECK-NOTES: :[[@LINE-6]]:13: note: 'd8' calls 'd7' here
  // CHECK-NOTES: :[[@LINE-8]]:13: note: 'd7' calls 'd6' here
  // CHECK-NOTES: :[[@LINE-10]]:13: note: 'd6' calls 'd5' here
  // CHECK-NOTES: :[[@LINE-16]]:13: note: 'd1' calls 'd0' here
  // CHECK-NOTES: :[[@LINE-18]]:13: note: 'd0' calls blocking 'std::this_thread::sleep_for' here
  d4();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'd4' in coroutine 'deep' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (d4 -> d3 -> d2 -> d1 -> d0 -> std::this_thread::sleep_for); use an awaitable timer ('co_await' a sleep of your runtime) [coro-blocking-call]
  // CHECK-NOTES: :[[@LINE-17]]:13: note: 'd4' calls 'd3' here
  // CHECK-NOTES: :[[@LINE-19]]:13: note: 'd3' calls 'd2' here
  // CHECK-NOTES: :[[@LINE-21]]:13: note: 'd2' calls 'd1' here
  // CHECK-NOTES: :[[@LINE-23]]:13: note: 'd1' calls 'd0' here
  // CHECK-NOTES: :[[@LINE-25]]:13: note: 'd0' calls blocking 'std::this_thread::sleep_for' here
  co_return;
}
