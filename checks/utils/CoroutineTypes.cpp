//===--- CoroutineTypes.cpp - coroguard -----------------------------------===//

#include "CoroutineTypes.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "Parents.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coro {

std::string qualifiedName(const NamedDecl *ND) {
  if (!ND)
    return {};
  llvm::SmallVector<std::string, 4> Parts;
  Parts.push_back(ND->getNameAsString());
  for (const DeclContext *DC = ND->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getNameAsString());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getNameAsString());
    } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      Parts.push_back(FD->getNameAsString());
      break;
    } else if (isa<TranslationUnitDecl>(DC)) {
      break;
    }
    // LinkageSpecDecl, ExportDecl and the like add no name.
  }
  std::string Result;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Result.empty())
      Result += "::";
    Result += *It;
  }
  return Result;
}

static bool containsCoroutineKeyword(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CoroutineBodyStmt, CoreturnStmt, CoawaitExpr, CoyieldExpr,
          DependentCoawaitExpr>(S))
    return true;
  // Nested functions have their own coroutine-ness.
  if (isa<LambdaExpr, BlockExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (containsCoroutineKeyword(Child))
      return true;
  return false;
}

bool isCoroutine(const FunctionDecl *FD) {
  if (!FD)
    return false;
  const FunctionDecl *Def = nullptr;
  const Stmt *Body = FD->hasBody(Def) ? Def->getBody() : nullptr;
  if (!Body)
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern()) {
      Def = Pattern;
      Body = Pattern->getBody();
    }
  if (!Body)
    return false;
  // Sema wraps the body of every valid coroutine, templates included, in a
  // CoroutineBodyStmt: one test. A declaration Sema rejected may hold the
  // keywords without it.
  if (isa<CoroutineBodyStmt>(Body))
    return true;
  return Def && Def->isInvalidDecl() && containsCoroutineKeyword(Body);
}

bool isCompilerWrittenCoroutineCall(const CallExpr &Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call))
    return Op->getOperator() == OO_Coawait;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call);
  if (!Member)
    return false;
  const Expr *Object = Member->getImplicitObjectArgument();
  const auto *Ref =
      Object ? dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()) : nullptr;
  const auto *Promise = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  // The promise is an implicit local of the coroutine (`__promise`): the
  // user cannot name it.
  if (!Promise || !Promise->isImplicit())
    return false;
  const auto *Fn = dyn_cast<FunctionDecl>(Promise->getDeclContext());
  const auto *Body =
      Fn ? dyn_cast_or_null<CoroutineBodyStmt>(Fn->getBody()) : nullptr;
  return Body && Body->getPromiseDecl() == Promise;
}

const FunctionDecl *enclosingFunction(const Stmt &S, AnalysisSession &Session) {
  DynTypedNodeList Parents = parentsOf(S, Session);
  // Parents form a tree except in a few C++ corners; the first is enough.
  for (unsigned Guard = 0; !Parents.empty() && Guard < 4096; ++Guard) {
    const DynTypedNode &P = Parents[0];
    if (const auto *FD = P.get<FunctionDecl>())
      return FD;
    if (const auto *LE = P.get<LambdaExpr>())
      return LE->getCallOperator();
    if (P.get<BlockDecl>() || P.get<TranslationUnitDecl>())
      return nullptr;
    Parents = parentsOf(P, Session);
  }
  return nullptr;
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return RD;
  if (const auto *TST = T->getAs<TemplateSpecializationType>()) {
    if (TST->isTypeAlias())
      return recordOf(TST->getAliasedType());
    if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return CTD->getTemplatedDecl();
  }
  return nullptr;
}

/// The definition of \p RD, or of the template it would be instantiated
/// from when the instantiation has not happened (member classes of class
/// template specialisations are instantiated lazily).
static const CXXRecordDecl *definitionOf(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    auto From = Spec->getSpecializedTemplateOrPartial();
    if (const auto *Partial =
            llvm::dyn_cast_if_present<ClassTemplatePartialSpecializationDecl *>(
                From))
      return Partial->getDefinition();
    if (const auto *CTD = llvm::dyn_cast_if_present<ClassTemplateDecl *>(From))
      return CTD->getTemplatedDecl()->getDefinition();
  }
  if (const CXXRecordDecl *Member = RD->getInstantiatedFromMemberClass())
    return Member->getDefinition();
  return nullptr;
}

