//===--- FrameLifetimes.h - coroguard -----------------------------*- C++ -*-===//
//
// Whether a coroutine frame outlives what it refers to: the analysis behind
// coro-dangling-reference.
//
// A coroutine's frame keeps its parameters as declared: a reference, a
// pointer or a view (a class clang knows as a `[[gsl::Pointer]]`:
// std::string_view, std::span, ...) parameter keeps referring to the
// caller's object. A coroutine lambda reaches its captures through its
// closure object, a member coroutine its object through `this`. When the
// object dies before the coroutine is done with it, the frame dangles. That
// depends on three things, and the rule asks all three:
//
//  1. The object's lifetime, at the call: a temporary dies at the end of the
//     full-expression; a local variable at the end of its scope (a function
//     parameter passed by value, at the end of the function). Anything else
//     (a global, a member, what a reference or a pointer refers to, a
//     string literal) is not judged.
//  2. When the coroutine uses it: a lazy coroutine (its initial suspend
//     suspends) runs its whole body later, when its task is awaited or
//     started; an eager one runs at once to its first suspension, and only
//     its uses after a suspension point (in source order, or within a loop
//     that holds both) come later. A parameter the body never uses, a lambda
//     without captures, a member coroutine that never uses `this`: nothing
//     to dangle. A function that is not a coroutine but returns the task
//     of one it passes its reference on to (`task<> get(const Key &k) {
//     return fetch(k); }`, `task<> run() { return loop(); }` for `this`)
//     is judged as that coroutine, a few such functions deep (PassedOn).
//  3. Where the task goes (TaskFate): awaited in the full-expression that
//     made it (`co_await f(std::string("x"))`) or run there to completion
//     (`sync_wait(f(x))`, a run function) is safe; returned, stored in a
//     member or a global (an assignment, a container's insertion), handed
//     to a start function (`create_task`, `co_spawn`, `async_scope::spawn`)
//     or kept in a local task that is used after the object died is not.
//     A task passed to a function returning an awaitable (`when_all(a, b)`)
//     goes where that result goes. A task passed to any other function is
//     not judged (it may be awaited there). A start function begins the
//     task later (deferred: it schedules it) or at once up to its first
//     suspension (dispatching ones only on the executor's thread): which
//     uses count follows (startEscape).
//  A coroutine lambda handed to a start function as a callable (Asio's
//  co_spawn(ex, f, token)) is called later on the start's copy of the
//  closure: its captures by reference of the caller's locals are judged as
//  references to those locals (forwardedCallables).
//
// One object per check, reset per translation unit (it keeps the answers
// of the coroutine bodies it read).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_FRAMELIFETIMES_H
#define COROGUARD_CHECKS_UTILS_FRAMELIFETIMES_H

#include "CompletedWaits.h"
#include "CoroutineTypes.h"
#include "FunctionNameTable.h"
#include "Summaries.h"
#include "UseAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coro {

class AnalysisSession;

/// How a task outlives the object its frame refers to.
struct TaskEscape {
  enum Kind {
    Returned,   ///< returned from the function that made it
    Stored,     ///< stored in a member, a global or a container
    Started,    ///< handed to a start function
    UsedLater,  ///< kept in a local task used after the object died
    Discarded,  ///< dropped: an eager coroutine runs on by itself
  } How = Returned;
  SourceLocation At;  ///< the return, the store, the start, the later use
  std::string What;   ///< the member, container, function or local named
  /// Started: the start function may run the task at once, up to its first
  /// suspension, before it returns (false: it schedules it to run later).
  bool RunsInPlace = true;
};

/// A function that is not a coroutine passes what it was given on to the
/// coroutine whose task it returns: `task<> get(const Key &k) { return
/// fetch(k); }` (a parameter), `task<> run() { return loop(); }` (its
/// object, for a member coroutine of the same object).
struct PassedOn {
  const FunctionDecl *From = nullptr; ///< the function that passes it on
  const FunctionDecl *To = nullptr;   ///< the function it is passed to
  const Expr *At = nullptr; ///< the argument (or object) that passes it
};

