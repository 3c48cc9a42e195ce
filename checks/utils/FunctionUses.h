//===--- FunctionUses.h - coroguard -------------------------------*- C++ -*-===//
//
// Where each function of a translation unit is named: the calls that have it
// as their direct callee, and the other references to it (`&f`,
// `std::thread(f)`, `pool.submit(f)`) in user code.
//
// Three questions need a whole walk of the translation unit: who hands a
// named function to a thread or a loop (ExecutionContext), who calls a
// function (coro-cross-thread-loop-call, going up to the thread a loop
// method is called from) and whether any call makes descriptors
// non-blocking (coro-blocking-call). One walk answers all three, once per
// translation unit, for every check: it depends on no option.
//
// The walk covers the traversal scope (the user's code, UserCodeScope.h),
// template instantiations and lambda bodies, not types (`decltype`, template
// arguments run nothing) nor code the compiler wrote. References are
// collected outside system headers only; calls everywhere in the scope.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_FUNCTIONUSES_H
#define COROGUARD_CHECKS_UTILS_FUNCTIONUSES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::coro {

class FunctionUses {
public:
  /// The calls whose direct callee is \p FD (any declaration of it), in
  /// traversal order.
  llvm::ArrayRef<const CallExpr *> callsTo(const FunctionDecl *FD) const;
  /// The references to \p FD other than as the callee of a call, outside
  /// system headers, in traversal order.
  llvm::ArrayRef<const DeclRefExpr *> refsTo(const FunctionDecl *FD) const;

  /// Every called function (canonical declarations), with its calls.
  using CallMap =
      llvm::DenseMap<const FunctionDecl *,
                     llvm::SmallVector<const CallExpr *, 2>>;
  const CallMap &calls() const { return Calls; }
  /// Every function referenced other than as a callee (canonical
  /// declarations), with the references.
  using RefMap =
      llvm::DenseMap<const FunctionDecl *,
                     llvm::SmallVector<const DeclRefExpr *, 2>>;
  const RefMap &refs() const { return Refs; }

private:
  friend class FunctionUseCollector;
  CallMap Calls;
  RefMap Refs;
};

class AnalysisSession;

/// The uses of the functions of the session's translation unit, walked on
/// the session's first question.
const FunctionUses &functionUses(AnalysisSession &S);

/// The argument of \p Call (a call or a constructor call) that initialises
/// the parameter \p P of its callee, or null. A member operator's call takes
/// its object as argument 0.
const Expr *argumentFor(const Expr &Call, const ParmVarDecl &P);

/// The arguments every call in this translation unit passes for the
/// parameter \p P, when its function is only called (never referred to any
/// other way) and called at least once and at most \p MaxCalls times; else
/// std::nullopt. Each comes with its call.
struct ArgumentAtCall {
  const Expr *Argument;
  const CallExpr *Call;
};
std::optional<llvm::SmallVector<ArgumentAtCall, 4>>
argumentsAtEveryCall(const ParmVarDecl &P, AnalysisSession &S,
                     unsigned MaxCalls);

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_FUNCTIONUSES_H
