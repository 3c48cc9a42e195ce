// task<T>: laziness, results, exceptions, nesting, never-awaited reports.
#include "support.hpp"

#include <memory>
#include <string>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {

int g_started = 0;

task<int> answer() {
  ++g_started;
  co_return 42;
}

task<void> boom() {
  throw std::runtime_error("boom");
  co_return;
}

task<int> add(int a, int b) { co_return a + b; }

task<int> nested() {
  int x = co_await answer();
  int y = co_await add(x, 1);
  co_return y;
}

task<std::unique_ptr<int>> move_only() { co_return std::make_unique<int>(7); }


task<std::string> catches() {
  try {
    co_await boom();
  } catch (const std::runtime_error& e) {
    co_return std::string("caught ") + e.what();
  }
  co_return "no";
}

}  // namespace

// Global (not in the anonymous namespace) so its name is exactly "never_awaited_coro".
task<void> never_awaited_coro() { co_return; }

TEST(Task, IsLazy) {
  g_started = 0;
  cgtest::log_capture logs;
  {
    auto t = answer();
    EXPECT_EQ(g_started, 0) << "the body must not run before the task is awaited";
    EXPECT_EQ(run(std::move(t)), 42);
  }
  EXPECT_EQ(g_started, 1);
  EXPECT_FALSE(logs.contains("never awaited"));
}

TEST(Task, ReturnsValuesAndNests) {
  EXPECT_EQ(run(nested()), 43);
  auto p = run(move_only());
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 7);
}

TEST(Task, PropagatesExceptions) {
  EXPECT_THROW(run(boom()), std::runtime_error);
  EXPECT_EQ(run(catches()), "caught boom");
}

TEST(Task, IsMoveOnlyAndNodiscard) {
  static_assert(!std::is_copy_constructible_v<task<int>>);
  static_assert(std::is_move_constructible_v<task<int>>);
  static_assert(std::is_move_assignable_v<task<int>>);
  auto a = answer();
  task<int> b = std::move(a);
  EXPECT_FALSE(a.valid());
  EXPECT_TRUE(b.valid());
  EXPECT_EQ(run(std::move(b)), 42);
}

TEST(Task, AwaitingTwiceThrows) {
  auto outer = []() -> task<void> {
    auto t = answer();
    EXPECT_EQ(co_await t, 42);
    bool threw = false;
    try {
      (void)co_await t;
    } catch (const invalid_state_error&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
  };
  run(outer());
}

TEST(Task, NeverAwaitedIsReportedWithNameAndCreationSite) {
  cgtest::log_capture logs;
  {
    // NOLINTNEXTLINE(coro-never-awaited): the runtime's own report of this is under test
    auto t = never_awaited_coro(); int line = __LINE__;
    (void)line;
    logs.clear();
    // t goes out of scope without being awaited
    (void)t.valid();
    std::string expect_site = std::string("test_task.cpp:") + std::to_string(line);
    t = task<void>();  // destroys the coroutine
    EXPECT_EQ(logs.count("coroutine 'never_awaited_coro' was never awaited"), 1) << logs.all();
    EXPECT_TRUE(logs.contains("created at")) << logs.all();
    EXPECT_TRUE(logs.contains(expect_site)) << logs.all();
  }
}

TEST(Task, AwaitedOrScheduledTasksAreNotReported) {
  cgtest::log_capture logs;
  run(never_awaited_coro());
  {
    event_loop loop;
    auto h = loop.create_task(never_awaited_coro());
    loop.run_until_complete(h);
    loop.close();
  }
  EXPECT_FALSE(logs.contains("never awaited")) << logs.all();
}

TEST(Task, NameOfTheCoroutine) {
  auto t = add(1, 2);
  EXPECT_TRUE(t.name().ends_with("::add")) << t.name();
  (void)run(std::move(t));
}
