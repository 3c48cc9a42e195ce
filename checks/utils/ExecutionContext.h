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
#include "Summaries.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "UseAnalysis.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ParentMap;
} // namespace clang

namespace clang::tidy::coro {

struct SummaryHandOff;
class SummaryStore;
class AnalysisSession;

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

/// How a thread reaches a function: the thread's body, where it is handed
/// over, and the calls from that body down to the function.
struct ThreadChain {
  /// The function (or lambda call operator) that runs on the thread.
  const FunctionDecl *Thread = nullptr;
  const Expr *HandOff = nullptr;
  const FunctionDecl *HandOffCallee = nullptr;
  /// The thread body is a named function handed over (not a lambda).
  bool Named = false;
  /// The hand-off is in another translation unit (from the summaries,
  /// Summaries.h); HandOff is then null.
  const SummaryHandOff *External = nullptr;
  /// With External: the function handed over there is not Thread but calls
  /// it through functions of other units. ExternalThread names it and
  /// ExternalCalls are the calls from it down to Thread (the last one's
  /// Name is empty: it calls Thread). Thread is then the outermost function
  /// of this unit on the chain, and what its parameters and `this` are on
  /// that thread is not known here.
  std::string ExternalThread;
  std::vector<ExternalStep> ExternalCalls;
  /// Links[i] = {F_i, the call in F_{i+1} (or in Thread) that calls F_i};
  /// F_0 is the function asked about. Empty when it is Thread itself.
  llvm::SmallVector<std::pair<const FunctionDecl *, const CallExpr *>, 4>
      Links;
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

/// Which executor runs a point of a coroutine, and whether blocking is
/// allowed there.
enum class ExecutorKind {
  /// The thread that resumes the coroutine where nothing moved it: the
  /// event loop's thread.
  Loop,
  /// A pool of workers for CPU work (a thread pool executor): blocking there
  /// is still a pitfall — a worker that waits for work needing workers
  /// deadlocks under load.
  Pool,
  /// An executor made for blocking work (thread-per-task, background pools),
  /// or a thread the coroutine moved to off the loop whose kind cannot be
  /// told: blocking there is the point, or cannot be judged.
  BlockingAllowed,
  /// The thread that calls the coroutine: an eager coroutine (its initial
  /// suspend does not suspend) runs its body inline on its caller until it
  /// first suspends. Blocking there blocks the caller, which is the loop
  /// only if the caller runs on one.
  Caller,
};

struct Executor {
  ExecutorKind Kind = ExecutorKind::Loop;
  /// The executor's class (or the switching function), when known.
  std::string Name;
  /// The `co_await` that moved the coroutine there (its initial suspend for
  /// a coroutine that starts there), or null.
  const Stmt *Where = nullptr;
  /// A Pool because the class owns the threads it runs coroutines on, not
  /// because the Executors table says so.
  bool Inferred = false;
  /// The coroutine is eager (its promise does not suspend initially): a
  /// Loop answer after its first suspension means "the thread that resumes
  /// it", which is a loop's only where the program has one.
  bool Eager = false;
};

/// Executor classes whose kind structure cannot show (the `Executors`
/// option): `ns::Class=pool;ns::Other=blocking`. A class derived from a
/// listed one has its kind. Names are qualified, without template
/// arguments; `-ns::Class` removes a default.
class ExecutorTable {
public:
  /// The shipped defaults (docs/checks/execution-context.md).
  static const char *defaults();
  /// Adds (or with `-name` removes) entries. Returns false and sets
  /// \p Error naming the first malformed entry; the others are kept.
  bool addFromOption(llvm::StringRef Spec, std::string &Error);
  /// The kind of \p RD or of its nearest listed base.
  std::optional<ExecutorKind> lookup(const CXXRecordDecl *RD) const;
  /// The kind of the executor \p FD returns, when the table lists the
  /// function itself (`ns::Runtime::background_executor=blocking`): an
  /// instance its class does not tell apart.
  std::optional<ExecutorKind> lookupFunction(const FunctionDecl *FD) const;

private:
  std::optional<ExecutorKind> lookupIn(const CXXRecordDecl *RD,
                                       unsigned Depth) const;
  llvm::StringMap<ExecutorKind> Entries;
};

/// What the resolver needs to tell where a coroutine runs.
struct ExecutorTables {
  /// Awaitables (the functions that make them) that move the coroutine off
  /// the loop when their body cannot show it (`ThreadSwitchAwaitables`).
  FunctionNameTable ThreadSwitch;
  /// Functions that run a task handed to them on a pool
  /// (`TaskOffloadFunctions`).
  FunctionNameTable TaskOffload;
  /// Which executor classes are pools and which are made for blocking.
  ExecutorTable Executors;
};

/// Steps up from \p E over the nodes that only carry its value on
/// (conversions, temporaries, parentheses, full-expression cleanups).
/// Returns the last such node and sets \p Parent to the node above it
/// (empty at the top).
const Expr *carriedValue(const Expr &E, AnalysisSession &Session,
                         DynTypedNode &Parent);

class ExecutionContextResolver {
public:
  explicit ExecutionContextResolver(CallableSinks Sinks);
  ~ExecutionContextResolver();
  ExecutionContextResolver(ExecutionContextResolver &&);
  ExecutionContextResolver &operator=(ExecutionContextResolver &&);

