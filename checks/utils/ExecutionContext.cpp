//===--- ExecutionContext.cpp - coroguard ---------------------------------===//

#include "ExecutionContext.h"
#include "AnalysisSession.h"
#include "CallFollower.h"
#include "Summaries.h"
#include "FunctionUses.h"
#include "LLVMCompat.h"
#include "Parents.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::coro {

// Keep docs/checks/execution-context.md in sync with these lists.
const char *CallableSinks::defaultOffload() {
  return "std::thread;std::jthread;std::async;pthread_create;"
         "coroguard::event_loop::run_in_executor;coroguard::executor::submit;"
         "boost::thread;boost::async;"
         "QThread::create;QtConcurrent::run;QThreadPool::start;"
         "QThreadPool::tryStart;"
         "folly::CPUThreadPoolExecutor::add;folly::via;"
         "concurrencpp::thread_pool_executor::post;"
         "concurrencpp::thread_pool_executor::submit;"
         "concurrencpp::thread_executor::post;"
         "concurrencpp::thread_executor::submit;"
         "concurrencpp::worker_thread_executor::post;"
         "concurrencpp::worker_thread_executor::submit;"
         "BS::thread_pool::detach_task;BS::thread_pool::submit_task;"
         "BS::thread_pool::detach_loop;BS::thread_pool::submit_loop;"
         "BS::thread_pool::push_task;BS::thread_pool::submit;"
         "tbb::task_group::run;tbb::task_arena::enqueue;"
         "ThreadPool::enqueue";
}

const char *CallableSinks::defaultLoopCallback() {
  return "coroguard::event_loop::call_soon;"
         "coroguard::event_loop::call_soon_threadsafe;"
         "coroguard::event_loop::call_later;coroguard::event_loop::call_at;"
         "coroguard::event_loop::add_reader;coroguard::event_loop::add_writer;"
         "coroguard::event_loop::add_signal_handler;"
         "folly::EventBase::runInEventBaseThread;"
         "folly::EventBase::runInEventBaseThreadAndWait;"
         "folly::EventBase::runInLoop;folly::EventBase::add";
}

namespace {

/// The function (and lambda, if it is one) whose body lexically holds a
/// node.
struct Enclosing {
  const FunctionDecl *Function = nullptr;
  const LambdaExpr *Lambda = nullptr;
};

} // namespace

static const LambdaExpr *lambdaAbove(DynTypedNodeList Parents,
                                     AnalysisSession &Session) {
  for (unsigned Guard = 0; !Parents.empty() && Guard < 64; ++Guard) {
    if (const auto *LE = Parents[0].get<LambdaExpr>())
      return LE;
    Parents = parentsOf(Parents[0], Session);
  }
  return nullptr;
}

static Enclosing enclosingOf(DynTypedNodeList Parents,
                             AnalysisSession &Session) {
  for (unsigned Guard = 0; !Parents.empty() && Guard < 4096; ++Guard) {
    const DynTypedNode &P = Parents[0];
    if (const auto *LE = P.get<LambdaExpr>())
      return {LE->getCallOperator(), LE};
    if (const auto *FD = P.get<FunctionDecl>()) {
      const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      if (MD && MD->getParent()->isLambda())
        return {FD, lambdaAbove(parentsOf(P, Session), Session)};
      return {FD, nullptr};
    }
    if (P.get<BlockDecl>() || P.get<TranslationUnitDecl>())
      return {};
    Parents = parentsOf(P, Session);
  }
  return {};
}

const Expr *ExecutionContextResolver::parentExpr(const Expr &E,
                                                 ASTContext &Ctx,
                                                 DynTypedNode &Out) {
  DynTypedNodeList Parents = parentsOf(E, *Session);
  if (!Parents.empty()) {
    Out = Parents[0];
    return Parents[0].get<Expr>();
  }
  Out = DynTypedNode();
  if (!Local.Parents)
    return nullptr;
  const Stmt *P = Local.Parents->getParent(&E);
  if (!P)
    return nullptr;
  // `auto f = ...;`: the variable, as the parent index answers.
  if (const auto *DS = dyn_cast<DeclStmt>(P)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit() == &E) {
        Out = DynTypedNode::create(*VD);
        return nullptr;
      }
    return nullptr;
  }
  Out = DynTypedNode::create(*P);
  return dyn_cast<Expr>(P);
}

ExecutionContext ExecutionContextResolver::contextOfPoint(const Stmt &S,
                                                          ASTContext &Ctx) {
  // Inside a body the parent index does not cover (a system header's):
  // the body's own code, unless a lambda lies between.
  if (Local.Parents && parentsOf(S, *Session).empty() &&
      Local.Parents->hasParent(&S)) {
    for (const Stmt *P = &S; P; P = Local.Parents->getParent(P))
      if (isa<LambdaExpr>(P))
        return {ContextKind::Unknown, nullptr, nullptr, nullptr};
    return {ContextKind::Plain, Local.Owner, nullptr, nullptr};
  }
  return contextOf(S, Ctx);
}

/// Calls that hand their argument back (or wrap it into something that
/// calls it later where the result is called): looked through.
static bool isForwardingCall(const FunctionDecl *FD) {
  if (!FD || !FD->getDeclName().isIdentifier())
    return false;
  std::string Name = qualifiedName(FD);
  return Name == "std::move" || Name == "std::forward" || Name == "std::ref" ||
         Name == "std::cref" || Name == "std::bind" ||
         Name == "std::bind_front" || Name == "std::bind_back" ||
         Name == "std::not_fn" || Name == "boost::bind";
}

/// True if the call \p P hands its argument back (std::move, std::forward,
/// std::ref, a bind): looked through.
static bool isForwarding(const Expr &P) {
  const auto *Call = dyn_cast<CallExpr>(&P);
  return Call && !isa<CXXOperatorCallExpr>(Call) &&
         isForwardingCall(Call->getDirectCallee());
}

/// The function or constructor \p Parent calls with \p Arg among its
/// arguments, and the argument's index (-1 when \p Parent is no such call).
struct PassedTo {
  const FunctionDecl *Callee = nullptr;
  int ArgIndex = -1;
};
static PassedTo passedTo(const Expr &Parent, const Expr &Arg) {
  PassedTo R;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Call = dyn_cast<CallExpr>(&Parent)) {
    R.Callee = Call->getDirectCallee();
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(&Parent)) {
    R.Callee = CE->getConstructor();
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
  }
  for (unsigned I = 0; I < Args.size(); ++I)
    if (Args[I] == &Arg)
      R.ArgIndex = static_cast<int>(I);
  return R;
}

/// A class that holds a callable and calls it through its own operator():
/// `std::function`, `std::move_only_function`, `folly::Function`, a
/// closure type (copying a lambda).
static bool isCallableWrapper(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  if (RD->isLambda())
    return true;
  const CXXRecordDecl *Def = RD->getDefinition();
  if (!Def)
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      Def = Spec->getSpecializedTemplate()->getTemplatedDecl()->getDefinition();
  if (!Def)
    return false;
  DeclarationName Call =
      Def->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return findMember(Def, Call) != nullptr;
}

/// Functions of the standard library that keep the callable for later
/// rather than calling it in place.
static bool isStoringStdFunction(llvm::StringRef Name) {
  return Name.starts_with("std::make_") || Name.starts_with("std::allocate") ||
         Name.starts_with("std::ranges::make_") || Name == "std::exchange" ||
         Name == "std::swap" || Name == "std::construct_at" ||
         Name == "std::tie" || Name == "std::forward_as_tuple" ||
         Name == "std::addressof" || Name == "std::atexit" || Name == "std::at_quick_exit" ||
         Name == "std::set_terminate" || Name == "std::set_new_handler" ||
         Name == "std::signal" || Name == "std::set_unexpected";
}

/// True if \p Policy is the compile-time launch policy
/// `std::launch::deferred` alone: `std::async` then runs its callable on the
/// thread that waits for the future.
static bool isDeferredLaunch(const Expr &Policy, ASTContext &Ctx) {
  const Expr *E = Policy.IgnoreParenImpCasts();
  const auto *ET = E->getType()->getAs<EnumType>();
  if (!ET || E->isValueDependent() || E->containsErrors())
    return false;
  const EnumDecl *ED = ET->getDecl();
  if (const EnumDecl *Def = ED ? ED->getDefinition() : nullptr)
    ED = Def;
  if (!ED || qualifiedName(ED) != "std::launch")
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, Ctx) || !R.Val.isInt())
    return false;
  for (const EnumConstantDecl *C : ED->enumerators())
    if (C->getName() == "deferred")
      return llvm::APSInt::isSameValue(C->getInitVal(), R.Val.getInt());
  return false;
}

/// The index of the parameter of \p Callee that receives argument
/// \p ArgIndex of \p Call, or -1.
static int parameterIndex(const Expr &Call, const FunctionDecl &Callee,
                          unsigned ArgIndex) {
  int Index = static_cast<int>(ArgIndex);
  if (isa<CXXOperatorCallExpr>(&Call))
    if (isa<CXXMethodDecl>(Callee) &&
        !cast<CXXMethodDecl>(Callee).isExplicitObjectMemberFunction())
      --Index; // argument 0 is the object
  if (Index < 0 || static_cast<unsigned>(Index) >= Callee.getNumParams())
    return -1;
  return Index;
}

static bool returnsCarrying(const FunctionDecl &F, unsigned Param,
                            unsigned Depth);

/// True if \p E (a value a function returns) carries the parameter \p PD
/// on: the parameter itself, a lambda capturing it, an object built from
/// it, or what a function that returns what carries its argument makes of
/// it.
static bool carries(const Expr *E, const ParmVarDecl *PD, unsigned Depth) {
  if (!E || Depth > 4)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return carries(Cast->getSubExpr(), PD, Depth);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl() == PD;
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return carries(CO->getTrueExpr(), PD, Depth) ||
           carries(CO->getFalseExpr(), PD, Depth);
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return llvm::any_of(LE->capture_inits(), [&](const Expr *Init) {
      return carries(Init, PD, Depth);
    });
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return llvm::any_of(List->inits(), [&](const Expr *Init) {
      return carries(Init, PD, Depth);
    });
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    return llvm::any_of(CE->arguments(), [&](const Expr *Arg) {
      return carries(Arg, PD, Depth);
    });
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || isa<CXXOperatorCallExpr>(Call))
    return false;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    if (!carries(Call->getArg(I), PD, Depth))
      continue;
    if (isForwardingCall(Callee))
      return true;
    int Param = parameterIndex(*Call, *Callee, I);
    if (Param >= 0 &&
        returnsCarrying(*Callee, static_cast<unsigned>(Param), Depth + 1))
      return true;
  }
  return false;
}

