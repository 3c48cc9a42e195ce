// An order worker on coroguard's event loop that blocks the loop, talks to
// it from another thread, and loses task exceptions. `scripts/run-examples.sh`
// analyses this file; each BUG below is reported at compile time
// (coro-blocking-call, coro-cross-thread-loop-call, coro-unobserved-task).
// Next to each mistake is the correct way, which coroguard leaves alone.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace orders {

// A plain function that blocks: it reads a file synchronously.
std::string read_price_list(const std::string &path) {
  std::ifstream in(path);
  std::string line, all;
  while (std::getline(in, line))
    all += line;
  return all;
}

// Another plain function that calls the blocking one.
std::size_t price_list_size(const std::string &path) {
  return read_price_list(path).size();
}

coroguard::task<int> charge(std::string order) {
  co_await coroguard::sleep(1ms);
  if (order.empty())
    throw std::runtime_error("empty order");
  co_return static_cast<int>(order.size());
}

coroguard::task<> throttle() {
  // BUG: sleeps the whole event loop thread, not just this coroutine.
  std::this_thread::sleep_for(5ms);
  // Correct: suspends only this coroutine.
  co_await coroguard::sleep(5ms);
}

coroguard::task<std::size_t> load_prices() {
  // BUG: blocking file I/O (two calls deep) on the loop thread.
  std::size_t direct = price_list_size("prices.txt");
  // Correct: the same work on the loop's executor thread.
  auto &loop = coroguard::get_running_loop();
  std::size_t offloaded = co_await loop.run_in_executor(
      nullptr, [] { return price_list_size("prices.txt"); });
  co_return direct + offloaded;
}

coroguard::task<> dispatch(std::vector<std::string> batch) {
  auto &loop = coroguard::get_running_loop();
  // BUG: the handle is dropped; if charge() throws, nobody ever sees it.
  loop.create_task(charge("gift-card"));
  // Correct: keep the handles and await them.
  std::vector<coroguard::task_handle<int>> charges;
  for (auto &order : batch)
    charges.push_back(loop.create_task(charge(order)));
  for (auto &c : charges)
    std::printf("charged %d\n", co_await c);
}

void start_audit_thread(coroguard::event_loop &loop) {
  std::thread auditor([&loop] {
    // BUG: call_soon is not thread-safe; this thread is not the loop's.
    loop.call_soon([] { std::puts("audit done"); });
    // Correct: the thread-safe way to hand work to the loop.
    loop.call_soon_threadsafe([] { std::puts("audit done"); });
  });
  auditor.detach();
}

coroguard::task<> service() {
  co_await throttle();
  std::printf("prices: %zu bytes\n", co_await load_prices());
  co_await dispatch({"book", "lamp"});
}

} // namespace orders

int main() {
  coroguard::run(orders::service());
  return 0;
}
