// Included by a.cpp and b.cpp: its finding is reported once.
#pragma once
#include "task.h"

task flush();

inline task shutdown() {
  flush();
  co_return;
}
