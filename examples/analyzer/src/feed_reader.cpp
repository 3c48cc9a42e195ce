// A feed reader built on coroguard's async generators, with the three
// async-generator mistakes coroguard reports at compile time
// (coro-unclosed-async-generator, coro-concurrent-generator-use,
// coro-async-generator-outside-loop). Next to each mistake is the correct
// way, which coroguard leaves alone.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

using namespace std::chrono_literals;

namespace feeds {

// Yields entries from a (simulated) remote feed; closing it releases the
// connection asynchronously.
coroguard::async_generator<std::string> entries(std::string feed) {
  try {
    for (int i = 0; i < 100; ++i) {
      co_await coroguard::sleep(1ms);
      co_yield feed + "#" + std::to_string(i);
    }
  } catch (const coroguard::generator_exit &) {
    std::printf("%s: closing early\n", feed.c_str());
  }
  co_await coroguard::sleep(1ms); // async cleanup: hang up the connection
}

coroguard::task<std::optional<std::string>> first_match(std::string feed,
                                                         std::string what) {
  // BUG: the early return leaves the generator suspended; its cleanup runs
  // whenever the loop gets round to finalizing it, not here.
  auto g = entries(feed);
  while (auto entry = co_await g.next())
    if (entry->find(what) != std::string::npos)
      co_return entry;
  co_return std::nullopt;
}

coroguard::task<std::optional<std::string>> first_match_closed(std::string feed,
                                                                std::string what) {
  // Correct: close it on every path out of the loop.
  auto g = entries(feed);
  std::optional<std::string> found;
  while (auto entry = co_await g.next())
    if (entry->find(what) != std::string::npos) {
      found = entry;
      break;
    }
  co_await g.aclose();
  co_return found;
}

coroguard::task<> prefetch(std::string feed) {
  auto g = entries(feed);
  auto &loop = coroguard::get_running_loop();
  auto a = loop.create_task(g.next());
  // BUG: a second next() while the first may still be running: the
  // generator raises "asynchronous generator is already running".
  auto b = loop.create_task(g.next());
  co_await a;
  co_await b;
  // Correct: one step at a time.
  auto c = co_await g.next();
  auto d = co_await g.next();
  std::printf("%s %s\n", c ? c->c_str() : "-", d ? d->c_str() : "-");
  co_await g.aclose();
}

coroguard::task<> service() {
  auto hit = co_await first_match("news", "#3");
  auto closed = co_await first_match_closed("news", "#4");
  std::printf("%s %s\n", hit ? hit->c_str() : "-", closed ? closed->c_str() : "-");
  co_await prefetch("sports");
}

} // namespace feeds

int main() {
  coroguard::runner runner;
  // BUG: created and advanced from main, outside any coroutine: no running
  // loop owns it, so its async cleanup may never run.
  auto g = feeds::entries("weather");
  auto first = runner.run(g.next());
  std::printf("%s\n", first ? first->c_str() : "-");
  // Correct: create and iterate generators inside coroutines.
  runner.run(feeds::service());
  return 0;
}
