// A report pipeline written correctly: every task is awaited, gathered,
// returned, stored or handed to the loop. coroguard reports nothing here;
// it is the negative control of the bundled example.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace reports {

coroguard::task<int> count_rows(std::string table) {
  co_await coroguard::sleep(1ms);
  co_return static_cast<int>(table.size());
}

coroguard::task<int> total(std::vector<std::string> tables) {
  std::vector<coroguard::task<int>> jobs;
  for (auto &table : tables)
    jobs.push_back(count_rows(table)); // stored, awaited below
  int sum = 0;
  for (auto &job : jobs)
    sum += co_await std::move(job);
  co_return sum;
}

coroguard::task<int> forward(std::string table) {
  return count_rows(std::move(table)); // returned to the caller, who awaits it
}

coroguard::task<> publish() {
  auto first = count_rows("orders"); // awaited later
  int later = co_await forward("customers");
  int now = co_await first;
  int all = co_await total({"a", "bb", "ccc"});
  std::printf("orders=%d customers=%d all=%d\n", now, later, all);

  auto &loop = coroguard::get_running_loop();
  auto handle = loop.create_task(count_rows("background")); // scheduled
  std::printf("background=%d\n", co_await handle);
}

} // namespace reports

int main() {
  coroguard::run(reports::publish());
  return 0;
}
