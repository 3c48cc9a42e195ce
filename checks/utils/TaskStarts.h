//===--- TaskStarts.h - coroguard ---------------------------------*- C++ -*-===//
//
// Whether calling a function can start a task: make a coroutine frame, or
// hand code to something that runs it. An eager handle returned by a
// function that cannot (a promise's `get_result()`, a factory of ready or
// failed results) stands for no running task, so dropping it loses no
// task's exception: coro-unobserved-task does not report it.
//
// Decided by structure on the function's body and, a few levels down, the
// bodies of the functions it calls. A function can start a task if
//
//  * it is a coroutine, or its body cannot be read (declared only, a
//    virtual call, a call through a pointer): what it does is unknown;
//  * its body calls a function that can, or passes a callable on (a
//    lambda, a block, an object with a call operator, a function pointer):
//    `submit(f)`, `post([...]{...})`.
//
// The standard library's functions are taken to start nothing except
// `std::async` and the thread constructors' callables (caught by the
// callable rule). Constructors and destructors are not followed (they build
// the handle and its state).
//
// A function that starts none can still hand back a handle of a task
// started before (a member moved out, a parameter): `returnsNoTask` asks
// both.
//
// Answers are kept per function for the translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_TASKSTARTS_H
#define COROGUARD_CHECKS_UTILS_TASKSTARTS_H

#include "CoroutineTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::coro {

class TaskStarts {
public:
  explicit TaskStarts(CoroutineRecogniser &Recogniser)
      : Recogniser(Recogniser) {}

  /// True if calling \p FD can start a task.
  bool canStart(const FunctionDecl *FD) { return canStartAt(FD, 0); }

  /// True if the handle \p FD returns stands for no task: \p FD can start
  /// none, and every `return` builds a new handle from something that is
  /// no handle (`return result<T>(std::move(state_));`), rather than
  /// handing back one that already existed (`return std::move(h_);`, a
  /// copy, what another call returned).
  bool returnsNoTask(const FunctionDecl *FD);
  /// The same for a call, which also hands no code to the callee (a
  /// continuation passed to `then(f)` is a task, whatever the body shows).
  bool returnsNoTask(const CallExpr &Call, ASTContext &Ctx);

  void reset() { Cache.clear(); }

private:
  bool canStartAt(const FunctionDecl *FD, unsigned Depth);
  bool bodyCanStart(const Stmt *S, unsigned Depth);
  /// True if \p E is a task handle (eager or lazy; or of a dependent type).
  bool isHandle(const Expr *E, ASTContext &Ctx);
  bool buildsFresh(const Expr *E, const CXXRecordDecl *Handle,
                   ASTContext &Ctx);
  CoroutineRecogniser &Recogniser;
  llvm::DenseMap<const FunctionDecl *, bool> Cache;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_TASKSTARTS_H
