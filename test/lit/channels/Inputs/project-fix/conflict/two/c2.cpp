#include "../loop.h"
