//===--- LocalOverwrites.h - coroguard ----------------------------*- C++ -*-===//
//
// A value a local variable holds that is overwritten before anything
// consumes it: `auto t = f(1); t = f(2); co_await t;` destroys the first
// task unrun, although the variable itself is awaited.
//
// A definition of the variable — its initialisation, or an assignment to it
// — is followed forward on the function's control-flow graph (FunctionFlow,
// AsyncGenerators.h). A path ends where the value is consumed (a reference
// for which isConsumingRef, UseAnalysis.h, says so), where it is overwritten
// (another assignment to the variable: built-in or overloaded `operator=`),
// or where the variable's lifetime ends. The value is reported as
// overwritten only if no path consumes it, at least one path overwrites it,
// and the variable is consumed after an overwrite (so the variable is meant
// to be used: a variable never consumed at all is the plain "never
// consumed" case). Uses in nested lambdas count at the lambda.
//
// Per-function data (graph, references, parents) is kept for the
// translation unit; reset() drops it.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_LOCALOVERWRITES_H
#define COROGUARD_CHECKS_UTILS_LOCALOVERWRITES_H

#include "AsyncGenerators.h"
#include "UseAnalysis.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>

namespace clang::tidy::coro {

class AnalysisSession;

class LocalOverwrites {
public:
  /// The variable \p E assigns to (`v = ...`, built-in or overloaded), if
  /// it is an assignment to a variable.
  static const VarDecl *assignedVariable(const Expr &E);

  /// The assignments that overwrite the value \p Var receives at
  /// \p Definition (`Var.getInit()`, or an assignment to \p Var) before any
  /// path from there consumes it, in source order; empty if some path
  /// consumes it first, no path overwrites it, the variable is not consumed
  /// after an overwrite, or the graph cannot tell.
  llvm::SmallVector<const Expr *, 2>
  overwritesBeforeUse(const VarDecl &Var, const Expr &Definition,
                      const FunctionDecl &Fn, ASTContext &Ctx,
                      bool VoidCastConsumes);

  /// Binds the analysis to the translation unit's \p Session and forgets
  /// the previous one's graphs; call from the check's startUnit.
  void reset(AnalysisSession &S) {
    Session = &S;
    Flows.reset();
    Refs.reset();
    Parents.clear();
  }

private:
  const ParentMap &parentsOf(const FunctionFlow &Flow);

  AnalysisSession *Session = nullptr;
  FlowCache Flows;
  LocalRefIndex Refs;
  llvm::DenseMap<const Stmt *, std::unique_ptr<ParentMap>> Parents;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_LOCALOVERWRITES_H
