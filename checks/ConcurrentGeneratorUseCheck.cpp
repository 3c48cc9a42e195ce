//===--- ConcurrentGeneratorUseCheck.cpp - coroguard ----------------------===//

#include "ConcurrentGeneratorUseCheck.h"
#include "utils/AnalysisSession.h"
#include "utils/CoroutineTypes.h"
#include "utils/Parents.h"
#include "utils/TaskSinks.h"
#include "utils/UseAnalysis.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

// Keep docs/checks/coro-concurrent-generator-use.md in sync. (The start
// and run functions' defaults: utils/TaskSinks.h.)
static const char *const DefaultGatherFunctions =
    "coroguard::gather;coroguard::when_all;"
    "cppcoro::when_all;cppcoro::when_all_ready;"
    "folly::coro::collectAll;folly::coro::collectAllTry;"
    "folly::coro::collectAny;"
    "coro::when_all";

ConcurrentGeneratorUseCheck::ConcurrentGeneratorUseCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context), GenOpts(Options),
      StartFunctionsOpt(Options.get("StartFunctions", "")),
      GatherFunctionsOpt(Options.get("GatherFunctions", "")),
      RunFunctionsOpt(Options.get("RunFunctions", "")),
      Recogniser(GenOpts.makeRecogniser(
          [this](const char *Option, const std::string &Error) {
            configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
                << Option << Error;
          })) {
  auto Load = [this](FunctionNameTable &Table, const char *Defaults,
                     const std::string &User, const char *Option) {
    std::string Error;
    if (!Table.addDefaultsThenOption(Defaults, User, Error))
      configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
          << Option << Error;
  };
  Load(StartFunctions, DefaultStartFunctions, StartFunctionsOpt,
       "StartFunctions");
  Load(GatherFunctions, DefaultGatherFunctions, GatherFunctionsOpt,
       "GatherFunctions");
  Load(RunFunctions, DefaultRunFunctions, RunFunctionsOpt, "RunFunctions");
}

void ConcurrentGeneratorUseCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  GenOpts.store(Opts, Options);
  Options.store(Opts, "StartFunctions", StartFunctionsOpt);
  Options.store(Opts, "GatherFunctions", GatherFunctionsOpt);
  Options.store(Opts, "RunFunctions", RunFunctionsOpt);
}

void ConcurrentGeneratorUseCheck::startUnit(AnalysisSession &S) {
  StartFunctions.forgetAnswers();
  GatherFunctions.forgetAnswers();
  RunFunctions.forgetAnswers();
  Recogniser.reset();
  Flows.reset();
  Reported.clear();
}

void ConcurrentGeneratorUseCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(*Finder, *this, *this, UserCodeNodes::Calls);
}

static const Stmt *parentOf(const Stmt &S, AnalysisSession &Session) {
  DynTypedNodeList Parents = parentsOf(S, Session);
  return Parents.empty() ? nullptr : Parents[0].get<Stmt>();
}

/// Nodes that pass a task value through unchanged.
static bool passesValue(const Stmt *P) {
  if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
          CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr>(P))
    return true;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P))
    return CE->getNumArgs() == 1;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
    return Op->getOperator() == OO_Coawait;
  return false;
}

static bool isArgumentOf(const CallExpr &Call, const Stmt *Child) {
  return llvm::is_contained(Call.arguments(), Child);
}

ConcurrentGeneratorUseCheck::StartInfo
ConcurrentGeneratorUseCheck::startOf(const Expr &OpCall,
                                     ASTContext &Ctx) const {
  const Stmt *Cur = &OpCall;
  unsigned Wrappers = 0;
  for (unsigned Guard = 0; Guard < 32; ++Guard) {
    const Stmt *P = parentOf(*Cur, *session());
    if (!P)
      return {};
    if (passesValue(P)) {
      Cur = P;
      continue;
    }
    if (isa<CoawaitExpr>(P))
      return {StartKind::Awaited, nullptr};
    const auto *Call = dyn_cast<CallExpr>(P);
    if (!Call || !isArgumentOf(*Call, Cur))
      return {};
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
    if (FD && StartFunctions.lookup(FD))
      return {StartKind::Started, Call};
    if (FD && GatherFunctions.lookup(FD))
      return {StartKind::Gathered, Call};
    if (FD && RunFunctions.lookup(FD))
      return {StartKind::Awaited, Call};
    // A wrapper around the task (`wait_for(g.next(), 1s)`): what happens to
    // the wrapper decides, a couple of levels up.
    if (++Wrappers > 2)
      return {};
    Cur = P;
  }
  return {};
}

std::string ConcurrentGeneratorUseCheck::describe(const GeneratorOp &Op,
                                                  ASTContext &Ctx) const {
  std::string Text = shortSourceText(*Op.Call, Ctx);
  if (Text.empty())
    Text = Op.Method.str() + "()";
  return Text;
}

