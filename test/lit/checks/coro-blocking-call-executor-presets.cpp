// coro-blocking-call: awaitables of the ThreadSwitchAwaitables defaults that
// resume the coroutine on the executor they are given, judged by that
// executor's kind (the Executors defaults): a CPU pool is reported naming
// it, an executor made for blocking is not, an event loop is the loop.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include "executor_presets.h"
#include <chrono>
#include <memory>
#include <thread>

using namespace std::chrono_literals;

demo::task<> on_thread_pool(std::shared_ptr<concurrencpp::thread_pool_executor> tp) {
  co_await concurrencpp::resume_on(tp);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_thread_pool' blocks a worker of the thread pool 'concurrencpp::thread_pool_executor' that runs it
}

demo::task<> on_thread_executor(std::shared_ptr<concurrencpp::thread_executor> te) {
  co_await concurrencpp::resume_on(te);
  std::this_thread::sleep_for(1ms); // a thread per task: made for blocking
}

demo::task<> on_background(std::shared_ptr<concurrencpp::background_executor> be) {
  co_await concurrencpp::resume_on(be);
  std::this_thread::sleep_for(1ms); // the blocking-work pool (derived from the CPU pool's class)
}

demo::task<> on_unknown(std::shared_ptr<concurrencpp::executor> ex) {
  co_await concurrencpp::resume_on(ex);
  std::this_thread::sleep_for(1ms); // which executor cannot be told: silent
}

demo::task<> on_io_service(cppcoro::io_service &io, demo::task<> t) {
  co_await cppcoro::resume_on(io, std::move(t));
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'on_io_service' stalls the event loop thread
}

demo::task<> on_static_pool(cppcoro::static_thread_pool &tp, demo::task<> t) {
  co_await cppcoro::schedule_on(tp, std::move(t));
  std::this_thread::sleep_for(1ms); // the pool cppcoro offers for moving work off the loop
}
