// Something only the static analyzer reports: a `.clang-tidy` that enables
// clang-analyzer-* must not start it inside the compile.
#include "compiler-plugin-task.h"

task fetch() { co_return; }

int deref() {
  int *P = nullptr;
  return *P;
}

task caller() {
  fetch();
  co_return;
}
