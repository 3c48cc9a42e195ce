// event_loop: callbacks, timers, run/stop/close, exception handler, unclosed-loop warning.
#include "support.hpp"

#include <unistd.h>

#include <string>
#include <vector>

using namespace coroguard;
using namespace std::chrono_literals;

TEST(EventLoop, CallSoonRunsInFifoOrder) {
  event_loop loop;
  std::vector<int> order;
  for (int i = 0; i < 5; ++i) loop.call_soon([&order, i] { order.push_back(i); });
  loop.call_soon([&loop] { loop.stop(); });
  loop.run_forever();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
  loop.close();
}

TEST(EventLoop, CallbacksScheduledDuringAnIterationRunOnTheNextOne) {
  event_loop loop;
  std::vector<std::string> order;
  loop.call_soon([&] {
    order.push_back("a");
    loop.call_soon([&] { order.push_back("c"); loop.stop(); });
  });
  loop.call_soon([&] { order.push_back("b"); });
  loop.run_forever();
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
  loop.close();
}

TEST(EventLoop, MoveOnlyAndLargeCallables) {
  event_loop loop;
  auto p = std::make_unique<int>(5);
  int got = 0;
  loop.call_soon([p = std::move(p), &got] { got = *p; });
  std::string big(1000, 'x');
  std::size_t len = 0;
  loop.call_soon([big, &len] { len = big.size(); });
  loop.call_soon([&] { loop.stop(); });
  loop.run_forever();
  EXPECT_EQ(got, 5);
  EXPECT_EQ(len, 1000u);
  loop.close();
}

TEST(EventLoop, CallLaterAndCallAtFireInTimeOrder) {
  event_loop loop;
  std::vector<int> order;
  auto start = loop.time();
  loop.call_later(30ms, [&] { order.push_back(3); loop.stop(); });
  loop.call_at(loop.time() + 10ms, [&] { order.push_back(1); });
  loop.call_later(20ms, [&] { order.push_back(2); });
  loop.run_forever();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_GE(loop.time() - start, 30ms);
  loop.close();
}

TEST(EventLoop, CancelledTimersDoNotFire) {
  event_loop loop;
  bool fired = false;
  auto h = loop.call_later(5ms, [&] { fired = true; });
  EXPECT_FALSE(h.cancelled());
  h.cancel();
  EXPECT_TRUE(h.cancelled());
  loop.call_later(20ms, [&] { loop.stop(); });
  loop.run_forever();
  EXPECT_FALSE(fired);
  // Many cancelled timers are compacted away.
  for (int i = 0; i < 1000; ++i) loop.call_later(1h, [] {}).cancel();
  loop.call_soon([&] { loop.stop(); });
  loop.run_forever();
  loop.close();
}

TEST(EventLoop, StateQueries) {
  event_loop loop;
  EXPECT_FALSE(loop.is_running());
  EXPECT_FALSE(loop.is_closed());
  bool was_running = false;
  event_loop* running = nullptr;
  loop.call_soon([&] {
    was_running = loop.is_running();
    running = &get_running_loop();
    loop.stop();
  });
  loop.run_forever();
  EXPECT_TRUE(was_running);
  EXPECT_EQ(running, &loop);
  EXPECT_FALSE(loop.is_running());
  EXPECT_THROW(get_running_loop(), std::runtime_error);
  EXPECT_EQ(try_get_running_loop(), nullptr);
  loop.close();
  EXPECT_TRUE(loop.is_closed());
  loop.close();  // idempotent
  EXPECT_THROW(loop.call_soon([] {}), std::runtime_error);
  EXPECT_THROW(loop.run_forever(), std::runtime_error);
}

TEST(EventLoop, RunWhileRunningIsRejected) {
  event_loop loop;
  bool threw = false;
  loop.call_soon([&] {
    try {
      loop.run_forever();  // NOLINT(coro-blocking-call): rejected on purpose
    } catch (const std::runtime_error&) {
      threw = true;
    }
    loop.stop();
  });
  loop.run_forever();
  EXPECT_TRUE(threw);
  loop.close();
}

TEST(EventLoop, ExceptionInCallbackGoesToTheHandler) {
  event_loop loop;
  std::vector<std::string> seen;
  loop.set_exception_handler([&](event_loop&, const exception_context& ctx) {
    std::string what;
    try {
      std::rethrow_exception(ctx.exception);
    } catch (const std::exception& e) {
      what = e.what();
    }
    seen.push_back(ctx.message + ": " + what);
  });
  loop.call_soon([] { throw std::runtime_error("bad callback"); });
  bool after = false;
  loop.call_soon([&] { after = true; loop.stop(); });
  loop.run_forever();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], "Exception in callback: bad callback");
  EXPECT_TRUE(after) << "one failing callback must not stop the others";
  loop.close();
}

