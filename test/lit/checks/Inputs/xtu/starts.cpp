#include "pumps.h"
#include <functional>
#include <thread>

int main() {
  std::thread a(pump);
  std::thread b(loop_thread);
  coroguard::event_loop loop;
  std::thread c(param_thread, std::ref(loop));
  std::thread d(own_thread);
  std::thread e(posting_thread);
  std::thread f(indirect_loop_thread);
  on_main();
  a.join();
  b.join();
  c.join();
  d.join();
  e.join();
  f.join();
}
