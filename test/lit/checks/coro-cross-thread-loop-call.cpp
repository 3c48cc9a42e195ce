// Loop methods called from code that runs on another thread: every offload
// API, named thread functions, fix-its and the calls left alone.
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-cross-thread-loop-call %t.load -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <pthread.h>
#include <thread>

using namespace std::chrono_literals;
using coroguard::event_loop;
using coroguard::task;

task<void> work();
task<int> compute();
void tick();

// --- Each offload API -------------------------------------------------------

void std_thread(event_loop &loop) {
  std::thread t([&loop] {
    loop.call_soon(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_soon' is not thread-safe, but this call runs on another thread; use 'call_soon_threadsafe' [coro-cross-thread-loop-call]
    // CHECK-FIXES: {{^}}    loop.call_soon_threadsafe(tick);{{$}}
  });
  t.join();
}

void std_jthread(event_loop &loop) {
  std::jthread t([&](std::stop_token) {
    loop.call_later(10ms, tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_later' is not thread-safe, but this call runs on another thread; use call_soon_threadsafe with a callback that calls call_later
  });
}

void std_async(event_loop &loop) {
  auto f = std::async(std::launch::async, [&] {
    loop.call_at(loop.time() + 1s, tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_at' is not thread-safe
  });
  f.wait();
}

void *pthread_body(void *arg) {
  auto *loop = static_cast<event_loop *>(arg);
  loop->stop();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'coroguard::event_loop::stop' is not thread-safe, but this call runs on another thread; use call_soon_threadsafe with a callback that calls stop
  return nullptr;
}
void start_pthread(event_loop &loop) {
  pthread_t t;
  pthread_create(&t, nullptr, pthread_body, &loop);
  pthread_join(t, nullptr);
}

task<void> in_executor() {
  event_loop &loop = coroguard::get_running_loop();
  co_await loop.run_in_executor(nullptr, [&] {
    loop.add_reader(0, tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::add_reader' is not thread-safe, but this call runs on another thread; make the call on the loop's thread
  });
}

// --- Named functions handed to a thread, and the functions they call --------

void worker(event_loop &loop) {
  loop.remove_reader(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'coroguard::event_loop::remove_reader' is not thread-safe
}
void start_worker(event_loop &loop) {
  std::thread t(worker, std::ref(loop));
  t.join();
}

void schedule_tick(event_loop &l) {
  l.call_soon(tick);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'coroguard::event_loop::call_soon' is not thread-safe
  // CHECK-FIXES: {{^}}  l.call_soon_threadsafe(tick);{{$}}
}
void relay(event_loop &l) { schedule_tick(l); }
void start_relay(event_loop &loop) {
  std::thread t([&] { relay(loop); });
  t.join();
}

struct Server {
  event_loop &loop;
  coroguard::task_handle<void> pending;
  void on_thread() {
    loop.set_debug(true);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::set_debug' is not thread-safe
    pending.cancel();
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'coroguard::task_handle::cancel' is not thread-safe
  }
  void start() {
    std::thread t(&Server::on_thread, this);
    t.join();
  }
};

// --- Fix-its ----------------------------------------------------------------

void fixes(event_loop &loop, event_loop *ptr) {
  std::thread t([&] {
    loop.create_task(work());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::create_task' is not thread-safe, but this call runs on another thread; use 'coroguard::run_coroutine_threadsafe'
    // CHECK-FIXES: {{^}}    coroguard::run_coroutine_threadsafe(work(), loop);{{$}}
    ptr->create_task(work());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::create_task' is not thread-safe
    // CHECK-FIXES: {{^}}    coroguard::run_coroutine_threadsafe(work(), *ptr);{{$}}
    ptr->call_soon([] {});
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_soon' is not thread-safe
    // CHECK-FIXES: {{^}}    ptr->call_soon_threadsafe([] {});{{$}}
    // The handle is used: run_coroutine_threadsafe returns a std::future.
    auto h = loop.create_task(compute());
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'coroguard::event_loop::create_task' is not thread-safe
    // CHECK-FIXES: {{^}}    auto h = loop.create_task(compute());{{$}}
    (void)h;
    // No safe spelling: message only.
    loop.stop();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::stop' is not thread-safe
    // CHECK-FIXES: {{^}}    loop.stop();{{$}}
    loop.close();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::close' is not thread-safe, but this call runs on another thread; make the call on the loop's thread
  });
  t.join();
}

// --- Templates report once, at the template ---------------------------------

template <class Loop> void generic_worker(Loop &loop) {
  std::thread t([&] {
    loop.call_soon(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_soon' is not thread-safe
  });
  t.join();
}
template void generic_worker<event_loop>(event_loop &);
void use_generic(event_loop &loop) { generic_worker(loop); }

// --- NOLINT -----------------------------------------------------------------

void suppressed(event_loop &loop) {
  std::thread t([&] {
    loop.call_soon(tick); // NOLINT(coro-cross-thread-loop-call)
  });
  t.join();
}

// --- Left alone -------------------------------------------------------------

void thread_safe_calls(event_loop &loop) {
  std::thread t([&] {
    loop.call_soon_threadsafe(tick);
    auto f = coroguard::run_coroutine_threadsafe(compute(), loop);
    // A callable handed to call_soon_threadsafe runs on the loop's thread.
    loop.call_soon_threadsafe([&] {
      loop.call_soon(tick);
      (void)loop.create_task(work());
      loop.stop();
    });
    f.wait();
  });
  t.join();
}

void own_loop_in_thread() {
  std::thread t([] {
    event_loop own;
    own.call_soon(tick);
    own.run_until_complete(work());
    own.close();
    auto heap = std::make_unique<event_loop>();
    heap->call_soon(tick);
    coroguard::runner r;
    r.get_loop().call_soon(tick);
    r.run(work());
  });
  t.join();
}

void thread_runs_the_loop(event_loop &loop) {
  // The thread that runs the loop is the loop's thread.
  std::thread t([&] {
    loop.call_soon(tick);
    loop.run_forever();
  });
  std::thread t2([&] { loop.run_until_complete(work()); });
  t.join();
  t2.join();
}

void running_loop_of_the_thread() {
  std::thread t([] {
    // The thread has a running loop only if it runs one itself.
    coroguard::get_running_loop().call_soon(tick);
    if (event_loop *l = coroguard::try_get_running_loop())
      l->stop();
  });
  t.join();
}

void coroutine_in_thread() {
  std::thread t([] { coroguard::run(work()); });
  std::thread t2([] {
    coroguard::run([]() -> task<void> {
      coroguard::get_running_loop().call_soon(tick);
      co_return;
    }());
  });
  t.join();
  t2.join();
}

task<void> coroutine_and_callbacks() {
  event_loop &loop = coroguard::get_running_loop();
  loop.call_soon(tick);
  loop.call_soon([&] { loop.call_later(1ms, tick); });
  co_await loop.run_in_executor(nullptr, [&] {
    loop.call_soon_threadsafe([&] { loop.stop(); });
  });
}

void plain_function_not_on_a_thread(event_loop &loop) {
  loop.call_soon(tick);
  std::function<void()> stored = [&] { loop.call_soon(tick); };
  stored();
}

// The thread that started the loop, and a loop started elsewhere.
void runs_and_is_used_from_main() {
  event_loop loop;
  std::thread loop_thread([&] { loop.run_forever(); });
  std::thread other([&] {
    loop.call_soon(tick);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'coroguard::event_loop::call_soon' is not thread-safe
  });
  other.join();
  loop.call_soon_threadsafe([&] { loop.stop(); });
  loop_thread.join();
  loop.close();
}

task<void> running_elsewhere() {
  event_loop &loop = coroguard::get_running_loop();
  // The loop is running on this thread: running it on another one too is
  // an error.
  std::thread t([&] { loop.run_until_complete(work()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'coroguard::event_loop::run_until_complete' is not thread-safe
  t.join();
  co_return;
}