/// True if \p F returns what carries its parameter \p Param on (a wrapper
/// that returns a lambda capturing the callable it is given, an identity):
/// the call's result then stands for the argument. Functions of the
/// standard library are not read (std::move and its kin are known).
static bool returnsCarrying(const FunctionDecl &F, unsigned Param,
                            unsigned Depth) {
  if (Depth > 4 || isStdFunction(F))
    return false;
  const FunctionDecl *Def = nullptr;
  if (!F.hasBody(Def)) {
    const FunctionDecl *Pattern = F.getTemplateInstantiationPattern();
    if (!Pattern || !Pattern->hasBody(Def))
      return false;
  }
  if (!Def || Param >= Def->getNumParams() || !Def->getBody() ||
      isa<CoroutineBodyStmt>(Def->getBody()))
    return false;
  const ParmVarDecl *PD = Def->getParamDecl(Param);
  // The function's own return statements (not those of lambdas in it).
  llvm::SmallVector<const Stmt *, 16> Work{Def->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
      if (carries(Ret->getRetValue(), PD, Depth))
        return true;
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return false;
}

ExecutionContext ExecutionContextResolver::contextOf(const Stmt &S,
                                                     ASTContext &Ctx) {
  Enclosing E = enclosingOf(parentsOf(S, *Session), *Session);
  if (!E.Function)
    return {ContextKind::Plain, nullptr, nullptr, nullptr};
  auto It = ContextCache.find(E.Function);
  if (It != ContextCache.end())
    return It->second;
  // Guard against cycles while a lambda is being resolved.
  ContextCache[E.Function] = {ContextKind::Unknown, E.Function, nullptr,
                              nullptr};
  ExecutionContext C;
  if (E.Lambda)
    C = contextOfLambda(*E.Lambda, Ctx, 0);
  else if (isCoroutine(E.Function))
    C = {ContextKind::Coroutine, E.Function, nullptr, nullptr};
  else
    C = {ContextKind::Plain, E.Function, nullptr, nullptr};
  ContextCache[E.Function] = C;
  return C;
}

ExecutionContext
ExecutionContextResolver::contextOfLambda(const LambdaExpr &LE,
                                          ASTContext &Ctx, unsigned Depth) {
  const FunctionDecl *Op = LE.getCallOperator();
  if (isCoroutine(Op))
    return {ContextKind::Coroutine, Op, nullptr, nullptr};
  ExecutionContext C = contextOfCallableUse(LE, Ctx, Depth);
  if (C.Kind == ContextKind::OtherThread ||
      C.Kind == ContextKind::LoopCallback || C.Kind == ContextKind::Unknown)
    C.Function = Op;
  return C;
}

namespace {
/// Finds the references to one variable in a body.
class RefFinder : public RecursiveASTVisitor<RefFinder> {
public:
  explicit RefFinder(const ValueDecl *D) : D(D) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == D && Refs.size() < 64)
      Refs.push_back(E);
    return true;
  }
  const ValueDecl *D;
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
};

/// Combines the contexts of several uses of one callable: handing it to
/// another thread decides, then to the loop, then running it in place.
ExecutionContext strongest(const ExecutionContext &A,
                           const ExecutionContext &B) {
  auto Rank = [](ContextKind K) {
    switch (K) {
    case ContextKind::OtherThread:
      return 4;
    case ContextKind::LoopCallback:
      return 3;
    case ContextKind::Coroutine:
      return 2;
    case ContextKind::Plain:
      return 1;
    case ContextKind::Unknown:
      return 0;
    }
    return 0;
  };
  return Rank(B.Kind) > Rank(A.Kind) ? B : A;
}
} // namespace

ExecutionContext
ExecutionContextResolver::contextOfCallableUse(const Expr &Use,
                                               ASTContext &Ctx,
                                               unsigned Depth) {
  ExecutionContext Unknown{ContextKind::Unknown, nullptr, nullptr, nullptr};
  if (Depth > 8)
    return Unknown;
  const Expr *Cur = &Use;
  DynTypedNode ParentNode;
  for (unsigned Guard = 0; Guard < 64; ++Guard) {
    const Expr *P = parentExpr(*Cur, Ctx, ParentNode);
    if (!P)
      break;
    if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr,
            CStyleCastExpr, CXXStaticCastExpr, InitListExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P);
        UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)) {
      Cur = P;
      continue;
    }
    // A callable wrapper constructed from it (`std::function<void()> f =
    // [&] {...}`, a copy of the closure) carries it on.
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P);
        CE && CE->getNumArgs() >= 1 && CE->getArg(0) == Cur &&
        isCallableWrapper(CE->getConstructor()->getParent())) {
      Cur = P;
      continue;
    }
    if (isForwarding(*P)) {
      Cur = P;
      continue;
    }
    break;
  }

  const Expr *Parent = parentExpr(*Cur, Ctx, ParentNode);
  if (!Parent) {
    // `auto f = [&] { ... };` — follow the local.
    const auto *VD = ParentNode.get<VarDecl>();
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        VD->getInit() == nullptr)
      return Unknown;
    Enclosing E = enclosingOf(parentsOf(*VD, *Session), *Session);
    const FunctionDecl *Def = nullptr;
    if (!E.Function || !E.Function->hasBody(Def))
      return Unknown;
    RefFinder Finder(VD);
    Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    ExecutionContext Result = Unknown;
    for (const DeclRefExpr *Ref : Finder.Refs)
      Result = strongest(Result, contextOfCallableUse(*Ref, Ctx, Depth + 1));
    return Result;
  }

  // Called on the spot: `[&] { ... }()`, `f()`.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
      Op && Op->getOperator() == OO_Call && Op->getArg(0) == Cur)
    return contextOfPoint(*Parent, Ctx);
  if (const auto *Call = dyn_cast<CallExpr>(Parent);
      Call && Call->getCallee() == Cur)
    return contextOfPoint(*Parent, Ctx);

  // Passed as an argument.
  auto [Callee, ArgIndex] = passedTo(*Parent, *Cur);
  if (!Callee || ArgIndex < 0)
    return Unknown;
  if (Sinks.Offload.lookup(Callee, Parent)) {
    // `std::async(std::launch::deferred, f)` runs f on the thread that
    // calls get() or wait() on the future: not another thread.
    if (const auto *Call = dyn_cast<CallExpr>(Parent);
        Call && ArgIndex > 0 && isDeferredLaunch(*Call->getArg(0), Ctx))
      return Unknown;
    return {ContextKind::OtherThread, nullptr, Parent, Callee};
  }
  if (Sinks.LoopCallback.lookup(Callee, Parent))
    return {ContextKind::LoopCallback, nullptr, Parent, Callee};
  int Param = parameterIndex(*Parent, *Callee, static_cast<unsigned>(ArgIndex));
  if (Param < 0)
    return Unknown;

  // The standard library's algorithms and utilities call what they are
  // given before they return.
  std::string Name = qualifiedName(Callee);
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  bool StdFreeOrFunctionObject =
      (!MD || MD->getOverloadedOperator() == OO_Call) &&
      !isa<CXXConstructorDecl>(Callee);
  if (StdFreeOrFunctionObject && llvm::StringRef(Name).starts_with("std::") &&
      !isStoringStdFunction(Name))
    return contextOfPoint(*Parent, Ctx);

  // A function of this translation unit: follow the parameter into its
  // body.
  ExecutionContext Inner =
      fateOfParameter(Callee, static_cast<unsigned>(Param), Ctx, Depth + 1);
  if (Inner.Kind == ContextKind::OtherThread ||
      Inner.Kind == ContextKind::LoopCallback)
    return Inner;
  if (Inner.Kind == ContextKind::Plain)
    return contextOfPoint(*Parent, Ctx);
  return Unknown;
}

ExecutionContext ExecutionContextResolver::fateOfParameter(
    const FunctionDecl *Callee, unsigned Param, ASTContext &Ctx,
    unsigned Depth) {
  ExecutionContext Unknown{ContextKind::Unknown, nullptr, nullptr, nullptr};
  const FunctionDecl *Def = nullptr;
  if (!Callee->hasBody(Def)) {
    const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
    if (!Pattern || !Pattern->hasBody(Def))
      return Unknown;
  }
  if (Param >= Def->getNumParams() || !Def->getBody())
    return Unknown;
  // A callable forwarded into a coroutine runs when the coroutine's body
  // runs — when it is resumed, possibly elsewhere — not in place.
  if (isCoroutine(Def))
    return Unknown;
  auto Key = std::make_pair(Def, Param);
  if (auto It = FateCache.find(Key); It != FateCache.end())
    return It->second;
  FateCache[Key] = Unknown; // recursion guard
  RefFinder Finder(Def->getParamDecl(Param));
  Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
  // A body in a system header lies outside the traversal scope the parent
  // index covers: its own ParentMap answers there, so that a library
  // included with -isystem is followed as one included with -I.
  // (The standard library's internals are not followed: its algorithms
  // and utilities are judged by name above.)
  std::unique_ptr<ParentMap> Own;
  LocalBody Saved = Local;
  if (Def->getASTContext().getSourceManager().isInSystemHeader(
          Def->getLocation()) &&
      !Def->isInStdNamespace() &&
      !StringRef(qualifiedName(Def)).starts_with("__")) {
    Own = std::make_unique<ParentMap>(const_cast<Stmt *>(Def->getBody()));
    Local = {Own.get(), Def};
  }
  auto Restore = llvm::make_scope_exit([&] { Local = Saved; });
  ExecutionContext Result = Unknown;
  for (const DeclRefExpr *Ref : Finder.Refs) {
    ExecutionContext C = contextOfCallableUse(*Ref, Ctx, Depth);
    if (C.Kind == ContextKind::OtherThread ||
        C.Kind == ContextKind::LoopCallback) {
      Result = strongest(Result, C);
      continue;
    }
    // Called inside the callee itself (not in a callable of its own).
    if ((C.Kind == ContextKind::Plain || C.Kind == ContextKind::Coroutine) &&
        C.Function == Def)
      Result = strongest(Result, {ContextKind::Plain, Def, nullptr, nullptr});
  }
  FateCache[Key] = Result;
  return Result;
}

ExecutionContext
ExecutionContextResolver::contextOfCallable(const Expr &Callable,
                                            ASTContext &Ctx) {
  return contextOfCallableUse(Callable, Ctx, 0);
}


llvm::ArrayRef<NamedHandOff>
ExecutionContextResolver::handOffsOf(const FunctionDecl *FD,
                                     ASTContext &Ctx) {
  if (!FD)
    return {};
  auto For = [&](const FunctionDecl *Key) -> llvm::ArrayRef<NamedHandOff> {
    auto [It, New] = FunctionHandOffs.try_emplace(Key);
    if (!New)
      return It->second;
    llvm::SmallVector<NamedHandOff, 1> List;
    for (const DeclRefExpr *E : functionUses(*Session).refsTo(Key)) {
      ExecutionContext C = contextOfCallable(*E, Ctx);
      if ((C.Kind == ContextKind::OtherThread ||
           C.Kind == ContextKind::LoopCallback) &&
          List.size() < 8)
        List.push_back({C.Kind, C.HandOff, C.HandOffCallee});
    }
    // (The map may have grown while the references were resolved.)
    return FunctionHandOffs[Key] = std::move(List);
  };
  llvm::ArrayRef<NamedHandOff> Own = For(FD->getCanonicalDecl());
  if (!Own.empty())
    return Own;
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    return For(Pattern->getCanonicalDecl());
  return {};
}

ExecutionContext
ExecutionContextResolver::asLoopCallback(const ExecutionContext &C,
                                         ASTContext &Ctx) {
  if (C.Kind != ContextKind::Plain || !C.Function)
    return C;
  for (const NamedHandOff &H : handOffsOf(C.Function, Ctx))
    if (H.Kind == ContextKind::LoopCallback)
      return {ContextKind::LoopCallback, C.Function, H.HandOff,
              H.HandOffCallee};
  return C;
}

//===----------------------------------------------------------------------===//
// The threads that reach a function.
//===----------------------------------------------------------------------===//

void ExecutionContextResolver::threadChainsOf(
    const FunctionDecl *F, ASTContext &Ctx,
    llvm::SmallVectorImpl<ThreadChain> &Out,
    llvm::function_ref<bool(const CallExpr &)> SkipSite) {
  llvm::SmallPtrSet<const FunctionDecl *, 8> Visited;
  threadChainsFrom(F, ThreadChain(), 0, Ctx, Visited, Out, SkipSite);
}

void ExecutionContextResolver::threadChainsFrom(
    const FunctionDecl *G, ThreadChain Partial, unsigned Depth,
    ASTContext &Ctx, llvm::SmallPtrSetImpl<const FunctionDecl *> &Visited,
    llvm::SmallVectorImpl<ThreadChain> &Out,
    llvm::function_ref<bool(const CallExpr &)> SkipSite) {
  if (!G || Depth > 4 || Out.size() >= 8 ||
      !Visited.insert(G->getCanonicalDecl()).second)
    return;
  for (const NamedHandOff &H : handOffsOf(G, Ctx)) {
    if (H.Kind != ContextKind::OtherThread)
      continue;
    ThreadChain C = Partial;
    C.Thread = G;
    C.HandOff = H.HandOff;
    C.HandOffCallee = H.HandOffCallee;
    C.Named = true;
    Out.push_back(std::move(C));
  }
  // Another file of the program hands G to a thread (the summaries): it
  // runs there, with what that file passed.
  if (Store)
    for (const SummaryHandOff &H : Store->handOffsOf(usrOf(*G))) {
      if (Out.size() >= 8)
        return;
      ThreadChain C = Partial;
      C.Thread = G;
      C.Named = true;
      C.External = &H;
      Out.push_back(std::move(C));
    }
  // A function of another file that calls G (through others there) is
  // handed to a thread there. A thread function that runs a loop itself is
  // left out: what it calls before or after may schedule on its own loop.
  if (Store && Out.size() < 8 && G->isExternallyVisible())
    for (ThreadEntry &E : Store->threadsCalling(
             usrOf(*G), Session->mainFile(), /*MaxCalls=*/4, 8 - Out.size(),
             /*SkipLoopThreads=*/true)) {
      ThreadChain C = Partial;
      C.Thread = G;
      C.Named = true;
      C.External = E.HandOff;
      C.ExternalThread = std::move(E.Thread);
      C.ExternalCalls = std::move(E.Steps);
      Out.push_back(std::move(C));
    }
  // Calls to an instantiation are listed under the instantiation; calls to
  // the template's pattern under the pattern. (At most 32 callers of a
  // function are followed.)
  for (const CallExpr *Site :
       functionUses(*Session).callsTo(G->getCanonicalDecl()).take_front(32)) {
    if (Out.size() >= 8)
      return;
    if (SkipSite(*Site))
      continue;
    ExecutionContext SC = contextOf(*Site, Ctx);
    ThreadChain Next = Partial;
    Next.Links.push_back({G, Site});
    if (SC.Kind == ContextKind::OtherThread && SC.Function) {
      Next.Thread = SC.Function;
      Next.HandOff = SC.HandOff;
      Next.HandOffCallee = SC.HandOffCallee;
      Out.push_back(std::move(Next));
    } else if (SC.Kind == ContextKind::Plain && SC.Function) {
      threadChainsFrom(SC.Function, std::move(Next), Depth + 1, Ctx, Visited,
                       Out, SkipSite);
    }
  }
}

//===----------------------------------------------------------------------===//
// Creation sites: where a coroutine's frames are made.
//===----------------------------------------------------------------------===//

const Expr *carriedValue(const Expr &E, AnalysisSession &Session,
                         DynTypedNode &Parent) {
  const Expr *Cur = &E;
  for (unsigned Guard = 0; Guard < 64; ++Guard) {
    DynTypedNodeList Parents = parentsOf(*Cur, Session);
    Parent = Parents.empty() ? DynTypedNode() : Parents[0];
    const auto *P = Parent.get<Expr>();
    if (!P || !isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                   CXXBindTemporaryExpr, ExprWithCleanups>(P))
      return Cur;
    Cur = P;
  }
  Parent = DynTypedNode();
  return Cur;
}

namespace {
/// Finds, per function of internal linkage, the calls that name it, and
/// marks the functions referred to any other way.
class InternalCallScanner : public RecursiveASTVisitor<InternalCallScanner> {
public:
  using Map = llvm::DenseMap<const FunctionDecl *,
                             std::optional<llvm::SmallVector<const Expr *, 4>>>;
  explicit InternalCallScanner(Map &Out) : Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  bool VisitCallExpr(CallExpr *E) {
    if (const Expr *Callee = E->getCallee())
      Callees[Callee->IgnoreParenImpCasts()] = E;
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    note(E, dyn_cast<FunctionDecl>(E->getDecl()));
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    note(E, dyn_cast<FunctionDecl>(E->getMemberDecl()));
    return true;
  }

private:
  void note(const Expr *Ref, const FunctionDecl *FD) {
    if (!FD || FD->isExternallyVisible())
      return;
    auto [It, Inserted] = Out.try_emplace(FD->getCanonicalDecl());
    if (Inserted)
      It->second.emplace();
    if (!It->second)
      return; // already seen stored, passed or with its address taken
    auto Call = Callees.find(Ref);
    if (Call == Callees.end() || It->second->size() >= 64) {
      It->second.reset();
      return;
    }
    It->second->push_back(Call->second);
  }

  Map &Out;
  llvm::DenseMap<const Expr *, const CallExpr *> Callees;
};
} // namespace

std::optional<llvm::SmallVector<const Expr *, 4>>
ExecutionContextResolver::creationSitesOf(const FunctionDecl &Coro,
                                          ASTContext &Ctx) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&Coro);
  if (MD && MD->getParent()->isLambda()) {
    if (MD->getParent()->isGenericLambda() ||
        MD->getTemplatedKind() != FunctionDecl::TK_NonTemplate)
      return std::nullopt;
    const LambdaExpr *LE = lambdaAbove(parentsOf(Coro, *Session), *Session);
    if (!LE)
      return std::nullopt;
    DynTypedNode Parent;
    const Expr *Carried = carriedValue(*LE, *Session, Parent);
    // Called on the spot: `[]() -> task<> { ... }()`.
    if (const auto *Op = Parent.get<CXXOperatorCallExpr>();
        Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
        Op->getArg(0) == Carried)
      return llvm::SmallVector<const Expr *, 4>{Op};
    // Kept in a local that is only ever called: `auto make = [] ... ;`.
    const auto *VD = Parent.get<VarDecl>();
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        VD->getInit() != Carried)
      return std::nullopt;
    Enclosing E = enclosingOf(parentsOf(*VD, *Session), *Session);
    const FunctionDecl *Def = nullptr;
    if (!E.Function || !E.Function->hasBody(Def))
      return std::nullopt;
    RefFinder Finder(VD);
    Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    if (Finder.Refs.empty() || Finder.Refs.size() >= 64)
      return std::nullopt;
    llvm::SmallVector<const Expr *, 4> Sites;
    for (const DeclRefExpr *Ref : Finder.Refs) {
      const Expr *R = carriedValue(*Ref, *Session, Parent);
      const auto *Op = Parent.get<CXXOperatorCallExpr>();
      if (!Op || Op->getOperator() != OO_Call || Op->getNumArgs() == 0 ||
          Op->getArg(0) != R)
        return std::nullopt;
      Sites.push_back(Op);
    }
    return Sites;
  }
  if (Coro.isExternallyVisible() || Coro.isTemplated() ||
      Coro.isTemplateInstantiation() || (MD && MD->isVirtual()))
    return std::nullopt;
  if (!InternalCallsScanned) {
    InternalCallsScanned = true;
    InternalCallScanner Scanner(InternalCalls);
    Scanner.TraverseAST(Ctx);
  }
  auto It = InternalCalls.find(Coro.getCanonicalDecl());
  if (It == InternalCalls.end() || !It->second || It->second->empty())
    return std::nullopt;
  return *It->second;
}

//===----------------------------------------------------------------------===//
// Executors: which executor runs a point of a coroutine.
//===----------------------------------------------------------------------===//

