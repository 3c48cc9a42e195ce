#include "workers.h"
#include <future>
#include <thread>

int main() {
  coroguard::event_loop loop;
  std::thread t(worker, std::ref(loop));
  auto f = std::async(std::launch::async, pooled, std::ref(loop));
  called_inline(loop);
  std::thread own(runs_own_loop, std::ref(loop));
  std::thread helped(via_helper, std::ref(loop));
  loop.run_forever();
  t.join();
  own.join();
  helped.join();
}
