//===--- DestructorEffects.cpp - coroguard --------------------------------===//

#include "DestructorEffects.h"
#include "CoroutineTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtVisitor.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::coro {

namespace {

/// What an expression denotes, seen from inside a member function.
enum class Place {
  /// The object itself (`*this`).
  Self,
  /// A subobject held by value (a data member that is not a reference, a
  /// member of one).
  Owned,
  /// An object the class refers to but does not own: reached through a
  /// pointer or reference member, or a smart-pointer-like member's
  /// `operator->` / `operator*`.
  Outside,
  /// Anything else: locals, globals, parameters, temporaries.
  Other,
};

Place placeOf(const Expr *E, unsigned Depth = 0);

/// What the pointer value \p E points to.
Place pointeeOf(const Expr *E, unsigned Depth) {
  if (!E || Depth > 16)
    return Place::Other;
  E = E->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return Place::Self;
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    return placeOf(UO->getSubExpr(), Depth + 1);
  // A pointer held by the object (or got from something it holds: a smart
  // pointer's get(), its operator->) points outside it.
  Place Holder = Place::Other;
  if (isa<MemberExpr>(E))
    Holder = placeOf(E, Depth + 1);
  else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    Holder = placeOf(MC->getImplicitObjectArgument(), Depth + 1);
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
           Op && Op->getOperator() == OO_Arrow && Op->getNumArgs() >= 1)
    Holder = placeOf(Op->getArg(0), Depth + 1);
  if (Holder == Place::Self || Holder == Place::Owned ||
      Holder == Place::Outside)
    return Place::Outside;
  return Place::Other;
}

Place placeOf(const Expr *E, unsigned Depth) {
  if (!E || Depth > 16)
    return Place::Other;
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(ME->getMemberDecl()))
      return Place::Other;
    Place Base = ME->isArrow() ? pointeeOf(ME->getBase(), Depth + 1)
                               : placeOf(ME->getBase(), Depth + 1);
    if (Base == Place::Outside)
      return Place::Outside;
    if (Base == Place::Self || Base == Place::Owned)
      return ME->getMemberDecl()->getType()->isReferenceType() ? Place::Outside
                                                               : Place::Owned;
    return Place::Other;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    return pointeeOf(UO->getSubExpr(), Depth + 1);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Star && Op->getNumArgs() == 1) {
    Place Holder = placeOf(Op->getArg(0), Depth + 1);
    if (Holder != Place::Other)
      return Place::Outside;
    return Place::Other;
  }
  // `h.promise()`, `opt.value()`: a reference into what is called on.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
      MC && MC->getType()->isReferenceType() == false && MC->isLValue()) {
    Place Object = placeOf(MC->getImplicitObjectArgument(), Depth + 1);
    return Object == Place::Outside ? Place::Outside
           : Object == Place::Other ? Place::Other
                                    : Place::Owned;
  }
  return Place::Other;
}

