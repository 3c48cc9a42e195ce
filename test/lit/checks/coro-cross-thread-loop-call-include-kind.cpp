// coro-cross-thread-loop-call: a callable forwarded through a library's
// template to std::thread runs on another thread, whether the library comes
// in with -I or with -isystem (its body is followed either way).
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- -- -std=c++20 -I %S/../../../runtime/include -I %S/Inputs/executor_lib
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t.sys -- -- -std=c++20 -I %S/../../../runtime/include -isystem %S/Inputs/executor_lib
#include <coroguard/coroguard.hpp>
#include <executor_lib.h>

void spawned(coroguard::event_loop &loop) {
  xlib::spawn([&] { loop.call_soon([] {}); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
}

void in_place(coroguard::event_loop &loop) {
  xlib::run_now([&] { loop.call_soon([] {}); }); // this thread
}
