//===--- UnclosedAsyncGeneratorCheck.cpp - coroguard ----------------------===//

#include "UnclosedAsyncGeneratorCheck.h"
#include "utils/AnalysisSession.h"
#include "utils/CoroutineTypes.h"
#include "utils/Parents.h"
#include "utils/UseAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

UnclosedAsyncGeneratorCheck::UnclosedAsyncGeneratorCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context), GenOpts(Options),
      Recogniser(GenOpts.makeRecogniser(
          [this](const char *Option, const std::string &Error) {
            configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
                << Option << Error;
          })) {}

void UnclosedAsyncGeneratorCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  GenOpts.store(Opts, Options);
}

void UnclosedAsyncGeneratorCheck::startUnit(AnalysisSession &S) {
  Recogniser.reset();
  Flows.reset();
  Refs.reset();
  Reported.clear();
}

void UnclosedAsyncGeneratorCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(*Finder, *this, *this, UserCodeNodes::LocalVariables);
}

void UnclosedAsyncGeneratorCheck::visitLocalVariable(const VarDecl &VarNode,
                                                     AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  const VarDecl *Var = &VarNode;
  if (!Var->isLocalVarDecl() || Var->isStaticLocal() ||
      Var->isImplicit() || Var->getType()->isReferenceType() ||
      Var->getType()->isDependentType() || Var->isInvalidDecl())
    return;
  const GeneratorSpec *Spec = Recogniser.specOf(Var->getType());
  // A generator without an asynchronous close is closed by its destructor.
  if (!Spec || !Spec->hasAsyncClose())
    return;
  const auto *Fn =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Fn || Fn->isDependentContext() || !Fn->hasBody())
    return;
  checkGenerator(*Var, *Fn, *Spec, Ctx);
}

namespace {

enum class RefKind { Ignore, Advance, Close, Escape };

struct RefUse {
  RefKind Kind = RefKind::Escape;
  /// The advancing or closing call.
  const Expr *Call = nullptr;
};

enum class ExitKind { Break, Return, CoReturn, Goto, Throw };

const char *exitName(ExitKind K) {
  switch (K) {
  case ExitKind::Break:
    return "break";
  case ExitKind::Return:
    return "return";
  case ExitKind::CoReturn:
    return "co_return";
  case ExitKind::Goto:
    return "goto";
  case ExitKind::Throw:
    return "throw";
  }
  return "exit";
}

} // namespace

static const Stmt *parentStmt(const Stmt &S, AnalysisSession &Session) {
  DynTypedNodeList Parents = parentsOf(S, Session);
  return Parents.empty() ? nullptr : Parents[0].get<Stmt>();
}

