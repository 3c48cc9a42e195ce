//===--- CompletedWaits.h - coroguard -----------------------------*- C++
//-*-===//
//
// Waits that cannot block: `get()`/`wait()` on a future, result or task that
// flow shows complete. An object is complete at a call when
//
//  * every path from the function's start to the call passes a readiness
//    test of the same object that came out "ready": a zero-timeout poll or
//    status compared with a `ready` enumerator (`f.wait_for(0s) ==
//    std::future_status::ready`, `r.status() == ready`, negated with `!=`
//    and an early exit), or with the one "not yet" enumerator of its
//    enumeration (`while (r.wait_for(5ms) == result_status::idle) {}`; not
//    `future_status::timeout`, whose enumeration also has `deferred`), a
//    ready predicate (`r.is_ready()`, `t.done()`), or an `assert` of
//    either — a CFG question, so `if (!ready) return;` counts and a test on
//    one branch only does not;
//  * or every path passes a `co_await` of the object itself or of a call on
//    it (`co_await r;`, `co_await r.resolve();`), or, for a `get()`, an
//    unbounded `wait()` on it that returned (the wait is judged, the `get()`
//    after it is not);
//  * or the object (or the container it is an element of) was produced by a
//    `co_await` (`auto rs = co_await when_all(...); rs[0].get();`): what an
//    awaited operation yields is complete;
//  * or it is what a coroutine that runs to its end before returning gives
//    back: an eager coroutine with no `co_await`/`co_yield` of its own.
//
// The same holds inside a helper whose wait is dominated by such a test on
// its parameter, which is how coro-blocking-call's transitive rule sees it;
// and for a helper's wait on its parameter when the argument is complete at
// the call (`auto rs = co_await when_all(...); check(std::move(rs[0]));`
// with `check` calling `get()` on its parameter): `isCompleteAt` on the
// argument.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_COMPLETEDWAITS_H
#define COROGUARD_CHECKS_UTILS_COMPLETEDWAITS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang::tidy::coro {

class AnalysisSession;

class CompletedWaits {
public:
  CompletedWaits();
  ~CompletedWaits();
  CompletedWaits(CompletedWaits &&);
  CompletedWaits &operator=(CompletedWaits &&);

  /// True if the object \p Wait is called on is complete at the call.
  bool isComplete(const CXXMemberCallExpr &Wait, ASTContext &Ctx);
  /// True if the object \p Object denotes is complete at \p At, a statement
  /// of the function that contains both (an argument at its call).
  /// \p AfterWait: a `wait()` on the object that returned counts too (for
  /// a value retrieval, `get()`, judged after it).
  bool isCompleteAt(const Expr &Object, const Stmt &At, ASTContext &Ctx,
                    bool AfterWait = false);
  /// `get()`: the call that retrieves the value a wait made ready.
  static bool isValueRetrieval(const CXXMemberCallExpr &Call);
  /// The parameter an object expression is (part of): `r` of `r.get()`,
  /// `rs[0]`, `std::move(r)`; null for anything else.
  static const ParmVarDecl *parameterOf(const Expr &Object);

  /// Binds the recogniser to the translation unit's \p Session and forgets
  /// the per-function graphs; call from the check's startUnit.
  void reset(AnalysisSession &Session);

private:
  AnalysisSession *Session = nullptr;
  bool completeAt(const Expr &Object, const Stmt &At, ASTContext &Ctx,
                  bool AfterWait, unsigned Depth);
  /// True if every call of the function \p P belongs to, all of them seen
  /// in this translation unit, passes an argument complete at the call.
  bool completeAtEveryCall(const ParmVarDecl &P, ASTContext &Ctx,
                           unsigned Depth);
  struct FunctionGraph;
  FunctionGraph *graphOf(const FunctionDecl &F, ASTContext &Ctx);
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionGraph>> Graphs;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_COMPLETEDWAITS_H
