#include "compiler-plugin-task.h"

task fetch() { co_return; }

task caller() {
  co_await fetch();
  fetch();
  not_declared();
}