void ConcurrentGeneratorUseCheck::visitCall(const CallExpr &Node,
                                            AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  const auto *Call = dyn_cast<CXXMemberCallExpr>(&Node);
  if (!Call)
    return;
  std::optional<GeneratorOp> Op = Recogniser.opOf(*Call);
  if (!Op)
    return;
  std::optional<GeneratorKey> Key = AsyncGeneratorRecogniser::keyOf(Op->Object);
  if (!Key)
    return;
  StartInfo Start = startOf(*Call, Ctx);
  if (Start.Kind == StartKind::Started)
    checkStarted(*Op, *Key, *Start.Via, Ctx);
  else if (Start.Kind == StartKind::Gathered)
    checkGathered(*Op, *Key, *Start.Via, Ctx);
}

namespace {
/// Finds operations on one generator inside an expression.
struct OpFinder {
  AsyncGeneratorRecogniser &R;
  const GeneratorKey &Key;
  std::optional<GeneratorOp> Found;
  void find(const Stmt *S) {
    if (!S || Found || isa<LambdaExpr>(S))
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      if (std::optional<GeneratorOp> Op = R.opOf(*E))
        if (std::optional<GeneratorKey> K =
                AsyncGeneratorRecogniser::keyOf(Op->Object);
            K && *K == Key) {
          Found = Op;
          return;
        }
    for (const Stmt *Child : S->children())
      find(Child);
  }
};
} // namespace

void ConcurrentGeneratorUseCheck::checkGathered(const GeneratorOp &Op,
                                                const GeneratorKey &Key,
                                                const CallExpr &Gather,
                                                ASTContext &Ctx) {
  // Which argument holds this operation.
  const Stmt *Cur = Op.Call;
  for (unsigned Guard = 0; Guard < 64 && Cur; ++Guard) {
    const Stmt *P = parentOf(*Cur, *session());
    if (P == &Gather)
      break;
    Cur = P;
  }
  if (!Cur)
    return;
  for (const Expr *Arg : Gather.arguments()) {
    if (Arg == Cur)
      return; // no earlier argument uses the generator
    OpFinder Finder{Recogniser, Key, std::nullopt};
    Finder.find(Arg);
    // A task made earlier and kept in a local: `gather(std::move(t), ...)`.
    if (!Finder.Found)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(stripValueWrappers(Arg)))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
            VD && VD->isLocalVarDecl() && VD->getInit())
          Finder.find(VD->getInit());
    if (!Finder.Found)
      continue;
    const SourceLocation Loc = Op.Call->getBeginLoc();
    if (!Reported.insert(Loc.getRawEncoding()).second)
      return;
    const auto *FD = dyn_cast_or_null<FunctionDecl>(Gather.getCalleeDecl());
    diag(Loc, "'%0' and '%1' act on the same async generator and are both "
              "passed to '%2', which runs them concurrently: a generator "
              "runs one operation at a time, so one of them fails with "
              "'asynchronous generator is already running'; await them one "
              "after the other")
        << describe(Op, Ctx) << describe(*Finder.Found, Ctx)
        << (FD ? qualifiedName(FD) : std::string("the call"));
    diag(Finder.Found->Call->getBeginLoc(), "'%0' passed here",
         DiagnosticIDs::Note)
        << describe(*Finder.Found, Ctx);
    return;
  }
}

