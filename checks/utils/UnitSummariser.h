//===--- UnitSummariser.h - coroguard -----------------------------*- C++ -*-===//
//
// Builds a translation unit's summary (Summaries.h) at its end: one entry
// per function defined in the main file that another file can call (a
// non-template function or method with a USR: not a lambda, not a method of
// a local class, not a template pattern), filled by the checks that know a
// property (UserCodeVisitor::summarise), plus the files the compile read.
//
// Functions defined in headers are not summarised: every file that calls
// them sees their body.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_UNITSUMMARISER_H
#define COROGUARD_CHECKS_UTILS_UNITSUMMARISER_H

#include "utils/Summaries.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace clang::tidy::coro {

class AnalysisSession;

class UnitSummariser {
public:
  /// Collects the main file's functions (their USR, name, place, whether
  /// they are coroutines).
  explicit UnitSummariser(AnalysisSession &Session);

  /// The functions to summarise, in source order.
  llvm::ArrayRef<const FunctionDecl *> functions() const { return Functions; }
  /// The entry of \p FD (any declaration of it), or null if it is not
  /// summarised.
  FunctionSummary *entry(const FunctionDecl *FD);

  /// The place of \p Loc (its expansion), absolute.
  SummaryPoint point(SourceLocation Loc) const;

  /// The summary, with the inputs (every file the compile read and a hash of
  /// its content) filled in.
  UnitSummary finish();

  UnitSummary &unit() { return Unit; }
  ASTContext &ast() const { return Ctx; }
  AnalysisSession &session() const { return Session; }

private:
  AnalysisSession &Session;
  ASTContext &Ctx;
  UnitSummary Unit;
  std::vector<const FunctionDecl *> Functions;
  llvm::DenseMap<const FunctionDecl *, size_t> Index;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_UNITSUMMARISER_H
