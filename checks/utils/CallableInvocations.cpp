//===--- CallableInvocations.cpp - coroguard ------------------------------===//

#include "CallableInvocations.h"
#include "CoroutineTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"

namespace clang::tidy::coro {

namespace {
/// How deep hand-offs are followed, and how many functions one question may
/// visit.
constexpr unsigned MaxDepth = 12;
constexpr unsigned MaxFunctions = 256;
} // namespace

int parameterForArgument(const Expr &Call, const FunctionDecl &Callee,
                         unsigned ArgIndex) {
  int Index = static_cast<int>(ArgIndex);
  if (isa<CXXOperatorCallExpr>(&Call))
    if (const auto *MD = dyn_cast<CXXMethodDecl>(&Callee);
        MD && !MD->isStatic() && !MD->isExplicitObjectMemberFunction())
      --Index; // argument 0 is the object
  if (Index < 0 || static_cast<unsigned>(Index) >= Callee.getNumParams())
    return -1;
  return Index;
}

/// \p T without references, cv-qualifiers and sugar; a function type as a
/// pointer to it.
static QualType normalised(QualType T, ASTContext &Ctx) {
  if (T.isNull())
    return T;
  T = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  if (T->isFunctionType())
    T = Ctx.getPointerType(T).getCanonicalType();
  return T;
}

CallableSignature CallableSignature::of(QualType T, ASTContext &Ctx) {
  CallableSignature S;
  if (T.isNull() || T->isDependentType())
    return S;
  QualType Result = callableReturnType(T, Ctx);
  if (Result.isNull() || Result->isDependentType() ||
      Result->isUndeducedType())
    return S;
  S.Callable = normalised(T, Ctx);
  S.Result = Result.getCanonicalType().getUnqualifiedType();
  return S;
}

struct CallableInvocations::Body {
  const FunctionDecl *Def = nullptr;
  std::unique_ptr<ParentMap> Parents;
  /// The initialiser of a data member in a constructor, by its root
  /// expression.
  llvm::DenseMap<const Expr *, const FieldDecl *> MemberInits;
  /// References to variables (parameters, locals) and to the object's own
  /// data members (`this->m`, `m`).
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const Expr *, 4>> Refs;
};

CallableInvocations::CallableInvocations() = default;
CallableInvocations::~CallableInvocations() = default;

void CallableInvocations::reset() {
  Answers.clear();
  Fields.clear();
  Bodies.clear();
  Budget = 0;
  Nesting = 0;
}

namespace {
class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  using Map =
      llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const Expr *, 4>>;
  explicit RefCollector(Map &Refs) : Refs(Refs) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
      add(VD, E);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (const auto *FD = dyn_cast<FieldDecl>(E->getMemberDecl()))
      if (isa<CXXThisExpr>(E->getBase()->IgnoreParenImpCasts()))
        add(FD, E);
    return true;
  }

private:
  void add(const ValueDecl *D, const Expr *E) {
    auto &List = Refs[D];
    if (List.size() < 64)
      List.push_back(E);
  }
  Map &Refs;
};

bool isIdentityBuiltin(const FunctionDecl *FD) {
  if (!FD)
    return false;
  switch (FD->getBuiltinID()) {
  case Builtin::BIforward:
  case Builtin::BIforward_like:
  case Builtin::BImove:
  case Builtin::BImove_if_noexcept:
  case Builtin::BIas_const:
  case Builtin::BIaddressof:
  case Builtin::BI__addressof:
  case Builtin::BI__builtin_addressof:
    return true;
  default:
    return false;
  }
}

/// A node that carries the value of its operand \p Child unchanged (as far
/// as the callable is concerned).
bool isTransparent(const Expr *P, const Expr *Child) {
  if (isa<ParenExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
          ExprWithCleanups, ConstantExpr>(P))
    return true;
  if (const auto *Cast = dyn_cast<CastExpr>(P)) {
    switch (Cast->getCastKind()) {
    case CK_NoOp:
    case CK_LValueToRValue:
    case CK_FunctionToPointerDecay:
      return true;
    default:
      return false;
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(P))
    return UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    return CE->getNumArgs() == 1 && CE->getArg(0) == Child && Ctor &&
           (Ctor->isCopyConstructor() || Ctor->isMoveConstructor());
  }
  if (const auto *Call = dyn_cast<CallExpr>(P))
    return Call->getNumArgs() >= 1 && Call->getArg(0) == Child &&
           isIdentityBuiltin(Call->getDirectCallee());
  return false;
}

