// Included through -I (user header: reported) or -isystem (system header:
// not reported).
#pragma once
#include "compiler-plugin-task.h"

task header_fetch();

inline task from_header() {
  header_fetch();
  co_return;
}
