// sleep, gather/when_all, wait_for, run, runner, run_options.
#include "support.hpp"

#include <cstdlib>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {
task<int> after(int v, std::chrono::milliseconds d) {
  co_await sleep(d);
  co_return v;
}
task<void> nothing_after(std::chrono::milliseconds d) { co_await sleep(d); }
task<int> fails(std::chrono::milliseconds d, const char* m) {
  co_await sleep(d);
  throw std::runtime_error(m);
}
}  // namespace

TEST(Sleep, SleepsAtLeastTheDuration) {
  auto body = []() -> task<std::chrono::steady_clock::duration> {
    auto& loop = get_running_loop();
    auto t0 = loop.time();
    co_await sleep(20ms);
    co_return loop.time() - t0;
  };
  EXPECT_GE(run(body()), 20ms);
}

TEST(Sleep, ZeroYieldsToOtherCallbacks) {
  auto body = []() -> task<int> {
    int x = 0;
    get_running_loop().call_soon([&x] { x = 1; });
    co_await sleep(0ms);
    co_return x;
  };
  EXPECT_EQ(run(body()), 1);
}

TEST(Gather, VariadicReturnsATupleAndRunsConcurrently) {
  auto body = []() -> task<int> {
    auto t0 = get_running_loop().time();
    auto [a, b, c] = co_await gather(after(1, 30ms), after(2, 30ms), nothing_after(30ms));
    (void)c;
    static_assert(std::is_same_v<decltype(c), std::monostate>);
    auto took = get_running_loop().time() - t0;
    EXPECT_LT(took, 85ms * 10);  // concurrent would be ~30ms; only a very generous bound
    co_return a + b;
  };
  EXPECT_EQ(run(body()), 3);
}

TEST(Gather, ConcurrencyIsObservable) {
  // Interleaving proves concurrency without timing: each appends before and after a yield.
  std::string trace;
  auto worker = [](std::string* t, char c) -> task<void> {
    *t += c;
    co_await sleep(0ms);
    *t += static_cast<char>(c - 'a' + 'A');
  };
  auto body = [&]() -> task<void> { co_await when_all(worker(&trace, 'a'), worker(&trace, 'b')); };
  run(body());
  EXPECT_EQ(trace, "abAB");
}

TEST(Gather, VectorVersion) {
  auto body = []() -> task<int> {
    std::vector<task<int>> ts;
    for (int i = 1; i <= 4; ++i) ts.push_back(after(i, 1ms));
    auto v = co_await gather(std::move(ts));
    int s = 0;
    for (int x : v) s += x;
    co_return s;
  };
  EXPECT_EQ(run(body()), 10);
}

TEST(Gather, FirstExceptionIsRethrownAfterAllFinish) {
  cgtest::log_capture logs;
  bool other_finished = false;
  auto body = [](bool* done) -> task<void> {
    auto slow = [](bool* d) -> task<int> {
      co_await sleep(20ms);
      *d = true;
      co_return 1;
    };
    co_await gather(fails(1ms, "first"), slow(done), fails(5ms, "second"));
  };
  try {
    run(body(&other_finished));
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  }
  EXPECT_TRUE(other_finished);
  EXPECT_FALSE(logs.contains("never retrieved")) << logs.all();
}

TEST(Gather, CancellingTheGathererCancelsChildren) {
  bool child_cancelled = false;
  auto child = [](bool* c) -> task<void> {
    try {
      co_await sleep(1h);
    } catch (const cancelled_error&) {
      *c = true;
      throw;
    }
  };
  auto body = [&]() -> task<void> {
    auto& loop = get_running_loop();
    auto g = loop.create_task(gather(child(&child_cancelled), child(&child_cancelled)));
    co_await sleep(5ms);
    g.cancel();
    co_await g.wait();
    EXPECT_TRUE(g.cancelled());
    co_await sleep(5ms);
  };
  run(body());
  EXPECT_TRUE(child_cancelled);
}

TEST(WaitFor, ReturnsInTime) {
  auto body = []() -> task<int> { co_return co_await wait_for(after(7, 1ms), 10s); };
  EXPECT_EQ(run(body()), 7);
}

TEST(WaitFor, TimesOutAndCancelsTheTask) {
  bool cancelled = false;
  auto slow = [](bool* c) -> task<int> {
    try {
      co_await sleep(1h);
    } catch (const cancelled_error&) {
      *c = true;
      throw;
    }
    co_return 0;
  };
  auto body = [&]() -> task<void> {
    bool timed_out = false;
    try {
      (void)co_await wait_for(slow(&cancelled), 10ms);
    } catch (const timeout_error&) {
      timed_out = true;
    }
    EXPECT_TRUE(timed_out);
  };
  run(body());
  EXPECT_TRUE(cancelled);
}

TEST(WaitFor, PropagatesExceptions) {
  auto body = []() -> task<int> { co_return co_await wait_for(fails(1ms, "inner"), 10s); };
  EXPECT_THROW(run(body()), std::runtime_error);
}

TEST(Run, OptionsAreAnAggregateWithDebug) {
  run_options o{.debug = true};
  EXPECT_TRUE(o.debug);
  auto body = []() -> task<bool> { co_return get_running_loop().get_debug(); };
  EXPECT_TRUE(run(body(), {.debug = true}));
  if (!debug_from_environment()) {
    EXPECT_FALSE(run(body()));
  }
}

TEST(Run, CancelsLeftoverTasks) {
  bool cancelled = false;
  auto leftover = [](bool* c) -> task<void> {
    try {
      co_await sleep(1h);
    } catch (const cancelled_error&) {
      *c = true;
      throw;
    }
  };
  auto body = [&]() -> task<void> {
    (void)get_running_loop().create_task(leftover(&cancelled));
    co_await sleep(1ms);
  };
  cgtest::log_capture logs;
  run(body());
  EXPECT_TRUE(cancelled);
  EXPECT_FALSE(logs.contains("pending")) << logs.all();
}

TEST(Runner, ReusesOneLoop) {
  runner r;
  event_loop* first = &r.get_loop();
  EXPECT_EQ(r.run(after(1, 1ms)), 1);
  EXPECT_EQ(r.run(after(2, 1ms)), 2);
  EXPECT_EQ(&r.get_loop(), first);
  r.close();
  EXPECT_TRUE(first != nullptr);
  EXPECT_THROW(r.get_loop(), std::runtime_error);
}

TEST(Runner, DebugOption) {
  runner r({.debug = true});
  EXPECT_TRUE(r.get_loop().get_debug());
}

TEST(Environment, DebugSwitch) {
  // Run by CTest with COROGUARD_DEBUG=1 (see CMakeLists.txt).
  if (!std::getenv("COROGUARD_EXPECT_DEBUG")) GTEST_SKIP() << "needs COROGUARD_DEBUG=1";
  EXPECT_TRUE(debug_from_environment());
  event_loop loop;
  EXPECT_TRUE(loop.get_debug());
  loop.close();
  auto body = []() -> task<bool> { co_return get_running_loop().get_debug(); };
  EXPECT_TRUE(run(body()));
}
