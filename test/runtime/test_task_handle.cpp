// task_handle: create_task, await, cancel, done/cancelled/result/exception, never retrieved.
#include "support.hpp"

#include <map>
#include <vector>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {
task<int> value_after(int v, std::chrono::milliseconds d) {
  co_await sleep(d);
  co_return v;
}
task<void> fail_after(std::chrono::milliseconds d, const char* msg) {
  co_await sleep(d);
  throw std::runtime_error(msg);
}
task<void> forever(bool* cleaned) {
  struct guard {
    bool* flag;
    ~guard() { *flag = true; }
  } g{cleaned};
  for (;;) co_await sleep(1h);
}
}  // namespace

TEST(TaskHandle, ScheduledTasksRunConcurrently) {
  auto body = []() -> task<int> {
    event_loop& loop = get_running_loop();
    auto start = loop.time();
    auto a = loop.create_task(value_after(1, 50ms));
    auto b = loop.create_task(value_after(2, 50ms));
    int s = co_await a + co_await b;
    EXPECT_LT(loop.time() - start, 2s);  // generous: sequential would also pass quickly; see next check
    co_return s;
  };
  EXPECT_EQ(run(body()), 3);
}

TEST(TaskHandle, StartsWithoutBeingAwaited) {
  event_loop loop;
  bool ran = false;
  auto h = loop.create_task([](bool* r) -> task<void> {
    *r = true;
    co_return;
  }(&ran));
  EXPECT_FALSE(h.done());
  loop.call_soon([&] { loop.call_soon([&] { loop.stop(); }); });
  loop.run_forever();
  EXPECT_TRUE(ran);
  EXPECT_TRUE(h.done());
  EXPECT_FALSE(h.cancelled());
  EXPECT_EQ(h.exception(), nullptr);
  loop.close();
}

TEST(TaskHandle, ResultAndExceptionAccessors) {
  event_loop loop;
  auto ok = loop.create_task(value_after(5, 1ms));
  EXPECT_THROW(ok.result(), invalid_state_error);
  EXPECT_EQ(loop.run_until_complete(ok), 5);
  EXPECT_EQ(ok.result(), 5);
  EXPECT_EQ(ok.result(), 5);  // many times
  auto bad = loop.create_task(fail_after(1ms, "nope"));
  EXPECT_THROW(loop.run_until_complete(bad), std::runtime_error);
  EXPECT_TRUE(bad.exception() != nullptr);
  loop.close();
}

TEST(TaskHandle, AwaitableManyTimesAsLvalue) {
  auto body = []() -> task<int> {
    auto h = get_running_loop().create_task(value_after(4, 1ms));
    int a = co_await h;
    int b = co_await h;
    co_return a + b;
  };
  EXPECT_EQ(run(body()), 8);
}

TEST(TaskHandle, StorableInContainersAndMembers) {
  static_assert(std::is_move_constructible_v<task_handle<int>>);
  static_assert(std::is_move_assignable_v<task_handle<int>>);
  auto body = []() -> task<int> {
    std::vector<task_handle<int>> v;
    std::map<int, task_handle<int>> m;
    for (int i = 0; i < 10; ++i) v.push_back(get_running_loop().create_task(value_after(i, 1ms)));
    m[1] = v[1];
    task_handle<int> moved;
    moved = std::move(v[2]);
    int sum = 0;
    for (auto& h : v)
      if (h) sum += co_await h;
    sum += co_await m[1] + co_await moved;
    co_return sum;
  };
  EXPECT_EQ(run(body()), 45 - 2 + 1 + 2);
}

TEST(TaskHandle, CancelDeliversCancelledErrorAndRunsCleanup) {
  bool cleaned = false;
  auto body = [](bool* c) -> task<void> {
    auto h = get_running_loop().create_task(forever(c));
    co_await sleep(5ms);
    EXPECT_TRUE(h.cancel());
    bool got = false;
    try {
      co_await h;
    } catch (const cancelled_error&) {
      got = true;
    }
    EXPECT_TRUE(got);
    EXPECT_TRUE(h.done());
    EXPECT_TRUE(h.cancelled());
    EXPECT_FALSE(h.cancel()) << "already done";
    EXPECT_THROW(h.result(), cancelled_error);
  };
  run(body(&cleaned));
  EXPECT_TRUE(cleaned);
}

TEST(TaskHandle, CancelBeforeFirstStepNeverRunsTheBody) {
  event_loop loop;
  bool ran = false;
  auto h = loop.create_task([](bool* r) -> task<void> {
    *r = true;
    co_return;
  }(&ran));
  EXPECT_TRUE(h.cancel());
  EXPECT_THROW(loop.run_until_complete(h), cancelled_error);
  EXPECT_FALSE(ran);
  EXPECT_TRUE(h.cancelled());
  loop.close();
}

TEST(TaskHandle, CancellationCanBeCaughtAndTaskContinues) {
  auto body = []() -> task<int> {
    auto h = get_running_loop().create_task([]() -> task<int> {
      bool cancelled = false;
      try {
        co_await sleep(1h);
      } catch (const cancelled_error&) {
        cancelled = true;
      }
      if (!cancelled) co_return 0;
      co_await sleep(1ms);  // cleanup may await
      co_return 99;
    }());
    co_await sleep(2ms);
    h.cancel();
    co_return co_await h;
  };
  EXPECT_EQ(run(body()), 99);
}

