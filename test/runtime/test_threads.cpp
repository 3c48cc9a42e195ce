// Thread-safe entry points: call_soon_threadsafe (stress), run_coroutine_threadsafe,
// run_in_executor.
#include "support.hpp"

#include <atomic>
#include <future>
#include <thread>

using namespace coroguard;
using namespace std::chrono_literals;

TEST(Threadsafe, StressFourThreadsHundredThousandEachNoneLost) {
  constexpr int threads = 4, per_thread = 100000;
  event_loop loop;
  long long sum = 0;
  int count = 0;
  std::vector<std::thread> producers;
  std::atomic<int> finished{0};
  loop.call_soon([&] {
    for (int t = 0; t < threads; ++t)
      producers.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i)
          loop.call_soon_threadsafe([&sum, &count, v = t * per_thread + i] {
            sum += v;
            ++count;
          });
        loop.call_soon_threadsafe([&] {
          if (++finished == threads) loop.stop();
        });
      });
  });
  loop.run_forever();
  for (auto& p : producers) p.join();
  // Anything still queued (none expected: stop ran after every producer's last callback).
  loop.call_soon([&] { loop.stop(); });
  loop.run_forever();
  loop.close();
  const long long n = static_cast<long long>(threads) * per_thread;
  EXPECT_EQ(count, threads * per_thread);
  EXPECT_EQ(sum, n * (n - 1) / 2);
}

TEST(Threadsafe, WakesAnIdleLoop) {
  event_loop loop;
  std::thread t;
  bool got = false;
  loop.call_soon([&] {
    t = std::thread([&] {
      std::this_thread::sleep_for(20ms);
      loop.call_soon_threadsafe([&] {
        got = true;
        loop.stop();
      });
    });
  });
  loop.run_forever();  // blocks in epoll_wait with no timers until woken up
  t.join();
  EXPECT_TRUE(got);
  loop.close();
}

TEST(Threadsafe, ClosedLoopRejects) {
  event_loop loop;
  loop.close();
  EXPECT_THROW(loop.call_soon_threadsafe([] {}), std::runtime_error);
}

namespace {
task<int> square_later(int x) {
  co_await sleep(1ms);
  co_return x* x;
}
task<int> throws_later() {
  co_await sleep(1ms);
  throw std::runtime_error("remote failure");
}
}  // namespace

TEST(RunCoroutineThreadsafe, FutureGetsResultAndException) {
  event_loop loop;
  std::thread loop_thread;
  std::promise<void> started;
  loop.call_soon([&] { started.set_value(); });
  loop_thread = std::thread([&] { loop.run_forever(); });
  started.get_future().wait();
  std::future<int> f = run_coroutine_threadsafe(square_later(7), loop);
  EXPECT_EQ(f.get(), 49);
  std::future<int> g = run_coroutine_threadsafe(throws_later(), loop);
  EXPECT_THROW(g.get(), std::runtime_error);
  std::future<void> v = run_coroutine_threadsafe([]() -> task<void> { co_return; }(), loop);
  v.get();
  loop.call_soon_threadsafe([&] { loop.stop(); });
  loop_thread.join();
  loop.close();
  EXPECT_THROW((void)run_coroutine_threadsafe(square_later(1), loop), std::runtime_error);
}

TEST(RunInExecutor, RunsOnAnotherThreadAndReturnsTheResult) {
  auto body = []() -> task<void> {
    auto& loop = get_running_loop();
    auto me = std::this_thread::get_id();
    auto id = co_await loop.run_in_executor(nullptr, [] { return std::this_thread::get_id(); });
    EXPECT_NE(id, me);
    int v = co_await loop.run_in_executor(nullptr, [] {
      std::this_thread::sleep_for(5ms);
      return 42;
    });
    EXPECT_EQ(v, 42);
    co_await loop.run_in_executor(nullptr, [] {});
    bool threw = false;
    try {
      co_await loop.run_in_executor(nullptr, [] { throw std::runtime_error("in pool"); });
    } catch (const std::runtime_error&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
    thread_pool_executor mine(2);
    EXPECT_EQ(co_await loop.run_in_executor(&mine, [] { return 5; }), 5);
    mine.shutdown();
    // Many concurrent jobs.
    std::vector<task<int>> jobs;
    for (int i = 0; i < 20; ++i)
      jobs.push_back([](int k) -> task<int> { co_return co_await get_running_loop().run_in_executor(nullptr, [k] { return k; }); }(i));
    auto results = co_await gather(std::move(jobs));
    int s = 0;
    for (int r : results) s += r;
    EXPECT_EQ(s, 190);
  };
  run(body());
}

TEST(RunInExecutor, CancellingTheAwaiterStopsWaiting) {
  static std::atomic<bool> release{false};  // static: outlives the job on the pool thread
  release = false;
  auto body = []() -> task<void> {
    auto& loop = get_running_loop();
    auto h = loop.create_task([]() -> task<void> {
      co_await get_running_loop().run_in_executor(nullptr, [] {
        while (!release.load()) std::this_thread::sleep_for(1ms);
      });
    }());
    co_await sleep(5ms);
    h.cancel();
    co_await h.wait();
    EXPECT_TRUE(h.cancelled());
    release = true;
  };
  run(body());
}
