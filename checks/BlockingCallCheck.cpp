//===--- BlockingCallCheck.cpp - coroguard ---------------------------------===//

#include "BlockingCallCheck.h"
