//===--- UnobservedTaskCheck.cpp - coroguard ---------------------------------===//

#include "UnobservedTaskCheck.h"