TEST(TaskHandle, ExceptionNeverRetrievedIsReported) {
  cgtest::log_capture logs;
  event_loop loop;
  {
    auto h = loop.create_task(fail_after(1ms, "lost error"));  // NOLINT(coro-unobserved-task): the pitfall under test
    loop.run_until_complete(value_after(0, 20ms));
    EXPECT_TRUE(h.done());
    EXPECT_FALSE(logs.contains("never retrieved")) << "reported only when the last handle goes";
  }
  EXPECT_EQ(logs.count("Task exception was never retrieved"), 1) << logs.all();
  EXPECT_TRUE(logs.contains("lost error")) << logs.all();
  // The dynamic type, demangled, as asyncio shows RuntimeError('...').
  EXPECT_TRUE(logs.contains("exception: std::runtime_error(\"lost error\")")) << logs.all();
  EXPECT_TRUE(logs.contains("fail_after")) << logs.all();
  if (!loop.get_debug()) {
    EXPECT_FALSE(logs.contains("created at")) << "creation site only in debug mode";
  }
  // Fire and forget: the handle is dropped at once, the report comes when the task fails.
  logs.clear();
  (void)loop.create_task(fail_after(1ms, "forgotten"));
  loop.run_until_complete(value_after(0, 20ms));
  EXPECT_EQ(logs.count("Task exception was never retrieved"), 1) << logs.all();
  EXPECT_TRUE(logs.contains("forgotten")) << logs.all();
  loop.close();
}

namespace {
struct quota_exceeded : std::runtime_error {
  using std::runtime_error::runtime_error;
};
task<void> throws_derived() {
  co_await sleep(1ms);
  throw quota_exceeded("over quota");
}
task<void> throws_int() {
  co_await sleep(1ms);
  throw 42;
}
}  // namespace

TEST(TaskHandle, ExceptionNeverRetrievedNamesTheDynamicType) {
  cgtest::log_capture logs;
  event_loop loop;
  (void)loop.create_task(throws_derived());  // NOLINT(coro-unobserved-task): under test
  (void)loop.create_task(throws_int());      // NOLINT(coro-unobserved-task): under test
  loop.run_until_complete(value_after(0, 20ms));
  loop.close();
  EXPECT_EQ(logs.count("Task exception was never retrieved"), 2) << logs.all();
  EXPECT_TRUE(logs.contains("exception: (anonymous namespace)::quota_exceeded(\"over quota\")")) << logs.all();
  EXPECT_TRUE(logs.contains("exception: int (not a std::exception)")) << logs.all();
}

TEST(TaskHandle, ExceptionNeverRetrievedInDebugModeSaysWhereCreated) {
  cgtest::log_capture logs;
  event_loop loop;
  loop.set_debug(true);
  int line = 0;
  {
    auto h = loop.create_task(fail_after(1ms, "debug lost")); line = __LINE__;  // NOLINT(coro-unobserved-task): under test
    loop.run_until_complete(value_after(0, 20ms));
  }
  loop.close();
  EXPECT_EQ(logs.count("Task exception was never retrieved"), 1) << logs.all();
  EXPECT_TRUE(logs.contains("created at")) << logs.all();
  EXPECT_TRUE(logs.contains("test_task_handle.cpp:" + std::to_string(line))) << logs.all();
}

TEST(TaskHandle, RetrievedExceptionsAreNotReported) {
  cgtest::log_capture logs;
  event_loop loop;
  {
    auto a = loop.create_task(fail_after(1ms, "a"));
    auto b = loop.create_task(fail_after(1ms, "b"));
    auto c = loop.create_task(fail_after(1ms, "c"));
    loop.run_until_complete(value_after(0, 20ms));
    EXPECT_THROW(a.result(), std::runtime_error);
    EXPECT_NE(b.exception(), nullptr);
    EXPECT_THROW(loop.run_until_complete(c), std::runtime_error);
  }
  {
    auto cancelled = loop.create_task(value_after(1, 1h));
    cancelled.cancel();
    loop.run_until_complete(value_after(0, 5ms));
  }
  loop.close();
  EXPECT_FALSE(logs.contains("never retrieved")) << logs.all();
}

TEST(TaskHandle, PendingTasksAreDestroyedAtClose) {
  cgtest::log_capture logs;
  bool cleaned = false;
  event_loop loop;
  const int created_line = __LINE__ + 1;
  auto h = loop.create_task(forever(&cleaned));  // NOLINT(coro-unobserved-task): never finishes; destroyed at close
  loop.run_until_complete(value_after(0, 5ms));
  EXPECT_EQ(loop.pending_tasks(), 1u);
  loop.close();
  EXPECT_TRUE(logs.contains("Task was destroyed but it is pending!")) << logs.all();
  // Named, with where it is defined and where it was created (this file; -g build).
  EXPECT_TRUE(logs.contains("forever' defined at ")) << logs.all();
  EXPECT_TRUE(logs.contains("created at ")) << logs.all();
  EXPECT_TRUE(logs.contains("test_task_handle.cpp:" + std::to_string(created_line))) << logs.all();
  EXPECT_TRUE(h.done());
  EXPECT_TRUE(h.cancelled());
  h = task_handle<void>();
  EXPECT_TRUE(cleaned);
}