/// What one reference to the generator does with it.
static RefUse classifyRef(const DeclRefExpr &Ref, AsyncGeneratorRecogniser &R,
                          AnalysisSession &Session) {
  if (Ref.refersToEnclosingVariableOrCapture())
    return {}; // captured: the lambda may close it, or keep it
  const Stmt *Cur = &Ref;
  for (unsigned Guard = 0; Guard < 64; ++Guard) {
    const Stmt *P = parentStmt(*Cur, Session);
    if (!P) {
      DynTypedNodeList Parents = parentsOf(*Cur, Session);
      if (!Parents.empty() && Parents[0].get<TypeLoc>())
        return {RefKind::Ignore, nullptr}; // decltype(g)
      return {}; // initialiser of another variable (a reference): escapes
    }
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
      switch (ICE->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
      case CK_LValueToRValue:
        Cur = P;
        continue;
      default:
        return {};
      }
    }
    if (isa<ParenExpr>(P)) {
      Cur = P;
      continue;
    }
    // `(*p).next()` through a pointer alias.
    if (const auto *UO = dyn_cast<UnaryOperator>(P);
        UO && UO->getOpcode() == UO_Deref && Ref.getType()->isPointerType()) {
      Cur = P;
      continue;
    }
    if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr>(P))
      return {RefKind::Ignore, nullptr};
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      const auto *Call =
          dyn_cast_or_null<CXXMemberCallExpr>(parentStmt(*ME, Session));
      const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
      if (!Call || !MD || Call->getCallee()->IgnoreParens() != ME)
        return {};
      if (std::optional<GeneratorOp> Op = R.opOf(*Call)) {
        if (Op->Kind == GeneratorOpKind::Advance)
          return {RefKind::Advance, Call};
        // A close whose task is dropped never runs (coro-never-awaited
        // reports it): it closes nothing.
        ResultUse Use = classifyResultUse(*Call, Session).Use;
        if (Use == ResultUse::Used)
          return {RefKind::Close, Call};
        return {RefKind::Ignore, nullptr};
      }
      // valid(), finished(), running(): inspections.
      if (MD->isConst())
        return {RefKind::Ignore, nullptr};
      return {};
    }
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      if (Call->getCallee() != Cur && R.isAclosingCall(*Call))
        return {RefKind::Close, Call};
      return {}; // passed on: moved, or by reference to whatever may close it
    }
    if (isa<CompoundStmt>(P))
      return {RefKind::Ignore, nullptr}; // `g;`
    return {};
  }
  return {};
}

/// The local alias that \p Ref initialises: `auto &r = g;`, `auto &&r = g;`,
/// `auto *p = &g;` in \p Fn, a reference or pointer to a generator of the
/// same type. Null if \p Ref does anything else.
static const VarDecl *aliasInitialisedBy(const DeclRefExpr &Ref,
                                         const FunctionDecl &Fn,
                                         const GeneratorSpec &Spec,
                                         AsyncGeneratorRecogniser &R,
                                         AnalysisSession &Session) {
  if (Ref.refersToEnclosingVariableOrCapture())
    return nullptr;
  DynTypedNode Cur = DynTypedNode::create(Ref);
  const Expr *Value = &Ref;
  bool AddressTaken = false;
  for (unsigned Guard = 0; Guard < 16; ++Guard) {
    DynTypedNodeList Parents = parentsOf(Cur, Session);
    if (Parents.empty())
      return nullptr;
    if (const auto *VD = Parents[0].get<VarDecl>()) {
      if (VD->getInit() != Value || !VD->isLocalVarDecl() ||
          VD->isStaticLocal() || VD->getParentFunctionOrMethod() != &Fn)
        return nullptr;
      QualType T = VD->getType();
      bool Shape = AddressTaken ? T->isPointerType() : T->isReferenceType();
      if (!Shape || R.specOf(T, /*ThroughPointer=*/AddressTaken) != &Spec)
        return nullptr;
      return VD;
    }
    const auto *P = Parents[0].get<Expr>();
    if (!P)
      return nullptr;
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
      if (ICE->getCastKind() != CK_NoOp)
        return nullptr;
    } else if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() != UO_AddrOf || AddressTaken)
        return nullptr;
      AddressTaken = true;
    } else if (!isa<ParenExpr>(P)) {
      return nullptr;
    }
    Value = P;
    Cur = Parents[0];
  }
  return nullptr;
}

/// The loops that hold an advance (in their condition, body or increment).
static void loopsAround(const Expr &Advance, const Stmt *Body, AnalysisSession &Session,
                        llvm::SmallPtrSetImpl<const Stmt *> &Loops) {
  DynTypedNode Child = DynTypedNode::create(Advance);
  for (unsigned Guard = 0; Guard < 512; ++Guard) {
    DynTypedNodeList Parents = parentsOf(Child, Session);
    if (Parents.empty())
      return;
    // Through declarations (`while (auto v = co_await g.next())`).
    if (Parents[0].get<VarDecl>()) {
      Child = Parents[0];
      continue;
    }
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P || P == Body || isa<LambdaExpr>(P))
      return;
    const Stmt *ChildStmt = Child.get<Stmt>();
    if (const auto *For = dyn_cast<ForStmt>(P)) {
      if (!ChildStmt || ChildStmt != For->getInit())
        Loops.insert(P);
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(P)) {
      if (ChildStmt && ChildStmt == Range->getBody())
        Loops.insert(P);
    } else if (isa<WhileStmt, DoStmt>(P)) {
      Loops.insert(P);
    }
    Child = Parents[0];
  }
}

