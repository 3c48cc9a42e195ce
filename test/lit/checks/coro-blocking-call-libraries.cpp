// coro-blocking-call on other libraries: the synchronous bridges
// (cppcoro::sync_wait, coro::sync_wait, folly::coro::blockingWait,
// folly::SemiFuture::get, QCoro::waitFor, asio::io_context::run,
// concurrencpp::result::get, drogon::sync_wait, async_simple, unifex,
// stdexec) in their coroutines; the same bridges in main and test bodies
// are fine. No fix-it outside the bundled runtime. An async
// 'waitForConnected()' awaitable is not Qt's blocking method of that name.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
#include "asio.h"
#include "blocking_libs.h"
#include "concurrencpp.h"
#include "cppcoro.h"
#include "drogon.h"
#include "folly_coro.h"
#include "libcoro.h"
#include "qcoro.h"
#include <thread>

cppcoro::task<int> cpp_value() { co_return 1; }
cppcoro::task<int> cpp_user() {
  cppcoro::sync_wait(cpp_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'cppcoro::sync_wait' in coroutine 'cpp_user' stalls the event loop thread; use 'co_await' on the task instead of a synchronous bridge [coro-blocking-call]
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'cpp_user' stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime)
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_for(std::chrono::milliseconds(1));{{$}}
  co_return co_await cpp_value();
}

coro::task<int> lc_value() { co_return 1; }
coro::task<int> lc_user() {
  coro::sync_wait(lc_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coro::sync_wait' in coroutine 'lc_user'
  co_return co_await lc_value();
}

folly::coro::Task<int> folly_value();
folly::coro::Task<void> folly_user(folly::SemiFuture<int> f) {
  folly::coro::blockingWait(folly_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'folly::coro::blockingWait' in coroutine 'folly_user'
  std::move(f).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'folly::SemiFuture::get' in coroutine 'folly_user'
  co_return;
}

QCoro::Task<void> qt_user(QTcpSocket &socket) {
  QCoro::waitFor(qt_user(socket));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QCoro::waitFor' in coroutine 'qt_user'
  socket.waitForConnected(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QAbstractSocket::waitForConnected' in coroutine 'qt_user' stalls the event loop thread; use the QCoro awaitable ('co_await qCoro(object).waitFor...()')
  QIODevice &dev = socket;
  dev.waitForReadyRead(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QIODevice::waitForReadyRead'
  co_return;
}

// QCoro's wrapper: an awaitable of the same name on another class.
namespace QCoro::detail {
struct ConnectedAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  bool await_resume() noexcept { return true; }
};
struct QCoroAbstractSocket {
  ConnectedAwaiter waitForConnected(int = 30000) { return {}; }
};
} // namespace QCoro::detail
QCoro::detail::QCoroAbstractSocket qCoro(QTcpSocket &);
QCoro::Task<void> qt_async(QTcpSocket &socket) {
  bool ok = co_await qCoro(socket).waitForConnected(1000);
  (void)ok;
}

asio::awaitable<void> asio_user(asio::io_context &ctx) {
  ctx.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::io_context::run' in coroutine 'asio_user'
  co_return;
}

concurrencpp::result<void> ccp_user(concurrencpp::result<int> r) {
  int v = r.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'concurrencpp::result::get' in coroutine 'ccp_user'
  (void)v;
  co_return;
}

drogon::Task<int> dr_value();
drogon::Task<void> dr_user() {
  drogon::sync_wait(dr_value());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'drogon::sync_wait' in coroutine 'dr_user'
  async_simple::coro::syncAwait(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'async_simple::coro::syncAwait' in coroutine 'dr_user'
  unifex::sync_wait(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'unifex::sync_wait' in coroutine 'dr_user'
  stdexec::sync_wait(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'stdexec::sync_wait' in coroutine 'dr_user'
  co_return;
}

// Bridges in main and in test bodies block by design.
void test_case() {
  auto make = []() -> coro::task<int> { co_return 2; };
  coro::sync_wait(make());
  cppcoro::sync_wait(cpp_user());
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
int main() {
  asio::io_context ctx;
  ctx.run();
  folly::coro::blockingWait(folly_value());
  drogon::sync_wait(dr_value());
  cppcoro::sync_wait(cpp_value());
  return 0;
}
