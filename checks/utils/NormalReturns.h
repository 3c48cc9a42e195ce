//===--- NormalReturns.h - coroguard ------------------------------*- C++ -*-===//
//
// What a call returning normally tells: which functions never return, and
// which conditions on its parameters a function's return establishes.
//
//  * A function never returns (normally) when clang knows it so
//    (`[[noreturn]]`, `std::abort`, `exit`), or when no path of its body
//    reaches its end: every path ends in a `throw` that leaves it or in a
//    call to a function that never returns (`void fail(const std::string &m)
//    { std::cerr << m; std::abort(); }`). A function only declared in this
//    translation unit never returns when the program's summaries say so of
//    its definition (`neverReturns`, written for every function of a unit's
//    main file): test helpers often fail through a function defined in
//    another file.
//
//  * A function's return establishes a condition of its body when every
//    path from its start to its end passes that condition with the same
//    outcome: `if (a == b) return; fail(...);` with `fail` never returning
//    establishes `a == b`, so after `assert_equal(r.status(), ready)`
//    returns, `r.status() == ready` holds (the condition read with the
//    call's arguments for the parameters: FunctionUses' `argumentFor`). The assertion
//    helpers of test frameworks and projects (`assert_true`, `check_eq`,
//    `ensure`) are such functions; an `assert` macro is already a branch of
//    the caller's own graph.
//
// Coroutines are not judged (a call makes a frame and returns at its first
// suspension), nor virtual functions that may be overridden (another body
// may run), nor the standard library's bodies (its never-returning functions
// are declared so), nor bodies past a few calls deep or of more than a few
// dozen blocks (helpers are small; anything else answers "may return" and
// "establishes nothing"). A graph is built only for a body that holds a
// `throw` or a call that may not return (a cheap walk first).
//
// Per translation unit: the answers are a state of the AnalysisSession.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_NORMALRETURNS_H
#define COROGUARD_CHECKS_UTILS_NORMALRETURNS_H

#include "utils/AnalysisSession.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace clang::tidy::coro {

/// A condition of a function's body that holds (or fails, \p Holds false)
/// whenever the function returns normally.
struct EstablishedCondition {
  const Expr *Condition = nullptr;
  bool Holds = true;
};

class NormalReturns : public SessionState {
public:
  static char Key;
  explicit NormalReturns(AnalysisSession &Session) : Session(Session) {}

  /// True if a call to \p F never returns normally.
  bool neverReturns(const FunctionDecl &F) { return neverReturns(F, 0); }

  /// The conditions of \p F's body that hold whenever it returns normally
  /// (empty when it never returns, or establishes none).
  llvm::ArrayRef<EstablishedCondition> establishedBy(const FunctionDecl &F);

private:
  AnalysisSession &Session;
  bool neverReturns(const FunctionDecl &F, unsigned Depth);
  bool mayEndAbruptly(const FunctionDecl &F, unsigned Depth);
  bool summarySaysNever(const FunctionDecl &F);
  /// The definition judged for \p F (null: none that can be judged).
  static const FunctionDecl *judgedBody(const FunctionDecl &F);
  llvm::DenseMap<const FunctionDecl *, bool> Never, Abrupt;
  llvm::DenseMap<const FunctionDecl *, std::vector<EstablishedCondition>>
      Established;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_NORMALRETURNS_H
