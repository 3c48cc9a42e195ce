// coro-cross-thread-loop-call across translation units: threads.cpp hands
// functions defined here to std::thread and std::async; its summary says so,
// and the loop calls they make here run on those threads. A function it
// calls in place, or a thread that runs the loop itself, is not reported;
// a helper that a handed-off function calls here is, with the call chain;
// without the summaries (NOSUM) nothing is.
//
// RUN: rm -rf %t.sum && mkdir -p %t.sum
// RUN: %coroguard %S/Inputs/xtu/threads.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/threads.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: %check_coroguard --check-suffix=NOSUM %s coro-cross-thread-loop-call %t.nosum -- -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
#include "workers.h"

void tick() {}

void worker(coroguard::event_loop &loop) {
  loop.call_soon(tick);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
  // CHECK-NOTES: threads.cpp:7:15: note: 'worker' runs on the thread started at {{.*}}threads.cpp:7
  loop.call_soon_threadsafe(tick);
}

void pooled(coroguard::event_loop &loop) {
  loop.stop();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'coroguard::event_loop::stop' is not thread-safe, but this call runs on another thread; use call_soon_threadsafe with a callback that calls stop [coro-cross-thread-loop-call]
  // CHECK-NOTES: threads.cpp:8:12: note: 'pooled' is offloaded to 'std::async' at {{.*}}threads.cpp:8
}

void called_inline(coroguard::event_loop &loop) { loop.call_soon(tick); }

void runs_own_loop(coroguard::event_loop &loop) {
  loop.call_soon(tick);
  loop.run_forever();
}

// Not handed over itself: called here by a function another file hands to
// a thread.
static void schedule_from(coroguard::event_loop &loop) {
  loop.call_soon(tick);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
  // CHECK-NOTES: :[[@LINE+4]]:48: note: 'schedule_from' is called here
  // CHECK-NOTES: threads.cpp:11:15: note: 'via_helper' runs on the thread started at {{.*}}threads.cpp:11
}

void via_helper(coroguard::event_loop &loop) { schedule_from(loop); }

// CHECK-MESSAGES-NOSUM-NOT: warning:
