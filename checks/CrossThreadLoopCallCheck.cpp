//===--- CrossThreadLoopCallCheck.cpp - coroguard ---------------------------------===//

#include "CrossThreadLoopCallCheck.h"