// Keep docs/checks/execution-context.md in sync with this list.
const char *ExecutorTable::defaults() {
  return
      // Event loops: a handle handed to one stays on a loop's thread.
      "coroguard::event_loop=loop;asio::io_context=loop;"
      "boost::asio::io_context=loop;folly::EventBase=loop;"
      "coro::scheduler=loop;coro::io_scheduler=loop;QEventLoop=loop;"
      "trantor::EventLoop=loop;cppcoro::io_service=loop;"
      // Pools for CPU work: blocking a worker is still a pitfall.
      "concurrencpp::thread_pool_executor=pool;"
      "concurrencpp::worker_thread_executor=pool;"
      "concurrencpp::manual_executor=pool;"
      "asio::thread_pool=pool;boost::asio::thread_pool=pool;"
      "folly::CPUThreadPoolExecutor=pool;"
      "async_simple::executors::SimpleExecutor=pool;"
      "async_simple::Executor=pool;"
      "BS::thread_pool=pool;tbb::task_arena=pool;"
      // Executors made for blocking work, and the pools the libraries with
      // an event loop offer for moving heavy or blocking work off it.
      "concurrencpp::thread_executor=blocking;"
      "concurrencpp::background_executor=blocking;"
      "concurrencpp::runtime::background_executor=blocking;"
      "coroguard::thread_pool_executor=blocking;"
      "coro::thread_pool=blocking;cppcoro::static_thread_pool=blocking;"
      "QThreadPool=blocking;folly::IOThreadPoolExecutor=loop";
}

bool ExecutorTable::addFromOption(llvm::StringRef Spec, std::string &Error) {
  bool Ok = true;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  Spec.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    if (Part.empty())
      continue;
    if (Part.consume_front("-")) {
      Part = Part.trim();
      Part.consume_front("::");
      Entries.erase(Part);
      continue;
    }
    auto [Name, Kind] = Part.split('=');
    Name = Name.trim();
    Kind = Kind.trim();
    Name.consume_front("::");
    std::optional<ExecutorKind> K;
    if (Kind == "loop")
      K = ExecutorKind::Loop;
    else if (Kind == "pool")
      K = ExecutorKind::Pool;
    else if (Kind == "blocking")
      K = ExecutorKind::BlockingAllowed;
    bool NameOk = !Name.empty() && llvm::all_of(Name, [](char C) {
      return llvm::isAlnum(C) || C == '_' || C == ':';
    }) && !Name.contains(":::") && !Name.ends_with(":");
    if (!K || !NameOk) {
      if (Ok)
        Error = "malformed entry '" + Part.str() +
                "' (expected 'ns::Class=loop', '=pool' or '=blocking')";
      Ok = false;
      continue;
    }
    Entries[Name] = *K;
  }
  return Ok;
}

std::optional<ExecutorKind>
ExecutorTable::lookup(const CXXRecordDecl *RD) const {
  return lookupIn(RD, 0);
}

std::optional<ExecutorKind>
ExecutorTable::lookupFunction(const FunctionDecl *FD) const {
  if (!FD || Entries.empty())
    return std::nullopt;
  auto It = Entries.find(qualifiedName(FD));
  if (It == Entries.end())
    return std::nullopt;
  return It->second;
}

std::optional<ExecutorKind>
ExecutorTable::lookupIn(const CXXRecordDecl *RD, unsigned Depth) const {
  if (!RD || Depth > 8 || Entries.empty())
    return std::nullopt;
  auto It = Entries.find(qualifiedName(RD));
  if (It != Entries.end())
    return It->second;
  // An executor type nested in its context (`asio::thread_pool::
  // executor_type`) has the context's kind.
  if (const auto *Outer = dyn_cast<CXXRecordDecl>(RD->getDeclContext()))
    if (std::optional<ExecutorKind> K = lookupIn(Outer, Depth + 1))
      return K;
  const CXXRecordDecl *Def = RD->getDefinition();
  if (!Def)
    return std::nullopt;
  for (const CXXBaseSpecifier &B : Def->bases())
    if (std::optional<ExecutorKind> K = lookupIn(recordOf(B.getType()), Depth + 1))
      return K;
  return std::nullopt;
}

struct ExecutionContextResolver::CoroutineExecutors {
  /// Where the body starts: the loop, or the executor the initial suspend
  /// hands the coroutine to.
  Executor Initial;
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> PM;
  std::unique_ptr<CFGStmtMap> Map;
  /// The suspensions that switch executors (and the operand calls of
  /// table switches, which the CFG may list on their own).
  llvm::DenseMap<const Stmt *, Executor> Switches;
  /// Blocks entered on some path that has not switched.
  llvm::DenseSet<const CFGBlock *> EnteredUnswitched;
  /// The promise does not suspend initially, and no initial switch moves
  /// the body: it starts inline on the caller.
  bool Eager = false;
  /// The body's own suspensions (`co_await`, `co_yield`).
  llvm::DenseSet<const Stmt *> Suspensions;
  /// For an eager coroutine: blocks entered on some path from the start
  /// that has not suspended (still on the caller's thread).
  llvm::DenseSet<const CFGBlock *> EnteredUnsuspended;
  /// The body's parents (the CFG's statement map and the tests that
  /// enclose a point); built on first use.
  ParentMap &parents(Stmt *Body) {
    if (!PM)
      PM = std::make_unique<ParentMap>(Body);
    return *PM;
  }
};

ExecutionContextResolver::ExecutionContextResolver(CallableSinks Sinks)
    : Sinks(std::move(Sinks)) {}
ExecutionContextResolver::~ExecutionContextResolver() = default;
ExecutionContextResolver::ExecutionContextResolver(
    ExecutionContextResolver &&) = default;
ExecutionContextResolver &
ExecutionContextResolver::operator=(ExecutionContextResolver &&) = default;

void ExecutionContextResolver::reset(AnalysisSession &S) {
  Session = &S;
  Store = S.summaries();
  Sinks.Offload.forgetAnswers();
  Sinks.LoopCallback.forgetAnswers();
  Executors.ThreadSwitch.forgetAnswers();
  Executors.TaskOffload.forgetAnswers();
  EndsInProgress.clear();
  FunctionHandOffs.clear();
  FateCache.clear();
  ContextCache.clear();
  InternalCalls.clear();
  InternalCallsScanned = false;
  Coroutines.clear();
  Suspends.clear();
  HandleFates.clear();
  OffLoop.clear();
  HasEventLoop.reset();
  LocalRefs.reset();
}

/// std::thread and its kin: an object of such a class is a thread.
static bool isThreadClass(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  return Name == "std::thread" || Name == "std::jthread" ||
         Name == "boost::thread" || Name == "QThread";
}

/// True if \p RD owns threads: a member (or base) that is a thread, a
/// container or smart pointer of threads, or an object that owns threads
/// itself (two levels).
static bool ownsThreads(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || Depth > 2)
    return false;
  const CXXRecordDecl *Def = RD->getDefinition();
  if (!Def)
    return false;
  auto TypeOwns = [&](QualType T) {
    const Type *Base = T->getBaseElementTypeUnsafe();
    const CXXRecordDecl *R = recordOf(QualType(Base, 0));
    if (!R)
      return false;
    if (isThreadClass(R))
      return true;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(R)) {
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
        if (A.getKind() == TemplateArgument::Type &&
            (isThreadClass(recordOf(A.getAsType())) ||
             ownsThreads(recordOf(A.getAsType()), Depth + 1)))
          return true;
      return false;
    }
    return !StringRef(qualifiedName(R)).starts_with("std::") &&
           ownsThreads(R, Depth + 1);
  };
  for (const FieldDecl *F : Def->fields())
    if (TypeOwns(F->getType()))
      return true;
  for (const CXXBaseSpecifier &B : Def->bases())
    if (ownsThreads(recordOf(B.getType()), Depth + 1))
      return true;
  return false;
}

/// The class of an object, through references, pointers and smart pointers
/// (`std::shared_ptr<pool>` gives `pool`).
static const CXXRecordDecl *pointeeClassOf(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = recordOf(T);
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
      Spec && Spec->getTemplateArgs().size() > 0 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
    std::string Name = qualifiedName(Spec);
    if (Name == "std::shared_ptr" || Name == "std::unique_ptr")
      return recordOf(Spec->getTemplateArgs()[0].getAsType());
  }
  // Any other smart pointer: the class its `operator->` points to
  // (`IntrusivePtr<Pool>`, `folly::Executor::KeepAlive<Pool>`).
  if (const CXXRecordDecl *Def = RD ? RD->getDefinition() : nullptr)
    for (const CXXMethodDecl *M : Def->methods())
      if (M->getOverloadedOperator() == OO_Arrow)
        if (QualType R = M->getReturnType(); R->isPointerType())
          if (const CXXRecordDecl *Pointee = recordOf(R->getPointeeType()))
            return Pointee;
  return RD;
}

/// The class of the object a member call is made on (through pointers).
static const CXXRecordDecl *objectClassOf(const CallExpr &Call) {
  const Expr *Obj = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    Obj = MC->getImplicitObjectArgument();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
           Op && Op->getNumArgs() > 0 &&
           isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
    Obj = Op->getArg(0);
  if (!Obj)
    return nullptr;
  return pointeeClassOf(Obj->IgnoreParenImpCasts()->getType());
}


ExecutionContextResolver::HandleFate
ExecutionContextResolver::handleFate(const FunctionDecl &F, unsigned Param,
                                     ASTContext &Ctx, unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!F.hasBody(Def)) {
    const FunctionDecl *Pattern = F.getTemplateInstantiationPattern();
    if (!Pattern || !Pattern->hasBody(Def))
      return {};
  }
  if (Depth > 4 || Param >= Def->getNumParams() || !Def->getBody())
    return {};
  auto Key = std::make_pair(Def, Param);
  if (auto It = HandleFates.find(Key); It != HandleFates.end())
    return It->second;
  HandleFates[Key] = {}; // recursion guard
  RefFinder Finder(Def->getParamDecl(Param));
  Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
  // The body's own parent map: the body may sit in a system header, outside
  // the traversal scope the checks' parent index covers.
  ParentMap PM(const_cast<Stmt *>(Def->getBody()));
  HandleFate Result;
  for (const DeclRefExpr *Ref : Finder.Refs) {
    HandleFate R = handedOn(*Ref, PM, Ctx, Depth);
    if (R.Switches) {
      Result = R;
      break;
    }
  }
  HandleFates[Key] = Result;
  return Result;
}

