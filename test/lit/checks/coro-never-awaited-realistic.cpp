// Real-code shapes from the false-positive traps list: none of these may be
// reported, except the marked true positives.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs
#include "asio.h"
#include "cppcoro.h"
#include "drogon.h"
#include "folly_coro.h"
#include "libcoro.h"
#include "qcoro.h"
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

// --- An Asio echo server ------------------------------------------------------
namespace server {
asio::awaitable<void> echo(int socket) {
  asio::steady_timer timer(asio::any_io_executor{});
  for (int i = 0; i < 3; ++i)
    co_await timer.async_wait(asio::use_awaitable);
}
asio::awaitable<void> listener(asio::io_context &io) {
  for (int socket = 0; socket < 4; ++socket)
    asio::co_spawn(io, echo(socket), asio::detached);
  co_return;
}
asio::awaitable<void> with_timeout() {
  using namespace asio::experimental::awaitable_operators;
  co_await (echo(1) || echo(2));
}
int main_like() {
  asio::io_context io;
  asio::co_spawn(io, listener(io), asio::detached);
  asio::co_spawn(io, with_timeout(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&io] { io.run(); });
  for (auto &t : threads)
    t.join();
  return 0;
}
} // namespace server

// --- cppcoro-style tests ------------------------------------------------------
namespace cppcoro_tests {
cppcoro::task<int> answer() { co_return 42; }
void test_sync_wait() {
  int value = 0;
  auto make = [&]() -> cppcoro::task<> {
    value = co_await answer();
  };
  cppcoro::sync_wait(make());
  std::vector<cppcoro::task<int>> tasks;
  for (int i = 0; i < 3; ++i)
    tasks.push_back(answer());
  cppcoro::sync_wait(cppcoro::when_all_ready(std::move(tasks)));
}
void test_task_does_not_start_until_awaited() {
  bool started = false;
  auto func = [&]() -> cppcoro::task<> {
    started = true;
    co_return;
  };
  cppcoro::sync_wait([&]() -> cppcoro::task<> {
    auto t = func(); // NOLINT(coro-never-awaited): the point of the test
    (void)started;
    co_return;
  }());
}
} // namespace cppcoro_tests

// --- libcoro-style examples ---------------------------------------------------
namespace libcoro_examples {
coro::task<int> square(coro::thread_pool &tp, int x) {
  co_await tp.schedule();
  co_return x * x;
}
int run() {
  coro::thread_pool tp;
  std::vector<coro::task<int>> tasks;
  for (int i = 0; i < 4; ++i)
    tasks.emplace_back(square(tp, i));
  coro::sync_wait(coro::when_all(std::move(tasks)));
  auto make_task = [](coro::thread_pool &pool) -> coro::task<void> {
    co_await pool.schedule();
  };
  tp.spawn(make_task(tp));
  return 0;
}
} // namespace libcoro_examples

// --- folly-style service ------------------------------------------------------
namespace folly_service {
folly::coro::Task<int> fetch(int id) { co_return id; }
folly::coro::Task<int> sum(folly::Executor::KeepAlive<> ex) {
  auto a = fetch(1);
  auto b = fetch(2);
  int x = co_await std::move(a);
  int y = co_await std::move(b).scheduleOn(ex);
  co_return x + y;
}
void fire(folly::Executor::KeepAlive<> ex) {
  sum(ex).scheduleOn(ex).start();
  auto semi = folly::coro::co_withExecutor(ex, fetch(3)).start();
  folly::coro::blockingWait(sum(ex));
}
} // namespace folly_service

// --- drogon and Qt-style handlers ---------------------------------------------
namespace handlers {
drogon::Task<> handle_request() { co_return; }
drogon::AsyncTask background() {
  co_await handle_request();
}
void on_startup() {
  background();
  drogon::async_run([]() -> drogon::Task<> { co_await handle_request(); });
  drogon::async_run(handle_request);
}
drogon::Task<> forgot() {
  handle_request();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'handlers::handle_request' is never awaited
  co_return;
}
QCoro::Task<> slot_body() { co_return; }
struct Widget {
  std::function<void()> on_click;
  void setup() {
    on_click = [] { slot_body(); }; // eager QCoro task from a slot: normal
  }
};
} // namespace handlers

// --- Test bodies that define coroutine lambdas and block ---------------------
void test_body() {
  auto producer = []() -> cppcoro::task<int> { co_return 1; };
  auto consumer = [&]() -> cppcoro::task<int> {
    co_return co_await producer();
  };
  std::this_thread::yield();
  cppcoro::sync_wait(consumer());
}

// --- Tasks kept in members and optionals --------------------------------------
struct Connection {
  std::optional<cppcoro::task<>> pending;
  std::unique_ptr<cppcoro::task<>> owned;
  cppcoro::task<> read();
  void start() {
    pending = read();
    owned = std::make_unique<cppcoro::task<>>(read());
    pending.emplace(read());
  }
  cppcoro::task<> finish() {
    if (pending)
      co_await std::move(*pending);
    co_await std::move(*owned);
  }
};