namespace {
/// Collects the statements that leave one loop early.
class ExitCollector {
public:
  ExitCollector(const Stmt *Loop, const SourceManager &SM) : Loop(Loop), SM(SM) {}

  void collect(const Stmt *S, unsigned BreakDepth, unsigned TryDepth) {
    if (!S)
      return;
    if (isa<LambdaExpr, BlockExpr, DeclStmt>(S)) {
      // Declarations may hold initialisers with throw expressions.
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            if (VD->getInit())
              collect(VD->getInit(), BreakDepth, TryDepth);
      return;
    }
    if (const auto *B = dyn_cast<BreakStmt>(S)) {
      if (BreakDepth == 0)
        Exits[B] = ExitKind::Break;
      return;
    }
    if (isa<ReturnStmt>(S))
      Exits[S] = ExitKind::Return;
    if (isa<CoreturnStmt>(S))
      Exits[S] = ExitKind::CoReturn;
    if (const auto *G = dyn_cast<GotoStmt>(S)) {
      const LabelStmt *Target = G->getLabel()->getStmt();
      if (!Target || !contains(Target->getBeginLoc()))
        Exits[S] = ExitKind::Goto;
      return;
    }
    if (isa<CXXThrowExpr>(S) && TryDepth == 0)
      Exits[S] = ExitKind::Throw;
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      collect(Try->getTryBlock(), BreakDepth, TryDepth + 1);
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        collect(Try->getHandler(I)->getHandlerBlock(), BreakDepth, TryDepth);
      return;
    }
    bool Nested = S != Loop && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt,
                                   SwitchStmt>(S);
    for (const Stmt *Child : S->children())
      collect(Child, BreakDepth + (Nested ? 1 : 0), TryDepth);
  }

  llvm::DenseMap<const Stmt *, ExitKind> Exits;

private:
  bool contains(SourceLocation L) const {
    SourceRange R = Loop->getSourceRange();
    return L.isValid() && !SM.isBeforeInTranslationUnit(L, R.getBegin()) &&
           !SM.isBeforeInTranslationUnit(R.getEnd(), L);
  }
  const Stmt *Loop;
  const SourceManager &SM;
};

/// Which branch of a condition means "the generator is exhausted".
class ExhaustionTests {
public:
  ExhaustionTests(const VarDecl &Gen, const GeneratorSpec &Spec)
      : Gen(Gen), Spec(Spec) {}
  const VarDecl &Gen;
  const GeneratorSpec &Spec;
  /// References and pointers to the generator (`auto &r = g;`).
  llvm::SmallPtrSet<const VarDecl *, 2> Aliases;
  llvm::SmallPtrSet<const VarDecl *, 4> ResultVars;
  llvm::SmallPtrSet<const Expr *, 4> ResultExprs;

