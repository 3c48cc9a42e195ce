// The eager types of the library presets: seastar::future, concurrencpp
// result/shared_result, folly Future/SemiFuture, asio::experimental::promise,
// boost::cobalt::promise, C++/WinRT IAsyncAction, QCoro::Task (silent when
// dropped from an ordinary function, the Qt slot idiom). Types that are not
// awaitable (drogon::AsyncTask, winrt::fire_and_forget, concurrencpp
// null_result) and lazy types are never reported; the swallowing detach
// sinks are silent by default.
// RUN: %check_coroguard %s coro-unobserved-task %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-unobserved-task %t.load -- -- -std=c++20 -I %S/Inputs
#include "unobserved_libs.h"
#include <vector>

// --- seastar --------------------------------------------------------------

seastar::future<> flush() { co_return; }
seastar::future<> handler(std::exception_ptr);

seastar::future<> seastar_use() {
  flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded: it already runs, and an exception it ends with is never retrieved; await it, store it, or detach it explicitly with '(void)' [coro-unobserved-task]
  // .then() passes the exception on to the future it returns: that one is
  // dropped.
  flush().then([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: the eager 'seastar::future<>' returned by 'seastar::future::then' is discarded
  // Handled in the same expression: the idiom, with or without (void).
  (void)flush().handle_exception([](std::exception_ptr) {});
  flush().handle_exception([](std::exception_ptr) {});
  (void)flush();
  co_await flush();
  co_await flush().then([] {});
  // A plain function drops it just as well.
  []() { flush(); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the eager 'seastar::future<>' returned by coroutine 'flush' is discarded
}

// --- concurrencpp ---------------------------------------------------------

concurrencpp::result<void> job() { co_return; }
concurrencpp::lazy_result<void> lazy_job() { co_return; }
concurrencpp::null_result fire() { co_return; }

concurrencpp::result<void> concurrencpp_use() {
  job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'concurrencpp::result<void>' returned by coroutine 'job' is discarded
  concurrencpp::share(job());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'concurrencpp::shared_result<void>' returned by 'concurrencpp::share' is discarded
  auto r = job();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the eager 'concurrencpp::result<void>' returned by coroutine 'job' is kept in 'r', but no path from there awaits, stores, returns or passes it on
  job().get();       // retrieved
  lazy_job();        // lazy: coro-never-awaited's
  fire();            // null_result: fire-and-forget by design (see the
                     // swallowing-detach test for the opt-in report)
  co_await job();
}

// --- folly ----------------------------------------------------------------

folly::Future<int> fetch_remote();

void folly_use(folly::Executor::KeepAlive<> ex, folly::coro::Task<> t,
               std::vector<folly::Future<int>> &pending) {
  fetch_remote();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'folly::Future<int>' returned by 'fetch_remote' is discarded
  fetch_remote().thenValue([](int) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the eager 'folly::Future<Unit>' returned by 'folly::Future::thenValue' is discarded
  folly::coro::co_withExecutor(ex, std::move(t)).start();
  // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: the eager 'folly::SemiFuture<void>' returned by 'folly::coro::TaskWithExecutor::start' is discarded
  fetch_remote().thenError([](folly::exception_wrapper) { return 0; });
  fetch_remote().thenTry([](folly::Try<int>) {});
  pending.push_back(fetch_remote());
  (void)fetch_remote();
  std::move(pending.back()).get();
}

// --- Asio experimental promise --------------------------------------------

struct op {};
void asio_promise_use() {
  asio::experimental::make_promise(op{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'asio::experimental::promise<void (std::exception_ptr)>' returned by 'asio::experimental::make_promise' is discarded
  auto p = asio::experimental::make_promise(op{});
  p.cancel(); // a use: the handle is acted on
}

// --- Boost.Cobalt ---------------------------------------------------------

boost::cobalt::promise<void> cobalt_op() { co_return; }
void cobalt_use() {
  cobalt_op();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'boost::cobalt::promise<void>' returned by coroutine 'cobalt_op' is discarded
}

// --- C++/WinRT ------------------------------------------------------------

winrt::Windows::Foundation::IAsyncAction save_async();
winrt::fire_and_forget on_click() { co_return; }
void winrt_use() {
  save_async();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'winrt::Windows::Foundation::IAsyncAction' returned by 'save_async' is discarded
  on_click(); // not awaitable: fire-and-forget by design
  save_async().get();
}

// --- QCoro ----------------------------------------------------------------

QCoro::Task<> fetch_data() { co_return; }
QCoro::LazyTask<> lazy_fetch() { co_return; }

struct Widget {
  // A Qt slot (an ordinary function) starting a coroutine and dropping its
  // task: the QCoro idiom, silent by default (FireAndForgetTypes).
  void on_clicked() {
    fetch_data();
    auto t = fetch_data();
  }
  // Inside a coroutine, co_await is at hand: reported.
  QCoro::Task<> refresh() {
    fetch_data();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the eager 'QCoro::Task<>' returned by coroutine 'fetch_data' is discarded
    lazy_fetch(); // lazy: coro-never-awaited's
    co_await fetch_data();
  }
};

// --- Not awaitable, lazy, and detach sinks: silent by default -------------

drogon::AsyncTask drogon_handler() { co_return; }
drogon::Task<> drogon_lazy() { co_return; }
asio::awaitable<void> session() { co_return; }
coro::task<void> libcoro_job() { co_return; }

void silent_by_default(asio::io_context &io, coro::scheduler &s) {
  drogon_handler();
  drogon::async_run([]() -> drogon::Task<> { co_return; });
  asio::co_spawn(io.get_executor(), session(), asio::detached);
  asio::co_spawn(io.get_executor(), [] { return session(); }, asio::detached);
  s.spawn_detached(libcoro_job());
  fire();
}
