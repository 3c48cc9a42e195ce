//===--- UseAnalysis.h - coroguard --------------------------------*- C++
//-*-===//
//
// How a value is used: whether the result of an expression is thrown away,
// and whether a local variable is ever consumed on a path from its
// declaration (control-flow based, not "is it referenced").
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_USEANALYSIS_H
#define COROGUARD_CHECKS_UTILS_USEANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::coro {

enum class ResultUse {
  /// The value flows somewhere: awaited, returned, passed, stored, bound.
  Used,
  /// The value is dropped: an expression statement, an arm of a dropped
  /// `?:`, the left of a comma, a for-loop increment.
  Discarded,
  /// Dropped explicitly with a cast to void.
  VoidCast,
  /// Dropped explicitly by assigning to `std::ignore`.
  StdIgnore,
};

struct ResultUseInfo {
  ResultUse Use = ResultUse::Used;
  /// The outermost expression that carries the value (the cast, the `?:`).
  const Expr *Outermost = nullptr;
  /// The dropped expression is a statement on its own, so `co_await ` can be
  /// put in front of it.
  bool IsStatement = false;
};

/// Classifies what happens to the value of \p E.
ResultUseInfo classifyResultUse(const Expr &E, ASTContext &Ctx);

/// True if, on some path of \p Fn's control-flow graph that starts at the
/// declaration of the local \p Var, the variable is consumed: co_awaited,
/// co_yielded, returned, passed to a function or constructor, moved, copied,
/// stored, captured, have its address taken, or used by a member function
/// other than a const inspection returning a plain value. Uses in
/// unevaluated operands, `(void)v`, and inspections (`v.done()`) do not
/// consume it. Returns true when the
/// analysis cannot be done (conservative).
///
/// With \p VoidCastConsumes, an explicit `(void)v;` counts as consuming it
/// (the user's audited "dropped on purpose" marker).
bool isConsumedOnSomePath(const VarDecl &Var, const FunctionDecl &Fn,
                          ASTContext &Ctx, bool VoidCastConsumes = false);

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_USEANALYSIS_H