  /// Records where the result of an advance goes.
  void addAdvance(const Expr &Advance, AnalysisSession &Session) {
    const Stmt *Cur = &Advance;
    for (unsigned Guard = 0; Guard < 32; ++Guard) {
      DynTypedNodeList Parents = parentsOf(*Cur, Session);
      if (Parents.empty())
        return;
      if (const auto *VD = Parents[0].get<VarDecl>()) {
        ResultVars.insert(VD);
        return;
      }
      const auto *P = Parents[0].get<Expr>();
      if (!P)
        return;
      if (isa<CoawaitExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
              ExprWithCleanups, ParenExpr, ImplicitCastExpr,
              CXXConstructExpr>(P)) {
        if (const auto *CE = dyn_cast<CXXConstructExpr>(P);
            CE && CE->getNumArgs() != 1)
          return;
        Cur = P;
        ResultExprs.insert(P);
        continue;
      }
      const Expr *LHS = nullptr, *RHS = nullptr;
      if (const auto *BO = dyn_cast<BinaryOperator>(P);
          BO && BO->getOpcode() == BO_Assign) {
        LHS = BO->getLHS();
        RHS = BO->getRHS();
      } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
                 Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
        LHS = Op->getArg(0);
        RHS = Op->getArg(1);
      }
      if (RHS && stripValueWrappers(RHS) == stripValueWrappers(cast<Expr>(Cur))) {
        ResultExprs.insert(P); // `while ((v = co_await g.next()))`
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(LHS->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            ResultVars.insert(VD);
      }
      return;
    }
  }

  bool isResult(const Expr *E) const {
    if (!E)
      return false;
    if (ResultExprs.count(E) || ResultExprs.count(E->IgnoreParenImpCasts()))
      return true;
    E = stripValueWrappers(E);
    if (ResultExprs.count(E))
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return ResultVars.count(VD);
    return false;
  }

  static bool isNullopt(const Expr *E) {
    const CXXRecordDecl *RD = recordOf(E->IgnoreParenImpCasts()->getType());
    return RD && qualifiedName(RD) == "std::nullopt_t";
  }

  /// If \p Cond tests whether an advance's result is empty: true when its
  /// true branch means "empty", false when its false branch does.
  std::optional<bool> emptyOnTrue(const Expr *Cond, unsigned Depth = 0) const {
    if (!Cond || Depth > 8)
      return std::nullopt;
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(Cond))
      Cond = EWC->getSubExpr();
    const Expr *E = Cond->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      if (std::optional<bool> R = emptyOnTrue(UO->getSubExpr(), Depth + 1))
        return !*R;
      return std::nullopt;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      bool Test = MD && (isa<CXXConversionDecl>(MD) ||
                         (MD->getDeclName().isIdentifier() &&
                          MD->getName() == "has_value"));
      if (Test && isResult(MC->getImplicitObjectArgument()))
        return false;
      // `g.finished()`: a predicate of the generator itself.
      const auto *Obj = dyn_cast<DeclRefExpr>(
          MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
      if (MD && Obj &&
          (Obj->getDecl() == &Gen ||
           Aliases.contains(dyn_cast<VarDecl>(Obj->getDecl()))) &&
          MD->getDeclName().isIdentifier() &&
          Spec.isExhaustedPredicate(MD->getName()))
        return true;
      return std::nullopt;
    }
    const Expr *L = nullptr, *R = nullptr;
    bool Eq = false;
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->isEqualityOp()) {
      L = BO->getLHS();
      R = BO->getRHS();
      Eq = BO->getOpcode() == BO_EQ;
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
               Op && Op->getNumArgs() == 2 &&
               (Op->getOperator() == OO_EqualEqual ||
                Op->getOperator() == OO_ExclaimEqual)) {
      L = Op->getArg(0);
      R = Op->getArg(1);
      Eq = Op->getOperator() == OO_EqualEqual;
    }
    if (L && R &&
        ((isNullopt(L) && isResult(R)) || (isNullopt(R) && isResult(L))))
      return Eq;
    if (isResult(E))
      return false;
    return std::nullopt;
  }
};

} // namespace

