// Notes: where the thread is started or the work offloaded, and the chain
// of calls from the thread's body to the loop call.
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-cross-thread-loop-call %t.load -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <future>
#include <pthread.h>
#include <thread>

using coroguard::event_loop;
void tick();

void lambda_thread(event_loop &loop) {
  std::thread t([&] { loop.call_soon(tick); });
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: thread started here
  t.join();
}

void offloaded(event_loop &loop) {
  auto f = std::async([&] { loop.stop(); });
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: 'coroguard::event_loop::stop' is not thread-safe
  // CHECK-NOTES: :[[@LINE-2]]:12: note: work offloaded to 'std::async' here
}

void *body(void *arg) {
  static_cast<event_loop *>(arg)->close();
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: 'coroguard::event_loop::close' is not thread-safe
  // CHECK-NOTES: :[[@LINE+6]]:3: note: 'body' runs on the thread started here
  return nullptr;
}

void start(event_loop &loop) {
  pthread_t t;
  pthread_create(&t, nullptr, body, &loop);
}

void leaf(event_loop &l) {
  l.call_soon(tick);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'coroguard::event_loop::call_soon' is not thread-safe
  // CHECK-NOTES: :[[@LINE+5]]:30: note: 'leaf' is called here
  // CHECK-NOTES: :[[@LINE+7]]:3: note: 'middle' is called here
  // CHECK-NOTES: :[[@LINE+9]]:15: note: 'top' runs on the thread started here
}

void middle(event_loop &l) { leaf(l); }
void top(event_loop &l) {
  // ...
  middle(l);
}
void start_top(event_loop &loop) {
  std::thread t(top, std::ref(loop));
  t.join();
}

void leaf2(event_loop &l);
void executor(event_loop &loop) {
  (void)loop.run_in_executor(nullptr, [&] { leaf2(loop); });
}
void leaf2(event_loop &l) {
  l.remove_writer(1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'coroguard::event_loop::remove_writer' is not thread-safe
  // CHECK-NOTES: :[[@LINE-5]]:45: note: 'leaf2' is called here
  // CHECK-NOTES: :[[@LINE-6]]:14: note: work offloaded to 'coroguard::event_loop::run_in_executor' here
}
