#include "compiler-plugin-header.h"

task fetch() { co_return; }

task caller() {
  co_await from_header();
}