namespace {
/// The classes a walk up a class hierarchy has reached, and the shallowest
/// depth at which each was entered. Hierarchies share bases (diamonds,
/// virtual bases, a class with many bases that have many bases), so a walk
/// that does not remember where it has been takes time exponential in the
/// depth; this one enters a class again only when it reaches it at a
/// shallower depth than before (where the depth limit cuts off less), so
/// each class is entered a bounded number of times.
class BaseWalk {
public:
  explicit BaseWalk(unsigned MaxDepth = 8) : MaxDepth(MaxDepth) {}
  /// True if \p RD should be explored at \p Depth.
  bool enter(const CXXRecordDecl *RD, unsigned Depth) {
    if (Depth > MaxDepth)
      return false;
    auto [It, Inserted] = Seen.try_emplace(RD, Depth);
    if (Inserted)
      return true;
    if (It->second <= Depth)
      return false;
    It->second = Depth;
    return true;
  }

private:
  unsigned MaxDepth;
  llvm::SmallDenseMap<const CXXRecordDecl *, unsigned, 16> Seen;
};
} // namespace

/// Walks \p Start and its bases, nearest first, until \p Visit decides:
/// `Visit(Record)` returns an engaged optional to stop with that result, or
/// std::nullopt to go on into the record's bases. Shared bases are entered
/// again only from a shallower depth (see BaseWalk).
template <typename VisitFn>
static auto walkHierarchy(const CXXRecordDecl *Start, unsigned MaxDepth,
                          VisitFn Visit) -> decltype(Visit(Start)) {
  using Result = decltype(Visit(Start));
  BaseWalk Walk(MaxDepth);
  auto Step = [&](auto &Self, const CXXRecordDecl *RD,
                  unsigned Depth) -> Result {
    if (!RD || !Walk.enter(RD->getCanonicalDecl(), Depth))
      return std::nullopt;
    if (Result R = Visit(RD))
      return R;
    if (const CXXRecordDecl *Def = definitionOf(RD))
      for (const CXXBaseSpecifier &Base : Def->bases())
        if (Result R = Self(Self, recordOf(Base.getType()), Depth + 1))
          return R;
    return std::nullopt;
  };
  return Step(Step, Start, 0);
}

/// Name lookup in \p RD's definition: what the class itself declares.
static std::optional<DeclContext::lookup_result>
lookupInDefinition(const CXXRecordDecl *RD, DeclarationName Name) {
  const CXXRecordDecl *Def = definitionOf(RD);
  if (!Def)
    return std::nullopt;
  DeclContext::lookup_result Found = Def->lookup(Name);
  if (Found.empty())
    return std::nullopt;
  return Found;
}

const NamedDecl *findMember(const CXXRecordDecl *RD, DeclarationName Name) {
  std::optional<const NamedDecl *> Found =
      walkHierarchy(RD, 8, [&](const CXXRecordDecl *Cur)
                               -> std::optional<const NamedDecl *> {
        if (auto R = lookupInDefinition(Cur, Name))
          return R->front();
        return std::nullopt;
      });
  return Found.value_or(nullptr);
}

static const NamedDecl *findMember(const CXXRecordDecl *RD,
                                   llvm::StringRef Name, ASTContext &Ctx) {
  return findMember(RD, DeclarationName(&Ctx.Idents.get(Name)));
}

/// The class template (or the class) a record belongs to, so that
/// `task<int>` and `task<T>` compare equal.
static const Decl *templateRoot(const CXXRecordDecl *RD) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getCanonicalDecl();
  if (const ClassTemplateDecl *CTD = RD->getDescribedClassTemplate())
    return CTD->getCanonicalDecl();
  return RD->getCanonicalDecl();
}

bool sameClassOrTemplate(const CXXRecordDecl *A, const CXXRecordDecl *B) {
  return A && B && templateRoot(A) == templateRoot(B);
}

static bool firstParamIs(const NamedDecl *ND, const CXXRecordDecl *RD) {
  const FunctionDecl *F = ND ? ND->getAsFunction() : nullptr;
  if (!F || F->getNumParams() < 1)
    return false;
  return sameClassOrTemplate(recordOf(F->getParamDecl(0)->getType()), RD);
}

static const CXXRecordDecl *typeDeclRecord(const NamedDecl *ND) {
  if (const auto *RD = dyn_cast_or_null<CXXRecordDecl>(ND))
    return RD;
  if (const auto *TND = dyn_cast_or_null<TypedefNameDecl>(ND))
    return recordOf(TND->getUnderlyingType());
  return nullptr;
}