ExecutionContextResolver::HandleFate
ExecutionContextResolver::handedOn(const Expr &Use, const ParentMap &PM,
                                   ASTContext &Ctx, unsigned Depth) {
  // Climb over what only carries the handle (or a callable holding it) on.
  const Expr *Cur = &Use;
  const Expr *P = nullptr;
  for (unsigned Guard = 0; Guard < 32; ++Guard) {
    P = dyn_cast_or_null<Expr>(PM.getParent(Cur));
    if (!P)
      break;
    if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr,
            CStyleCastExpr, CXXStaticCastExpr>(P)) {
      Cur = P;
      continue;
    }
    // Captured by a lambda: the lambda carries it (`[h] { h.resume(); }`).
    if (isa<LambdaExpr>(P)) {
      Cur = P;
      continue;
    }
    // A conversion, a copy, a callable wrapper; or an object of the
    // program's own built from the handle and more (`resume_functor{h,
    // &flag}`): what is done with that object is done with the handle. (The
    // standard library's classes with more arguments only store it: a pair.)
    // An offload API's constructor is the hand-off itself.
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P);
        CE && llvm::is_contained(CE->arguments(), Cur) &&
        !Sinks.Offload.lookup(CE->getConstructor(), CE) &&
        (CE->getNumArgs() == 1 ||
         !StringRef(qualifiedName(CE->getConstructor()->getParent()))
              .starts_with("std::"))) {
      Cur = P;
      continue;
    }
    if (isForwarding(*P)) {
      Cur = P;
      continue;
    }
    // A call whose result carries the argument on (`enqueue(wrap(std::
    // forward<F>(f)))`, where `wrap` returns a lambda capturing `f`): what is
    // done with the result is done with the handle.
    if (isa<CallExpr>(P) && !isa<CXXOperatorCallExpr>(P)) {
      auto [Callee, ArgIndex] = passedTo(*P, *Cur);
      if (Callee && ArgIndex >= 0 && !Sinks.Offload.lookup(Callee, P) &&
          !Sinks.LoopCallback.lookup(Callee, P)) {
        int Param = parameterIndex(*P, *Callee, static_cast<unsigned>(ArgIndex));
        if (Param >= 0 &&
            returnsCarrying(*Callee, static_cast<unsigned>(Param), Depth)) {
          Cur = P;
          continue;
        }
      }
    }
    if (const auto *List = dyn_cast<InitListExpr>(P);
        List && List->getType()->isRecordType()) {
      const CXXRecordDecl *RD = List->getType()->getAsCXXRecordDecl();
      if (RD && !StringRef(qualifiedName(RD)).starts_with("std::")) {
        Cur = P;
        continue;
      }
    }
    // The frame's promise or address stands for the coroutine
    // (`ex.Submit(h.promise())`, `&h.promise()`).
    if (const auto *UO = dyn_cast<UnaryOperator>(P);
        UO && UO->getOpcode() == UO_AddrOf) {
      Cur = P;
      continue;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P); ME && ME->getBase() == Cur) {
      const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
      const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
      if (MD && MC && MC->getCallee() == ME &&
          isCoroutineHandleType(MD->getThisType()->getPointeeType()) &&
          (isa<CXXConversionDecl>(MD) ||
           (MD->getDeclName().isIdentifier() &&
            (MD->getName() == "promise" || MD->getName() == "address")))) {
        // (Or the handle converted to `coroutine_handle<>`.)
        Cur = MC;
        continue;
      }
      return {};
    }
    break;
  }
  // Kept in a local (`auto &promise = h.promise();`): what is done with it.
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(PM.getParent(Cur));
      DS && DS->isSingleDecl())
    if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
        VD && VD->getInit() == Cur && Cur != &Use && Depth < 4) {
      const Stmt *Root = DS;
      while (const Stmt *Up = PM.getParent(Root))
        Root = Up;
      RefFinder Finder(VD);
      Finder.TraverseStmt(const_cast<Stmt *>(Root));
      for (const DeclRefExpr *Ref : Finder.Refs)
        if (HandleFate F = handedOn(*Ref, PM, Ctx, Depth + 1); F.Switches)
          return F;
      return {};
    }
  if (!P)
    return {};
  // Passed to a function or a constructor.
  if (isa<CXXOperatorCallExpr>(P))
    return {}; // stored (`= h`), compared, called: not handed on
  auto [Callee, ArgIndex] = passedTo(*P, *Cur);
  const CXXRecordDecl *Object =
      isa<CallExpr>(P) ? objectClassOf(*cast<CallExpr>(P)) : nullptr;
  if (!Callee || ArgIndex < 0)
    return {};
  std::string Name = qualifiedName(Callee);
  // The handle's own members (resume, destroy) run it here.
  if (StringRef(Name).starts_with("std::coroutine_handle") ||
      StringRef(Name).starts_with("std::experimental::coroutine_handle"))
    return {};
  if (Sinks.LoopCallback.lookup(Callee, P)) {
    HandleFate F{true, Object, Callee};
    F.Loop = true;
    return F;
  }
  if (Sinks.Offload.lookup(Callee, P))
    return {true, Object, Callee};
  if (Object) {
    if (Executors.Executors.lookup(Object))
      return {true, Object, Callee};
    if (ownsThreads(Object))
      return {true, Object, Callee};
  }
  // The standard library stores what it is given (containers, functions,
  // atomics): that is no hand-off to another thread by itself.
  if (StringRef(Name).starts_with("std::"))
    return {};
  int Param = parameterIndex(*P, *Callee, static_cast<unsigned>(ArgIndex));
  if (Param < 0)
    return {};
  // A body that can be read decides; an interface without one (a virtual
  // `post`, a declared `enqueue`) takes the handle to run it elsewhere.
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  bool Opaque = (MD && MD->isVirtual()) || !Callee->isDefined();
  if (!Opaque) {
    if (const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
        Pattern && !Callee->hasBody() && !Pattern->hasBody())
      Opaque = true;
  }
  if (Opaque)
    return {true, Object, Callee};
  HandleFate Inner = handleFate(*Callee, static_cast<unsigned>(Param), Ctx,
                                Depth + 1);
  if (Inner.Switches && !Inner.Target && Object && !Inner.Loop)
    Inner.Target = Object;
  return Inner;
}

ExecutionContextResolver::HandleFate
ExecutionContextResolver::suspendFate(const CoroutineSuspendExpr &E,
                                      ASTContext &Ctx) {
  // The awaiter's await_suspend hands the coroutine's handle (or a callable
  // that resumes it) to another thread's executor.
  const CXXMemberCallExpr *Suspend = nullptr;
  llvm::SmallVector<const Stmt *, 8> Work;
  if (const Expr *S = E.getSuspendExpr())
    Work.push_back(S);
  while (!Work.empty() && !Suspend) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *MD = MC->getMethodDecl();
          MD && MD->getDeclName().isIdentifier() &&
          MD->getName() == "await_suspend") {
        Suspend = MC;
        break;
      }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  if (!Suspend || Suspend->getMethodDecl()->getNumParams() != 1 ||
      !isCoroutineHandleType(
          Suspend->getMethodDecl()->getParamDecl(0)->getType()))
    return {};
  return handleFate(*Suspend->getMethodDecl(), 0, Ctx, 0);
}

std::optional<Executor>
ExecutionContextResolver::switchOf(const CoroutineSuspendExpr &E,
                                   const FunctionDecl &Owner, ASTContext &Ctx) {
  if (auto It = Suspends.find(&E); It != Suspends.end())
    return It->second;
  Suspends[&E] = std::nullopt;
  std::optional<Executor> Result;
  // A listed awaitable: `co_await pool.schedule()`.
  if (const Expr *Operand = E.getOperand()) {
    Operand = Operand->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(Operand))
      if (const FunctionDecl *Callee = Call->getDirectCallee();
          Callee && Executors.ThreadSwitch.lookup(Callee, Call)) {
        // The executor is the object (`tp.schedule()`) or the first
        // argument (`resume_on(ex)`, `schedule_on(tp, t)`); its kind, when
        // the table knows it, else off the loop.
        const CXXRecordDecl *Target = objectClassOf(*Call);
        if (!Target && Call->getNumArgs() > 0)
          Target = pointeeClassOf(Call->getArg(0)->getType());
        HandleFate F{true, Target, Callee};
        Result = classify(F, &E, nullptr, Owner, Ctx);
      }
  }
  if (!Result)
    if (HandleFate F = suspendFate(E, Ctx); F.Switches)
      Result = classify(F, &E, nullptr, Owner, Ctx);
  if (!Result)
    Result = helperSwitch(E, Ctx);
  Suspends[&E] = Result;
  return Result;
}

/// The last executor switch on each path that reaches block \p B (walking
/// back from its predecessors; a path stops at its last switch), for the
/// switches of \p Switches.
static llvm::SmallVector<Executor, 4>
lastSwitchesBefore(const CFGBlock &B,
                   const llvm::DenseMap<const Stmt *, Executor> &Switches) {
  llvm::SmallVector<Executor, 4> Found;
  llvm::SmallVector<const CFGBlock *, 16> Work;
  llvm::DenseSet<const CFGBlock *> Seen{&B};
  for (const CFGBlock *Pred : B.preds())
    if (Pred && Seen.insert(Pred).second)
      Work.push_back(Pred);
  while (!Work.empty()) {
    const CFGBlock *Pred = Work.pop_back_val();
    std::optional<Executor> Last;
    for (const CFGElement &El : *Pred)
      if (auto CS = El.getAs<CFGStmt>())
        if (auto It = Switches.find(CS->getStmt()); It != Switches.end())
          Last = It->second;
    if (Last) {
      Found.push_back(*Last);
      continue;
    }
    for (const CFGBlock *PP : Pred->preds())
      if (PP && Seen.insert(PP).second)
        Work.push_back(PP);
  }
  return Found;
}

