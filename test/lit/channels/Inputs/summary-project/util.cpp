// Includes neither net.h nor task.h: editing them does not touch it.
#include "util.h"

int twice(int x) { return 2 * x; }
