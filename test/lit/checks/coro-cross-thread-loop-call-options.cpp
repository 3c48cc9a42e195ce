// Options: another library's loop (LoopMethods, ThreadSafeMethods,
// LoopRunMethods, RunningLoopFunctions), a thread pool (OffloadFunctions,
// global key), a loop-callback API (LoopCallbackFunctions), removing a
// default entry, malformed entries.
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- \
// RUN:   --config="{CheckOptions: {coro-cross-thread-loop-call.LoopMethods: 'mylib::Loop::post -> post_threadsafe; mylib::Loop::defer; mylib::Loop::quit; -coroguard::event_loop::stop', coro-cross-thread-loop-call.LoopRunMethods: 'mylib::Loop::run', coro-cross-thread-loop-call.RunningLoopFunctions: 'mylib::current_loop', OffloadFunctions: 'mylib::Pool::submit', coro-cross-thread-loop-call.LoopCallbackFunctions: 'mylib::Dispatcher::on_loop', coro-cross-thread-loop-call.ThreadSafeMethods: 'mylib::Loop::defer'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-cross-thread-loop-call %t.load -- \
// RUN:   --config="{CheckOptions: {coro-cross-thread-loop-call.LoopMethods: 'mylib::Loop::post -> post_threadsafe; mylib::Loop::defer; mylib::Loop::quit; -coroguard::event_loop::stop', coro-cross-thread-loop-call.LoopRunMethods: 'mylib::Loop::run', coro-cross-thread-loop-call.RunningLoopFunctions: 'mylib::current_loop', OffloadFunctions: 'mylib::Pool::submit', coro-cross-thread-loop-call.LoopCallbackFunctions: 'mylib::Dispatcher::on_loop', coro-cross-thread-loop-call.ThreadSafeMethods: 'mylib::Loop::defer'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
// Without the options: the pool is not an offload API, mylib is unknown.
// RUN: %check_coroguard --check-suffix=DEFAULT %s coro-cross-thread-loop-call %t.default -- -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include
//
// Malformed entries are configuration errors naming the entry.
// RUN: not %coroguard %s --checks=-*,coro-cross-thread-loop-call \
// RUN:   --config="{CheckOptions: {coro-cross-thread-loop-call.LoopMethods: 'mylib::Loop::post ->', coro-cross-thread-loop-call.OffloadFunctions: 'my lib::Pool', coro-cross-thread-loop-call.Presets: 'qt', coro-cross-thread-loop-call.ThreadSafeMethods: '-a -> b'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs -I %S/../../../runtime/include 2>&1 | FileCheck %s --check-prefix=BAD
// BAD-DAG: error: invalid 'LoopMethods' option: invalid entry 'mylib::Loop::post ->'
// BAD-DAG: error: invalid 'OffloadFunctions' option: invalid entry 'my lib::Pool'
// BAD-DAG: error: invalid 'Presets' option: unknown preset 'qt' (expected 'asio' or 'libuv')
// BAD-DAG: error: invalid 'ThreadSafeMethods' option: invalid entry '-a -> b'
#include "crossthread_mylib.h"
#include <coroguard/coroguard.hpp>
#include <thread>

void tick();

void pool_job(mylib::Pool &pool, mylib::Loop &loop, coroguard::event_loop &cl) {
  pool.submit([&] {
    loop.post(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'mylib::Loop::post' is not thread-safe, but this call runs on another thread; use 'post_threadsafe' [coro-cross-thread-loop-call]
    // CHECK-FIXES: {{^}}    loop.post_threadsafe(tick);{{$}}
    loop.quit();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'mylib::Loop::quit' is not thread-safe, but this call runs on another thread; make the call on the loop's thread
    loop.defer(tick); // listed thread-safe
    loop.post_threadsafe(tick);
    cl.call_soon(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'coroguard::event_loop::call_soon' is not thread-safe
    cl.stop(); // removed from the table by '-coroguard::event_loop::stop'
  });
}

void thread_with_mylib(mylib::Loop &loop, mylib::Dispatcher &d) {
  std::thread t([&] {
    loop.post(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'mylib::Loop::post' is not thread-safe
    // A loop-callback API runs the callable on the loop's thread.
    d.on_loop([&] { loop.post(tick); });
    // The thread's own running loop.
    mylib::current_loop().post(tick);
  });
  // A thread that runs the loop is its thread.
  std::thread runner([&] {
    loop.post(tick);
    loop.run();
  });
  t.join();
  runner.join();
}

void own_loop() {
  std::thread t([] {
    mylib::Loop mine;
    mine.post(tick);
  });
  t.join();
}
