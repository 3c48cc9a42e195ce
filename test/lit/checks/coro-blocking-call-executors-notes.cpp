// coro-blocking-call: a blocking call on a pool worker names the pool and
// points at where the coroutine moved there.
// RUN: %check_coroguard %s coro-blocking-call %t -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.Executors: 'pool::Cpu=pool'}}" -- -std=c++20 -I %S/Inputs
#include "demo_task.h"
#include <chrono>
#include <coroutine>
#include <thread>
#include <vector>

namespace pool {
class Cpu {
public:
  void push(std::coroutine_handle<> h);
  struct Hop {
    Cpu &c;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { c.push(h); }
    void await_resume() const noexcept {}
  };
  Hop hop() { return Hop{*this}; }

private:
  std::vector<std::thread> workers_;
};
} // namespace pool

demo::task<> moved(pool::Cpu &c) {
  co_await c.hop();
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'moved' blocks a worker of the thread pool 'pool::Cpu' that runs it; use an awaitable timer ('co_await' a sleep of your runtime) [coro-blocking-call]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine is moved to 'pool::Cpu' here
}

// A malformed Executors entry is a configuration error naming the entry.
// RUN: not %coroguard %s --checks=-*,coro-blocking-call \
// RUN:   --config="{CheckOptions: {Executors: 'pool::Cpu=pool;pool::Io=fast'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: invalid 'Executors' option: malformed entry 'pool::Io=fast' (expected 'ns::Class=loop', '=pool' or '=blocking')
