// Does not compile: reported as a failed translation unit (exit code 2).
#include "task.h"

task fetch();

task go() {
  fetch();
  undeclared_call();
  co_return;
}
