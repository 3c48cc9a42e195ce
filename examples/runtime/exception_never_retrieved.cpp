// "Task exception was never retrieved": a scheduled task fails and nobody looks at it.
// In debug mode the report also says where the task was created.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>

using namespace std::chrono_literals;

coroguard::task<void> send_metrics() {
  co_await coroguard::sleep(1ms);
  throw std::runtime_error("metrics server unreachable");
}

coroguard::task<void> amain() {
  auto& loop = coroguard::get_running_loop();
  loop.create_task(send_metrics());  // BUG: fire and forget, the error is lost
  co_await coroguard::sleep(20ms);
  std::puts("main done");

  // Fixed: keep the handle and await it (or call result()/exception()).
  auto h = loop.create_task(send_metrics());
  try {
    co_await h;
  } catch (const std::exception& e) {
    std::printf("handled: %s\n", e.what());
  }
}

int main() {
  coroguard::run(amain(), {.debug = true});
  return 0;
}