bool insideLambda(const Stmt *S, const ParentMap &PM) {
  for (const Stmt *P = PM.getParent(S); P; P = PM.getParent(P))
    if (isa<LambdaExpr, BlockExpr>(P))
      return true;
  return false;
}

const FieldDecl *thisField(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}
} // namespace

CallableInvocations::Body *CallableInvocations::bodyOf(const FunctionDecl &Fn) {
  auto [It, New] = Bodies.try_emplace(Fn.getCanonicalDecl());
  if (!New)
    return It->second.get();
  const FunctionDecl *Def = nullptr;
  if (!Fn.hasBody(Def) || !Def->getBody() || Def->isDependentContext())
    return nullptr;
  auto B = std::make_unique<Body>();
  B->Def = Def;
  B->Parents = std::make_unique<ParentMap>(Def->getBody());
  RefCollector Collector(B->Refs);
  Collector.TraverseStmt(Def->getBody());
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *Init : Ctor->inits()) {
      Expr *E = Init->getInit();
      if (!E)
        continue;
      B->Parents->addStmt(E);
      Collector.TraverseStmt(E);
      if (const FieldDecl *F = Init->getAnyMember())
        B->MemberInits[E] = F;
    }
  It->second = std::move(B);
  return It->second.get();
}

const ParentMap *CallableInvocations::parentsIn(const FunctionDecl &Fn) {
  Body *B = bodyOf(Fn);
  return B ? B->Parents.get() : nullptr;
}

bool CallableInvocations::isReturnedFrom(const Expr &E,
                                         const FunctionDecl &Fn) {
  Body *B = bodyOf(Fn);
  if (!B)
    return false;
  const Stmt *Cur = &E;
  for (unsigned Guard = 0; Guard < 32; ++Guard) {
    const Stmt *P = B->Parents->getParent(Cur);
    if (!P)
      return false;
    if (const auto *PE = dyn_cast<Expr>(P);
        PE && isTransparent(PE, cast<Expr>(Cur)) && !isa<UnaryOperator>(PE)) {
      Cur = P;
      continue;
    }
    return isa<ReturnStmt>(P) && !insideLambda(P, *B->Parents);
  }
  return false;
}

bool CallableInvocations::carries(QualType T,
                                  const CallableSignature &Sig) const {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    if (!PT->getPointeeType()->isFunctionType())
      T = PT->getPointeeType().getCanonicalType();
  T = T.getUnqualifiedType();
  if (T == Sig.Callable)
    return true;
  if (T->isFunctionType() && Sig.Callable->isPointerType() &&
      Sig.Callable->getPointeeType().getCanonicalType() == T)
    return true;
  // A class template specialisation built around it: its template
  // arguments mention the callable's type (a few levels deep).
  auto Mentions = [&](auto &Self, QualType Arg, unsigned Depth) -> bool {
    Arg = Arg.getCanonicalType().getUnqualifiedType();
    if (Arg == Sig.Callable)
      return true;
    if (Depth > 4)
      return false;
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        Arg->getAsCXXRecordDecl());
    if (!Spec)
      return false;
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
      if (A.getKind() == TemplateArgument::Type &&
          Self(Self, A.getAsType(), Depth + 1))
        return true;
      if (A.getKind() == TemplateArgument::Pack)
        for (const TemplateArgument &P : A.pack_elements())
          if (P.getKind() == TemplateArgument::Type &&
              Self(Self, P.getAsType(), Depth + 1))
            return true;
    }
    return false;
  };
  return T->getAsCXXRecordDecl() && Mentions(Mentions, T, 0);
}

