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

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/Support/CommandLine.h"
#include <memory>
#include <string>

namespace clang::tidy::coro::compat {

/// CFGStmtMap became constructible (and lost its Build factory) in LLVM 22.
inline std::unique_ptr<CFGStmtMap> makeStmtMap(CFG &Graph, ParentMap &Parents) {
#if CLANG_VERSION_MAJOR >= 22
  return std::make_unique<CFGStmtMap>(Graph, Parents);
#else
  return std::unique_ptr<CFGStmtMap>(CFGStmtMap::Build(&Graph, &Parents));
#endif
}

/// A DiagnosticsEngine that feeds \p Consumer (not owned) and is installed
/// as \p Context's engine, for front ends that host a ClangTidyContext
/// themselves (the compiler plugin). LLVM 22's DiagnosticsEngine takes the
/// DiagnosticOptions by reference and ClangTidyContext::setDiagnosticsEngine
/// takes ownership of them; 19 shares them through an IntrusiveRefCntPtr.
inline std::unique_ptr<DiagnosticsEngine>
makeContextDiagnostics(ClangTidyContext &Context,
                       DiagnosticConsumer &Consumer) {
  llvm::IntrusiveRefCntPtr<DiagnosticIDs> IDs(new DiagnosticIDs());
#if CLANG_VERSION_MAJOR >= 22
  auto Opts = std::make_unique<DiagnosticOptions>();
  auto Engine = std::make_unique<DiagnosticsEngine>(IDs, *Opts, &Consumer,
                                                    /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(std::move(Opts), Engine.get());
#else
  llvm::IntrusiveRefCntPtr<DiagnosticOptions> Opts(new DiagnosticOptions());
  auto Engine = std::make_unique<DiagnosticsEngine>(IDs, Opts, &Consumer,
                                                    /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(Engine.get());
#endif
  return Engine;
}

/// clang-tidy 22's driver reports in every non-system header by default
/// (`--header-filter='.*'`); 19's reports in none (`''`). Gives a 19 driver
/// (clangTidyMain) 22's default, as a default: an explicit --header-filter or
/// a HeaderFilterRegex in .clang-tidy still wins. Call before clangTidyMain.
inline void useHeaderFilterDefaultOf22() {
#if CLANG_VERSION_MAJOR < 22
  auto &Registered = llvm::cl::getRegisteredOptions();
  auto It = Registered.find("header-filter");
  if (It != Registered.end())
    // clang-tidy/tool/ClangTidyMain.cpp: static cl::opt<std::string> HeaderFilter
    static_cast<llvm::cl::opt<std::string> *>(It->second)->setInitialValue(".*");
#endif
}

/// A lambda's trailing requires-clause (`[](auto x) requires C<x> {}`), or
/// null: LLVM 22 wraps it in an AssociatedConstraint.
inline Expr *trailingRequiresClause(const LambdaExpr &Lambda) {
#if CLANG_VERSION_MAJOR >= 22
  return const_cast<Expr *>(Lambda.getTrailingRequiresClause().ConstraintExpr);
#else
  return Lambda.getTrailingRequiresClause();
#endif
}

} // namespace clang::tidy::coro::compat

#endif // COROGUARD_CHECKS_UTILS_LLVMCOMPAT_H