/// True if awaiting a \p T (a task) resumes the awaiting coroutine on the
/// thread where the awaited one ends: the final awaiter of its promise hands
/// the continuation over by symmetric transfer (`coroutine_handle<>
/// await_suspend(...)`), rather than posting it to an executor.
static bool resumesAwaiterInPlace(QualType T, ASTContext &Ctx) {
  const CXXRecordDecl *Task = recordOf(T);
  if (!Task)
    return false;
  auto Member = [&](const CXXRecordDecl *RD, StringRef Name) {
    return findMember(RD, DeclarationName(&Ctx.Idents.get(Name)));
  };
  auto FunctionOf = [](const NamedDecl *D) -> const FunctionDecl * {
    if (!D)
      return nullptr;
    if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
      return FTD->getTemplatedDecl();
    return dyn_cast<FunctionDecl>(D);
  };
  const CXXRecordDecl *Promise = nullptr;
  if (const auto *TD = dyn_cast_or_null<TypeDecl>(Member(Task, "promise_type")))
    Promise = recordOf(QualType(TD->getTypeForDecl(), 0));
  if (!Promise)
    return false;
  const FunctionDecl *Final = FunctionOf(Member(Promise, "final_suspend"));
  const CXXRecordDecl *Awaiter = Final ? recordOf(Final->getReturnType()) : nullptr;
  const FunctionDecl *Suspend =
      Awaiter ? FunctionOf(Member(Awaiter, "await_suspend")) : nullptr;
  return Suspend && isCoroutineHandleType(Suspend->getReturnType());
}

std::optional<Executor>
ExecutionContextResolver::helperSwitch(const CoroutineSuspendExpr &E,
                                       ASTContext &Ctx) {
  if (!isa<CoawaitExpr>(E) || !E.getOperand())
    return std::nullopt;
  const Expr *Operand = E.getOperand()->IgnoreImplicit()->IgnoreParens();
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(Operand))
    Operand = Temp->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  const auto *Call = dyn_cast<CallExpr>(Operand);
  const FunctionDecl *Helper = Call ? Call->getDirectCallee() : nullptr;
  if (!Helper || !resumesAwaiterInPlace(Call->getType(), Ctx))
    return std::nullopt;
  std::optional<Executor> Ends;
  const FunctionDecl *Def = nullptr;
  if (Helper->hasBody(Def) && Def->getBody()) {
    if (isCoroutine(Def) && EndsInProgress.insert(Def).second) {
      Ends = endsOn(*Def, Ctx);
      EndsInProgress.erase(Def);
    }
  } else if (Store) {
    // Defined in another translation unit: its summary says where it ends.
    const FunctionSummary *S = Store->find(usrOf(*Helper));
    if (S && S->Coroutine && S->EndsOn)
      Ends = Executor{S->EndsOn->Pool ? ExecutorKind::Pool
                                      : ExecutorKind::BlockingAllowed,
                      S->EndsOn->Executor, nullptr};
  }
  if (!Ends)
    return std::nullopt;
  Ends->Where = &E;
  Ends->Inferred = false;
  Ends->Eager = false;
  return Ends;
}

std::optional<Executor>
ExecutionContextResolver::endsOn(const FunctionDecl &Coro, ASTContext &Ctx) {
  CoroutineExecutors &Info = executorsOf(Coro, Ctx);
  auto OffLoop = [](const Executor &X) {
    return X.Kind == ExecutorKind::Pool ||
           X.Kind == ExecutorKind::BlockingAllowed;
  };
  // Started elsewhere by its initial suspend, and never switched.
  if (Info.Switches.empty())
    return Info.Initial.Where && OffLoop(Info.Initial)
               ? std::optional<Executor>(Info.Initial)
               : std::nullopt;
  if (!Info.Graph)
    return std::nullopt;
  const CFGBlock *Exit = &Info.Graph->getExit();
  // Some path reaches the end without a switch: it ends where it started.
  if (Info.EnteredUnswitched.count(Exit) &&
      !(Info.Initial.Where && OffLoop(Info.Initial)))
    return std::nullopt;
  // The last switch on each path to the end: all off the loop, a pool first.
  std::optional<Executor> Found;
  for (const Executor &Last : lastSwitchesBefore(*Exit, Info.Switches)) {
    if (!OffLoop(Last))
      return std::nullopt; // back on a loop on this path
    if (!Found ||
        (Last.Kind == ExecutorKind::Pool && Found->Kind != ExecutorKind::Pool))
      Found = Last;
  }
  return Found;
}

/// What an awaited expression names as the executor to go to: the object
/// and the arguments of the call that makes the awaitable (`On(pool)`,
/// `pool.schedule()`, `resume_on(ex)`), or the arguments of an awaitable
/// built in place (`Awaiter{pool}`).
static llvm::SmallVector<const Expr *, 4> namedByAwait(const Expr &Operand) {
  llvm::SmallVector<const Expr *, 4> Named;
  const Expr *E = Operand.IgnoreImplicit()->IgnoreParens();
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
    E = Temp->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // A member call's object (a member operator's object is already its
    // first argument).
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      Named.push_back(MC->getImplicitObjectArgument());
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  } else if (const auto *List = dyn_cast<InitListExpr>(E)) {
    Args = llvm::ArrayRef(List->getInits(), List->getNumInits());
  }
  for (const Expr *A : Args)
    if (A)
      Named.push_back(A);
  return Named;
}

/// The classes of the executors \p Named (namedByAwait) are (canonical).
static llvm::SmallVector<const CXXRecordDecl *, 4>
executorsNamedBy(llvm::ArrayRef<const Expr *> Named) {
  llvm::SmallVector<const CXXRecordDecl *, 4> Result;
  for (const Expr *N : Named) {
    const CXXRecordDecl *RD =
        pointeeClassOf(N->IgnoreParenImpCasts()->getType());
    // The standard library's classes (handles, functions, durations) are
    // no executors.
    if (!RD || StringRef(qualifiedName(RD)).starts_with("std::"))
      continue;
    RD = RD->getCanonicalDecl();
    if (!llvm::is_contained(Result, RD))
      Result.push_back(RD);
  }
  return Result;
}

/// \p RD is \p Interface or derives from it.
static bool isA(const CXXRecordDecl *RD, const CXXRecordDecl *Interface) {
  const CXXRecordDecl *Base = Interface->getCanonicalDecl();
  if (RD->getCanonicalDecl() == Base)
    return true;
  const CXXRecordDecl *Def = RD->getDefinition();
  return Def && Def->isDerivedFrom(Base);
}

/// True if \p RD has a data member that is (or points to) a \p Member:
/// an executor that runs what it is given on an executor it owns.
static bool holdsMemberOf(const CXXRecordDecl *RD, const CXXRecordDecl *Member) {
  const CXXRecordDecl *Def = RD ? RD->getDefinition() : nullptr;
  if (!Def || !Member)
    return false;
  const CXXRecordDecl *Want = Member->getCanonicalDecl();
  for (const FieldDecl *F : Def->fields())
    if (const CXXRecordDecl *FC = pointeeClassOf(F->getType())) {
      FC = FC->getCanonicalDecl();
      if (FC == Want)
        return true;
      if (const CXXRecordDecl *FDef = FC->getDefinition();
          FDef && FDef->isDerivedFrom(Want))
        return true;
    }
  return false;
}

/// True if \p VD is assigned to in \p F's body (`x = ...`, `x op= ...`).
static bool isAssignedIn(const VarDecl &VD, const FunctionDecl &F,
                         AnalysisSession &Session) {
  const FunctionDecl *Def = nullptr;
  if (!F.hasBody(Def))
    return true;
  RefFinder Finder(&VD);
  Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
  for (const DeclRefExpr *Ref : Finder.Refs) {
    const Expr *Cur = Ref;
    DynTypedNodeList Ps = parentsOf(*Cur, Session);
    while (!Ps.empty() && Ps[0].get<ParenExpr>()) {
      Cur = Ps[0].get<ParenExpr>();
      Ps = parentsOf(*Cur, Session);
    }
    if (Ps.empty())
      continue;
    if (const auto *BO = Ps[0].get<BinaryOperator>();
        BO && BO->isAssignmentOp() && BO->getLHS() == Cur)
      return true;
    if (const auto *Op = Ps[0].get<CXXOperatorCallExpr>();
        Op && Op->isAssignmentOp() && Op->getNumArgs() > 0 &&
        Op->getArg(0) == Cur)
      return true;
  }
  return false;
}

/// \p E without what only carries an executor on: copies and conversions
/// (`shared_ptr<pool>` to `shared_ptr<executor>`), std::move, `*p`.
static const Expr *carriedExecutor(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 16; ++Guard) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() >= 1 &&
        (CE->getNumArgs() == 1 || isa<CXXDefaultArgExpr>(CE->getArg(1)))) {
      E = CE->getArg(0);
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_Deref) {
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Star && Op->getNumArgs() == 1) {
      E = Op->getArg(0);
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    if (isForwarding(*E) && cast<CallExpr>(E)->getNumArgs() == 1) {
      E = cast<CallExpr>(E)->getArg(0);
      continue;
    }
    break;
  }
  return E;
}

std::optional<ExecutionContextResolver::ExecutorSource>
ExecutionContextResolver::sourceOf(const Expr *E, const FunctionDecl *Owner,
                                   ASTContext &Ctx, unsigned Depth,
                                   bool ByClass) {
  E = carriedExecutor(E);
  if (!E || Depth > 3)
    return std::nullopt;
  // Made by a listed function: `runtime.background_executor()`.
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (std::optional<ExecutorKind> K =
              Executors.Executors.lookupFunction(Callee))
        return ExecutorSource{*K, qualifiedName(Callee), true};
  // Of a listed class (`std::shared_ptr<worker_thread_executor>` passed
  // for a `std::shared_ptr<executor>` parameter).
  if (ByClass)
    if (const CXXRecordDecl *RD = pointeeClassOf(E->getType()))
      if (std::optional<ExecutorKind> K = Executors.Executors.lookup(RD))
        return ExecutorSource{*K, qualifiedName(RD), false};
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  if (!DRE)
    return std::nullopt;
  // A parameter: what every call of the function passes.
  if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
    if (Owner && P->getDeclContext() == Owner)
      return sourceOfParameter(*P, Ctx, Depth);
    return std::nullopt;
  }
  // A local initialised from one and never assigned: its initialiser.
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || !VD->hasLocalStorage() || !VD->getInit() ||
      (!VD->getType().isConstQualified() &&
       !VD->getType()->isReferenceType() &&
       (!Owner || isAssignedIn(*VD, *Owner, *Session))))
    return std::nullopt;
  return sourceOf(VD->getInit(), Owner, Ctx, Depth + 1, ByClass);
}