const CallableInvocations::Result &
CallableInvocations::ofParameter(const FunctionDecl &Fn, unsigned Param,
                                 const CallableSignature &Sig,
                                 ASTContext &Ctx) {
  static const Result None;
  if (!Sig.valid())
    return None;
  Key K{Fn.getCanonicalDecl(), Param, Sig.Callable.getTypePtr()};
  auto [It, New] = Answers.try_emplace(K);
  if (!New)
    return It->second ? *It->second : None;
  // The budget is per question asked from outside.
  struct Nest {
    unsigned &N;
    explicit Nest(unsigned &N, unsigned &Budget) : N(N) {
      if (N++ == 0)
        Budget = 0;
    }
    ~Nest() { --N; }
  } Scope(Nesting, Budget);
  // Placed first: a recursive question about the same parameter answers
  // "nothing yet".
  auto Answer = std::make_unique<Result>();
  Result *Out = Answer.get();
  It->second = std::move(Answer);
  Body *B = bodyOf(Fn);
  if (!B || Param >= B->Def->getNumParams() || ++Budget > MaxFunctions)
    return *Out;
  const ParmVarDecl *PVD = B->Def->getParamDecl(Param);
  auto Refs = B->Refs.find(PVD);
  if (Refs == B->Refs.end())
    return *Out;
  // (The map of answers may grow below; *Out stays where it is.)
  llvm::SmallVector<const Expr *, 4> Uses(Refs->second.begin(),
                                          Refs->second.end());
  for (const Expr *Use : Uses)
    flowFrom(*Use, *B->Def, Sig, Ctx, 0, *Out);
  return *Out;
}

void CallableInvocations::flowFrom(const Expr &E, const FunctionDecl &Fn,
                                   const CallableSignature &Sig,
                                   ASTContext &Ctx, unsigned Depth,
                                   Result &Out) {
  if (Depth > MaxDepth)
    return;
  Body *B = bodyOf(Fn);
  if (!B)
    return;
  const ParentMap &PM = *B->Parents;
  const Expr *Cur = &E;
  for (unsigned Guard = 0; Guard < 64; ++Guard) {
    const Stmt *P = PM.getParent(Cur);
    if (!P) {
      // A constructor's member initialiser: stored in that member.
      if (auto It = B->MemberInits.find(Cur); It != B->MemberInits.end())
        followField(*It->second, Sig, Ctx, Depth + 1, nullptr, Out);
      return;
    }
    if (const auto *Ret = dyn_cast<ReturnStmt>(P)) {
      if (Ret->getRetValue() == Cur && !insideLambda(P, PM))
        Out.ReturnsCallable = true;
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      // A local initialised from it: follow the local.
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D);
            VD && VD->getInit() == Cur && VD->hasLocalStorage())
          if (auto Refs = B->Refs.find(VD); Refs != B->Refs.end()) {
            llvm::SmallVector<const Expr *, 4> Uses(Refs->second.begin(),
                                                    Refs->second.end());
            for (const Expr *Use : Uses)
              flowFrom(*Use, Fn, Sig, Ctx, Depth + 1, Out);
          }
      return;
    }
    const auto *PE = dyn_cast<Expr>(P);
    if (!PE)
      return;
    if (isTransparent(PE, Cur)) {
      Cur = PE;
      continue;
    }
    // Called.
    const auto *Call = dyn_cast<CallExpr>(PE);
    bool IsCallee = false;
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Call))
      IsCallee = Op->getOperator() == OO_Call && Op->getNumArgs() >= 1 &&
                 Op->getArg(0) == Cur;
    else if (Call)
      IsCallee = Call->getCallee() == Cur;
    if (IsCallee) {
      if (Ctx.hasSameUnqualifiedType(Call->getType(), Sig.Result))
        Out.Invocations.push_back({Call, &Fn, {}});
      return;
    }
    // Passed to a function or constructor: followed into it.
    const FunctionDecl *Callee = nullptr;
    int ArgIndex = -1;
    if (Call) {
      Callee = Call->getDirectCallee();
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if (Call->getArg(I) == Cur)
          ArgIndex = static_cast<int>(I);
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(PE)) {
      Callee = CE->getConstructor();
      for (unsigned I = 0; I < CE->getNumArgs(); ++I)
        if (CE->getArg(I) == Cur)
          ArgIndex = static_cast<int>(I);
    }
    if (Call || isa<CXXConstructExpr>(PE)) {
      int Param = Callee && ArgIndex >= 0
                      ? parameterForArgument(*PE, *Callee, ArgIndex)
                      : -1;
      bool Returned = false;
      if (Param >= 0 && Depth < MaxDepth) {
        const Result &Inner =
            ofParameter(*Callee, static_cast<unsigned>(Param), Sig, Ctx);
        // (Copied: the answers may move while this one is read.)
        Result Sub = Inner;
        const FunctionDecl *CalleeDef = bodyOf(*Callee)
                                            ? bodyOf(*Callee)->Def
                                            : nullptr;
        for (Invocation &Inv : Sub.Invocations) {
          if (Call && CalleeDef && Inv.Function == CalleeDef &&
              isReturnedFrom(*Inv.Call, *CalleeDef) &&
              Ctx.hasSameUnqualifiedType(Call->getType(), Sig.Result)) {
            // What the callee returns is the callable's result: the call
            // of the callee is the invocation here.
            Out.Invocations.push_back({Call, &Fn, {}});
            continue;
          }
          Inv.Path.insert(Inv.Path.begin(), PE);
          Out.Invocations.push_back(std::move(Inv));
        }
        Returned = Sub.ReturnsCallable;
      }
      // A function that hands the callable back, or an object built around
      // it: what happens to that value next decides.
      if ((Call && Returned) ||
          (!Call && carries(PE->getType(), Sig))) {
        Cur = PE;
        continue;
      }
      return;
    }
    if (isa<InitListExpr, CXXParenListInitExpr>(PE) &&
        carries(PE->getType(), Sig)) {
      Cur = PE;
      continue;
    }
    // Stored in one of the object's own members.
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(PE);
        BO && BO->getOpcode() == BO_Assign && BO->getRHS() == Cur)
      Target = BO->getLHS();
    if (const FieldDecl *Field = Target ? thisField(Target) : nullptr)
      followField(*Field, Sig, Ctx, Depth + 1, PE, Out);
    return;
  }
}

