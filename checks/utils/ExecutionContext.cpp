//===--- ExecutionContext.cpp - coroguard ---------------------------------===//

#include "ExecutionContext.h"
#include "FunctionUses.h"
#include "Parents.h"
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
                                     ASTContext &Ctx) {
  for (unsigned Guard = 0; !Parents.empty() && Guard < 64; ++Guard) {
    if (const auto *LE = Parents[0].get<LambdaExpr>())
      return LE;
    Parents = parentsOf(Parents[0], Ctx);
  }
  return nullptr;
}

static Enclosing enclosingOf(DynTypedNodeList Parents, ASTContext &Ctx) {
  for (unsigned Guard = 0; !Parents.empty() && Guard < 4096; ++Guard) {
    const DynTypedNode &P = Parents[0];
    if (const auto *LE = P.get<LambdaExpr>())
      return {LE->getCallOperator(), LE};
    if (const auto *FD = P.get<FunctionDecl>()) {
      const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      if (MD && MD->getParent()->isLambda())
        return {FD, lambdaAbove(parentsOf(P, Ctx), Ctx)};
      return {FD, nullptr};
    }
    if (P.get<BlockDecl>() || P.get<TranslationUnitDecl>())
      return {};
    Parents = parentsOf(P, Ctx);
  }
  return {};
}

static const Expr *firstParentExpr(const Expr &E, ASTContext &Ctx,
                                   DynTypedNode *Out = nullptr) {
  DynTypedNodeList Parents = parentsOf(E, Ctx);
  if (Parents.empty())
    return nullptr;
  if (Out)
    *Out = Parents[0];
  return Parents[0].get<Expr>();
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

ExecutionContext ExecutionContextResolver::contextOf(const Stmt &S,
                                                     ASTContext &Ctx) {
  Enclosing E = enclosingOf(parentsOf(S, Ctx), Ctx);
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
    const Expr *P = firstParentExpr(*Cur, Ctx, &ParentNode);
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
    if (const auto *Call = dyn_cast<CallExpr>(P);
        Call && !isa<CXXOperatorCallExpr>(Call) &&
        isForwardingCall(Call->getDirectCallee())) {
      Cur = P;
      continue;
    }
    break;
  }

  const Expr *Parent = firstParentExpr(*Cur, Ctx, &ParentNode);
  if (!Parent) {
    // `auto f = [&] { ... };` — follow the local.
    const auto *VD = ParentNode.get<VarDecl>();
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        VD->getInit() == nullptr)
      return Unknown;
    Enclosing E = enclosingOf(parentsOf(*VD, Ctx), Ctx);
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
    return contextOf(*Parent, Ctx);
  if (const auto *Call = dyn_cast<CallExpr>(Parent);
      Call && Call->getCallee() == Cur)
    return contextOf(*Parent, Ctx);

  // Passed as an argument.
  const FunctionDecl *Callee = nullptr;
  int ArgIndex = -1;
  if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
    Callee = Call->getDirectCallee();
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I) == Cur)
        ArgIndex = static_cast<int>(I);
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(Parent)) {
    Callee = CE->getConstructor();
    for (unsigned I = 0; I < CE->getNumArgs(); ++I)
      if (CE->getArg(I) == Cur)
        ArgIndex = static_cast<int>(I);
  }
  if (!Callee || ArgIndex < 0)
    return Unknown;
  if (Sinks.Offload.lookup(Callee))
    return {ContextKind::OtherThread, nullptr, Parent, Callee};
  if (Sinks.LoopCallback.lookup(Callee))
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
    return contextOf(*Parent, Ctx);

  // A function of this translation unit: follow the parameter into its
  // body.
  ExecutionContext Inner =
      fateOfParameter(Callee, static_cast<unsigned>(Param), Ctx, Depth + 1);
  if (Inner.Kind == ContextKind::OtherThread ||
      Inner.Kind == ContextKind::LoopCallback)
    return Inner;
  if (Inner.Kind == ContextKind::Plain)
    return contextOf(*Parent, Ctx);
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
  auto Key = std::make_pair(Def, Param);
  if (auto It = FateCache.find(Key); It != FateCache.end())
    return It->second;
  FateCache[Key] = Unknown; // recursion guard
  RefFinder Finder(Def->getParamDecl(Param));
  Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
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
    for (const DeclRefExpr *E : functionUses(Ctx).refsTo(Key)) {
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

//===----------------------------------------------------------------------===//
// Creation sites: where a coroutine's frames are made.
//===----------------------------------------------------------------------===//

const Expr *carriedValue(const Expr &E, ASTContext &Ctx,
                         DynTypedNode &Parent) {
  const Expr *Cur = &E;
  for (unsigned Guard = 0; Guard < 64; ++Guard) {
    DynTypedNodeList Parents = parentsOf(*Cur, Ctx);
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
    const LambdaExpr *LE = lambdaAbove(parentsOf(Coro, Ctx), Ctx);
    if (!LE)
      return std::nullopt;
    DynTypedNode Parent;
    const Expr *Carried = carriedValue(*LE, Ctx, Parent);
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
    Enclosing E = enclosingOf(parentsOf(*VD, Ctx), Ctx);
    const FunctionDecl *Def = nullptr;
    if (!E.Function || !E.Function->hasBody(Def))
      return std::nullopt;
    RefFinder Finder(VD);
    Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    if (Finder.Refs.empty() || Finder.Refs.size() >= 64)
      return std::nullopt;
    llvm::SmallVector<const Expr *, 4> Sites;
    for (const DeclRefExpr *Ref : Finder.Refs) {
      const Expr *R = carriedValue(*Ref, Ctx, Parent);
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

} // namespace clang::tidy::coro
