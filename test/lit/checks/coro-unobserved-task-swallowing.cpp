// Detach sinks that swallow exceptions: asio::co_spawn(..., asio::detached)
// (standalone and Boost), libcoro spawn_detached, concurrencpp null_result.
// Silent by default (every Asio server spawns its sessions that way);
// reported with ReportSwallowingDetach, configurable with
// SwallowingDetachCalls / SwallowingDetachTypes, and overridden by
// AllowedDetachCalls.
// RUN: %check_coroguard %s coro-unobserved-task %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=ON %s coro-unobserved-task %t.on -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.ReportSwallowingDetach: true}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load --check-suffix=ON %s coro-unobserved-task %t.on.load -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.ReportSwallowingDetach: true}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=CFG %s coro-unobserved-task %t.cfg -- \
// RUN:   --config="{CheckOptions: {coro-unobserved-task.ReportSwallowingDetach: true, coro-unobserved-task.AllowedDetachCalls: 'asio::co_spawn', coro-unobserved-task.SwallowingDetachCalls: '-coro::scheduler::spawn_detached;myapp::fire_and_forget', coro-unobserved-task.SwallowingDetachTypes: 'myapp::quiet_t;-concurrencpp::null_result'}}" \
// RUN:   -- -std=c++20 -I %S/Inputs
#include "boost_asio.h"
#include "unobserved_libs.h"

asio::awaitable<void> session() { co_return; }
boost::asio::awaitable<void> boost_session() { co_return; }
coro::task<void> libcoro_job() { co_return; }
concurrencpp::null_result fire() { co_return; }

namespace myapp {
struct quiet_t {};
inline constexpr quiet_t quiet;
void spawn(asio::awaitable<void>, quiet_t);
void fire_and_forget(coro::task<void>);
} // namespace myapp

void asio_server(asio::io_context &io, boost::asio::io_context &bio) {
  asio::co_spawn(io.get_executor(), session(), asio::detached);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with the completion token 'asio::detached_t' detaches the task and swallows any exception it ends with; catch errors inside the task, or pass a completion handler that receives the exception [coro-unobserved-task]
  asio::co_spawn(io.get_executor(), [] { return session(); }, asio::detached);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with the completion token 'asio::detached_t' detaches the task
  boost::asio::co_spawn(bio.get_executor(), boost_session(), boost::asio::detached);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'boost::asio::co_spawn' with the completion token 'boost::asio::detached_t' detaches the task
  // CHECK-MESSAGES-CFG: :[[@LINE-2]]:3: warning: 'boost::asio::co_spawn' with the completion token 'boost::asio::detached_t' detaches the task
  // Observed: a handler that receives the exception.
  asio::co_spawn(io.get_executor(), session(), [](std::exception_ptr) {});
  // The token without a task: an async operation's error code, not an
  // exception.
  asio::steady_timer timer(io.get_executor());
  timer.async_wait(asio::detached);
  myapp::spawn(session(), myapp::quiet);
  // CHECK-MESSAGES-CFG: :[[@LINE-1]]:3: warning: 'myapp::spawn' with the completion token 'myapp::quiet_t' detaches the task
}

void libcoro_use(coro::scheduler &s, coro::thread_pool &tp) {
  s.spawn_detached(libcoro_job());
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:5: warning: 'coro::scheduler::spawn_detached' detaches the task and swallows any exception it ends with; catch errors inside the task, or keep a handle and await it [coro-unobserved-task]
  tp.spawn(libcoro_job());
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:6: warning: 'coro::thread_pool::spawn' detaches the task and swallows any exception it ends with
  // CHECK-MESSAGES-CFG: :[[@LINE-2]]:6: warning: 'coro::thread_pool::spawn' detaches the task and swallows any exception it ends with
  myapp::fire_and_forget(libcoro_job());
  // CHECK-MESSAGES-CFG: :[[@LINE-1]]:3: warning: 'myapp::fire_and_forget' detaches the task and swallows any exception it ends with
  // Joinable: a lazy task to await later (coro-never-awaited's business).
  auto joined = s.spawn_joinable(libcoro_job());
  coro::sync_wait(std::move(joined));
}

void concurrencpp_use() {
  fire();
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: coroutine 'fire' returns 'concurrencpp::null_result', which swallows any exception the coroutine ends with; catch errors inside the coroutine, or return a task handle and observe it [coro-unobserved-task]
  (void)fire();
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:9: warning: coroutine 'fire' returns 'concurrencpp::null_result'
}

// A wrapper that forwards the token: reported where it is called with it,
// not inside (as in Asio's own async_initiate).
template <typename Token>
void spawn_with(asio::io_context &io, asio::awaitable<void> a, Token &&token) {
  asio::co_spawn(io.get_executor(), std::move(a), std::forward<Token>(token));
}
void wrapper_use(asio::io_context &io) {
  spawn_with(io, session(), asio::detached);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'spawn_with' with the completion token 'asio::detached_t' detaches the task
  // CHECK-MESSAGES-CFG: :[[@LINE-2]]:3: warning: 'spawn_with' with the completion token 'asio::detached_t' detaches the task
}

// Templates: once.
template <typename Ex> void spawn_all(const Ex &ex) {
  asio::co_spawn(ex, session(), asio::detached);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'asio::co_spawn' with the completion token 'asio::detached_t' detaches the task
}
template void spawn_all(const asio::any_io_executor &);
struct other_executor {};
template void spawn_all(const other_executor &);

// Not sinks: drogon's AsyncTask and winrt::fire_and_forget terminate on an
// escaping exception rather than swallow it; NOLINT works.
drogon::AsyncTask drogon_handler() { co_return; }
winrt::fire_and_forget on_click() { co_return; }
void not_sinks(asio::io_context &io) {
  drogon_handler();
  on_click();
  asio::co_spawn(io.get_executor(), session(), asio::detached); // NOLINT(coro-unobserved-task)
}