/// Looks for the first call in a body that acts outside the object.
class ActingCallFinder {
public:
  const Expr *find(const FunctionDecl &FD, unsigned Depth) {
    if (Depth > 3 || !Visited.insert(FD.getCanonicalDecl()).second)
      return nullptr;
    const FunctionDecl *Def = nullptr;
    const Stmt *Body = FD.hasBody(Def) ? Def->getBody() : nullptr;
    if (!Body)
      if (const FunctionDecl *Pattern = FD.getTemplateInstantiationPattern())
        Body = Pattern->getBody();
    if (!Body)
      return nullptr;
    return walk(Body, Depth);
  }

private:
  const Expr *walk(const Stmt *S, unsigned Depth) {
    if (!S)
      return nullptr;
    // Code in a nested lambda or class runs when that is called (a lambda
    // invoked in place is walked from its call, below).
    if (isa<LambdaExpr, BlockExpr, DeclStmt>(S)) {
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            if (const Expr *R = walk(VD->getInit(), Depth))
              return R;
      return nullptr;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (const Expr *R = classifyCall(*Call, Depth))
        return R;
      // A lambda the standard library invokes in place (`std::apply`,
      // `std::invoke`, `std::visit`, the algorithms), or one called on the
      // spot: its body runs in the destructor.
      const FunctionDecl *FD = Call->getDirectCallee();
      bool InPlace = FD && isStdFunction(*FD);
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
          Op && Op->getOperator() == OO_Call)
        InPlace = true;
      if (InPlace)
        for (const Stmt *Child : Call->children())
          if (const auto *E = dyn_cast_or_null<Expr>(Child))
            if (const auto *Lambda =
                    dyn_cast<LambdaExpr>(E->IgnoreImplicit()->IgnoreParens()))
              if (const Expr *R = walkLambda(*Lambda, Depth))
                return R;
    }
    for (const Stmt *Child : S->children())
      if (const Expr *R = walk(Child, Depth))
        return R;
    return nullptr;
  }

  /// The body of a lambda invoked in place: of a generic lambda, the bodies
  /// of its call operator's instantiations (the pattern's calls are
  /// dependent).
  const Expr *walkLambda(const LambdaExpr &Lambda, unsigned Depth) {
    const CXXMethodDecl *Op = Lambda.getCallOperator();
    if (!Op)
      return nullptr;
    if (FunctionTemplateDecl *T = Op->getDescribedFunctionTemplate()) {
      for (const FunctionDecl *Spec : T->specializations())
        if (const Expr *R = walk(Spec->getBody(), Depth))
          return R;
      return nullptr;
    }
    return walk(Lambda.getBody(), Depth);
  }

  /// \p Call if it acts, or the acting call inside an own member function it
  /// calls; null otherwise.
  const Expr *classifyCall(const CallExpr &Call, unsigned Depth) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (!MD || !Obj || isa<CXXDestructorDecl>(MD))
        return nullptr;
      Place P = Obj->getType()->isPointerType() ? pointeeOf(Obj, 0)
                                                : placeOf(Obj, 0);
      switch (P) {
      case Place::Self:
        // One of the class's own member functions: what it does counts.
        if (MD->isVirtual())
          return nullptr;
        return find(*MD, Depth + 1);
      case Place::Owned:
        // A member held by value: resetting, clearing, destroying it is
        // the object's own business; resuming a coroutine runs code.
        if (isCoroutineHandleType(Obj->getType()) &&
            MD->getDeclName().isIdentifier() && MD->getName() == "resume")
          return &Call;
        return nullptr;
      case Place::Outside:
        return MD->isConst() ? nullptr : &Call;
      case Place::Other:
        return nullptr;
      }
      return nullptr;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call)) {
      if (Op->getNumArgs() == 0)
        return nullptr;
      Place P = placeOf(Op->getArg(0), 0);
      // A stored callable called, a coroutine handle resumed through its
      // call operator.
      if (Op->getOperator() == OO_Call)
        return P == Place::Owned || P == Place::Outside ? &Call : nullptr;
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      if (P == Place::Outside && MD && !MD->isConst() &&
          Op->getOperator() != OO_Arrow && Op->getOperator() != OO_Star)
        return &Call;
      return nullptr;
    }
    // A function pointer member called.
    if (const Expr *Callee = Call.getCallee()) {
      Place P = placeOf(Callee, 0);
      if (P == Place::Owned || P == Place::Outside)
        return &Call;
    }
    const FunctionDecl *FD = Call.getDirectCallee();
    if (!FD || FD->getBuiltinID() != 0 ||
        FD->isReplaceableGlobalAllocationFunction() || isStdFunction(*FD))
      return nullptr;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && !MD->isStatic())
      return nullptr;
    for (const Expr *Arg : Call.arguments()) {
      if (!Arg)
        continue;
      Place P = Arg->getType()->isPointerType() ? pointeeOf(Arg, 0)
                                                : placeOf(Arg, 0);
      if (P != Place::Other)
        return &Call;
    }
    return nullptr;
  }

  llvm::SmallPtrSet<const FunctionDecl *, 8> Visited;
};

} // namespace

const Expr *DestructorEffects::actingCall(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  RD = RD->getDefinition() ? RD->getDefinition() : RD;
  auto [It, New] = Cache.try_emplace(RD->getCanonicalDecl(), nullptr);
  if (New)
    It->second = actingCallUncached(RD);
  return It->second;
}

const Expr *DestructorEffects::actingCallUncached(const CXXRecordDecl *Start) {
  // The class and its bases, a few levels up.
  llvm::SmallVector<std::pair<const CXXRecordDecl *, unsigned>, 8> Work{
      {Start, 0}};
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  while (!Work.empty()) {
    auto [RD, Level] = Work.pop_back_val();
    const CXXRecordDecl *Def = RD ? RD->getDefinition() : nullptr;
    if (!Def)
      if (const auto *Spec =
              dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD))
        Def = Spec->getSpecializedTemplate()->getTemplatedDecl()
                  ->getDefinition();
    if (!Def || !Seen.insert(Def->getCanonicalDecl()).second)
      continue;
    if (const CXXDestructorDecl *Dtor = Def->getDestructor();
        Dtor && Dtor->isUserProvided()) {
      ActingCallFinder Finder;
      if (const Expr *Acting = Finder.find(*Dtor, 0))
        return Acting;
    }
    if (Level < 4)
      for (const CXXBaseSpecifier &Base : Def->bases())
        Work.push_back({recordOf(Base.getType()), Level + 1});
  }
  return nullptr;
}

} // namespace clang::tidy::coro
