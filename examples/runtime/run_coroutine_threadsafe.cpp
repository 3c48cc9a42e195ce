// run_coroutine_threadsafe: submit a task to a loop running in another thread, get a
// std::future of its result.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

using namespace std::chrono_literals;

coroguard::task<int> compute(int x) {
  co_await coroguard::sleep(5ms);
  co_return x * 2;
}

int main() {
  coroguard::event_loop loop;
  std::promise<void> started;
  loop.call_soon([&] { started.set_value(); });
  std::thread loop_thread([&] { loop.run_forever(); });
  started.get_future().wait();

  std::future<int> f = coroguard::run_coroutine_threadsafe(compute(21), loop);
  std::printf("result from the loop thread: %d\n", f.get());

  loop.call_soon_threadsafe([&] { loop.stop(); });
  loop_thread.join();
  loop.close();
  return 0;
}
