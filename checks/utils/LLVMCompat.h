//===--- LLVMCompat.h - coroguard ---------------------------------*- C++
//-*-===//
//
// The one place for differences between the LLVM versions coroguard builds
// against (22, and 19 through COROGUARD_LLVM_VERSION). Keep it small.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_LLVMCOMPAT_H
#define COROGUARD_CHECKS_UTILS_LLVMCOMPAT_H

#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/Version.h"

// LLVM 22 moved ClangTidyModuleRegistry into ClangTidyModule.h and made the
// old header emit a deprecation #warning.
#if CLANG_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include <memory>

namespace clang::tidy::coro::compat {

/// CFGStmtMap became constructible (and lost its Build factory) in LLVM 22.
inline std::unique_ptr<CFGStmtMap> makeStmtMap(CFG &Graph, ParentMap &Parents) {
#if CLANG_VERSION_MAJOR >= 22
  return std::make_unique<CFGStmtMap>(Graph, Parents);
#else
  return std::unique_ptr<CFGStmtMap>(CFGStmtMap::Build(&Graph, &Parents));
#endif
}

} // namespace clang::tidy::coro::compat

#endif // COROGUARD_CHECKS_UTILS_LLVMCOMPAT_H
