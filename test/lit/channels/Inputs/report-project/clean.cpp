#include "task.h"

task load();

task run() {
  co_await load();
}
