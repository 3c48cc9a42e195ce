//===--- Version.h - coroguard --------------------------------------------===//
//
// The one version line of every coroguard executable: its name, coroguard's
// version (CMake's project version) and the LLVM it was built for -- a
// coroguard built for LLVM 22 runs only with LLVM 22's clang-tidy and clang.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_VERSION_H
#define COROGUARD_TOOL_VERSION_H

#include "clang/Basic/Version.h"

#ifndef COROGUARD_VERSION
#error "COROGUARD_VERSION is set by tool/CMakeLists.txt"
#endif

/// e.g. "coroguard 0.1.0 (C++20 coroutine checks; built for LLVM 22.1.8)"
#define COROGUARD_VERSION_LINE(Tool)                                           \
  Tool " " COROGUARD_VERSION                                                   \
       " (C++20 coroutine checks; built for LLVM " CLANG_VERSION_STRING ")"

#endif