/// A frame that dangles.
struct DanglingFrame {
  enum Kind {
    Argument,       ///< an argument bound to a reference/pointer/view
    LambdaCaptures, ///< the captures of a temporary (or local) closure
    ObjectArgument, ///< the object of a member coroutine
    /// A local captured by reference by a coroutine lambda handed to a
    /// start function as a callable (`co_spawn(ex, [&] -> awaitable<void>
    /// {...}, detached)`): the start function calls (a copy of) it later.
    ReferenceCapture,
  } What = Argument;
  const CallExpr *Call = nullptr;
  /// The coroutine whose frame uses the object: the called function, or
  /// the end of Chain (null when it is in another translation unit, known
  /// from the summaries: CoroutineName, UsedAsName and Elsewhere say).
  const FunctionDecl *Coroutine = nullptr;
  std::string CoroutineName; ///< its qualified name, always set
  std::string UsedAsName;    ///< the name of its parameter that uses it
  /// The use, when it is in another file: its place ("file:line").
  std::string Elsewhere;
  std::string CalledName; ///< the function called (qualified name)
  /// The functions between the call and the coroutine (empty: the called
  /// function is the coroutine), in call order.
  std::vector<PassedOn> Chain;
  /// The argument (Argument), the closure (LambdaCaptures,
  /// ReferenceCapture) or the object expression.
  const Expr *Object = nullptr;
  /// ReferenceCapture: the capture, when written (`[&s]`; invalid for a
  /// default capture `[&]`).
  SourceLocation CaptureAt;
  const ParmVarDecl *Param = nullptr; ///< for Argument: the called one's
  /// The coroutine's parameter that uses it (Param without a Chain; null
  /// for captures and `this`).
  const ParmVarDecl *UsedAs = nullptr;
  /// The local whose scope ends (null: a temporary).
  const VarDecl *Local = nullptr;
  /// Where the object is destroyed: the end of the full-expression, or of
  /// the local's scope.
  SourceLocation Dies;
  /// A use of the parameter, a capture or `this` in the coroutine's body
  /// that runs after that (the first such).
  SourceLocation Use;
  bool Lazy = true;
  TaskEscape Escape;
};

/// The tables the analysis asks (defaults in TaskSinks.h): functions that
/// start a task they are given — of those, which schedule it to run later
/// and which run it at once only when called on the executor's thread —,
/// functions that run it to completion before they return, and library
/// functions that wait for what was started.
struct TaskSinkTables {
  const FunctionNameTable &Start;
  const FunctionNameTable &DeferredStart;
  const FunctionNameTable &DispatchStart;
  const FunctionNameTable &Run;
  const FunctionNameTable &Wait;
};

/// What a function's frame keeps referring to, for the summaries: a
/// parameter (or its object) that the coroutine it is, or whose task it
/// returns, uses.
struct KeptReference {
  int Index = -1; ///< the parameter; -1: the object
  bool Lazy = true;
  const FunctionDecl *Coroutine = nullptr;
  const ParmVarDecl *Param = nullptr; ///< the coroutine's (null: `this`)
  SourceLocation First, Later;        ///< Later: invalid when none
};

class FrameLifetimeAnalysis {
public:
  FrameLifetimeAnalysis(CoroutineRecogniser &Recogniser, TaskSinkTables Tables)
      : Recogniser(Recogniser), Tables(Tables) {}

  /// The frames the coroutine called by \p Call leaves dangling (none when
  /// it is not a call to a coroutine whose body is visible).
  std::vector<DanglingFrame> analyse(const CallExpr &Call,
                                     AnalysisSession &Session);

  /// The references \p F keeps (its summary's frame references): each
  /// reference, pointer or view parameter, and the object of a member
  /// function, that a frame uses.
  std::vector<KeptReference> keptReferences(const FunctionDecl &F,
                                            ASTContext &Ctx);

  /// Forgets the previous translation unit; \p Session is this one's.
  void reset(AnalysisSession &Session) {
    Uses.clear();
    Frames.clear();
    LocalRefs.reset();
    SuspendsAt.clear();
    Waits.reset(Session);
  }

private:
  /// The first and the later uses, in a coroutine's body, of a parameter,
  /// of the closure's captures or of `this`.
  struct BodyUses {
    SourceLocation First;  ///< the first use at all
    SourceLocation Later;  ///< the first use after a suspension point
  };
  /// Key: the parameter, or the coroutine (for `this` and captures).
  std::optional<BodyUses> usesIn(const FunctionDecl &Coroutine,
                                 const Decl *Of, unsigned Depth = 0);
  llvm::DenseMap<std::pair<const FunctionDecl *, const Decl *>,
                 std::optional<BodyUses>>
      Uses;
  /// Whether the coroutine can suspend at \p Await: not when its awaiter's
  /// `await_ready` is constant true (`co_await std::suspend_never{}`), nor
  /// when what it awaits is complete there (CompletedWaits: `co_await r`
  /// after a test or an assertion that `r` is ready).
  bool maySuspendAt(const CoawaitExpr &Await, ASTContext &Ctx);
  llvm::DenseMap<const CoawaitExpr *, bool> SuspendsAt;
  CompletedWaits Waits;

