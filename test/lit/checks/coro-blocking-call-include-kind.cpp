// coro-blocking-call: what a library's awaiters and pools do is read from
// their bodies, so the findings are the same whether the library's headers
// come in with -I or with -isystem.
// RUN: %check_coroguard %s coro-blocking-call %t -- \
// RUN:   --config="{CheckOptions: {Executors: 'xlib::CpuPool=pool'}}" -- -std=c++20 -I %S/Inputs -I %S/Inputs/executor_lib
// RUN: %check_coroguard %s coro-blocking-call %t.sys -- \
// RUN:   --config="{CheckOptions: {Executors: 'xlib::CpuPool=pool'}}" -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/executor_lib
#include "demo_task.h"
#include <chrono>
#include <executor_lib.h>
#include <thread>

using namespace std::chrono_literals;

demo::task<> after_hop(xlib::Workers &w) {
  co_await w.hop();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'after_hop' blocks a worker thread of 'xlib::Workers' that runs it
}

demo::task<> before_hop(xlib::Workers &w) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'before_hop' stalls the event loop thread
  co_await w.hop();
}

xlib::job on_pool(xlib::tag, xlib::CpuPool &pool) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_pool' blocks a worker of the thread pool 'xlib::CpuPool' that runs it
  co_return;
}

demo::task<> submits(xlib::Pool &pool) {
  pool.submit([] { std::this_thread::sleep_for(1ms); }); // another thread
  co_return;
}

demo::task<> in_place() {
  xlib::run_now([] {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'in_place' stalls the event loop thread
  });
  co_return;
}

demo::task<> spawned() {
  xlib::spawn([] { std::this_thread::sleep_for(1ms); }); // another thread
  co_return;
}