std::optional<ExecutionContextResolver::ExecutorSource>
ExecutionContextResolver::sourceOfParameter(const ParmVarDecl &P,
                                            ASTContext &Ctx, unsigned Depth) {
  // Every call of the function in this translation unit, when it is only
  // called (never referred to otherwise), passes an executor from the same
  // listed function.
  auto Args = argumentsAtEveryCall(P, *Session, /*MaxCalls=*/32);
  if (!Args)
    return std::nullopt;
  std::optional<ExecutorSource> Found;
  for (const ArgumentAtCall &A : *Args) {
    Enclosing Site = enclosingOf(parentsOf(*A.Call, *Session), *Session);
    std::optional<ExecutorSource> S =
        sourceOf(A.Argument, Site.Lambda ? nullptr : Site.Function, Ctx,
                 Depth + 1, /*ByClass=*/true);
    if (!S || (Found && (Found->Kind != S->Kind)))
      return std::nullopt;
    bool ByFunction = S->ByFunction && (!Found || Found->ByFunction);
    Found = S;
    Found->ByFunction = ByFunction;
  }
  return Found;
}

Executor ExecutionContextResolver::classify(const HandleFate &F,
                                            const Stmt *Where,
                                            const FunctionDecl *Coro,
                                            const FunctionDecl &Owner,
                                            ASTContext &Ctx) {
  const CXXRecordDecl *Target = F.Target;
  // What the co_await names as where to go (nothing for an initial suspend).
  llvm::SmallVector<const Expr *, 4> NamedExprs;
  if (const auto *Susp = dyn_cast_or_null<CoroutineSuspendExpr>(Where))
    if (const Expr *Operand = Susp->getOperand())
      NamedExprs = namedByAwait(*Operand);
  const llvm::SmallVector<const CXXRecordDecl *, 4> NamedClasses =
      executorsNamedBy(NamedExprs);
  std::optional<ExecutorKind> Kind;
  if (F.Loop)
    Kind = ExecutorKind::Loop;
  // An executor built on one it owns (a scheduler whose tasks run on its
  // member pool, `m_thread_pool->resume(h)`): the kind the table gives the
  // executor the co_await names is the one that counts.
  if (!Kind && Target)
    for (const CXXRecordDecl *RD : NamedClasses)
      if (RD != Target->getCanonicalDecl() && holdsMemberOf(RD, Target))
        if (std::optional<ExecutorKind> K = Executors.Executors.lookup(RD)) {
          Kind = K;
          Target = RD;
          break;
        }
  // Where the executor comes from (ExecutorSource): what the co_await names
  // (`co_await resume_on(ex)`), or, for the initial suspend, the coroutine's
  // parameter of the executor's class, followed to what makes it.
  auto Related = [&](const CXXRecordDecl *RD) {
    if (!RD)
      return false;
    if (!Target)
      return true;
    RD = RD->getDefinition() ? RD->getDefinition() : RD;
    const CXXRecordDecl *T =
        Target->getDefinition() ? Target->getDefinition() : Target;
    return RD->getCanonicalDecl() == T->getCanonicalDecl() ||
           (RD->hasDefinition() && RD->isDerivedFrom(T)) ||
           (T->hasDefinition() && T->isDerivedFrom(RD));
  };
  auto SourceFrom = [&](bool FunctionsOnly) -> std::optional<ExecutorSource> {
    for (const Expr *N : NamedExprs)
      if (std::optional<ExecutorSource> S = sourceOf(N, &Owner, Ctx, 0);
          S && (!FunctionsOnly || S->ByFunction))
        return S;
    if (Coro)
      for (const ParmVarDecl *PD : Coro->parameters())
        if (Related(pointeeClassOf(PD->getType())))
          if (std::optional<ExecutorSource> S =
                  sourceOfParameter(*PD, Ctx, 0);
              S && (!FunctionsOnly || S->ByFunction))
            return S;
    return std::nullopt;
  };
  auto FromSource = [&](const ExecutorSource &S) {
    Executor X;
    X.Where = Where;
    X.Kind = S.Kind;
    X.Name = S.Name;
    return X;
  };
  // An instance the table names by the function that returns it (a pool
  // kept for blocking work, `runtime.background_executor()`): its kind
  // comes before its class's.
  if (!Kind)
    if (std::optional<ExecutorSource> S = SourceFrom(/*FunctionsOnly=*/true))
      return FromSource(*S);
  if (!Kind)
    Kind = Executors.Executors.lookup(Target);
  // An executor chosen by an argument of the coroutine (an executor, often
  // behind a tag first parameter): its class, when the handle went to an
  // interface the table does not name.
  if (!Kind && Coro)
    for (const ParmVarDecl *PD : Coro->parameters()) {
      const CXXRecordDecl *RD = pointeeClassOf(PD->getType());
      if (std::optional<ExecutorKind> K = Executors.Executors.lookup(RD)) {
        Kind = K;
        Target = RD;
        break;
      }
    }
  // An interface the table does not name, whose every caller passes an
  // object of a listed class (`std::shared_ptr<worker_thread_executor>`
  // for a `std::shared_ptr<executor>` parameter).
  if (!Kind)
    if (std::optional<ExecutorSource> S = SourceFrom(/*FunctionsOnly=*/false))
      return FromSource(*S);
  // The executor the co_await names (`co_await On(pool)`,
  // `co_await pool.schedule()`), when the handle went to an interface the
  // table does not know (`IExecutor::Submit`): a class the table knows, or
  // else one that owns threads, among the awaited call's object and
  // arguments, of the interface's type when there is one.
  bool Inferred = false;
  if (!Kind) {
    // Of the interface's type, when there is one.
    llvm::SmallVector<const CXXRecordDecl *, 4> Named;
    for (const CXXRecordDecl *RD : NamedClasses)
      if (!Target || isA(RD, Target))
        Named.push_back(RD);
    for (const CXXRecordDecl *RD : Named)
      if (std::optional<ExecutorKind> K = Executors.Executors.lookup(RD)) {
        Kind = K;
        Target = RD;
        break;
      }
    // A class that owns threads and runs the coroutines handed to it
    // shares its threads among them: blocking one starves the others.
    if (!Kind && Target && ownsThreads(Target)) {
      Kind = ExecutorKind::Pool;
      Inferred = true;
    }
    if (!Kind)
      for (const CXXRecordDecl *RD : Named)
        if (ownsThreads(RD)) {
          Kind = ExecutorKind::Pool;
          Inferred = true;
          Target = RD;
          break;
        }
  }
  Executor X;
  X.Where = Where;
  X.Inferred = Inferred;
  // A thread whose kind cannot be told: no loop is blocked there, and
  // whether it is a pool cannot be said.
  X.Kind = Kind.value_or(ExecutorKind::BlockingAllowed);
  if (Target)
    X.Name = qualifiedName(Target);
  else if (F.Via)
    X.Name = qualifiedName(F.Via);
  return X;
}

ExecutionContextResolver::CoroutineExecutors &
ExecutionContextResolver::executorsOf(const FunctionDecl &Coro,
                                      ASTContext &Ctx) {
  std::unique_ptr<CoroutineExecutors> &Slot = Coroutines[&Coro];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<CoroutineExecutors>();
  CoroutineExecutors &Info = *Slot;
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Coro.getBody());
  if (!CB)
    return Info;
  // The initial suspend: a promise that schedules the coroutine on an
  // executor runs the whole body there.
  if (const Stmt *Init = CB->getInitSuspendStmt()) {
    llvm::SmallVector<const Stmt *, 4> Work{Init};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *Susp = dyn_cast<CoroutineSuspendExpr>(S)) {
        if (HandleFate F = suspendFate(*Susp, Ctx); F.Switches)
          Info.Initial = classify(F, Susp, &Coro, Coro, Ctx);
        break;
      }
      for (const Stmt *Child : S->children())
        Work.push_back(Child);
    }
  }
  if (!Info.Initial.Where)
    if (const VarDecl *Promise = CB->getPromiseDecl())
      Info.Eager = promiseSuspendsInitially(recordOf(Promise->getType()),
                                            Ctx) == std::optional<bool>(false);
  Stmt *Body = CB->getBody();
  if (!Body)
    return Info;
  // The suspensions of the body itself (not of nested lambdas).
  class SuspendFinder : public RecursiveASTVisitor<SuspendFinder> {
  public:
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
    bool VisitCoawaitExpr(CoawaitExpr *E) {
      Found.push_back(E);
      return true;
    }
    bool VisitCoyieldExpr(CoyieldExpr *E) {
      Found.push_back(E);
      return true;
    }
    llvm::SmallVector<const CoroutineSuspendExpr *, 8> Found;
  } Finder;
  Finder.TraverseStmt(Body);
  for (const CoroutineSuspendExpr *E : Finder.Found)
    if (std::optional<Executor> X = switchOf(*E, Coro, Ctx)) {
      Info.Switches[E] = *X;
      if (const Expr *Operand = E->getOperand())
        if (const auto *Call = dyn_cast<CallExpr>(
                Operand->IgnoreImplicit()->IgnoreParens()))
          Info.Switches[Call] = *X;
    }
  if (Info.Eager)
    Info.Suspensions.insert(Finder.Found.begin(), Finder.Found.end());
  if (Info.Switches.empty() && Info.Suspensions.empty())
    return Info;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Info.Graph = CFG::buildCFG(&Coro, Body, &Ctx, Options);
  if (!Info.Graph)
    return Info;
  Info.Map = compat::makeStmtMap(*Info.Graph, Info.parents(Body));
  // The blocks some path from the start enters before any of \p Stops.
  auto EnteredBefore = [&](const auto &Stops,
                           llvm::DenseSet<const CFGBlock *> &Entered) {
    llvm::SmallVector<const CFGBlock *, 16> Work{&Info.Graph->getEntry()};
    Entered.insert(&Info.Graph->getEntry());
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      bool Stopped = false;
      for (const CFGElement &El : *B)
        if (auto S = El.getAs<CFGStmt>(); S && Stops.count(S->getStmt()))
          Stopped = true;
      if (Stopped)
        continue;
      for (const CFGBlock *Succ : B->succs())
        if (Succ && Entered.insert(Succ).second)
          Work.push_back(Succ);
    }
  };
  EnteredBefore(Info.Switches, Info.EnteredUnswitched);
  if (Info.Eager)
    EnteredBefore(Info.Suspensions, Info.EnteredUnsuspended);
  return Info;
}

