// Does not compile: its fixes are not applied without --fix-errors.
#include "shared.h"

void nudge(coroguard::event_loop &loop) {
  std::thread t([&loop] { loop.call_soon(tick); });
  t.join();
  undeclared_function();
}