/// True if a handler of \p Try catches what \p Throw throws.
static bool isCaughtBy(const CXXThrowExpr &Throw, const CXXTryStmt &Try) {
  const Expr *Operand = Throw.getSubExpr();
  if (!Operand)
    return true; // `throw;` rethrows whatever is being handled
  QualType Thrown = Operand->getType().getCanonicalType().getUnqualifiedType();
  const CXXRecordDecl *ThrownRD = Thrown->getAsCXXRecordDecl();
  for (unsigned I = 0; I < Try.getNumHandlers(); ++I) {
    const CXXCatchStmt *H = Try.getHandler(I);
    if (!H->getExceptionDecl())
      return true; // catch (...)
    QualType Caught = H->getCaughtType()
                          .getNonReferenceType()
                          .getCanonicalType()
                          .getUnqualifiedType();
    if (Caught == Thrown)
      return true;
    const CXXRecordDecl *CaughtRD = Caught->getAsCXXRecordDecl();
    if (ThrownRD && CaughtRD && ThrownRD->hasDefinition() &&
        ThrownRD->isDerivedFrom(CaughtRD))
      return true;
  }
  return false;
}

void UnclosedAsyncGeneratorCheck::checkGenerator(const VarDecl &Var,
                                                 const FunctionDecl &Fn,
                                                 const GeneratorSpec &Spec,
                                                 ASTContext &Ctx) {
  Stmt *Body = Fn.getBody();
  if (auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  if (!Body)
    return;

  llvm::SmallPtrSet<const Stmt *, 8> Advances, Closes;
  ExhaustionTests Tests(Var, Spec);
  // The generator's own references, and those of the local references and
  // pointers bound to it (`auto &r = g;`, `auto *p = &g;`), which act on
  // the same generator.
  llvm::SmallVector<const VarDecl *, 4> Names{&Var};
  // Where the generator was first advanced through an alias (for a note).
  const VarDecl *AdvancedThrough = nullptr;
  for (unsigned I = 0; I < Names.size(); ++I) {
    const VarDecl *Name = Names[I];
    for (const DeclRefExpr *Ref : Refs.refsTo(*Name, Fn)) {
      RefUse Use = classifyRef(*Ref, Recogniser, *session());
      switch (Use.Kind) {
      case RefKind::Escape:
        if (const VarDecl *Alias =
                Names.size() < 8
                    ? aliasInitialisedBy(*Ref, Fn, Spec, Recogniser, *session())
                    : nullptr) {
          Names.push_back(Alias);
          Tests.Aliases.insert(Alias);
          break;
        }
        return; // moved, returned, stored, captured or passed on: not ours
      case RefKind::Ignore:
        break;
      case RefKind::Advance:
        Advances.insert(Use.Call);
        Tests.addAdvance(*Use.Call, *session());
        if (Name != &Var && !AdvancedThrough)
          AdvancedThrough = Name;
        break;
      case RefKind::Close:
        Closes.insert(Use.Call);
        break;
      }
    }
  }
  if (Advances.empty())
    return;

  llvm::SmallPtrSet<const Stmt *, 4> Loops;
  for (const Stmt *A : Advances)
    loopsAround(*cast<Expr>(A), Body, *session(), Loops);
  if (Loops.empty())
    return;
  llvm::DenseMap<const Stmt *, ExitKind> Exits;
  for (const Stmt *Loop : Loops) {
    ExitCollector C(Loop, Ctx.getSourceManager());
    C.collect(Loop, 0, 0);
    for (auto &[S, K] : C.Exits)
      Exits[S] = K;
  }
  if (Exits.empty())
    return;

  const FunctionFlow *Flow = Flows.get(Fn, Ctx);
  if (!Flow)
    return;

  // Forward search from every advance, over paths on which the generator is
  // suspended: a close ends a path, and so does the branch of a test that
  // finds the generator exhausted. A path that passes an early exit and
  // then reaches the end of the generator's lifetime (its destructor, or the
  // function's exit for a throw) leaves it unclosed.
  using State = std::pair<const CFGBlock *, const Stmt *>;
  llvm::DenseSet<State> Seen;
  std::deque<std::tuple<const CFGBlock *, unsigned, const Stmt *>> Work;
  llvm::SmallPtrSet<const Stmt *, 4> Leaky;
  for (const Stmt *A : Advances)
    if (std::optional<FunctionFlow::Position> P = Flow->positionOf(A))
      Work.emplace_back(P->Block, P->Index + 1, nullptr);
  const CFGBlock *ExitBlock = &Flow->graph().getExit();
  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 100000) {
    auto [Block, From, Exit] = Work.front();
    Work.pop_front();
    bool Ended = false;
    for (unsigned I = From; I < Block->size() && !Ended; ++I) {
      const CFGElement &El = (*Block)[I];
      if (std::optional<CFGStmt> S = El.getAs<CFGStmt>()) {
        const Stmt *St = S->getStmt();
        if (Closes.count(St)) {
          Ended = true;
        } else if (auto It = Exits.find(St); It != Exits.end()) {
          Exit = St;
        }
      } else if (std::optional<CFGAutomaticObjDtor> D =
                     El.getAs<CFGAutomaticObjDtor>()) {
        if (D->getVarDecl() == &Var) {
          if (Exit)
            Leaky.insert(Exit);
          Ended = true;
        }
      }
    }
    if (Ended)
      continue;
    if (const Stmt *T = Block->getTerminatorStmt())
      if (Exits.count(T))
        Exit = T;
    std::optional<bool> EmptyOnTrue;
    if (Block->succ_size() == 2)
      EmptyOnTrue = Tests.emptyOnTrue(
          dyn_cast_or_null<Expr>(Block->getTerminatorCondition()));
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
      unsigned ThisIndex = Index++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      if (EmptyOnTrue && ThisIndex == (*EmptyOnTrue ? 0u : 1u))
        continue; // the generator is exhausted on this branch
      if (Next == ExitBlock) {
        // From a try's dispatch, the exit edge stands for an exception no
        // handler catches: only a throw of the loop that none catches goes
        // there (other exceptions are not followed).
        if (const auto *Try =
                dyn_cast_or_null<CXXTryStmt>(Block->getTerminatorStmt())) {
          const auto *Throw = dyn_cast_or_null<CXXThrowExpr>(Exit);
          if (!Throw || isCaughtBy(*Throw, *Try))
            continue;
        }
        if (Exit)
          Leaky.insert(Exit);
        continue;
      }
      if (Seen.insert({Next, Exit}).second)
        Work.emplace_back(Next, 0, Exit);
    }
  }
  if (Leaky.empty())
    return;
  if (!Reported.insert(Var.getLocation().getRawEncoding()).second)
    return;

  std::string Close = Spec.Close.front();
  std::string Aclosing;
  if (auto Entries = Recogniser.aclosingFunctions().entries(); !Entries.empty())
    Aclosing = Entries.front()->Name;
  std::string Fix = "co_await '" + Var.getName().str() + "." + Close + "()'";
  if (!Aclosing.empty())
    Fix += " on every path out of the loop, or iterate it inside '" +
           Aclosing + "(" + Var.getName().str() + ", ...)'";
  else
    Fix += " on every path out of the loop";
  diag(Var.getLocation(),
       "async generator '%0' is left suspended by an early exit from the loop "
       "that advances it and is never closed: its cleanup does not run here "
       "but later, when the event loop finalizes it; %1")
      << Var.getName() << Fix;
  llvm::SmallVector<const Stmt *, 4> Sorted(Leaky.begin(), Leaky.end());
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Sorted, [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  if (AdvancedThrough)
    diag(AdvancedThrough->getLocation(),
         "'%0' is advanced through '%1', which %select{refers|points}2 to it",
         DiagnosticIDs::Note)
        << Var.getName() << AdvancedThrough->getName()
        << AdvancedThrough->getType()->isPointerType();
  for (const Stmt *S : Sorted)
    diag(S->getBeginLoc(),
         "'%0' leaves the loop here; '%1' reaches the end of its scope "
         "without '%2()'",
         DiagnosticIDs::Note)
        << exitName(Exits[S]) << Var.getName() << Close;
}

} // namespace clang::tidy::coro
