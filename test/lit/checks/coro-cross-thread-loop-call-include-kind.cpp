// coro-cross-thread-loop-call: a callable forwarded through a library's
// template to std::thread runs on another thread, whether the library comes
// in with -I or with -isystem (its body is followed either way).
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- -- -std=c++20 -I %S/../../../runtime/include -I %S/Inputs/executor_lib
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t.sys -- -- -std=c++20 -I %S/../../../runtime/include -isystem %S/Inputs/executor_lib
// An OffloadFunctions entry naming the class users call (xlib::Pool) matches
// the submit its CRTP base declares:
// RUN: %check_coroguard --check-suffix=CRTP %s coro-cross-thread-loop-call %t.crtp -- \
// RUN:   --config="{CheckOptions: {OffloadFunctions: 'xlib::Pool::submit'}}" -- -std=c++20 -I %S/../../../runtime/include -isystem %S/Inputs/executor_lib
#include <coroguard/coroguard.hpp>
#include <executor_lib.h>

void spawned(coroguard::event_loop &loop) {
  xlib::spawn([&] { loop.call_soon([] {}); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
  // CHECK-MESSAGES-CRTP: :[[@LINE-2]]:26: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
}

void submitted(coroguard::event_loop &loop, xlib::Pool &pool) {
  pool.submit([&] { loop.call_soon([] {}); }); // a pool's thread, by the option only
  // CHECK-MESSAGES-CRTP: :[[@LINE-1]]:26: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
}

void in_place(coroguard::event_loop &loop) {
  xlib::run_now([&] { loop.call_soon([] {}); }); // this thread
}
