//===--- CompletedWaits.cpp - coroguard -----------------------------------===//

#include "CompletedWaits.h"
#include "utils/AnalysisSession.h"
#include "CoroutineTypes.h"
#include "FunctionUses.h"
#include "NormalReturns.h"
#include "LLVMCompat.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::coro {

struct CompletedWaits::FunctionGraph {
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> PM;
  std::unique_ptr<CFGStmtMap> Map;
};

CompletedWaits::CompletedWaits() = default;
CompletedWaits::~CompletedWaits() = default;
CompletedWaits::CompletedWaits(CompletedWaits &&) = default;
CompletedWaits &CompletedWaits::operator=(CompletedWaits &&) = default;

void CompletedWaits::reset(AnalysisSession &S) {
  Session = &S;
  Graphs.clear();
}

/// True if \p A and \p B denote the same object: the same variable, the
/// same member of the same object, `this`, `*p` of the same pointer.
static bool sameObject(const Expr *A, const Expr *B, unsigned Depth = 0) {
  if (!A || !B || Depth > 8)
    return false;
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
  if (const auto *DA = dyn_cast<DeclRefExpr>(A)) {
    const auto *DB = dyn_cast<DeclRefExpr>(B);
    return DB && DA->getDecl()->getCanonicalDecl() ==
                     DB->getDecl()->getCanonicalDecl();
  }
  if (const auto *MA = dyn_cast<MemberExpr>(A)) {
    const auto *MB = dyn_cast<MemberExpr>(B);
    return MB && MA->getMemberDecl() == MB->getMemberDecl() &&
           sameObject(MA->getBase(), MB->getBase(), Depth + 1);
  }
  if (isa<CXXThisExpr>(A))
    return isa<CXXThisExpr>(B);
  if (const auto *UA = dyn_cast<UnaryOperator>(A);
      UA && UA->getOpcode() == UO_Deref) {
    const auto *UB = dyn_cast<UnaryOperator>(B);
    return UB && UB->getOpcode() == UO_Deref &&
           sameObject(UA->getSubExpr(), UB->getSubExpr(), Depth + 1);
  }
  return false;
}

/// The object a member call is made on (`f` of `f.get()`, `*p` of
/// `p->get()`), or null.
static const Expr *objectOf(const Expr *Call) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(
      Call ? Call->IgnoreParenImpCasts() : nullptr);
  if (!MC)
    return nullptr;
  return MC->getImplicitObjectArgument();
}

/// A member function that says whether its object is complete.
static bool isReadyPredicate(const CXXMethodDecl *MD) {
  if (!MD || MD->getNumParams() != 0 || !MD->getDeclName().isIdentifier() ||
      !MD->getReturnType()->isBooleanType())
    return false;
  static constexpr llvm::StringLiteral Names[] = {
      "is_ready", "ready",       "isReady",    "await_ready",
      "is_done",  "done",        "isDone",     "isFinished",
      "is_finished", "hasResult", "has_result"};
  return llvm::is_contained(Names, MD->getName());
}

static bool isReadyEnumerator(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *EC = DRE ? dyn_cast<EnumConstantDecl>(DRE->getDecl()) : nullptr;
  return EC && (EC->getName() == "ready" || EC->getName() == "Ready");
}

/// The status enumerators that say "not complete yet".
static bool isNotReadyName(llvm::StringRef Name) {
  static constexpr llvm::StringLiteral Names[] = {
      "idle",    "Idle",    "pending", "Pending",   "timeout", "Timeout",
      "running", "Running", "waiting", "Waiting",   "deferred", "Deferred",
      "not_ready", "NotReady", "in_progress", "InProgress", "empty", "Empty"};
  return llvm::is_contained(Names, Name);
}

/// The enumerator of \p E's enumeration that says "not complete yet", when
/// it is the only one that does (`result_status::idle` of {idle, value,
/// exception}; none for `future_status`, whose `timeout` and `deferred`
/// both do), and the enumerator \p E names; nulls otherwise.
static std::pair<const EnumConstantDecl *, const EnumConstantDecl *>
soleNotReady(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *EC = DRE ? dyn_cast<EnumConstantDecl>(DRE->getDecl()) : nullptr;
  const auto *ED = EC ? dyn_cast<EnumDecl>(EC->getDeclContext()) : nullptr;
  if (!ED)
    return {nullptr, nullptr};
  const EnumConstantDecl *Sole = nullptr;
  for (const EnumConstantDecl *Other : ED->enumerators())
    if (isNotReadyName(Other->getName())) {
      if (Sole)
        return {nullptr, nullptr};
      Sole = Other;
    }
  return {Sole, Sole ? EC : nullptr};
}

/// A status enumerator that says "not complete yet" (`idle`, `pending`,
/// `timeout`), when it is the only one of its enumeration that does: a
/// status other than it is then a complete one.
static bool isSoleNotReadyEnumerator(const Expr *E) {
  auto [Sole, Named] = soleNotReady(E);
  return Sole && Sole == Named;
}

/// Another enumerator of such an enumeration (`result_status::value`,
/// `result_status::exception`): a status equal to it is a complete one.
static bool isCompleteStateEnumerator(const Expr *E) {
  auto [Sole, Named] = soleNotReady(E);
  return Sole && Named && Sole != Named;
}

/// \p E, or, when it names a parameter of the function \p Through calls,
/// the argument of \p Through bound to it (a condition of a callee's body
/// read at the call).
static const Expr *atCall(const Expr *E, const CallExpr *Through) {
  if (!E || !Through)
    return E;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  const auto *Owner = P ? dyn_cast<FunctionDecl>(P->getDeclContext()) : nullptr;
  const FunctionDecl *Callee = Through->getDirectCallee();
  if (!Owner || !Callee ||
      Owner->getCanonicalDecl() != Callee->getCanonicalDecl())
    return E;
  const Expr *Arg = argumentFor(*Through, *P);
  return Arg ? Arg->IgnoreImplicit() : E;
}

/// Whether \p Cond tests that \p Object is ready: 1 when true means ready,
/// 0 when false means ready, -1 when it is no such test. \p Through: the
/// condition is of the body of the function that call calls, its
/// parameters read as the call's arguments.
static int readinessTest(const Expr *Cond, const Expr *Object,
                         unsigned Depth = 0,
                         const CallExpr *Through = nullptr) {
  if (!Cond || Depth > 8)
    return -1;
  Cond = atCall(Cond->IgnoreParenCasts(), Through)->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond);
      UO && UO->getOpcode() == UO_LNot) {
    int Inner = readinessTest(UO->getSubExpr(), Object, Depth + 1, Through);
    return Inner < 0 ? -1 : 1 - Inner;
  }
  const Expr *L = nullptr, *R = nullptr;
  bool Equal = true;
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
    L = BO->getLHS();
    R = BO->getRHS();
    Equal = BO->getOpcode() == BO_EQ;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond);
             Op && Op->getNumArgs() == 2 &&
             (Op->getOperator() == OO_EqualEqual ||
              Op->getOperator() == OO_ExclaimEqual)) {
    L = Op->getArg(0);
    R = Op->getArg(1);
    Equal = Op->getOperator() == OO_EqualEqual;
  } else if (const auto *RW = dyn_cast<CXXRewrittenBinaryOperator>(Cond);
             RW && (RW->getOperator() == BO_EQ ||
                    RW->getOperator() == BO_NE)) {
    L = RW->getLHS();
    R = RW->getRHS();
    Equal = RW->getOperator() == BO_EQ;
  }
  if (L && R) {
    L = atCall(L, Through);
    R = atCall(R, Through);
    if (isReadyEnumerator(L) || isSoleNotReadyEnumerator(L) ||
        isCompleteStateEnumerator(L))
      std::swap(L, R);
    if (!sameObject(objectOf(L), Object))
      return -1;
    // `f.wait_for(0s) == ready`, `r.status() == ready`, or equal to another
    // state than the one "not yet" of its enumeration (`r.status() ==
    // result_status::value`); or the status compared with that one (`while
    // (r.wait_for(5ms) == result_status::idle) {}` leaves the loop with `r`
    // complete).
    if (isReadyEnumerator(R) || isCompleteStateEnumerator(R))
      return Equal ? 1 : 0;
    if (isSoleNotReadyEnumerator(R))
      return Equal ? 0 : 1;
    return -1;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Cond);
      MC && isReadyPredicate(MC->getMethodDecl()) &&
      sameObject(MC->getImplicitObjectArgument(), Object))
    return 1;
  return -1;
}

/// The variable (or structured binding) an object expression is part of:
/// `rs` of `rs[0]`, `std::get<0>(rs)`, `rs.front()`, `p->x`.
static const ValueDecl *rootDecl(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 16; ++Guard) {
    E = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getNumArgs() >= 1 &&
        (Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Star ||
         Op->getOperator() == OO_Arrow)) {
      E = Op->getArg(0);
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MC->getImplicitObjectArgument();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee()) {
      std::string Name = qualifiedName(Call->getDirectCallee());
      if (Name == "std::get" || Name == "std::move" || Name == "std::forward") {
        E = Call->getArg(0);
        continue;
      }
    }
    // A copy or a move of the object (an argument passed by value).
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1 &&
        CE->getConstructor()->isCopyOrMoveConstructor()) {
      E = CE->getArg(0);
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// True if \p Init (a variable's initialiser) is the value of a co_await.
static bool isAwaitedValue(const Expr *Init) {
  for (unsigned Guard = 0; Init && Guard < 8; ++Guard) {
    Init = Init->IgnoreImplicit()->IgnoreParens();
    if (isa<CoawaitExpr>(Init))
      return true;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
        CE && CE->getNumArgs() == 1 &&
        CE->getConstructor()->isCopyOrMoveConstructor()) {
      Init = CE->getArg(0);
      continue;
    }
    return false;
  }
  return false;
}

/// True if \p S completes \p Object: `co_await obj`, `co_await obj.f()`,
/// or an unbounded wait on it that returned (`obj.wait();`: whatever that
/// call blocked, the object is complete after it).
static bool completes(const Stmt *S, const Expr *Object, bool AfterWait) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S); MC && AfterWait)
    if (const CXXMethodDecl *MD = MC->getMethodDecl();
        MD && MD->getNumParams() == 0 && MD->getDeclName().isIdentifier() &&
        (MD->getName() == "wait" || MD->getName() == "Wait") &&
        MD->getReturnType()->isVoidType() &&
        sameObject(MC->getImplicitObjectArgument(), Object))
      return true;
  const auto *Await = dyn_cast<CoawaitExpr>(S);
  if (!Await || !Await->getOperand())
    return false;
  const Expr *Operand = Await->getOperand()->IgnoreImplicit()->IgnoreParens();
  if (sameObject(Operand, Object))
    return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Operand))
    return sameObject(MC->getImplicitObjectArgument(), Object);
  return false;
}

/// True if \p S is a call whose return establishes that \p Object is
/// ready: a helper that fails unless it is (`assert_equal(r.status(),
/// result_status::value)`, `check(r.is_ready())`; NormalReturns.h).
static bool establishesReadiness(const Stmt *S, const Expr *Object,
                                 AnalysisSession &Session) {
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Callee->getNumParams() == 0)
    return false;
  for (const EstablishedCondition &C :
       Session.state<NormalReturns>().establishedBy(*Callee)) {
    int Test = readinessTest(C.Condition, Object, 0, Call);
    if (Test >= 0 && (Test == 1) == C.Holds)
      return true;
  }
  return false;
}

CompletedWaits::FunctionGraph *CompletedWaits::graphOf(const FunctionDecl &F,
                                                       ASTContext &Ctx) {
  std::unique_ptr<FunctionGraph> &Slot = Graphs[&F];
  if (!Slot) {
    Slot = std::make_unique<FunctionGraph>();
    Stmt *Body = F.getBody();
    if (auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
      Body = CB->getBody();
    if (!Body)
      return Slot.get();
    CFG::BuildOptions Options;
    Options.setAllAlwaysAdd();
    Slot->Graph = CFG::buildCFG(&F, Body, &Ctx, Options);
    if (!Slot->Graph)
      return Slot.get();
    Slot->PM = std::make_unique<ParentMap>(Body);
    Slot->Map = compat::makeStmtMap(*Slot->Graph, *Slot->PM);
  }
  return Slot.get();
}

bool CompletedWaits::isComplete(const CXXMemberCallExpr &Wait,
                                ASTContext &Ctx) {
  const Expr *Object = Wait.getImplicitObjectArgument();
  if (!Object)
    return false;
  return isCompleteAt(*Object, Wait, Ctx, isValueRetrieval(Wait));
}

bool CompletedWaits::isValueRetrieval(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *MD = Call.getMethodDecl();
  return MD && MD->getDeclName().isIdentifier() &&
         (MD->getName() == "get" || MD->getName() == "Get");
}

/// rootDecl, then through the locals that only refer to (part of) another
/// object: references (`auto &r = rs.results[rs.index];`), and the
/// variables a range-based for makes (`for (auto &r : rs)`: an element).
static const ValueDecl *rootThroughLocals(const Expr *Object) {
  const ValueDecl *Root = rootDecl(Object);
  for (unsigned Hops = 0; Hops < 6; ++Hops) {
    const auto *Ref = dyn_cast_or_null<VarDecl>(Root);
    if (!Ref || !Ref->hasLocalStorage() ||
        !(Ref->getType()->isReferenceType() || Ref->isImplicit()) ||
        !Ref->getInit() || isa<ParmVarDecl>(Ref))
      break;
    const ValueDecl *Next = rootDecl(Ref->getInit());
    if (!Next || Next == Root)
      break;
    Root = Next;
  }
  return Root;
}

const ParmVarDecl *CompletedWaits::parameterOf(const Expr &Object) {
  return dyn_cast_or_null<ParmVarDecl>(rootThroughLocals(&Object));
}

bool CompletedWaits::isCompleteAt(const Expr &ObjectExpr, const Stmt &At,
                                  ASTContext &Ctx, bool AfterWait) {
  return completeAt(ObjectExpr, At, Ctx, AfterWait, 0);
}

/// True if every call of \p F can be seen in this translation unit: it has
/// no linkage or internal linkage, or it (or its class) is declared in the
/// main file, or it is an instantiation for a type of the main file.
static bool callersAreInThisFile(const FunctionDecl &F, ASTContext &Ctx) {
  if (!F.isExternallyVisible())
    return true;
  const SourceManager &SM = Ctx.getSourceManager();
  auto InMain = [&](const Decl *D) {
    return D && SM.isInMainFile(SM.getExpansionLoc(D->getLocation()));
  };
  if (InMain(F.getCanonicalDecl()))
    return true;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&F))
    if (InMain(MD->getParent()))
      return true;
  if (const TemplateArgumentList *Args = F.getTemplateSpecializationArgs())
    for (const TemplateArgument &A : Args->asArray())
      if (A.getKind() == TemplateArgument::Type)
        if (const TagDecl *TD = A.getAsType()->getAsTagDecl(); InMain(TD))
          return true;
  return false;
}

bool CompletedWaits::completeAtEveryCall(const ParmVarDecl &P, ASTContext &Ctx,
                                         unsigned Depth) {
  const auto *F = dyn_cast<FunctionDecl>(P.getDeclContext());
  if (!F || Depth > 3 || !callersAreInThisFile(*F, Ctx))
    return false;
  auto Args = argumentsAtEveryCall(P, *Session, /*MaxCalls=*/16);
  return Args && llvm::all_of(*Args, [&](const ArgumentAtCall &A) {
           return completeAt(*A.Argument, *A.Call, Ctx, false, Depth + 1);
         });
}

bool CompletedWaits::completeAt(const Expr &ObjectExpr, const Stmt &At,
                                ASTContext &Ctx, bool AfterWait,
                                unsigned Depth) {
  const Expr *Object = &ObjectExpr;
  const Stmt &Wait = At;
  // What a coroutine that runs to its end before returning gives back
  // (`check(consumer(std::move(r)))`, `consumer` an eager coroutine with no
  // suspension point): complete.
  {
    const Expr *Inner = Object;
    for (unsigned Hops = 0; Inner && Hops < 4; ++Hops) {
      Inner = Inner->IgnoreImplicit()->IgnoreParens();
      const auto *Call = dyn_cast<CallExpr>(Inner);
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      if (!Callee)
        break;
      if (completesBeforeReturning(Callee, Ctx))
        return true;
      std::string Name = Callee->getQualifiedNameAsString();
      if ((Name != "std::move" && Name != "std::forward") ||
          Call->getNumArgs() != 1)
        break;
      Inner = Call->getArg(0);
    }
  }
  // Produced by a co_await (or an element of what one produced), also
  // through local references to it (`auto &r = rs.results[rs.index];`).
  const ValueDecl *Root = rootThroughLocals(Object);
  if (Root) {
    if (const auto *VD = dyn_cast<VarDecl>(Root);
        VD && VD->hasLocalStorage() && isAwaitedValue(VD->getInit()))
      return true;
    if (const auto *BD = dyn_cast<BindingDecl>(Root))
      if (const auto *DD = dyn_cast_or_null<VarDecl>(BD->getDecomposedDecl());
          DD && isAwaitedValue(DD->getInit()))
        return true;
  }
  const FunctionDecl *F = enclosingFunction(Wait, *Session);
  if (!F)
    return false;
  FunctionGraph *G = graphOf(*F, Ctx);
  if (!G || !G->Map)
    return false;
  const CFGBlock *Target = G->Map->getBlock(&Wait);
  if (!Target)
    return false;
  // Is the call's block reachable from the entry without a "ready" edge or
  // a completing co_await?
  llvm::SmallVector<const CFGBlock *, 16> Work{&G->Graph->getEntry()};
  llvm::DenseSet<const CFGBlock *> Seen{&G->Graph->getEntry()};
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    bool Completed = false;
    for (const CFGElement &El : *B) {
      auto CS = El.getAs<CFGStmt>();
      if (!CS)
        continue;
      if (B == Target && CS->getStmt() == &Wait) {
        // Reached with the object not known complete here: a parameter is
        // when every call passes a complete argument (`consume(std::move(
        // rs[i]))` for each element of what a co_await produced).
        const auto *P = dyn_cast_or_null<ParmVarDecl>(Root);
        return P && P->getDeclContext() == F &&
               completeAtEveryCall(*P, Ctx, Depth);
      }
      if (completes(CS->getStmt(), Object, AfterWait) ||
          establishesReadiness(CS->getStmt(), Object, *Session)) {
        Completed = true;
        break;
      }
    }
    if (Completed)
      continue;
    int Test = -1;
    if (B->succ_size() == 2)
      Test = readinessTest(B->getLastCondition(), Object);
    unsigned I = 0;
    for (const CFGBlock *Succ : B->succs()) {
      // Succ 0 is taken when the condition is true.
      bool ReadyEdge = Test >= 0 && (I == 0) == (Test == 1);
      ++I;
      if (!Succ || ReadyEdge)
        continue;
      if (Seen.insert(Succ).second)
        Work.push_back(Succ);
    }
  }
  return true;
}

} // namespace clang::tidy::coro
