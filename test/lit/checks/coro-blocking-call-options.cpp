// coro-blocking-call options: BlockingFunctions (add with and without a
// suggestion, a prefix, remove a default), OffloadFunctions and
// LoopCallbackFunctions (local or global keys, added to the defaults),
// ThreadSwitchAwaitables (add, remove a default); malformed entries are
// configuration errors naming the entry.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=OPT %s coro-blocking-call %t.opt -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.BlockingFunctions: 'mylib::Db::query -> co_await db.query_async(); mylib::flush; mylib::Cache::load*; -std::future::get', OffloadFunctions: 'mylib::Pool::post', coro-blocking-call.LoopCallbackFunctions: 'mylib::Loop::defer', coro-blocking-call.ThreadSwitchAwaitables: 'mylib::Pool::switch_to;-coro::thread_pool::schedule'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load --check-suffix=OPT %s coro-blocking-call %t.opt.load -- \
// RUN:   --config="{CheckOptions: {coro-blocking-call.BlockingFunctions: 'mylib::Db::query -> co_await db.query_async(); mylib::flush; mylib::Cache::load*; -std::future::get', OffloadFunctions: 'mylib::Pool::post', coro-blocking-call.LoopCallbackFunctions: 'mylib::Loop::defer', coro-blocking-call.ThreadSwitchAwaitables: 'mylib::Pool::switch_to;-coro::thread_pool::schedule'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
//
// RUN: not %coroguard %s --checks=-*,coro-blocking-call \
// RUN:   --config="{CheckOptions: {coro-blocking-call.BlockingFunctions: 'mylib::flush;mylib::Db::query ->;-mylib::x -> y'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: invalid 'BlockingFunctions' option: invalid entry 'mylib::Db::query ->': expected 'qualified::name', 'qualified::name -> suggestion' or '-qualified::name'
// BAD: warning: blocking call to 'mylib::flush'
// RUN: not %coroguard %s --checks=-*,coro-blocking-call \
// RUN:   --config="{CheckOptions: {OffloadFunctions: 'my lib::post', coro-blocking-call.LoopCallbackFunctions: 'a<int>::f', coro-blocking-call.ThreadSwitchAwaitables: '::'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs 2>&1 | FileCheck %s --check-prefix=BAD2
// BAD2-DAG: error: invalid 'OffloadFunctions' option: invalid entry 'my lib::post'
// BAD2-DAG: error: invalid 'LoopCallbackFunctions' option: invalid entry 'a<int>::f'
// BAD2-DAG: error: invalid 'ThreadSwitchAwaitables' option: invalid entry '::'
#include "libcoro.h"
#include <future>
#include <thread>
#include <unistd.h>

namespace mylib {
struct Db {
  int query(const char *) { return 0; }
};
void flush() {}
struct Cache {
  void load_all() {}
  void store() {}
};
// Runs the job in place in this mock (a real pool would not): without the
// option the check follows the body and sees an in-place call.
struct Pool {
  template <typename F> void post(F f) { f(); }
  coro::thread_pool::operation switch_to() { return {}; }
};
struct Loop {
  template <typename F> void defer(F &&) {}
};
} // namespace mylib

coro::task<int> user(mylib::Db &db, mylib::Cache &cache, std::future<int> f) {
  int v = db.query("select 1");
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:11: warning: blocking call to 'mylib::Db::query' in coroutine 'user' stalls the event loop thread; use co_await db.query_async() [coro-blocking-call]
  mylib::flush();
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:3: warning: blocking call to 'mylib::flush' in coroutine 'user' stalls the event loop thread [coro-blocking-call]
  cache.load_all();
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:3: warning: blocking call to 'mylib::Cache::load_all'
  cache.store();
  v += f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::future::get'
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: blocking call to 'usleep'
  co_return v;
}

coro::task<void> sinks(mylib::Pool &pool, mylib::Loop &loop) {
  pool.post([] { usleep(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'usleep' in coroutine 'sinks'
  loop.defer([] { usleep(3); });
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:19: warning: blocking call to 'usleep' in a callback the event loop runs ('mylib::Loop::defer')
  co_return;
}

coro::task<void> switches(mylib::Pool &pool, coro::thread_pool &tp) {
  co_await pool.switch_to();
  usleep(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'switches'
}
coro::task<void> default_switch(coro::thread_pool &tp) {
  co_await tp.schedule();
  usleep(5);
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'default_switch'
}
