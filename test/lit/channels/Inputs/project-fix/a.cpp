#include "shared.h"

task save(int id);

task handle(int id) {
  save(id);
  co_await save(id + 1);
}
