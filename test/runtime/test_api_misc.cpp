// Remaining API surface: accessors, executors, exception-handler contexts, shutdown helpers.
#include "support.hpp"

#include <unistd.h>

#include <thread>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {
task<int> value_after(int v, std::chrono::milliseconds d) {
  co_await sleep(d);
  co_return v;
}
task<void> fail_soon(const char* m) {
  co_await sleep(1ms);
  throw std::runtime_error(m);
}
}  // namespace

TEST(Misc, TimerHandleWhen) {
  event_loop loop;
  auto before = loop.time();
  auto h = loop.call_later(50ms, [] {});
  EXPECT_GE(h.when() - before, 50ms);
  auto at = loop.time() + 1h;
  EXPECT_EQ(loop.call_at(at, [] {}).when(), at);
  h.cancel();
  loop.close();
}

TEST(Misc, TaskHandleAccessors) {
  event_loop loop;
  auto a = loop.create_task(value_after(1, 1ms));
  auto b = loop.create_task(value_after(2, 1ms));
  EXPECT_NE(a.id(), b.id());
  EXPECT_EQ(&a.get_loop(), &loop);
  EXPECT_TRUE(a.name().ends_with("value_after")) << a.name();
  EXPECT_EQ(loop.pending_tasks(), 2u);
  EXPECT_EQ(loop.run_until_complete(std::move(a)), 1);
  EXPECT_EQ(loop.run_until_complete(b), 2);
  EXPECT_EQ(loop.pending_tasks(), 0u);
  loop.close();
}

TEST(Misc, CancelAllTasks) {
  event_loop loop;
  // Only inspected: both are cancelled below, so there is no exception to retrieve.
  auto a = loop.create_task(value_after(1, 1h));  // NOLINT(coro-unobserved-task)
  auto b = loop.create_task(value_after(2, 1h));  // NOLINT(coro-unobserved-task)
  loop.run_until_complete(value_after(0, 2ms));
  loop.cancel_all_tasks();
  loop.run_until_complete(value_after(0, 2ms));
  EXPECT_TRUE(a.cancelled());
  EXPECT_TRUE(b.cancelled());
  loop.close();
}

TEST(Misc, ExceptionHandlerReceivesNeverRetrievedContext) {
  event_loop loop;
  std::vector<exception_context> seen;
  loop.set_exception_handler([&](event_loop&, const exception_context& c) { seen.push_back(c); });
  EXPECT_TRUE(static_cast<bool>(loop.get_exception_handler()));
  (void)loop.create_task(fail_soon("ctx"));
  loop.run_until_complete(value_after(0, 10ms));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].message, "Task exception was never retrieved");
  EXPECT_NE(seen[0].source.find("fail_soon"), std::string::npos);
  ASSERT_TRUE(seen[0].exception);
  // A throwing handler is itself reported, and the loop survives.
  cgtest::log_capture logs;
  loop.set_exception_handler([](event_loop&, const exception_context&) { throw std::runtime_error("handler bug"); });
  loop.call_soon([] { throw std::runtime_error("x"); });
  loop.run_until_complete(value_after(0, 1ms));
  EXPECT_TRUE(logs.contains("Unhandled error in exception handler")) << logs.all();
  loop.set_exception_handler(nullptr);
  loop.call_exception_handler({"custom report", nullptr, "here"});
  EXPECT_TRUE(logs.contains("custom report")) << logs.all();
  loop.close();
}

TEST(Misc, DefaultExecutorLifecycle) {
  event_loop loop;
  executor& ex = loop.default_executor();
  EXPECT_EQ(&ex, &loop.default_executor());
  std::atomic<int> n{0};
  ex.submit([&] { ++n; });
  loop.shutdown_default_executor();  // waits for queued jobs
  EXPECT_EQ(n.load(), 1);
  EXPECT_THROW(ex.submit([] {}), std::runtime_error);
  loop.close();
}

TEST(Misc, ShutdownAsyncgensDirectly) {
  std::vector<std::string> log;
  event_loop loop;
  auto gen = [](std::vector<std::string>* l) -> async_generator<int> {
    try {
      for (;;) co_yield 1;
    } catch (const generator_exit&) {
      l->push_back("closed");
      throw;
    }
  };
  auto g = gen(&log);
  loop.run_until_complete([](async_generator<int>* p) -> task<void> {
    (void)co_await p->next();
    EXPECT_FALSE(p->running());
  }(&g));
  EXPECT_FALSE(g.finished());
  loop.run_until_complete(loop.shutdown_asyncgens());
  EXPECT_TRUE(g.finished());
  EXPECT_EQ(log, (std::vector<std::string>{"closed"}));
  loop.close();
}

TEST(Misc, StopBeforeCompletionIsAnError) {
  event_loop loop;
  auto h = loop.create_task(value_after(1, 1h));
  loop.call_soon([&] { loop.stop(); });
  EXPECT_THROW(loop.run_until_complete(h), std::runtime_error);
  h.cancel();
  loop.run_until_complete(value_after(0, 1ms));
  loop.close();
}

TEST(Misc, WaitForTaskThatSwallowsCancellation) {
  auto stubborn = []() -> task<int> {
    bool cancelled = false;
    try {
      co_await sleep(1h);
    } catch (const cancelled_error&) {
      cancelled = true;
    }
    co_return cancelled ? 5 : 0;
  };
  auto body = [&]() -> task<int> { co_return co_await wait_for(stubborn(), 5ms); };
  EXPECT_EQ(run(body()), 5) << "like asyncio, a task that handles its cancellation returns its value";
}

TEST(Misc, TcpStreamMoves) {
  tcp_stream a;
  EXPECT_FALSE(a.is_open());
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  tcp_stream b(fds[0]);
  a = std::move(b);
  EXPECT_TRUE(a.is_open());
  EXPECT_FALSE(b.is_open());
  EXPECT_EQ(a.native_handle(), fds[0]);
  a.close();
  ::close(fds[1]);
}