void ConcurrentGeneratorUseCheck::checkStarted(const GeneratorOp &Op,
                                               const GeneratorKey &Key,
                                               const CallExpr &StartCall,
                                               ASTContext &Ctx) {
  // Where the handle of the started task goes: awaiting it (or anything
  // done with the variable that holds it) ends the window in which the
  // operation may be in flight.
  const VarDecl *Root = nullptr;
  llvm::SmallPtrSet<const Stmt *, 2> SelfRefs;
  const Stmt *Cur = &StartCall;
  for (unsigned Guard = 0; Guard < 32; ++Guard) {
    DynTypedNodeList Parents = parentsOf(*Cur, *session());
    if (Parents.empty())
      return;
    if (const auto *VD = Parents[0].get<VarDecl>()) {
      Root = VD;
      break;
    }
    const auto *P = Parents[0].get<Stmt>();
    if (!P)
      return;
    if (passesValue(P)) {
      Cur = P;
      continue;
    }
    if (isa<CoawaitExpr>(P))
      return; // awaited on the spot
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P);
        MC && isArgumentOf(*MC, Cur) && MC->getMethodDecl() &&
        MC->getMethodDecl()->getDeclName().isIdentifier()) {
      StringRef M = MC->getMethodDecl()->getName();
      if (M == "push_back" || M == "emplace_back" || M == "push" ||
          M == "emplace" || M == "insert" || M == "push_front" ||
          M == "emplace_front") {
        const auto *Obj = dyn_cast<DeclRefExpr>(
            MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
        if (!Obj || !isa<VarDecl>(Obj->getDecl()))
          return;
        Root = cast<VarDecl>(Obj->getDecl());
        SelfRefs.insert(Obj);
        break;
      }
      return;
    }
    const Expr *LHS = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && BO->getOpcode() == BO_Assign && BO->getRHS() == Cur)
      LHS = BO->getLHS();
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P);
        OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
        OC->getArg(1) == Cur)
      LHS = OC->getArg(0);
    if (LHS) {
      const auto *DRE = dyn_cast<DeclRefExpr>(LHS->IgnoreParenImpCasts());
      if (!DRE || !isa<VarDecl>(DRE->getDecl()))
        return;
      Root = cast<VarDecl>(DRE->getDecl());
      SelfRefs.insert(DRE);
      break;
    }
    // Dropped: the task runs on its own and is never awaited here.
    ResultUse Use = classifyResultUse(*cast<Expr>(Cur), *session()).Use;
    if (Use == ResultUse::Discarded || Use == ResultUse::VoidCast)
      break;
    return; // handed somewhere else: cannot be followed
  }

  const FunctionDecl *Fn = enclosingFunction(*Op.Call, *session());
  if (!Fn || Fn->isDependentContext())
    return;
  const FunctionFlow *Flow = Flows.get(*Fn, Ctx);
  if (!Flow)
    return;
  std::optional<FunctionFlow::Position> From = Flow->positionOf(&StartCall);
  if (!From)
    return;

  llvm::DenseSet<const CFGBlock *> Seen;
  std::deque<std::pair<const CFGBlock *, unsigned>> Work;
  Work.emplace_back(From->Block, From->Index + 1);
  const CXXMemberCallExpr *Second = nullptr;
  unsigned Steps = 0;
  while (!Work.empty() && !Second && ++Steps < 100000) {
    auto [Block, Start] = Work.front();
    Work.pop_front();
    bool Ended = false;
    for (unsigned I = Start; I < Block->size() && !Ended; ++I) {
      std::optional<CFGStmt> S = (*Block)[I].getAs<CFGStmt>();
      if (!S)
        continue;
      const Stmt *St = S->getStmt();
      // A lambda that captures the handle may await it.
      if (const auto *LE = dyn_cast<LambdaExpr>(St)) {
        if (Root && llvm::any_of(LE->captures(), [&](const LambdaCapture &C) {
              return C.capturesVariable() && C.getCapturedVar() == Root;
            }))
          Ended = true;
        continue;
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(St)) {
        if (Root && DRE->getDecl() == Root && !SelfRefs.count(DRE))
          Ended = true; // the handle is awaited, or handed on
        continue;
      }
      const auto *MC = dyn_cast<CXXMemberCallExpr>(St);
      if (!MC)
        continue;
      std::optional<GeneratorOp> Other = Recogniser.opOf(*MC);
      if (!Other)
        continue;
      std::optional<GeneratorKey> OtherKey =
          AsyncGeneratorRecogniser::keyOf(Other->Object);
      if (!OtherKey || *OtherKey != Key)
        continue;
      if (startOf(*MC, Ctx).Kind == StartKind::None)
        continue; // a lazy task made but not run here
      Second = MC;
      Ended = true;
    }
    if (Ended)
      continue;
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Seen.insert(Next).second)
          Work.emplace_back(Next, 0);
  }
  if (!Second)
    return;
  const SourceLocation Loc = Second->getBeginLoc();
  if (!Reported.insert(Loc.getRawEncoding()).second)
    return;
  std::optional<GeneratorOp> SecondOp = Recogniser.opOf(*Second);
  std::string Gen = shortSourceText(*Op.Object, Ctx);
  if (Gen.empty())
    Gen = "the generator";
  if (Second == Op.Call) {
    diag(Loc, "'%0' is started on async generator '%1' again on the next "
              "iteration while the previous one may still be in flight: a "
              "generator runs one operation at a time, so it fails with "
              "'asynchronous generator is already running'; await each "
              "operation before starting the next")
        << describe(Op, Ctx) << Gen;
    return;
  }
  diag(Loc, "'%0' is started on async generator '%1' while '%2', started "
            "earlier, may still be in flight: a generator runs one operation "
            "at a time, so this one fails with 'asynchronous generator is "
            "already running'; await the earlier operation first")
      << describe(*SecondOp, Ctx) << Gen << describe(Op, Ctx);
  diag(Op.Call->getBeginLoc(), "'%0' started here, and not awaited before",
       DiagnosticIDs::Note)
      << describe(Op, Ctx);
}

} // namespace clang::tidy::coro