QualType callableReturnType(QualType T, ASTContext &Ctx) {
  if (T.isNull())
    return {};
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const auto *FT = T->getAs<FunctionType>())
    return FT->getReturnType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return {};
  if (RD->isLambda()) {
    const CXXMethodDecl *Call = RD->getLambdaCallOperator();
    return Call ? Call->getReturnType() : QualType();
  }
  RD = RD->getDefinition();
  if (!RD)
    return {};
  DeclContext::lookup_result Ops =
      RD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Call));
  if (Ops.empty() || std::next(Ops.begin()) != Ops.end())
    return {};
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Ops.front()))
    return MD->getReturnType();
  return {};
}

const CXXRecordDecl *
CoroutineRecogniser::promiseFromTraits(const CXXRecordDecl *RD,
                                       ASTContext &Ctx) {
  if (!TraitsLookedUp) {
    TraitsLookedUp = true;
    IdentifierInfo &TraitsId = Ctx.Idents.get("coroutine_traits");
    auto Search = [&](const DeclContext *NS) {
      for (const NamedDecl *D : NS->lookup(&TraitsId))
        if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D))
          TraitsTemplate = CTD;
    };
    for (const NamedDecl *D :
         Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("std"))) {
      const auto *Std = dyn_cast<NamespaceDecl>(D);
      if (!Std)
        continue;
      Search(Std);
      // libc++ declares it in an inline namespace.
      for (const Decl *Inner : Std->decls())
        if (const auto *InlineNS = dyn_cast<NamespaceDecl>(Inner))
          if (InlineNS->isInline())
            Search(InlineNS);
    }
  }
  if (!TraitsTemplate)
    return nullptr;
  auto PromiseOf = [&](const CXXRecordDecl *Traits) {
    return typeDeclRecord(findMember(Traits, "promise_type", Ctx));
  };
  for (const ClassTemplateSpecializationDecl *Spec :
       TraitsTemplate->specializations()) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      continue;
    if (sameClassOrTemplate(recordOf(Args[0].getAsType()), RD))
      if (const CXXRecordDecl *P = PromiseOf(Spec))
        return P;
  }
  llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
  TraitsTemplate->getPartialSpecializations(Partials);
  for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
    const TemplateArgumentList &Args = Partial->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
      continue;
    if (sameClassOrTemplate(recordOf(Args[0].getAsType()), RD))
      if (const CXXRecordDecl *P = PromiseOf(Partial))
        return P;
  }
  return nullptr;
}

const CXXRecordDecl *CoroutineRecogniser::promiseTypeOf(const CXXRecordDecl *RD,
                                                        ASTContext &Ctx) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *P =
          typeDeclRecord(findMember(RD, "promise_type", Ctx)))
    return P;
  return promiseFromTraits(RD, Ctx);
}

/// The type of the first `return` value in \p Body, for functions declared
/// with a deduced return type in a template pattern.
static QualType firstReturnType(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return {};
  if (const auto *RS = dyn_cast<ReturnStmt>(S))
    return RS->getRetValue() ? RS->getRetValue()->getType() : QualType();
  for (const Stmt *Child : S->children()) {
    QualType T = firstReturnType(Child);
    if (!T.isNull())
      return T;
  }
  return {};
}

std::optional<bool>
CoroutineRecogniser::initialSuspendSuspends(const CXXRecordDecl *Promise,
                                            ASTContext &Ctx) {
  return promiseSuspendsInitially(Promise, Ctx);
}

std::optional<bool> promiseSuspendsInitially(const CXXRecordDecl *Promise,
                                             ASTContext &Ctx) {
  const NamedDecl *M = findMember(Promise, "initial_suspend", Ctx);
  const FunctionDecl *F = M ? M->getAsFunction() : nullptr;
  if (!F)
    return std::nullopt;
  const CXXRecordDecl *Awaiter = recordOf(F->getReturnType());
  if (!Awaiter) {
    const FunctionDecl *Def = nullptr;
    if (F->hasBody(Def))
      Awaiter = recordOf(firstReturnType(Def->getBody()));
  }
  if (!Awaiter)
    return std::nullopt;
  return awaiterSuspends(Awaiter, Ctx);
}