bool ExecutionContextResolver::declaresEventLoop(ASTContext &Ctx) {
  if (HasEventLoop)
    return *HasEventLoop;
  // Classes at namespace and class scope only: a loop class is not local
  // to a function body.
  llvm::SmallVector<const DeclContext *, 32> Work{Ctx.getTranslationUnitDecl()};
  bool Found = false;
  while (!Work.empty() && !Found) {
    const DeclContext *DC = Work.pop_back_val();
    for (const Decl *D : DC->decls()) {
      if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
        if (!RD->isThisDeclarationADefinition())
          continue;
        if (Executors.Executors.lookup(RD) == ExecutorKind::Loop) {
          Found = true;
          break;
        }
        Work.push_back(RD);
      } else if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
        Work.push_back(CTD->getTemplatedDecl());
      } else if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D)) {
        Work.push_back(cast<DeclContext>(D));
      }
    }
  }
  HasEventLoop = Found;
  return Found;
}

/// Calls \p F for each statement of block \p B that comes before \p S.
static void forEachBefore(const CFGBlock &B, const Stmt &S,
                          llvm::function_ref<void(const Stmt *)> F) {
  for (const CFGElement &El : B) {
    auto CS = El.getAs<CFGStmt>();
    if (!CS)
      continue;
    if (CS->getStmt() == &S)
      break;
    F(CS->getStmt());
  }
}

Executor ExecutionContextResolver::executorOf(const Stmt &S,
                                              const FunctionDecl &Coro,
                                              ASTContext &Ctx) {
  return executorAt(S, Coro, Ctx, 0);
}

Executor ExecutionContextResolver::executorAt(const Stmt &S,
                                              const FunctionDecl &Coro,
                                              ASTContext &Ctx,
                                              unsigned Depth) {
  CoroutineExecutors &Info = executorsOf(Coro, Ctx);
  Executor Result = Info.Initial;
  if (Info.Map) {
    if (const CFGBlock *B = Info.Map->getBlock(&S)) {
      // The last switch before S in its block, if any.
      std::optional<Executor> InBlock;
      forEachBefore(*B, S, [&](const Stmt *E) {
        if (auto It = Info.Switches.find(E); It != Info.Switches.end())
          InBlock = It->second;
      });
      if (InBlock) {
        Result = *InBlock;
      } else if (!Info.EnteredUnswitched.count(B)) {
        // Every path switched: the last switch on each path, a pool first.
        std::optional<Executor> Found;
        for (const Executor &Last : lastSwitchesBefore(*B, Info.Switches))
          if (!Found || (Last.Kind == ExecutorKind::Pool &&
                         Found->Kind != ExecutorKind::Pool))
            Found = Last;
        if (Found)
          Result = *Found;
      }
    }
  }
  // An eager coroutine is still on its caller's thread where some path
  // from its start has not suspended yet.
  if (Result.Kind == ExecutorKind::Loop && !Result.Where && Info.Eager) {
    bool Inline = Info.Suspensions.empty();
    if (!Inline && Info.Map)
      if (const CFGBlock *B = Info.Map->getBlock(&S)) {
        Inline = Info.EnteredUnsuspended.count(B);
        forEachBefore(*B, S, [&](const Stmt *E) {
          if (Info.Suspensions.count(E))
            Inline = false;
        });
      }
    if (Inline)
      Result.Kind = ExecutorKind::Caller;
    Result.Eager = true;
  }
  if (Result.Kind != ExecutorKind::BlockingAllowed &&
      runsOffLoop(Coro, Ctx, Depth))
    return {ExecutorKind::BlockingAllowed, "", nullptr};
  if (Result.Kind != ExecutorKind::BlockingAllowed &&
      inNoExecutorBranch(S, Coro, Info))
    return {ExecutorKind::BlockingAllowed, "", nullptr};
  return Result;
}

/// The variable \p E tests for null (`!ex`, `ex == nullptr`, `nullptr == ex`,
/// `ex == 0`), or null.
static const VarDecl *nullTested(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  auto VarOf = [](const Expr *X) -> const VarDecl * {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X->IgnoreParenImpCasts()))
      return dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  };
  auto IsNull = [](const Expr *X) {
    X = X->IgnoreParenImpCasts();
    if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(X))
      return true;
    if (const auto *IL = dyn_cast<IntegerLiteral>(X))
      return IL->getValue() == 0;
    return false;
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_LNot)
    return VarOf(UO->getSubExpr());
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_EQ) {
    if (IsNull(BO->getRHS()))
      return VarOf(BO->getLHS());
    if (IsNull(BO->getLHS()))
      return VarOf(BO->getRHS());
  }
  return nullptr;
}

bool ExecutionContextResolver::inNoExecutorBranch(const Stmt &S,
                                                  const FunctionDecl &Coro,
                                                  CoroutineExecutors &Info) {
  // A coroutine that asks for its own executor (`auto ex = co_await
  // CurrentExecutor()`) and finds none is run by whichever thread resumes
  // it, not by an executor: the branch taken only then (`if (!ex) {...}`)
  // is on a thread whose kind cannot be told. The variable is a pointer to
  // an executor class (the table's, or one that owns threads) produced by
  // a `co_await`.
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Coro.getBody());
  if (!CB || !CB->getBody())
    return false;
  const ParentMap &PM = Info.parents(CB->getBody());
  const Stmt *Child = &S;
  for (const Stmt *P = PM.getParent(Child); P;
       Child = P, P = PM.getParent(P)) {
    const auto *If = dyn_cast<IfStmt>(P);
    if (!If || If->getThen() != Child)
      continue;
    const VarDecl *VD = nullTested(If->getCond());
    if (!VD || !VD->getType()->isPointerType() || !VD->getInit())
      continue;
    if (!isa<CoawaitExpr>(VD->getInit()->IgnoreImplicit()->IgnoreParens()))
      continue;
    const CXXRecordDecl *RD = recordOf(VD->getType()->getPointeeType());
    if (RD && (Executors.Executors.lookup(RD) || ownsThreads(RD)))
      return true;
  }
  return false;
}

bool ExecutionContextResolver::runsOffLoop(const FunctionDecl &Coro,
                                           ASTContext &Ctx, unsigned Depth) {
  if (Depth > 8)
    return false;
  if (auto It = OffLoop.find(&Coro); It != OffLoop.end())
    return It->second;
  OffLoop[&Coro] = false; // a cycle of coroutines awaiting each other
  std::optional<llvm::SmallVector<const Expr *, 4>> Sites =
      creationSitesOf(Coro, Ctx);
  if (!Sites || Sites->empty())
    return false;
  for (const Expr *Site : *Sites)
    if (!siteRunsOffLoop(*Site, Ctx, Depth))
      return false;
  OffLoop[&Coro] = true;
  return true;
}

bool ExecutionContextResolver::siteRunsOffLoop(const Expr &Site,
                                               ASTContext &Ctx,
                                               unsigned Depth) {
  // Handed to a thread pool, directly or through the local that keeps it:
  // `pool.spawn_joinable(work())`, `pool.resume(t.handle())`.
  auto HandedToPool = [&](const Expr &E) {
    DynTypedNode Parent;
    const Expr *Cur = &E;
    for (unsigned Guard = 0; Guard < 8; ++Guard) {
      Cur = carriedValue(*Cur, *Session, Parent);
      // `t.handle()`: the handle of the same frame.
      if (const auto *ME = Parent.get<MemberExpr>()) {
        DynTypedNodeList Up = parentsOf(*ME, *Session);
        const auto *MC = Up.empty() ? nullptr : Up[0].get<CXXMemberCallExpr>();
        if (!MC || MC->getCallee() != ME)
          return false;
        Cur = MC;
        continue;
      }
      const auto *Call = Parent.get<CallExpr>();
      if (!Call || !llvm::is_contained(
                       llvm::ArrayRef(Call->getArgs(), Call->getNumArgs()), Cur))
        return false;
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (!Callee)
        return false;
      if (Executors.TaskOffload.lookup(Callee, Call))
        return true;
      if (Call->getNumArgs() != 1 || qualifiedName(Callee) != "std::move")
        return false;
      Cur = Call;
    }
    return false;
  };
  // Awaited by a coroutine that runs off the loop at that point.
  auto AwaitedOffLoop = [&](const Expr &E) {
    DynTypedNode Parent;
    const Expr *Cur = carriedValue(E, *Session, Parent);
    if (const auto *Call = Parent.get<CallExpr>();
        Call && Call->getNumArgs() == 1 && Call->getArg(0) == Cur &&
        Call->getDirectCallee() &&
        qualifiedName(Call->getDirectCallee()) == "std::move")
      Cur = carriedValue(*Call, *Session, Parent);
    const auto *Await = Parent.get<CoawaitExpr>();
    if (!Await)
      return false;
    ExecutionContext C = contextOf(*Await, Ctx);
    if (C.Kind != ContextKind::Coroutine || !C.Function)
      return false;
    return executorAt(*Await, *C.Function, Ctx, Depth + 1).Kind ==
           ExecutorKind::BlockingAllowed;
  };

  if (HandedToPool(Site) || AwaitedOffLoop(Site))
    return true;
  // Kept in a local: every use hands it to a pool or awaits it off the loop.
  DynTypedNode Parent;
  const Expr *Carried = carriedValue(Site, *Session, Parent);
  const auto *VD = Parent.get<VarDecl>();
  if (!VD || !VD->hasLocalStorage() || VD->getInit() != Carried)
    return false;
  ExecutionContext Owner = contextOf(Site, Ctx);
  const FunctionDecl *Def = nullptr;
  if (!Owner.Function || !Owner.Function->hasBody(Def))
    return false;
  llvm::ArrayRef<const DeclRefExpr *> Refs = LocalRefs.refsTo(*VD, *Def);
  if (Refs.empty())
    return false;
  bool AnyPool = false;
  for (const DeclRefExpr *Ref : Refs) {
    if (HandedToPool(*Ref)) {
      AnyPool = true;
      continue;
    }
    if (!AwaitedOffLoop(*Ref))
      return AnyPool; // after the pool has run it, the rest is a join
  }
  return true;
}

} // namespace clang::tidy::coro
