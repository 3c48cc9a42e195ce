// Library-shaped types: cppcoro, folly::coro, Asio and Boost.Asio, libcoro,
// QCoro, concurrencpp, drogon, seastar, std::generator, and user types that
// are in no preset. Run with the mocks as user headers and as system headers.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-never-awaited %t.load -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard %s coro-never-awaited %t.sys -- -- -std=c++20 -isystem %S/Inputs
#include "asio.h"
#include "boost_asio.h"
#include "concurrencpp.h"
#include "cppcoro.h"
#include "drogon.h"
#include "folly_coro.h"
#include "libcoro.h"
#include "qcoro.h"
#include "seastar.h"
#include "std_generator.h"
#include "user_types.h"
#include <exception>
#include <utility>
#include <vector>

// ===== cppcoro ================================================================
cppcoro::task<int> cc_value() { co_return 1; }
cppcoro::task<> cc_void() { co_return; }
cppcoro::generator<int> cc_gen() { co_yield 1; }

cppcoro::task<> cc_user(cppcoro::static_thread_pool &tp) {
  cc_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'cc_value' is never awaited: the lazy 'cppcoro::task<int>' it returns is discarded, so its body never runs [coro-never-awaited]
  cppcoro::make_shared_task(cc_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'cppcoro::make_shared_task' is never awaited: the lazy 'cppcoro::shared_task<int>' it returns is discarded
  std::vector<cppcoro::task<>> tasks;
  tasks.push_back(cc_void());
  cppcoro::when_all_ready(std::move(tasks));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'cppcoro::when_all_ready' is never awaited: the lazy 'cppcoro::when_all_ready_awaitable<std::vector<{{(cppcoro::)?}}task<{{(void)?}}>>>' it returns is discarded, so it never takes effect
  tp.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'cppcoro::static_thread_pool::schedule' is never awaited: the lazy 'cppcoro::static_thread_pool::schedule_operation' it returns is discarded, so it never takes effect
  // Fine:
  co_await tp.schedule();
  int v = co_await cc_value();
  co_await cppcoro::make_shared_task(cc_value());
  co_await cppcoro::when_all_ready(cc_void(), cc_value());
  std::vector<cppcoro::task<>> more;
  more.emplace_back(cc_void());
  co_await cppcoro::when_all_ready(std::move(more));
  cc_gen();
  for (int x : cc_gen())
    v += x;
  auto t = cc_value();
  co_await t;
  // A const member returning an awaitable hands the task on.
  auto r = cc_void();
  co_await r.when_ready();
  auto s = cc_void();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'cc_void' is never awaited: 's' holds
  if (s.is_ready())
    co_return;
}

void cc_main() {
  cppcoro::sync_wait(cc_value());
  cppcoro::sync_wait(cppcoro::when_all_ready(cc_void(), cc_value()));
  auto t = cc_void();
  cppcoro::sync_wait(t);
  // The cppcoro test "task doesn't start until awaited": a true hit, kept on
  // purpose with a suppression.
  auto lazy = cc_void(); // NOLINT(coro-never-awaited)
  (void)lazy.is_ready();
}

// ===== folly::coro ============================================================
folly::coro::Task<int> fo_value() { co_return 1; }
folly::coro::Task<> fo_void() { co_return; }

folly::coro::Task<int> fo_user(folly::Executor::KeepAlive<> ex) {
  fo_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fo_value' is never awaited: the lazy 'folly::coro::Task<int>' it returns is discarded, so its body never runs
  fo_void().scheduleOn(ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'folly::coro::Task::scheduleOn' is never awaited: the lazy 'folly::coro::TaskWithExecutor<void>' it returns is discarded
  folly::coro::co_withExecutor(ex, fo_void());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'folly::coro::co_withExecutor' is never awaited: the lazy 'folly::coro::TaskWithExecutor<void>' it returns is discarded
  // Fine: awaited, started, or handed to an executor.
  co_await fo_void();
  co_await fo_void().scheduleOn(ex);
  co_await folly::coro::co_withExecutor(ex, fo_void());
  fo_void().scheduleOn(ex).start();
  folly::coro::co_withExecutor(ex, fo_void()).start();
  auto fut = fo_value().semi();
  auto t = fo_value();
  co_await std::move(t).scheduleOn(ex);
  auto u = fo_value();
  auto started = std::move(u).scheduleOn(ex).start();
  co_return co_await fo_value();
}

void fo_main() {
  folly::coro::blockingWait(fo_value());
  folly::coro::blockingWait(folly::coro::collectAll(fo_value(), fo_void()));
}

// ===== Boost.Asio / Asio ======================================================
asio::awaitable<void> as_step() { co_return; }
asio::awaitable<int> as_read() { co_return 4; }
boost::asio::awaitable<void> ba_step() { co_return; }

asio::awaitable<void> as_session(asio::steady_timer &timer) {
  using namespace asio::experimental::awaitable_operators;
  as_step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'as_step' is never awaited: the lazy 'asio::awaitable<void>' it returns is discarded, so its body never runs
  timer.async_wait(asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: task returned by 'asio::steady_timer::async_wait' is never awaited: the lazy 'asio::awaitable<void>' it returns is discarded
  as_step() && as_step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'asio::experimental::awaitable_operators::operator&&' is never awaited: the lazy 'asio::awaitable<void{{(, asio::any_io_executor)?}}>' it returns is discarded
  // CHECK-FIXES: {{^}}  co_await (as_step() && as_step());{{$}}
  as_step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'as_step' is never awaited
  // CHECK-FIXES: {{^}}  co_await as_step();{{$}}
  timer.async_wait(asio::deferred);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'asio::steady_timer::async_wait' is never awaited: the lazy 'asio::deferred_async_operation<void (int), {{(asio::)?}}steady_timer *>' it returns is discarded, so it never takes effect
  // CHECK-FIXES: {{^}}  co_await timer.async_wait(asio::deferred);{{$}}
  // Fine:
  co_await timer.async_wait(asio::deferred);
  auto later = timer.async_wait(asio::deferred);
  co_await std::move(later);
  co_await as_step();
  int n = co_await as_read();
  co_await timer.async_wait(asio::use_awaitable);
  co_await (as_step() && as_step());
  co_await (as_step() || as_step());
  timer.async_wait([](std::exception_ptr) {});
  auto op = timer.async_wait(asio::use_awaitable);
  co_await std::move(op);
}

boost::asio::awaitable<void> ba_session() {
  ba_step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'ba_step' is never awaited: the lazy 'boost::asio::awaitable<void>' it returns is discarded
  co_await ba_step();
}

int as_main() {
  asio::io_context io;
  asio::steady_timer timer(io.get_executor());
  asio::co_spawn(io, as_session(timer), asio::detached);
  asio::co_spawn(io.get_executor(), as_read(),
                 [](std::exception_ptr, int) {});
  boost::asio::io_context bio;
  boost::asio::co_spawn(bio, ba_session(), boost::asio::detached);
  auto listener = as_step();
  asio::co_spawn(io, std::move(listener), asio::detached);
  return static_cast<int>(io.run());
}

// ===== libcoro ================================================================
coro::task<int> lc_value() { co_return 1; }
coro::task<> lc_void() { co_return; }
coro::generator<int> lc_gen() { co_yield 1; }

coro::task<> lc_user(coro::thread_pool &tp) {
  lc_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'lc_value' is never awaited: the lazy 'coro::task<int>' it returns is discarded
  tp.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'coro::thread_pool::schedule' is never awaited: the lazy 'coro::thread_pool::operation' it returns is discarded, so it never takes effect
  coro::when_all(lc_void(), lc_void());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'coro::when_all' is never awaited: the lazy 'coro::detail::when_all_ready_awaitable<coro::task<>, coro::task<>>' it returns is discarded
  // Fine:
  co_await tp.schedule();
  co_await coro::when_all(lc_void(), lc_void());
  tp.spawn(lc_void());
  lc_gen();
  co_return;
}

void lc_main() {
  coro::thread_pool tp;
  std::vector<coro::task<int>> tasks;
  tasks.emplace_back(lc_value());
  coro::sync_wait(coro::when_all(std::move(tasks)));
  coro::sync_wait(lc_user(tp));
}

// ===== QCoro: Task is eager, LazyTask is lazy ==================================
QCoro::Task<> qc_eager() { co_return; }
QCoro::LazyTask<> qc_lazy() { co_return; }

QCoro::Task<> qc_user() {
  qc_eager(); // eager: already running (dropping it from a slot is normal)
  qc_lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'qc_lazy' is never awaited: the lazy 'QCoro::LazyTask<>' it returns is discarded
  co_await qc_eager();
  co_await qc_lazy();
  auto running = qc_eager();
}

// ===== concurrencpp: result is eager, lazy_result is lazy =====================
concurrencpp::result<void> cp_eager() { co_return; }
concurrencpp::lazy_result<void> cp_lazy() { co_return; }
concurrencpp::null_result cp_fire() { co_return; }

concurrencpp::result<void> cp_user() {
  cp_eager();
  cp_fire();
  cp_lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'cp_lazy' is never awaited: the lazy 'concurrencpp::lazy_result<void>' it returns is discarded
  cp_lazy().run(); // run() starts it and returns an eager result
  co_await cp_lazy();
  co_await cp_eager();
}

// ===== drogon: Task is lazy, AsyncTask is fire-and-forget =====================
drogon::Task<> dr_handler() { co_return; }
drogon::AsyncTask dr_fire() { co_return; }

drogon::Task<> dr_user() {
  dr_handler();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'dr_handler' is never awaited: the lazy 'drogon::Task<>' it returns is discarded
  dr_fire();
  drogon::async_run([]() -> drogon::Task<> { co_return; });
  drogon::async_run(dr_handler);
  co_await dr_handler();
}

void dr_main() { drogon::sync_wait(dr_handler()); }

// ===== seastar: future is eager ===============================================
seastar::future<> ss_step() { co_return; }

seastar::future<> ss_user() {
  ss_step();
  (void)ss_step().handle_exception([](std::exception_ptr) {});
  ss_step().then([] {});
  co_await ss_step();
  auto f = ss_step();
}

// ===== std::generator and other generators ====================================
std::generator<int> sg_numbers() { co_yield 1; }
app::Seq<int> user_seq() { co_yield 1; }

void generators() {
  sg_numbers();
  user_seq();
  auto g = sg_numbers();
  auto s = user_seq();
  for (int x : sg_numbers())
    (void)x;
}

// ===== user types in no preset ================================================
app::Job<> job() { co_return; }
app::EagerJob eager_job() { co_return; }
app::FireAndForget fire() { co_return; }
app::Deferred deferred() { co_return; }

app::Job<> user_types() {
  job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'job' is never awaited: the lazy 'app::Job<>' it returns is discarded, so its body never runs
  // CHECK-FIXES: {{^}}  co_await job();{{$}}
  deferred();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'deferred' is never awaited: the lazy 'app::Deferred' it returns is discarded
  // CHECK-FIXES: {{^}}  co_await deferred();{{$}}
  app::sleep_for(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable returned by 'app::sleep_for' is never awaited: the lazy 'app::SleepAwaiter' it returns is discarded, so it never takes effect
  // CHECK-FIXES: {{^}}  co_await app::sleep_for(10);{{$}}
  auto j = job();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine 'job' is never awaited: 'j' holds the lazy 'app::Job<>' it returns
  if (j.done())
    co_return;
  // Fine:
  eager_job();
  fire();
  app::makeTask(1); // a class merely named Task
  app::launch();    // a struct merely named Future
  auto task = app::makeTask(2);
  co_await job();
  co_await deferred();
  co_await app::sleep_for(1);
  co_await eager_job();
  auto j2 = job();
  co_await std::move(j2);
}

// ===== an operator co_await that does not apply ===============================
// A value type that forbids co_await explicitly is not an awaitable.
struct Token {
  int id;
  auto operator co_await() = delete;
};
Token make_token();
void deleted_co_await() { make_token(); }
