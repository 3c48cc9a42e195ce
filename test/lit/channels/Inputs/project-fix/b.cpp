#include "shared.h"

void poke(coroguard::event_loop &loop) {
  std::thread t([&loop] {
    loop.call_soon(tick);
  });
  t.join();
}
