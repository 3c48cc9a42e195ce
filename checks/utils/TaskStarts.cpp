//===--- TaskStarts.cpp - coroguard ---------------------------------------===//

#include "TaskStarts.h"
#include "CallFollower.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::coro {


/// True if \p E is a callable handed on: a lambda, a block, a function
/// pointer, or an object with a call operator.
static bool isCallable(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (isa<LambdaExpr, BlockExpr>(E))
    return true;
  QualType T = E->getType().getNonReferenceType();
  if (T->isFunctionPointerType() || T->isFunctionType() ||
      T->isMemberFunctionPointerType())
    return true;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
      RD && RD->hasDefinition()) {
    // A coroutine handle resumes a frame: a task goes on.
    if (isCoroutineHandleType(T))
      return true;
    for (const CXXMethodDecl *M : RD->methods())
      if (M->getOverloadedOperator() == OO_Call)
        return true;
    for (const Decl *D : RD->decls())
      if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
        if (FT->getTemplatedDecl()->getOverloadedOperator() == OO_Call)
          return true;
  }
  return false;
}

bool TaskStarts::canStartAt(const FunctionDecl *FD, unsigned Depth) {
  if (!FD)
    return true;
  if (Depth > 4)
    return true; // too deep to tell: assume it can
  FD = FD->getCanonicalDecl();
  if (auto It = Cache.find(FD); It != Cache.end())
    return It->second;
  Cache[FD] = false; // recursion: a cycle adds nothing
  bool Result = true;
  const FunctionDecl *Def = nullptr;
  const Stmt *Body = FD->hasBody(Def) ? Def->getBody() : nullptr;
  if (!Body)
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      Body = Pattern->getBody();
  if (isCoroutine(Def ? Def : FD))
    Result = true;
  else if (Body)
    Result = bodyCanStart(Body, Depth);
  Cache[FD] = Result;
  return Result;
}

bool TaskStarts::bodyCanStart(const Stmt *S, unsigned Depth) {
  if (!S)
    return false;
  if (isa<LambdaExpr, BlockExpr>(S))
    return true; // code made to be run by someone
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true; // through a pointer: unknown
    if (isOverridable(*Callee))
      return true;
    // A function that does not return (`__assert_fail`, `abort`, a
    // `[[noreturn]]` thrower) hands no running task back to the caller.
    if (Callee->isNoReturn())
      return false;
    bool Std = isStdFunction(*Callee);
    if (Std && qualifiedName(Callee) == "std::async")
      return true;
    if (!Std && Callee->getBuiltinID() == 0 && !isa<CXXDestructorDecl>(Callee))
      if (canStartAt(Callee, Depth + 1))
        return true;
    for (const Expr *Arg : Call->arguments())
      if (isCallable(Arg) && !Std)
        return true;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    // A thread made with code to run.
    if (const CXXRecordDecl *RD = Construct->getConstructor()->getParent()) {
      std::string Name = qualifiedName(RD);
      if (Name == "std::thread" || Name == "std::jthread")
        return true;
    }
  }
  for (const Stmt *Child : S->children())
    if (bodyCanStart(Child, Depth))
      return true;
  return false;
}

/// Strips what only carries a value on: conversions, temporaries,
/// parentheses, functional casts.
static const Expr *carried(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 16; ++Guard) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = FC->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool TaskStarts::isHandle(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return false;
  QualType T = E->getType().getNonReferenceType();
  if (T->isDependentType())
    return true;
  TypeTraits Traits = Recogniser.classify(T, Ctx);
  return Traits.isEager() || Traits.isLazy();
}

bool TaskStarts::buildsFresh(const Expr *E, const CXXRecordDecl *Handle,
                             ASTContext &Ctx) {
  E = carried(E);
  if (!E || !Handle)
    return false;
  auto IsHandle = [&](const Expr *Arg) {
    const CXXRecordDecl *RD =
        Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
    if (RD && RD->getCanonicalDecl() == Handle->getCanonicalDecl())
      return true;
    return isHandle(Arg, Ctx);
  };
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getConstructor()->isCopyOrMoveConstructor())
      return false;
    for (const Expr *Arg : Construct->arguments())
      if (Arg && IsHandle(Arg))
        return false;
    return true;
  }
  if (const auto *List = dyn_cast<InitListExpr>(E)) {
    for (const Expr *Init : List->inits())
      if (Init && IsHandle(carried(Init)))
        return false;
    return true;
  }
  return false;
}

bool TaskStarts::returnsNoTask(const CallExpr &Call, ASTContext &Ctx) {
  // Code handed to the callee (a continuation) is a task; a handle handed
  // to it (`share(job())`) may be what it returns.
  for (const Expr *Arg : Call.arguments()) {
    if (!Arg || isCallable(Arg) || isHandle(Arg, Ctx))
      return false;
    // An object of the program's own (an operation, an initiation) may be
    // what the callee starts; only plain values and the standard library's
    // (an `exception_ptr`, a string) are data for sure.
    if (const CXXRecordDecl *RD =
            Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
        RD && !llvm::StringRef(qualifiedName(RD)).starts_with("std::"))
      return false;
  }
  // A member of a handle (`task.start()`, `f.then(...)`) acts on its task.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    if (const Expr *Obj = MC->getImplicitObjectArgument();
        Obj && isHandle(Obj, Ctx))
      return false;
  return returnsNoTask(Call.getDirectCallee());
}

bool TaskStarts::returnsNoTask(const FunctionDecl *FD) {
  if (!FD || canStart(FD))
    return false;
  const FunctionDecl *Def = nullptr;
  const Stmt *Body = FD->hasBody(Def) ? Def->getBody() : nullptr;
  if (!Body)
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      Body = Pattern->getBody();
  if (!Body)
    return false;
  const CXXRecordDecl *Handle =
      FD->getReturnType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!Handle || FD->getReturnType()->isReferenceType())
    return false;
  bool SawReturn = false;
  bool Fresh = true;
  llvm::SmallVector<const Stmt *, 16> Work{Body};
  while (!Work.empty() && Fresh) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr, BlockExpr>(S))
      continue;
    if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
      SawReturn = true;
      Fresh = buildsFresh(Ret->getRetValue(), Handle, FD->getASTContext());
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return SawReturn && Fresh;
}

} // namespace clang::tidy::coro