  /// Where \p S (an expression or statement inside some function) runs.
  ExecutionContext contextOf(const Stmt &S, ASTContext &Ctx);

  /// The places in this translation unit where the named function \p FD is
  /// handed to an offload or loop-callback API. The references are collected
  /// once per translation unit (for all checks); each function's are judged
  /// when it is first asked about.
  llvm::ArrayRef<NamedHandOff> handOffsOf(const FunctionDecl *FD,
                                          ASTContext &Ctx);

  /// \p C, or, for an ordinary function that is handed to a loop-callback
  /// API by name (`loop.call_soon(tick)`), the loop-callback context of that
  /// hand-off.
  ExecutionContext asLoopCallback(const ExecutionContext &C, ASTContext &Ctx);

  /// The threads that reach the ordinary function \p F: \p F handed to an
  /// offload API itself, or called (through at most four levels of ordinary
  /// functions, 32 callers each) from code that runs on another thread, or
  /// one of them handed to a thread by another translation unit (the
  /// summaries: ThreadChain::External), or called by a function of another
  /// unit that one hands to a thread (ExternalCalls). Call sites for which
  /// \p SkipSite
  /// answers true are not followed. At most 8 chains.
  void threadChainsOf(const FunctionDecl *F, ASTContext &Ctx,
                      llvm::SmallVectorImpl<ThreadChain> &Out,
                      llvm::function_ref<bool(const CallExpr &)> SkipSite);

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

  /// Gives the resolver the tables of executor switches and pools (checks
  /// that ask executorOf()).
  void setExecutorTables(ExecutorTables Tables) {
    Executors = std::move(Tables);
  }

  /// Which executor runs the code at \p S, a point of coroutine \p Coro's
  /// own body: the one its initial suspend hands it to, the last executor
  /// switch on the paths that reach \p S (a `co_await` whose awaiter hands
  /// the coroutine's handle to another thread: by the awaiter's
  /// await_suspend body, or the ThreadSwitch table), the caller's thread
  /// (Caller: an eager coroutine's point that some path from its start
  /// reaches without suspending), or the loop. A pool
  /// switch on some path wins over switches to blocking executors; a path
  /// with no switch gives the loop. A coroutine whose every frame is made
  /// off the loop (creationSitesOf: awaited after a switch, handed to a
  /// pool) runs BlockingAllowed.
  Executor executorOf(const Stmt &S, const FunctionDecl &Coro,
                      ASTContext &Ctx);

  /// Whether this translation unit declares an event loop: a class the
  /// Executors table lists as a `loop` (or one derived from it). Without
  /// one, the thread that calls or resumes a coroutine is no loop's.
  bool declaresEventLoop(ASTContext &Ctx);

  /// Binds the resolver to the translation unit's \p Session (its parent
  /// index, its function uses, the other units' summaries) and forgets what
  /// it kept of the previous one; call from the check's startUnit. Every
  /// other method needs it.
  void reset(AnalysisSession &Session);

  /// Where coroutine \p Coro ends when every path from its start to its end
  /// moved it off the loop (its last switch on each path is to a pool or a
  /// blocking executor; a pool on some path wins), or std::nullopt.
  std::optional<Executor> endsOn(const FunctionDecl &Coro, ASTContext &Ctx);

private:
  ExecutionContext contextOfLambda(const LambdaExpr &LE, ASTContext &Ctx,
                                   unsigned Depth);
  ExecutionContext contextOfCallableUse(const Expr &Use, ASTContext &Ctx,
                                        unsigned Depth);