  /// Whether a coroutine returning \p Task is lazy: its promise type's
  /// initial_suspend, else the recognisers' table; none when unknown.
  std::optional<bool> taskLaziness(QualType Task, ASTContext &Ctx);

  /// Whether the promise of \p Coroutine's own body (the one the compiler
  /// chose) suspends initially; none when it cannot be told.
  std::optional<bool> ownInitialSuspend(const FunctionDecl &Coroutine,
                                        ASTContext &Ctx);

  /// Whether \p Coroutine is lazy: its own promise (ownInitialSuspend),
  /// else its task type's (taskLaziness).
  std::optional<bool> coroutineLaziness(const FunctionDecl &Coroutine,
                                        ASTContext &Ctx);

  /// Who uses a parameter of \p Callee (\p Of; null: its object or the
  /// closure's captures) in a frame: \p Callee itself when it is a
  /// coroutine; else a coroutine it passes the parameter on to, through
  /// the calls it returns (up to a few functions deep).
  struct FrameUse {
    BodyUses Uses;
    const FunctionDecl *Coroutine = nullptr;
    const ParmVarDecl *Param = nullptr;
    std::vector<PassedOn> Chain;
    /// From the summaries (the body is in another translation unit):
    /// Coroutine and Param are null, Uses are the places read back.
    const SummaryFrameRef *External = nullptr;
  };
  std::optional<FrameUse> frameUseOf(const FunctionDecl &Callee,
                                     const Decl *Of, unsigned Depth = 0);
  llvm::DenseMap<std::pair<const FunctionDecl *, const Decl *>,
                 std::optional<FrameUse>>
      Frames;

  /// Where the task made by \p TaskExpr goes, for an object that dies at
  /// \p Dies (a temporary: the end of \p FullExpr; a local: the end of
  /// \p Scope). None when it does not outlive the object, or cannot be
  /// told.
  std::optional<TaskEscape> escapeOf(const Expr &TaskExpr,
                                     const Stmt *Scope, const Decl *Function,
                                     AnalysisSession &Session,
                                     unsigned Depth = 0);
  std::optional<TaskEscape> escapeThroughLocal(const VarDecl &Task,
                                               const Stmt *Scope,
                                               const Expr *AssignedAt,
                                               const Decl *Function,
                                               AnalysisSession &Session,
                                               unsigned Depth);

  /// A task (or callable) handed to the start function \p Start at \p
  /// Call: Started, unless what follows waits for it while the object lives
  /// (the start's own result awaited or waited for in the full-expression;
  /// for a local, something later in its scope: waitsInScope).
  std::optional<TaskEscape> startEscape(const CallExpr &Call,
                                        const FunctionDecl &Start,
                                        const Stmt *Scope,
                                        AnalysisSession &Session);

  /// The coroutine lambdas \p Call hands to a start function as callables,
  /// and the locals they capture by reference that die first
  /// (DanglingFrame::ReferenceCapture).
  void forwardedCallables(const CallExpr &Call, const FunctionDecl &Start,
                          AnalysisSession &Session,
                          std::vector<DanglingFrame> &Out);

  /// For a local (\p Scope non-null): whether something after \p After in
  /// its scope may run or wait for a task started or dropped there.
  /// \p Driven: the executor (loop, pool, scope) a task was started on;
  /// a non-const member call on it later in the scope drives it.
  bool waitsInScope(SourceLocation After, const Stmt *Scope,
                    const SourceManager &SM,
                    const ValueDecl *Driven = nullptr) const;

  CoroutineRecogniser &Recogniser;
  TaskSinkTables Tables;
  /// The references to each local, walked once per function for the unit.
  LocalRefIndex LocalRefs;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_FRAMELIFETIMES_H
