// coro-cross-thread-loop-call across translation units, through callers in
// other files: starts.cpp hands pump (pumps.cpp) to a thread, pump calls
// relay, relay calls notify, defined here. The summaries' call graph, read
// backwards from notify, reaches that hand-off; the notes name each call.
// Not reported: a thread function that runs the loop itself (loop_thread),
// or through a function it calls (indirect_loop_thread -> run_shared),
// a call in a callback the thread posts to the loop (posting_thread),
// a loop that the other file's caller passes in (whether that thread made
// it cannot be told here), code only the main thread calls. This file's own
// summary is in the directory too (its functions are not their own
// callers from another file). Without the summaries (NOSUM) nothing is
// reported.
//
// RUN: rm -rf %t.sum && mkdir -p %t.sum
// RUN: %coroguard %S/Inputs/xtu/pumps.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/pumps.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %coroguard %S/Inputs/xtu/starts.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/starts.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %coroguard %s -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/self.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu | count 0
// RUN: %python %tools/summary_json.py %t.sum/pumps.cgsum | FileCheck --check-prefix=SUMMARY %s
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: %check_coroguard --check-suffix=NOSUM %s coro-cross-thread-loop-call %t.nosum -- -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
#include "pumps.h"

// The summary of pumps.cpp: its calls (also those of a function that runs a
// loop), and which of its functions runs a loop.
// SUMMARY: "usr":"c:@F@prepare#"}],"def":[{{[0-9,]+}}],"name":"loop_thread","runsLoop":true

coroguard::event_loop g_loop;

void tick() {}

void notify() {
  g_loop.call_soon(tick);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
  // CHECK-NOTES: pumps.cpp:3:23: note: 'notify' is called by 'relay' at {{.*}}pumps.cpp:3
  // CHECK-NOTES: pumps.cpp:4:15: note: 'relay' is called by 'pump' at {{.*}}pumps.cpp:4
  // CHECK-NOTES: starts.cpp:6:15: note: 'pump' runs on the thread started at {{.*}}starts.cpp:6
  g_loop.call_soon_threadsafe(tick);
}

void prepare() { g_loop.call_soon(tick); }

void notify_on(coroguard::event_loop &loop) { loop.call_soon(tick); }

void on_main() { g_loop.call_soon(tick); }

void notify_posted() { g_loop.call_soon(tick); }

void prepare_indirect() { g_loop.call_soon(tick); }

// CHECK-MESSAGES-NOSUM-NOT: warning:
