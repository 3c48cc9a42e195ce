//===--- UseAnalysis.cpp - coroguard --------------------------------------===//

#include "UseAnalysis.h"
#include "utils/AnalysisSession.h"
#include "Parents.h"
#include "CoroutineTypes.h"
#include "LLVMCompat.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/CFGReachabilityAnalysis.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coro {

static const Stmt *firstParentStmt(const Stmt &S, AnalysisSession &Session,
                                   bool &ParentIsDecl) {
  DynTypedNodeList Parents = parentsOf(S, Session);
  ParentIsDecl = false;
  if (Parents.empty())
    return nullptr;
  if (Parents[0].get<Decl>())
    ParentIsDecl = true;
  return Parents[0].get<Stmt>();
}

/// Nodes that carry their operand's value unchanged.
static bool isTransparent(const Expr *E) {
  if (isa<ExprWithCleanups, CXXBindTemporaryExpr, MaterializeTemporaryExpr,
          ParenExpr, ConstantExpr>(E))
    return true;
  if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E))
    return ICE->getCastKind() == CK_NoOp || ICE->getCastKind() == CK_ToVoid ||
           ICE->getCastKind() == CK_LValueToRValue;
  return false;
}

/// True if \p Child sits in \p Parent where a statement goes, so that its
/// value is discarded.
static bool isStatementSlot(const Stmt *Parent, const Stmt *Child) {
  if (isa<CompoundStmt>(Parent))
    return true;
  if (const auto *If = dyn_cast<IfStmt>(Parent))
    return Child == If->getThen() || Child == If->getElse();
  if (const auto *For = dyn_cast<ForStmt>(Parent))
    return Child == For->getBody() || Child == For->getInc() ||
           Child == For->getInit();
  if (const auto *While = dyn_cast<WhileStmt>(Parent))
    return Child == While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(Parent))
    return Child == Do->getBody();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Parent))
    return Child == Range->getBody();
  if (const auto *Switch = dyn_cast<SwitchStmt>(Parent))
    return Child == Switch->getBody();
  if (const auto *Case = dyn_cast<CaseStmt>(Parent))
    return Child == Case->getSubStmt();
  if (const auto *Default = dyn_cast<DefaultStmt>(Parent))
    return Child == Default->getSubStmt();
  if (const auto *Label = dyn_cast<LabelStmt>(Parent))
    return Child == Label->getSubStmt();
  if (const auto *Attributed = dyn_cast<AttributedStmt>(Parent))
    return Child == Attributed->getSubStmt();
  return false;
}

static bool refersToStdIgnore(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DRE && isa<VarDecl>(DRE->getDecl()) &&
         qualifiedName(DRE->getDecl()) == "std::ignore";
}

namespace {
/// The operands noted by noteConsumedOperand in this session.
struct ConsumedOperands : SessionState {
  static char Key;
  explicit ConsumedOperands(AnalysisSession &) {}
  llvm::DenseSet<const Expr *> Set;
};
char ConsumedOperands::Key;
llvm::DenseSet<const Expr *> &consumedOperands(AnalysisSession &S) {
  return S.state<ConsumedOperands>().Set;
}
} // namespace

void noteConsumedOperand(const Expr *Operand, AnalysisSession &S) {
  // Down the nodes classifyResultUse and isConsumingRef walk up through.
  for (unsigned Guard = 0; Operand && Guard < 64; ++Guard) {
    if (!isTransparent(Operand)) {
      // Only what the questions are asked about: calls that produce an
      // object (a task, an awaitable, a generator), references to a local
      // object variable.
      bool Asked = false;
      if (isa<CallExpr>(Operand))
        Asked = Operand->getType()->isRecordType();
      else if (const auto *Ref = dyn_cast<DeclRefExpr>(Operand))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          Asked = Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
                  Var->getType()->isRecordType();
      if (Asked)
        consumedOperands(S).insert(Operand);
      return;
    }
    auto Children = Operand->children();
    if (Children.begin() == Children.end())
      return;
    Operand = dyn_cast_or_null<Expr>(*Children.begin());
  }
}

static bool isConsumedOperand(const Expr &E, AnalysisSession &S) {
  return consumedOperands(S).contains(&E);
}

ResultUseInfo classifyResultUse(const Expr &E, AnalysisSession &S,
                                const ParentMap *Local) {
  // Awaited, stored in a variable, passed to a function: what the parents
  // would say (the first non-transparent parent is not one that discards).
  if (isConsumedOperand(E, S))
    return {};
  const Stmt *Cur = &E;
  bool Direct = true;
  for (unsigned Guard = 0; Guard < 256; ++Guard) {
    bool ParentIsDecl = false;
    const Stmt *P = Local ? Local->getParent(Cur)
                          : firstParentStmt(*Cur, S, ParentIsDecl);
    if (!P)
      return {};
    if (const auto *PE = dyn_cast<Expr>(P)) {
      if (isTransparent(PE)) {
        Cur = PE;
        continue;
      }
      if (isa<ExplicitCastExpr>(PE) && PE->getType()->isVoidType())
        return {ResultUse::VoidCast, PE, false};
      if (const auto *Cond = dyn_cast<ConditionalOperator>(PE)) {
        if (Cur == Cond->getCond())
          return {};
        Cur = PE;
        Direct = false;
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(PE);
          BO && BO->getOpcode() == BO_Comma) {
        if (Cur == BO->getLHS())
          return {ResultUse::Discarded, cast<Expr>(Cur), false};
        Cur = PE;
        Direct = false;
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(PE);
          Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
          Op->getArg(1) == Cur && refersToStdIgnore(Op->getArg(0)))
        return {ResultUse::StdIgnore, PE, false};
      return {};
    }
    if (isStatementSlot(P, Cur))
      return {ResultUse::Discarded, cast<Expr>(Cur), Direct};
    return {};
  }
  return {};
}

const Expr *valueProducingExpr(const Expr *Init) {
  for (const Expr *Prev = nullptr; Init && Prev != Init;) {
    Prev = Init;
    Init = Init->IgnoreImplicit()->IgnoreParens();
    if (const auto *ILE = dyn_cast<InitListExpr>(Init)) {
      if (ILE->getNumInits() == 1 &&
          Init->getType().getCanonicalType().getUnqualifiedType() ==
              ILE->getInit(0)
                  ->getType()
                  .getCanonicalType()
                  .getUnqualifiedType())
        Init = ILE->getInit(0);
    } else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Init)) {
      if (Cast->getCastKind() == CK_NoOp ||
          Cast->getCastKind() == CK_ConstructorConversion)
        Init = Cast->getSubExpr();
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Construct->getNumArgs() == 1 && Ctor &&
          (Ctor->isCopyConstructor() || Ctor->isMoveConstructor()) &&
          Construct->getArg(0)->IgnoreImplicit()->isPRValue())
        Init = Construct->getArg(0);
    }
  }
  return Init;
}

namespace {

/// Collects the references to every local variable of a body.
class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      Refs[VD].push_back(DRE);
    return true;
  }
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return true; }

  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 4>>
      Refs;
};

} // namespace

/// A member function that only looks at the task: const, not for rvalues,
/// and answering with a plain value (`done()`, `is_ready()`, `valid()`,
/// `operator bool`). A const member that returns an object, a pointer or a
/// reference may hand the task on (cppcoro's `co_await t.when_ready()`,
/// `t.handle()`), and a const member returning nothing can only act
/// (`std::coroutine_handle<>::resume() const`): both count as uses.
static bool isInspection(const CXXMethodDecl &MD) {
  if (!MD.isConst() || MD.getRefQualifier() == RQ_RValue)
    return false;
  QualType R = MD.getReturnType();
  return R->isArithmeticType() || R->isEnumeralType();
}

/// Whether this reference to a local task consumes it (see the header).
/// \p Local: the statement parents of the body \p Ref is in (clang's
/// ParentMap, which the control-flow questions need anyway); a node it does
/// not place (inside a type, a static_assert) is asked of the parent index.
/// Where the two differ in kind (a variable's initialiser has the DeclStmt
/// as its parent here, the VarDecl there) the answer below is the same.
bool isConsumingRef(const DeclRefExpr &Ref, AnalysisSession &S,
                    bool VoidCastConsumes, const ParentMap *Local) {
  // Used inside a lambda: it was captured, and the lambda may await it.
  if (Ref.refersToEnclosingVariableOrCapture())
    return true;
  // Awaited, initialising a variable, passed to a (non-operator) function:
  // what the walk up would find.
  if (isConsumedOperand(Ref, S))
    return true;
  const Stmt *Cur = &Ref;
  for (unsigned Guard = 0; Guard < 256; ++Guard) {
    bool ParentIsDecl = false;
    const Stmt *P = Local ? Local->getParent(Cur) : nullptr;
    if (!P)
      P = firstParentStmt(*Cur, S, ParentIsDecl);
    if (!P) {
      DynTypedNodeList Parents = parentsOf(*Cur, S);
      if (!Parents.empty()) {
        // `decltype(t)`, `typeof(t)`: part of a type, never evaluated.
        if (Parents[0].get<TypeLoc>())
          return false;
        // `static_assert(sizeof(t) ...)`: a compile-time condition.
        if (Parents[0].get<StaticAssertDecl>())
          return false;
      }
      return true; // initialiser of another variable, or unknown: consumed
    }
    if (const auto *PE = dyn_cast<Expr>(P)) {
      if (isTransparent(PE)) {
        Cur = PE;
        continue;
      }
      if (isa<ExplicitCastExpr>(PE)) {
        if (PE->getType()->isVoidType())
          return VoidCastConsumes; // (void)t;
        Cur = PE;       // static_cast<T&&>(t): what happens next decides
        continue;
      }
      if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr>(PE))
        return false; // unevaluated
      if (const auto *ME = dyn_cast<MemberExpr>(PE)) {
        const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
        if (MD)
          return !isInspection(*MD);
        // A data member: reading a plain value inspects the task; a member
        // object (a coroutine handle, a state pointer) is the task's
        // insides, and what happens to it next decides (`m.h.resume()`).
        QualType FieldType = ME->getType();
        if (FieldType->isArithmeticType() || FieldType->isEnumeralType())
          return false;
        Cur = PE;
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(PE)) {
        if (Op->getNumArgs() > 0 && Op->getArg(0) == Cur) {
          if (Op->getOperator() == OO_Equal)
            return false; // assigned to: a write, not a use
          if (const auto *MD =
                  dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee()))
            if (isInspection(*MD))
              return false; // t == u, !t on a const operator
        }
        return true;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(PE)) {
        if (BO->isAssignmentOp() && BO->getLHS() == Cur)
          return false;
        if (BO->getOpcode() == BO_Comma) {
          if (BO->getLHS() == Cur)
            return false;
          Cur = PE;
          continue;
        }
        return true;
      }
      if (const auto *Cond = dyn_cast<ConditionalOperator>(PE)) {
        if (Cond->getCond() == Cur)
          return false;
        Cur = PE;
        continue;
      }
      // Calls, constructions, co_await/co_yield, initialiser lists, new,
      // throw, lambdas, dependent expressions: all hand the task on.
      return true;
    }
    if (isStatementSlot(P, Cur))
      return false; // `t;`
    return true;    // return, co_return, declarations, conditions
  }
  return true;
}

namespace {
/// What isConsumedOnSomePath keeps of a function.
struct FunctionInfo {
  Stmt *Body = nullptr;
  RefCollector Collector;
  /// Built on first need; null if the graph cannot be built.
  bool GraphTried = false;
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> Parents;
  std::unique_ptr<CFGStmtMap> Map;
  std::unique_ptr<CFGReverseBlockReachabilityAnalysis> Reach;
  /// The answers given, per variable and VoidCastConsumes.
  llvm::DenseMap<std::pair<const VarDecl *, unsigned>, bool> Answers;
};

/// What is kept of each function, for the session: coro-never-awaited and
/// coro-unobserved-task ask about task locals of the same functions, and
/// build what they need once.
struct FunctionInfos : SessionState {
  static char Key;
  explicit FunctionInfos(AnalysisSession &) {}
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionInfo>> Map;
};
char FunctionInfos::Key;

FunctionInfo &infoFor(const FunctionDecl &Fn, AnalysisSession &S) {
  std::unique_ptr<FunctionInfo> &Slot = S.state<FunctionInfos>().Map[&Fn];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<FunctionInfo>();
  Stmt *Body = Fn.getBody();
  if (auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  Slot->Body = Body;
  if (Body)
    Slot->Collector.TraverseStmt(Body);
  return *Slot;
}

/// isConsumedOnSomePath's answer, for a variable not asked about yet.
bool analyse(const VarDecl &Var, const FunctionDecl &Fn, FunctionInfo &Info,
             AnalysisSession &S, bool VoidCastConsumes) {
  ASTContext &Ctx = S.context();
  llvm::SmallVector<const DeclRefExpr *, 8> Consuming;
  auto Found = Info.Collector.Refs.find(&Var);
  if (Found != Info.Collector.Refs.end()) {
    if (!Info.Parents)
      Info.Parents = std::make_unique<ParentMap>(Info.Body);
    for (const DeclRefExpr *Ref : Found->second)
      if (isConsumingRef(*Ref, S, VoidCastConsumes, Info.Parents.get()))
        Consuming.push_back(Ref);
  }
  if (Consuming.empty())
    return false;

  if (!Info.GraphTried) {
    Info.GraphTried = true;
    CFG::BuildOptions Options;
    Options.setAllAlwaysAdd();
    Info.Graph = CFG::buildCFG(&Fn, Info.Body, &Ctx, Options);
    if (Info.Graph) {
      if (!Info.Parents)
        Info.Parents = std::make_unique<ParentMap>(Info.Body);
      Info.Map = compat::makeStmtMap(*Info.Graph, *Info.Parents);
      if (Info.Map)
        Info.Reach =
            std::make_unique<CFGReverseBlockReachabilityAnalysis>(*Info.Graph);
    }
  }
  if (!Info.Graph || !Info.Map || !Info.Reach)
    return true;
  const CFGBlock *DeclBlock = Info.Map->getBlock(Var.getInit());
  if (!DeclBlock)
    return true;
  for (const DeclRefExpr *Ref : Consuming) {
    const CFGBlock *UseBlock = Info.Map->getBlock(Ref);
    if (!UseBlock || UseBlock == DeclBlock ||
        Info.Reach->isReachable(DeclBlock, UseBlock))
      return true;
  }
  return false;
}

} // namespace

bool isConsumedOnSomePath(const VarDecl &Var, const FunctionDecl &Fn,
                          AnalysisSession &S, bool VoidCastConsumes) {
  if (!Fn.getBody() || !Var.getInit())
    return true;
  FunctionInfo &Info = infoFor(Fn, S);
  if (!Info.Body)
    return true;
  auto [Answer, New] =
      Info.Answers.try_emplace({&Var, unsigned(VoidCastConsumes)});
  if (New)
    Answer->second = analyse(Var, Fn, Info, S, VoidCastConsumes);
  return Answer->second;
}


llvm::ArrayRef<const DeclRefExpr *>
LocalRefIndex::refsTo(const VarDecl &Var, const FunctionDecl &Fn) {
  auto [It, Inserted] = Cache.try_emplace(&Fn);
  if (Inserted) {
    It->second = std::make_unique<RefMap>();
    if (Stmt *Body = Fn.getBody()) {
      RefCollector C;
      C.TraverseStmt(Body);
      *It->second = std::move(C.Refs);
    }
  }
  auto Found = It->second->find(&Var);
  if (Found == It->second->end())
    return {};
  return Found->second;
}

} // namespace clang::tidy::coro