std::optional<bool> awaiterSuspends(const CXXRecordDecl *Awaiter,
                                    ASTContext &Ctx) {
  if (!Awaiter)
    return std::nullopt;
  std::string Name = qualifiedName(Awaiter);
  if (Name == "std::suspend_always" ||
      Name == "std::experimental::suspend_always")
    return true;
  if (Name == "std::suspend_never" ||
      Name == "std::experimental::suspend_never")
    return false;
  // Any other awaiter: a constant `await_ready` tells.
  const NamedDecl *Ready = findMember(Awaiter, "await_ready", Ctx);
  const FunctionDecl *ReadyFn = Ready ? Ready->getAsFunction() : nullptr;
  const FunctionDecl *Def = nullptr;
  if (!ReadyFn || !ReadyFn->hasBody(Def))
    return std::nullopt;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  const Expr *Value = Ret ? Ret->getRetValue() : nullptr;
  if (!Value || Value->isValueDependent())
    return std::nullopt;
  bool IsReady = false;
  if (!Value->EvaluateAsBooleanCondition(IsReady, Ctx))
    return std::nullopt;
  return !IsReady;
}

/// True if \p RD or a base declares a member \p Name that is not deleted
/// (`auto operator co_await() & = delete;` alone does not make a type
/// awaitable).
static bool hasUsableMember(const CXXRecordDecl *RD, DeclarationName Name) {
  // The nearest class that declares Name hides its bases' declarations.
  std::optional<bool> Usable =
      walkHierarchy(RD, 8, [&](const CXXRecordDecl *Cur) -> std::optional<bool> {
        if (auto R = lookupInDefinition(Cur, Name))
          return llvm::any_of(*R, [](const NamedDecl *ND) {
            const FunctionDecl *F = ND->getAsFunction();
            return !F || !F->isDeleted();
          });
        return std::nullopt;
      });
  return Usable.value_or(false);
}

bool CoroutineRecogniser::isAwaitableRecord(const CXXRecordDecl *RD,
                                            ASTContext &Ctx) {
  if (findMember(RD, "await_ready", Ctx) &&
      findMember(RD, "await_suspend", Ctx) &&
      findMember(RD, "await_resume", Ctx))
    return true;
  DeclarationName CoAwait = Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (hasUsableMember(RD, CoAwait))
    return true;
  // Hidden friends.
  if (const CXXRecordDecl *Def = definitionOf(RD))
    for (const Decl *D : Def->decls())
      if (const auto *Friend = dyn_cast<FriendDecl>(D))
        if (const NamedDecl *ND = Friend->getFriendDecl())
          if (ND->getDeclName() == CoAwait && firstParamIs(ND, RD))
            return true;
  // Namespace-scope operators that belong to the class's interface: those
  // in its associated namespace (the innermost enclosing one, and the
  // parents of inline namespaces), where argument-dependent lookup finds
  // them. An operator that adapts someone else's type from another
  // namespace (`operator co_await(std::chrono::duration<...>)` at global
  // scope) turns a plain value into something awaitable, but a dropped value
  // of that type is not dropped work.
  const DeclContext *DC = RD->getDeclContext();
  while (DC && !DC->isFileContext())
    DC = DC->getParent();
  for (; DC; DC = DC->getParent()) {
    for (const NamedDecl *ND : DC->lookup(CoAwait))
      if (firstParamIs(ND, RD))
        return true;
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    if (!NS || !NS->isInline())
      break;
  }
  return false;
}

std::optional<CoroutineRecogniser::TableHit>
CoroutineRecogniser::lookupTable(const CXXRecordDecl *Start) {
  return walkHierarchy(
      Start, 4, [&](const CXXRecordDecl *RD) -> std::optional<TableHit> {
        std::string Name = qualifiedName(RD);
        if (std::optional<TaskKind> K = Table.lookup(Name))
          return TableHit{*K, Table.isUserEntry(Name)};
        return std::nullopt;
      });
}

/// True if \p RD (or a base) is defined with a non-static data member.
static bool holdsData(const CXXRecordDecl *RD) {
  return walkHierarchy(RD, 8,
                       [](const CXXRecordDecl *Cur) -> std::optional<bool> {
                         const CXXRecordDecl *Def = definitionOf(Cur);
                         if (Def && !Def->fields().empty())
                           return true;
                         return std::nullopt;
                       })
      .value_or(false);
}