  /// The parent of \p E (parent index; inside a body being followed that
  /// the index does not cover, that body's ParentMap). Sets \p Out to the
  /// parent node (a VarDecl for a variable's initialiser).
  const Expr *parentExpr(const Expr &E, ASTContext &Ctx, DynTypedNode &Out);
  /// contextOf(), also for a point of the body being followed.
  ExecutionContext contextOfPoint(const Stmt &S, ASTContext &Ctx);
  /// The body fateOfParameter() follows when the parent index does not
  /// cover it (a system header's), with its own parent map.
  struct LocalBody {
    const ParentMap *Parents = nullptr;
    const FunctionDecl *Owner = nullptr;
  };
  LocalBody Local;

  void threadChainsFrom(const FunctionDecl *G, ThreadChain Partial,
                        unsigned Depth, ASTContext &Ctx,
                        llvm::SmallPtrSetImpl<const FunctionDecl *> &Visited,
                        llvm::SmallVectorImpl<ThreadChain> &Out,
                        llvm::function_ref<bool(const CallExpr &)> SkipSite);

  CallableSinks Sinks;
  ExecutorTables Executors;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<NamedHandOff, 1>>
      FunctionHandOffs;

  /// Per coroutine: its initial executor, its body's CFG and where it
  /// switches executors.
  struct CoroutineExecutors;
  CoroutineExecutors &executorsOf(const FunctionDecl &Coro, ASTContext &Ctx);
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CoroutineExecutors>>
      Coroutines;
  /// Where a suspension moves the coroutine: std::nullopt when it resumes
  /// where it was (or cannot be told).
  std::optional<Executor> switchOf(const CoroutineSuspendExpr &E,
                                   const FunctionDecl &Owner, ASTContext &Ctx);
  /// `co_await helper()` where the helper coroutine ends on another
  /// executor and its task resumes the awaiting coroutine in place (its
  /// final awaiter transfers to it): the awaiter continues there. The helper
  /// is defined here or summarised by another translation unit.
  std::optional<Executor> helperSwitch(const CoroutineSuspendExpr &E,
                                       ASTContext &Ctx);
  llvm::DenseSet<const FunctionDecl *> EndsInProgress;
  AnalysisSession *Session = nullptr;
  const SummaryStore *Store = nullptr;
  llvm::DenseMap<const Stmt *, std::optional<Executor>> Suspends;
  /// Whether parameter \p Param of \p F (a coroutine handle, or a callable
  /// that resumes one) is handed to another thread: the class of the
  /// executor it goes to (null when not known), or std::nullopt.
  struct HandleFate {
    bool Switches = false;
    const CXXRecordDecl *Target = nullptr;
    /// The switching function, when no executor class is known.
    const FunctionDecl *Via = nullptr;
    /// Handed to an event loop's callback queue: it stays on a loop.
    bool Loop = false;
  };
  HandleFate suspendFate(const CoroutineSuspendExpr &E, ASTContext &Ctx);
  Executor executorAt(const Stmt &S, const FunctionDecl &Coro,
                      ASTContext &Ctx, unsigned Depth);
  bool inNoExecutorBranch(const Stmt &S, const FunctionDecl &Coro,
                          CoroutineExecutors &Info);
  HandleFate handleFate(const FunctionDecl &F, unsigned Param,
                        ASTContext &Ctx, unsigned Depth);
  HandleFate handedOn(const Expr &Use, const ParentMap &PM, ASTContext &Ctx,
                      unsigned Depth);
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, HandleFate>
      HandleFates;
  Executor classify(const HandleFate &F, const Stmt *Where,
                    const FunctionDecl *Coro, const FunctionDecl &Owner,
                    ASTContext &Ctx);
  /// The function an executor expression of \p Owner comes from, when the
  /// Executors table lists that function (`runtime.background_executor()`),
  /// with its kind.
  /// Or, at the calls of a coroutine whose parameter's class the table does
  /// not know (`std::shared_ptr<executor>`), the listed class of what every
  /// call passes (\p ByClass).
  struct ExecutorSource {
    ExecutorKind Kind;
    std::string Name;
    /// Every source is a listed function (an instance), not a class.
    bool ByFunction;
  };
  std::optional<ExecutorSource> sourceOf(const Expr *E,
                                         const FunctionDecl *Owner,
                                         ASTContext &Ctx, unsigned Depth,
                                         bool ByClass = false);
  std::optional<ExecutorSource> sourceOfParameter(const ParmVarDecl &P,
                                                  ASTContext &Ctx,
                                                  unsigned Depth);
  bool runsOffLoop(const FunctionDecl &Coro, ASTContext &Ctx, unsigned Depth);
  bool siteRunsOffLoop(const Expr &Site, ASTContext &Ctx, unsigned Depth);
  llvm::DenseMap<const FunctionDecl *, bool> OffLoop;
  std::optional<bool> HasEventLoop;
  LocalRefIndex LocalRefs;
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