TEST(EventLoop, DefaultExceptionHandlerLogs) {
  cgtest::log_capture logs;
  event_loop loop;
  loop.call_soon([] { throw std::runtime_error("oops"); });
  loop.call_soon([&] { loop.stop(); });
  loop.run_forever();
  loop.close();
  EXPECT_TRUE(logs.contains("ERROR: Exception in callback")) << logs.all();
  EXPECT_TRUE(logs.contains("oops")) << logs.all();
}

TEST(EventLoop, UnclosedLoopWarns) {
  cgtest::log_capture logs;
  { event_loop loop; }
  EXPECT_EQ(logs.count("unclosed event loop"), 1) << logs.all();
}

TEST(EventLoop, ClosedLoopDoesNotWarn) {
  cgtest::log_capture logs;
  {
    event_loop loop;
    loop.close();
  }
  runner r;
  r.run([]() -> task<void> { co_return; }());
  r.close();
  EXPECT_FALSE(logs.contains("unclosed event loop")) << logs.all();
}

TEST(EventLoop, ReaderAndWriterCallbacks) {
  event_loop loop;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string got;
  bool wrote = false;
  loop.add_writer(fds[1], [&] {
    ASSERT_EQ(::write(fds[1], "hi", 2), 2);
    wrote = true;
    EXPECT_TRUE(loop.remove_writer(fds[1]));
  });
  loop.add_reader(fds[0], [&] {
    char buf[16];
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    got.append(buf, static_cast<std::size_t>(n));
    EXPECT_TRUE(loop.remove_reader(fds[0]));
    loop.stop();
  });
  loop.run_forever();
  EXPECT_TRUE(wrote);
  EXPECT_EQ(got, "hi");
  EXPECT_FALSE(loop.remove_reader(fds[0]));
  EXPECT_FALSE(loop.remove_writer(fds[1]));
  ::close(fds[0]);
  ::close(fds[1]);
  loop.close();
}

TEST(EventLoop, SignalHandlers) {
  event_loop loop;
  int hits = 0;
  loop.add_signal_handler(SIGUSR1, [&] {
    ++hits;
    loop.stop();
  });
  loop.call_soon([] { ::kill(::getpid(), SIGUSR1); });
  loop.call_later(5s, [&] { loop.stop(); });  // safety net
  loop.run_forever();
  EXPECT_EQ(hits, 1);
  EXPECT_TRUE(loop.remove_signal_handler(SIGUSR1));
  EXPECT_FALSE(loop.remove_signal_handler(SIGUSR1));
  loop.close();
}

TEST(EventLoop, SignalHandlersOnlyFromTheMainThread) {
  event_loop loop;
  bool threw = false;
  std::thread t([&] {
    try {
      loop.add_signal_handler(SIGUSR2, [] {});  // NOLINT(coro-cross-thread-loop-call): on purpose
    } catch (const std::runtime_error&) {
      threw = true;
    }
  });
  t.join();
  EXPECT_TRUE(threw);
  loop.close();
}

namespace {
struct recorder : instrumentation {
  std::vector<std::string> events;
  void on_task_spawned(const task_info& t) override { events.push_back("spawned " + t.name().substr(t.name().rfind(':') + 1)); }
  void on_task_scheduled(const task_info&) override { events.push_back("scheduled"); }
  void on_task_step_begin(const task_info&) override { events.push_back("begin"); }
  void on_task_step_end(const task_info&) override { events.push_back("end"); }
  void on_task_exited(const task_info& t) override { events.push_back("exited " + t.name().substr(t.name().rfind(':') + 1)); }
  void on_poll_begin(std::chrono::milliseconds) override { ++polls; }
  void on_poll_end() override { ++polls_end; }
  int polls = 0, polls_end = 0;
};
task<int> traced() {
  co_await sleep(1ms);
  co_return 1;
}
}  // namespace

TEST(EventLoop, InstrumentationHooks) {
  event_loop loop;
  recorder r;
  loop.set_instrumentation(&r);
  EXPECT_EQ(loop.run_until_complete(traced()), 1);
  loop.set_instrumentation(nullptr);
  loop.close();
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front(), "spawned traced");
  EXPECT_NE(std::find(r.events.begin(), r.events.end(), "exited traced"), r.events.end());
  EXPECT_GE(std::count(r.events.begin(), r.events.end(), "begin"), 2);
  EXPECT_EQ(std::count(r.events.begin(), r.events.end(), "begin"), std::count(r.events.begin(), r.events.end(), "end"));
  EXPECT_GE(r.polls, 1);
  EXPECT_EQ(r.polls, r.polls_end);
}