void CallableInvocations::followField(const FieldDecl &Field,
                                      const CallableSignature &Sig,
                                      ASTContext &Ctx, unsigned Depth,
                                      const Expr *StoredBy, Result &Out) {
  if (Depth > MaxDepth || !carries(Field.getType(), Sig))
    return;
  auto [It, New] = Fields.try_emplace({&Field, Sig.Callable.getTypePtr()});
  if (New) {
    auto Answer = std::make_unique<Result>();
    Result *FieldOut = Answer.get();
    It->second = std::move(Answer);
    const auto *RD = dyn_cast<CXXRecordDecl>(Field.getParent());
    if (RD && RD->hasDefinition())
      for (const CXXMethodDecl *MD : RD->getDefinition()->methods()) {
        if (MD->isStatic() || ++Budget > MaxFunctions)
          continue;
        Body *B = bodyOf(*MD);
        if (!B)
          continue;
        auto Refs = B->Refs.find(&Field);
        if (Refs == B->Refs.end())
          continue;
        llvm::SmallVector<const Expr *, 4> Uses(Refs->second.begin(),
                                                Refs->second.end());
        for (const Expr *Use : Uses)
          flowFrom(*Use, *B->Def, Sig, Ctx, Depth, *FieldOut);
      }
  }
  auto Found = Fields.find({&Field, Sig.Callable.getTypePtr()});
  if (Found == Fields.end() || !Found->second)
    return;
  Result Sub = *Found->second;
  for (Invocation &Inv : Sub.Invocations) {
    if (StoredBy)
      Inv.Path.insert(Inv.Path.begin(), StoredBy);
    Out.Invocations.push_back(std::move(Inv));
  }
}

} // namespace clang::tidy::coro
