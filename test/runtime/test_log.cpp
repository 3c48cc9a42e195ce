// The coroguard logger: levels, sinks, the non-blocking async_sink.
#include "support.hpp"

#include <atomic>
#include <thread>

using namespace coroguard;
using namespace std::chrono_literals;

TEST(Logger, DefaultLevelIsInfoAndFilters) {
  cgtest::log_capture logs;
  auto& l = get_logger();
  EXPECT_EQ(l.level(), log_level::info);
  l.debug("hidden");
  l.info("shown");
  l.set_level(log_level::error);
  l.warning("hidden too");
  l.error("shown too");
  l.set_level(log_level::info);
  EXPECT_EQ(logs.messages(), (std::vector<std::string>{"INFO: shown", "ERROR: shown too"}));
}

TEST(Logger, AsyncSinkDoesNotBlockTheCaller) {
  std::atomic<bool> release{false};
  std::atomic<int> written{0};
  auto slow = std::make_shared<function_sink>([&](log_level, std::string_view) {
    while (!release.load()) std::this_thread::sleep_for(1ms);
    ++written;
  });
  auto async = std::make_shared<async_sink>(slow, 4);
  auto previous = get_logger().set_sink(async);
  for (int i = 0; i < 10; ++i) get_logger().warning("msg");  // returns although the sink is stuck
  EXPECT_EQ(written.load(), 0);
  EXPECT_GE(async->dropped(), 5u) << "bounded queue: the overflow is dropped and counted";
  release = true;
  async->flush();
  EXPECT_EQ(written.load() + static_cast<int>(async->dropped()), 10);
  get_logger().set_sink(previous);
}

TEST(Logger, AsyncSinkDeliversInOrder) {
  std::vector<std::string> got;
  std::mutex m;
  auto target = std::make_shared<function_sink>([&](log_level, std::string_view s) {
    std::lock_guard lock(m);
    got.emplace_back(s);
  });
  {
    async_sink s(target);
    for (int i = 0; i < 100; ++i) s.write(log_level::info, std::to_string(i));
    s.flush();
  }
  ASSERT_EQ(got.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST(Logger, LevelNames) {
  EXPECT_STREQ(to_string(log_level::debug), "DEBUG");
  EXPECT_STREQ(to_string(log_level::warning), "WARNING");
  EXPECT_STREQ(to_string(log_level::critical), "CRITICAL");
}