TypeTraits CoroutineRecogniser::classifyUncached(const CXXRecordDecl *RD,
                                                 ASTContext &Ctx) {
  TypeTraits R;
  R.Record = RD;
  R.IsAwaitable = isAwaitableRecord(RD, Ctx);
  const CXXRecordDecl *Promise = promiseTypeOf(RD, Ctx);
  R.IsCoroutineType = Promise != nullptr;
  if (std::optional<TableHit> Hit = lookupTable(RD)) {
    // A preset names a library's type, but a project may have its own,
    // unrelated class of the same name (`coro::task` is a common spelling).
    // A preset's "lazy" or "eager" is overruled only by positive evidence
    // that the type is an ordinary value: it holds data, yet has no promise,
    // no awaiter interface or `operator co_await`, and no call operator (an
    // Asio deferred operation is invoked or awaited through a library
    // promise's await_transform). Opaque or empty declarations keep the
    // preset. The user's own TaskTypes entries are taken as said.
    bool PlainValue =
        !R.IsCoroutineType && !R.IsAwaitable &&
        !findMember(RD, Ctx.DeclarationNames.getCXXOperatorName(OO_Call)) &&
        holdsData(RD);
    if (Hit->FromUser || Hit->Kind == TaskKind::NotAwaitable || !PlainValue) {
      R.Kind = Hit->Kind;
      R.FromTable = true;
      R.IsAwaitable =
          Hit->Kind == TaskKind::Lazy || Hit->Kind == TaskKind::Eager;
      return R;
    }
  }
  if (Promise) {
    std::optional<bool> Suspends = initialSuspendSuspends(Promise, Ctx);
    if (!Suspends)
      return R; // cannot tell lazy from eager: stay silent
    if (!*Suspends) {
      R.Kind = R.IsAwaitable ? TaskKind::Eager : TaskKind::NotAwaitable;
      return R;
    }
    bool IsGenerator =
        !R.IsAwaitable && findMember(Promise, "yield_value", Ctx) != nullptr;
    R.Kind = IsGenerator ? TaskKind::NotAwaitable : lazyUnlessActing(RD, R);
    return R;
  }
  // A plain awaiter or awaitable: it acts only when awaited, unless its
  // destructor performs the operation when it was not.
  if (R.IsAwaitable)
    R.Kind = lazyUnlessActing(RD, R);
  return R;
}

TaskKind CoroutineRecogniser::lazyUnlessActing(const CXXRecordDecl *RD,
                                               TypeTraits &R) {
  if (const Expr *Acting = Destructors.actingCall(RD)) {
    R.ActingCall = Acting;
    return TaskKind::ActsWhenDropped;
  }
  return TaskKind::Lazy;
}

TypeTraits CoroutineRecogniser::classify(QualType T, ASTContext &Ctx) {
  if (T.isNull())
    return {};
  T = T.getNonReferenceType();
  const Type *Key = T.getCanonicalType().getTypePtr();
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  TypeTraits R;
  if (const CXXRecordDecl *RD = recordOf(T))
    R = classifyUncached(RD, Ctx);
  Cache[Key] = R;
  return R;
}

bool completesBeforeReturning(const FunctionDecl *F, ASTContext &Ctx) {
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def))
    return false;
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Def->getBody());
  if (!CB || !CB->getBody() || !CB->getPromiseDecl())
    return false;
  std::optional<bool> Suspends =
      promiseSuspendsInitially(recordOf(CB->getPromiseDecl()->getType()), Ctx);
  if (!Suspends || *Suspends)
    return false;
  // No suspension point of its own (those of lambdas in it do not count).
  llvm::SmallVector<const Stmt *, 16> Work{CB->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (isa<CoroutineSuspendExpr, DependentCoawaitExpr>(S))
      return false;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return true;
}

bool isCoroutineHandleType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T.getNonReferenceType());
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  return Name == "std::coroutine_handle" ||
         Name == "std::experimental::coroutine_handle";
}

bool resumesCoroutineHandles(const FunctionDecl &FD) {
  const FunctionDecl *Def = FD.getDefinition();
  if (!Def || !Def->getBody())
    return false;
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *C) {
      const CXXMethodDecl *M = C->getMethodDecl();
      const Expr *Obj = C->getImplicitObjectArgument();
      if (M && Obj && isCoroutineHandleType(Obj->getType()) &&
          (M->getOverloadedOperator() == OO_Call ||
           (M->getIdentifier() && M->getName() == "resume")))
        Found = true;
      return !Found;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) {
      if (C->getOperator() == OO_Call && C->getNumArgs() >= 1 &&
          isCoroutineHandleType(C->getArg(0)->getType()))
        Found = true;
      return !Found;
    }
    bool Found = false;
  } F;
  F.TraverseStmt(Def->getBody());
  return F.Found;
}

bool isStdFunction(const FunctionDecl &FD) {
  return llvm::StringRef(qualifiedName(&FD)).starts_with("std::");
}

} // namespace clang::tidy::coro
