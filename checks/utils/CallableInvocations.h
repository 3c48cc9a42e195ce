//===--- CallableInvocations.h - coroguard ------------------------*- C++ -*-===//
//
// Where a callable handed to a function is called: "the calls of parameter
// P of function F, through forwarding, in F's body and in the functions it
// forwards P to". For a function template specialisation (`std::for_each`,
// `std::thread::thread`, `std::invoke`, a project's `run_all(F &&f)`), the
// instantiated bodies of the translation unit are followed:
//
//  * a reference to the parameter (through parentheses, implicit casts,
//    temporaries, `std::forward`/`std::move`/`std::as_const` and the like,
//    `*p` and `&p`, copies of the callable, local variables initialised from
//    it) that is called — `f()`, `(*f)()`, `std::forward<F>(f)(args...)` —
//    is an invocation;
//  * passed as an argument to another function or constructor with a body,
//    it is followed into that function's parameter; an invocation there
//    whose value that function returns makes the call of it an invocation
//    (`std::invoke(f)` → `std::__invoke` → `std::__invoke_impl`'s
//    `return std::forward<_Fn>(__f)(...)`), and a function that returns the
//    callable itself hands it back;
//  * built into an object whose type mentions the callable's type among its
//    template arguments (`std::tuple<L>`, `_Invoker<std::tuple<L>>`), the
//    object carries the callable on; stored in a data member of a class (a
//    constructor's member initialiser, or an assignment to `this->m`), the
//    member functions of that class are searched for calls of that member
//    (`_State_impl::_M_run() { _M_func(); }`): a call of an object carrying
//    the callable whose value has the callable's result type is taken for
//    an invocation of it (by structure: a wrapper built from the callable
//    that yields the callable's result).
//
// Each invocation comes with the function whose body holds it and the
// hand-offs (calls and constructions) that led there; what happens to its
// value is the caller's question (parentsIn() gives the parents to ask it
// with, UseAnalysis.h's classifyResultUse).
//
// Only bodies present in the translation unit are followed (instantiations
// that exist); recursion and the number of functions visited are bounded.
// Answers are cached per function, parameter and callable type for the
// translation unit; reset() drops them. The parents used are local to each
// function (clang's ParentMap), so this works in system headers, outside
// the checks' traversal scope.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_CALLABLEINVOCATIONS_H
#define COROGUARD_CHECKS_UTILS_CALLABLEINVOCATIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <tuple>

namespace clang::tidy::coro {

/// The index of the parameter of \p Callee that receives argument
/// \p ArgIndex of \p Call (a call or a construction), or -1: the object
/// argument of a member operator call is not a parameter.
int parameterForArgument(const Expr &Call, const FunctionDecl &Callee,
                         unsigned ArgIndex);

/// A callable as the analysis sees it: its type with references, cv and
/// function-to-pointer decay removed (`L`, `task<> (*)()`), and what calling
/// it returns.
struct CallableSignature {
  QualType Callable;
  QualType Result;
  /// The signature of an object of type \p T: null types if it is not
  /// callable or its result cannot be told.
  static CallableSignature of(QualType T, ASTContext &Ctx);
  bool valid() const { return !Callable.isNull() && !Result.isNull(); }
};

class CallableInvocations {
public:
  struct Invocation {
    /// The call whose value is what calling the callable returns.
    const Expr *Call = nullptr;
    /// The function whose body (or member initialisers) holds Call.
    const FunctionDecl *Function = nullptr;
    /// The calls and constructions that handed the callable on, from the
    /// analysed function down to Function.
    llvm::SmallVector<const Expr *, 4> Path;
  };
  struct Result {
    llvm::SmallVector<Invocation, 2> Invocations;
    /// The function returns the callable (or an object carrying it).
    bool ReturnsCallable = false;
  };

  /// The invocations of parameter \p Param of \p Fn (a function with a body
  /// in this translation unit) that receives a callable of \p Sig.
  const Result &ofParameter(const FunctionDecl &Fn, unsigned Param,
                            const CallableSignature &Sig, ASTContext &Ctx);

  /// The statement parents of \p Fn's body and member initialisers, as the
  /// analysis used them; null if \p Fn has no body.
  const ParentMap *parentsIn(const FunctionDecl &Fn);

  /// True if the value of \p E, in \p Fn, is what \p Fn returns.
  bool isReturnedFrom(const Expr &E, const FunctionDecl &Fn);

  CallableInvocations();
  ~CallableInvocations();
  void reset();

private:
  struct Body;
  Body *bodyOf(const FunctionDecl &Fn);
  void flowFrom(const Expr &E, const FunctionDecl &Fn,
                const CallableSignature &Sig, ASTContext &Ctx, unsigned Depth,
                Result &Out);
  void followField(const FieldDecl &Field, const CallableSignature &Sig,
                   ASTContext &Ctx, unsigned Depth,
                   const Expr *StoredBy, Result &Out);
  bool carries(QualType T, const CallableSignature &Sig) const;

  using Key = std::tuple<const FunctionDecl *, unsigned, const Type *>;
  llvm::DenseMap<Key, std::unique_ptr<Result>> Answers;
  llvm::DenseMap<std::pair<const FieldDecl *, const Type *>,
                 std::unique_ptr<Result>>
      Fields;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Body>> Bodies;
  /// Functions visited by the current top-level question, and how deep the
  /// questions are nested.
  unsigned Budget = 0;
  unsigned Nesting = 0;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_CALLABLEINVOCATIONS_H
