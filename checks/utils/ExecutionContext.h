//===--- ExecutionContext.h - coroguard ---------------------------*- C++
//-*-===//
//
// Where a piece of code runs: in a coroutine (on the thread that resumes
// it), in a callback the event loop runs on its own thread, on another
// thread (std::thread, std::async, a thread pool), or in an ordinary
// function whose callers decide. The one answer coro-blocking-call and
// coro-cross-thread-loop-call share.
//
// Context boundaries are decided by how a lambda (or a named function) is
// handed on, never by where it is written:
//
//  * a coroutine lambda is its own coroutine context;
//  * a lambda invoked in place — called on the spot (`[&]{ ... }()`), kept
//    in a local that is only called, or passed to a function that calls it
//    before returning (standard algorithms, `std::invoke`, `std::call_once`,
//    or a function of this translation unit whose body calls the parameter)
//    — runs in the context of the code around it;
//  * a callable passed to an offload API (the `OffloadFunctions` table:
//    `std::thread`, `std::jthread`, `std::async`, `pthread_create`,
//    `event_loop::run_in_executor`, thread pools) runs on another thread;
//  * a callable passed to a loop-callback API (the `LoopCallbackFunctions`
//    table: `event_loop::call_soon(_threadsafe)`, `call_later`, ...) runs on
//    the loop's thread;
//  * a callable stored or passed anywhere else runs at an unknown time on an
//    unknown thread: the checks stay silent about it.
//
// Callable wrappers (`std::function`, `std::bind`, any class constructed
// from the callable that has an `operator()`) are looked through.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_EXECUTIONCONTEXT_H
#define COROGUARD_CHECKS_UTILS_EXECUTIONCONTEXT_H

#include "CoroutineTypes.h"
#include "FunctionNameTable.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <vector>

namespace clang::tidy::coro {

enum class ContextKind {
  /// Runs as part of a coroutine's body, on the thread that resumes it.
  Coroutine,
  /// Runs in a callable the event loop calls on its own thread.
  LoopCallback,
  /// Runs in a callable handed to another thread.
  OtherThread,
  /// Runs as part of an ordinary (non-coroutine) function: where it runs
  /// depends on that function's callers.
  Plain,
  /// Runs in a callable stored or handed somewhere that cannot be followed.
  Unknown,
};

struct ExecutionContext {
  ContextKind Kind = ContextKind::Unknown;
  /// The function whose body the code runs as part of: the coroutine, the
  /// lambda or function handed to the thread or the loop, the ordinary
  /// function. Null at namespace scope.
  const FunctionDecl *Function = nullptr;
  /// For LoopCallback and OtherThread: the call or construction that hands
  /// the code over (`std::thread t(...)`), and the API it calls.
  const Expr *HandOff = nullptr;
  const FunctionDecl *HandOffCallee = nullptr;
};

/// A place where a named function (not a lambda) is handed to an offload or
/// loop-callback API: `std::thread t(worker, std::ref(loop))`.
struct NamedHandOff {
  ContextKind Kind; // OtherThread or LoopCallback
  const Expr *HandOff;
  const FunctionDecl *HandOffCallee;
};

/// The APIs that take a callable, and what they do with it.
struct CallableSinks {
  /// Run the callable on another thread. Built-in defaults plus the
  /// `OffloadFunctions` option.
  FunctionNameTable Offload;
  /// Run the callable later on the event loop's thread. Defaults plus the
  /// `LoopCallbackFunctions` option.
  FunctionNameTable LoopCallback;

  /// The defaults, in FunctionNameTable option syntax (documented in
  /// docs/checks/execution-context.md).
  static const char *defaultOffload();
  static const char *defaultLoopCallback();
};

/// Steps up from \p E over the nodes that only carry its value on
/// (conversions, temporaries, parentheses, full-expression cleanups).
/// Returns the last such node and sets \p Parent to the node above it
/// (empty at the top).
const Expr *carriedValue(const Expr &E, ASTContext &Ctx, DynTypedNode &Parent);

class ExecutionContextResolver {
public:
  explicit ExecutionContextResolver(CallableSinks Sinks)
      : Sinks(std::move(Sinks)) {}

  /// Where \p S (an expression or statement inside some function) runs.
  ExecutionContext contextOf(const Stmt &S, ASTContext &Ctx);

  /// The places in this translation unit where the named function \p FD is
  /// handed to an offload or loop-callback API. The references are collected
  /// once per translation unit (for all checks); each function's are judged
  /// when it is first asked about.
  llvm::ArrayRef<NamedHandOff> handOffsOf(const FunctionDecl *FD,
                                          ASTContext &Ctx);

  /// Where the callable \p Callable (a lambda, a reference to a function,
  /// a local holding a callable) will run, judged by how this expression
  /// hands it on: called on the spot, passed to an offload or loop-callback
  /// API, passed to a function that calls it in place. Function is left
  /// null for hand-offs.
  ExecutionContext contextOfCallable(const Expr &Callable, ASTContext &Ctx);

  /// The calls that create a frame of the coroutine \p Coro, when this
  /// translation unit shows all of them: \p Coro is a lambda's call operator
  /// (called on the spot, or kept in a local that is only ever called) or a
  /// function no other translation unit can name (internal linkage) whose
  /// every reference is the callee of a call. std::nullopt when the lambda or
  /// function is stored, passed, has its address taken, is generic or a
  /// template, or can be called from elsewhere: its callers are not all
  /// known.
  std::optional<llvm::SmallVector<const Expr *, 4>>
  creationSitesOf(const FunctionDecl &Coro, ASTContext &Ctx);

  const CallableSinks &sinks() const { return Sinks; }

  /// Forgets everything cached; call at the start of each translation unit.
  void reset() {
    FunctionHandOffs.clear();
    FateCache.clear();
    ContextCache.clear();
    InternalCalls.clear();
    InternalCallsScanned = false;
  }

private:
  ExecutionContext contextOfLambda(const LambdaExpr &LE, ASTContext &Ctx,
                                   unsigned Depth);
  ExecutionContext contextOfCallableUse(const Expr &Use, ASTContext &Ctx,
                                        unsigned Depth);

  CallableSinks Sinks;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<NamedHandOff, 1>>
      FunctionHandOffs;
  /// What a function does with a callable parameter: hands it to another
  /// thread or the loop, calls it in place ({Plain, the function}), or
  /// something unknown.
  ExecutionContext fateOfParameter(const FunctionDecl *Callee, unsigned Param,
                                   ASTContext &Ctx, unsigned Depth);
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, ExecutionContext>
      FateCache;
  llvm::DenseMap<const FunctionDecl *, ExecutionContext> ContextCache;
  /// For each function of internal linkage: the calls that name it, or
  /// std::nullopt once a reference does something else with it.
  llvm::DenseMap<const FunctionDecl *,
                 std::optional<llvm::SmallVector<const Expr *, 4>>>
      InternalCalls;
  bool InternalCallsScanned = false;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_EXECUTIONCONTEXT_H
