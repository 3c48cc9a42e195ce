#include "shared.h"

task audit();

task report() {
  (void)audit();
  co_return;
}

// For tests that enable a clang-tidy check next to coro-*.
int unused_parameter(int value) { return 0; }
