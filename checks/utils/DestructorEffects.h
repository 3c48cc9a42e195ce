//===--- DestructorEffects.h - coroguard --------------------------*- C++ -*-===//
//
// Whether destroying an object acts on something outside it: the
// "starter" or "maker" awaitables whose destructor performs the operation
// when they were not awaited (`~Starter() { if (!awaited) owner->start(); }`).
// Such an object is not dead work when it is dropped, so the recognisers
// (CoroutineTypes.h) do not take it for a lazy awaitable.
//
// Decided by structure, on the destructor's body and the bodies of the
// class's own non-virtual member functions it calls (a few levels), and of
// the lambdas it invokes in place (called on the spot, or handed to the
// standard library's `std::apply`, `std::invoke`, `std::visit` or an
// algorithm; of a generic lambda, its instantiations). The destructor acts if
// it
//
//  * calls a non-const member function of an object the class refers to
//    but does not own: through a pointer or reference data member
//    (`owner->start()`, `loop_.post(...)`), or through a smart-pointer-like
//    member's `operator->` / `operator*` (`state_->run()`);
//  * calls a callable data member (`on_drop_()`), or resumes a coroutine
//    handle member (`handle.resume()`, `handle()`): it runs code;
//  * calls a free or static function, outside the standard library, with
//    `this`, `*this` or a data member (or its address) as an argument
//    (`schedule(this)`, `start_op(*loop_, handle_)`).
//
// It does not act if it only destroys what it owns: `handle.destroy()`,
// `delete p`, `free(p)`, `::operator delete(p)`, members reset or assigned
// (`p = nullptr`, `ptr.reset()`, `h = {}`), member functions of members held
// by value, const member functions (inspections), the standard library's
// utilities (`std::exchange`, `std::destroy_at`, ...). A defaulted or
// implicit destructor does not act (the members' own destructors are not
// followed).
//
// Answers are kept per class for the translation unit; the checks share the
// one recogniser that asks.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_DESTRUCTOREFFECTS_H
#define COROGUARD_CHECKS_UTILS_DESTRUCTOREFFECTS_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::coro {

class DestructorEffects {
public:
  /// The call in \p RD's destructor (or a base class's) through which
  /// destroying an object of \p RD acts on something outside it, or null if
  /// it only destroys what it owns.
  const Expr *actingCall(const CXXRecordDecl *RD);
  bool acts(const CXXRecordDecl *RD) { return actingCall(RD) != nullptr; }

  void reset() { Cache.clear(); }

private:
  const Expr *actingCallUncached(const CXXRecordDecl *RD);
  llvm::DenseMap<const CXXRecordDecl *, const Expr *> Cache;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_DESTRUCTOREFFECTS_H
