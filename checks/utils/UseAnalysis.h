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
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>

namespace clang::tidy::coro {

class AnalysisSession;

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

/// Classifies what happens to the value of \p E. \p Local: the statement
/// parents of the body \p E is in, when the caller has them (code outside
/// the checks' traversal scope, such as a system header's template
/// instantiation, has no other parents); else the parent index answers.
ResultUseInfo classifyResultUse(const Expr &E, AnalysisSession &S,
                                const ParentMap *Local = nullptr);

/// Notes that the value of \p Operand goes into the node that holds it:
/// \p Operand is the operand of a co_await or co_yield, the initialiser of a
/// variable, or an argument of a call that is not an operator call. Called by
/// the node dispatcher (UserCodeNodes.h) when it reaches that node, before
/// the checks see what is inside: the call or variable reference that
/// produces the value (through the nodes that carry a value unchanged) then
/// needs no question to the parent index in classifyResultUse or in
/// isConsumedOnSomePath, which answer "used" for it either way. Kept in the
/// session; a node never noted is answered from its parents as before.
void noteConsumedOperand(const Expr *Operand, AnalysisSession &S);

/// The expression whose value a variable's initialiser \p Init holds, through
/// the spellings that only name its type again: `T t{f()}`, `T t(f())`,
/// `auto t = T(f())`, `auto t = T{f()}` (and, before C++17, the copy).
const Expr *valueProducingExpr(const Expr *Init);

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
///
/// What it needs of a function (the references to each local, the
/// control-flow graph, its reachability) is computed once per function, and
/// each answer once per variable, and kept in the session: a function with many task locals costs time linear, not
/// quadratic, in its size, and checks asking about the same locals pay once.
bool isConsumedOnSomePath(const VarDecl &Var, const FunctionDecl &Fn,
                          AnalysisSession &S, bool VoidCastConsumes = false);

/// Whether the reference \p Ref to a local consumes it, in the sense of
/// isConsumedOnSomePath (assigning to it, inspecting it, `(void)v` unless
/// \p VoidCastConsumes, unevaluated uses do not). \p Local: the statement
/// parents of the body \p Ref is in, if the caller has them (else the
/// parent index answers).
bool isConsumingRef(const DeclRefExpr &Ref, AnalysisSession &S,
                    bool VoidCastConsumes, const ParentMap *Local = nullptr);

/// The references to each local variable of a function (lambda bodies
/// included), collected in one walk per function and kept for the
/// translation unit, so that many generators in one function cost one walk.
class LocalRefIndex {
public:
  llvm::ArrayRef<const DeclRefExpr *> refsTo(const VarDecl &Var,
                                             const FunctionDecl &Fn);
  void reset() { Cache.clear(); }

private:
  using RefMap =
      llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 4>>;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<RefMap>> Cache;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_USEANALYSIS_H
