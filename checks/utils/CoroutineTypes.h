//===--- CoroutineTypes.h - coroguard -----------------------------*- C++
//-*-===//
//
// The one place that answers the questions every coroguard check asks:
//
//  * is this function a coroutine?                      isCoroutine()
//  * is this type awaitable, a coroutine return type,
//    and is it lazy or eager?                            CoroutineRecogniser
//  * which function does this statement belong to?      enclosingFunction()
//
// Types are recognised by structure, never by spelling: a nested
// `promise_type` or a `std::coroutine_traits` specialisation makes a
// coroutine return type, whose promise's `initial_suspend` tells lazy from
// eager; member `await_ready/await_suspend/await_resume`, or a member or
// free `operator co_await` that applies to the type, make it awaitable.
// The TaskTypeTable (presets + the `TaskTypes` option) takes precedence, for
// types whose structure does not tell the truth (Asio's `awaitable` is only
// awaitable through its own promise's `await_transform`).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_COROUTINETYPES_H
#define COROGUARD_CHECKS_UTILS_COROUTINETYPES_H

#include "DestructorEffects.h"
#include "TaskTypeTable.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>
#include <string>

namespace clang::tidy::coro {

/// The fully qualified name of \p ND without inline or anonymous namespaces
/// and without template arguments: `std::generator`, `folly::coro::Task`.
std::string qualifiedName(const NamedDecl *ND);

/// True if \p FD (or the template it was instantiated from) is a coroutine:
/// its body contains `co_await`, `co_yield` or `co_return` outside nested
/// lambdas and local classes. Constant time: Sema wraps every valid
/// coroutine's body in a CoroutineBodyStmt (only an invalid declaration's
/// body is walked).
bool isCoroutine(const FunctionDecl *FD);

class AnalysisSession;

/// The function whose body lexically contains \p S: the innermost function,
/// lambda call operator or block. Null at namespace scope.
const FunctionDecl *enclosingFunction(const Stmt &S, AnalysisSession &Session);

/// A call the compiler wrote for a coroutine rather than the user: the
/// `operator co_await` of a co_await expression, or a member call on the
/// coroutine's own promise object (get_return_object, initial_suspend,
/// final_suspend, yield_value, await_transform, return_value, ...). Its result
/// always goes where the coroutine machinery puts it.
bool isCompilerWrittenCoroutineCall(const CallExpr &Call);

/// The class declaration behind \p T, looking through references, sugar and
/// (in templates) dependent template specialisations. Null if none.
const CXXRecordDecl *recordOf(QualType T);

/// Finds a member by name in \p RD (or the template it is instantiated from)
/// and its bases. Null if there is none.
const NamedDecl *findMember(const CXXRecordDecl *RD, DeclarationName Name);

/// True if \p A and \p B are the same class or specialisations of the same
/// class template (`task<int>` and `task<T>`).
bool sameClassOrTemplate(const CXXRecordDecl *A, const CXXRecordDecl *B);

/// The return type of calling an object of type \p T with `()`: functions,
/// function pointers, lambdas and classes with one `operator()`. Null if it
/// cannot be told.
QualType callableReturnType(QualType T, ASTContext &Ctx);

/// True if \p T (through references) is `std::coroutine_handle<P>` (or the
/// experimental one).
bool isCoroutineHandleType(QualType T);

/// True if the body of \p FD itself (not its lambdas or local classes)
/// resumes a coroutine handle (`h.resume()`, `h()`): the dispatch step of an
/// event loop or a scheduler, whose waiting is the loop's own.
bool resumesCoroutineHandles(const FunctionDecl &FD);

/// True if \p FD is declared in namespace `std` (or one nested in it).
bool isStdFunction(const FunctionDecl &FD);

/// Whether the coroutine whose promise is \p Promise suspends before its
/// body starts (lazy), starts it at once (eager), or cannot be told: its
/// `initial_suspend` awaiter is `suspend_always`/`suspend_never` or has a
/// constant `await_ready`.
std::optional<bool> promiseSuspendsInitially(const CXXRecordDecl *Promise,
                                             ASTContext &Ctx);

/// Whether a co_await of the awaiter \p Awaiter suspends: always
/// (`suspend_always`), never (`suspend_never`), or cannot be told; any other
/// awaiter by a constant `await_ready`.
std::optional<bool> awaiterSuspends(const CXXRecordDecl *Awaiter,
                                    ASTContext &Ctx);

/// True if a call to \p F returns only after its body has run to the end:
/// an eager coroutine (its initial suspend does not suspend) with no
/// `co_await` or `co_yield` of its own. What it returns is complete.
bool completesBeforeReturning(const FunctionDecl *F, ASTContext &Ctx);

/// What a type means to the coroutine checks.
struct TypeTraits {
  TaskKind Kind = TaskKind::None;
  /// The class behind the type.
  const CXXRecordDecl *Record = nullptr;
  /// It has a promise type (nested or through `std::coroutine_traits`).
  bool IsCoroutineType = false;
  /// It can be the operand of `co_await` on its own (awaiter interface or an
  /// applicable `operator co_await`), or the table says it is awaited.
  bool IsAwaitable = false;
  /// The kind came from the preset table or the TaskTypes option.
  bool FromTable = false;

  /// For ActsWhenDropped: the destructor's call that performs the
  /// operation.
  const Expr *ActingCall = nullptr;

  bool isLazy() const { return Kind == TaskKind::Lazy; }
  bool isEager() const { return Kind == TaskKind::Eager; }
  bool actsWhenDropped() const { return Kind == TaskKind::ActsWhenDropped; }
};

class CoroutineRecogniser {
public:
  explicit CoroutineRecogniser(TaskTypeTable Table) : Table(std::move(Table)) {}

  /// Classifies \p T (references and cv-qualifiers are ignored). Cached.
  TypeTraits classify(QualType T, ASTContext &Ctx);

  /// The promise type of a coroutine return type, or null.
  const CXXRecordDecl *promiseTypeOf(const CXXRecordDecl *RD, ASTContext &Ctx);

  /// Whether the coroutine whose promise is \p Promise suspends before its
  /// body starts (lazy), starts it at once (eager), or cannot be told.
  std::optional<bool> initialSuspendSuspends(const CXXRecordDecl *Promise,
                                             ASTContext &Ctx);

  const TaskTypeTable &table() const { return Table; }


  /// Forgets everything cached; call at the start of each translation unit.
  void reset() {
    Cache.clear();
    Destructors.reset();
    TraitsTemplate = nullptr;
    TraitsLookedUp = false;
  }

private:
  TypeTraits classifyUncached(const CXXRecordDecl *RD, ASTContext &Ctx);
  struct TableHit {
    TaskKind Kind;
    /// Named by the user's TaskTypes option rather than a preset.
    bool FromUser;
  };
  /// The table entry for \p RD or its nearest listed base (within a few
  /// levels).
  std::optional<TableHit> lookupTable(const CXXRecordDecl *RD);
  bool isAwaitableRecord(const CXXRecordDecl *RD, ASTContext &Ctx);
  const CXXRecordDecl *promiseFromTraits(const CXXRecordDecl *RD,
                                         ASTContext &Ctx);

  /// A lazy kind, unless destroying an object of \p RD performs the
  /// operation (then ActsWhenDropped).
  TaskKind lazyUnlessActing(const CXXRecordDecl *RD, TypeTraits &R);

  TaskTypeTable Table;
  DestructorEffects Destructors;
  llvm::DenseMap<const Type *, TypeTraits> Cache;
  const ClassTemplateDecl *TraitsTemplate = nullptr;
  bool TraitsLookedUp = false;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_COROUTINETYPES_H
