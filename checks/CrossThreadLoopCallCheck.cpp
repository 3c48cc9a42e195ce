//===--- CrossThreadLoopCallCheck.cpp - coroguard ---------------------------------===//

#include "CrossThreadLoopCallCheck.h"
#include "utils/AnalysisSession.h"
#include "utils/CallFollower.h"
#include "utils/CoroutineTypes.h"
#include "utils/DiagnosticText.h"
#include "utils/UnitSummariser.h"
#include "utils/FunctionUses.h"
#include "utils/UseAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include <cstring>

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

// Keep docs/checks/coro-cross-thread-loop-call.md in sync with these lists.
// The runtime's rule (event_loop.hpp, docs/runtime.md): "Not thread-safe,
// except call_soon_threadsafe()"; task and timer handles are loop-thread
// only. Read-only queries (is_running, is_closed, time, get_debug, done,
// cancelled) are left out.
static const char DefaultLoopMethods[] =
    "coroguard::event_loop::call_soon -> call_soon_threadsafe;"
    "coroguard::event_loop::call_later -> call_soon_threadsafe with a "
    "callback that calls call_later;"
    "coroguard::event_loop::call_at -> call_soon_threadsafe with a callback "
    "that calls call_at;"
    "coroguard::event_loop::create_task -> "
    "coroguard::run_coroutine_threadsafe;"
    "coroguard::event_loop::run_until_complete -> "
    "coroguard::run_coroutine_threadsafe;"
    "coroguard::event_loop::run_forever;"
    "coroguard::event_loop::stop -> call_soon_threadsafe with a callback "
    "that calls stop;"
    "coroguard::event_loop::close;"
    "coroguard::event_loop::add_reader;coroguard::event_loop::remove_reader;"
    "coroguard::event_loop::add_writer;coroguard::event_loop::remove_writer;"
    "coroguard::event_loop::add_signal_handler;"
    "coroguard::event_loop::remove_signal_handler;"
    "coroguard::event_loop::shutdown_asyncgens;"
    "coroguard::event_loop::run_in_executor;"
    "coroguard::event_loop::default_executor;"
    "coroguard::event_loop::shutdown_default_executor;"
    "coroguard::event_loop::set_debug;"
    "coroguard::event_loop::set_slow_callback_duration;"
    "coroguard::event_loop::set_exception_handler;"
    "coroguard::event_loop::call_exception_handler;"
    "coroguard::event_loop::set_instrumentation;"
    "coroguard::event_loop::cancel_all_tasks;"
    "coroguard::task_handle::cancel;coroguard::task_handle::result;"
    "coroguard::task_handle::exception;"
    "coroguard::timer_handle::cancel";

static const char DefaultThreadSafeMethods[] =
    "coroguard::event_loop::call_soon_threadsafe;"
    "coroguard::run_coroutine_threadsafe;uv_async_send";

static const char DefaultRunMethods[] =
    "coroguard::event_loop::run_forever;"
    "coroguard::event_loop::run_until_complete";

static const char DefaultRunningLoopFunctions[] =
    "coroguard::get_running_loop;coroguard::try_get_running_loop";

/// The Boost.Asio preset: members of I/O objects. Their thread safety is
/// "distinct objects: safe; shared objects: unsafe"; get_executor() (the
/// way to the safe alternative) and the read-only queries are left out.
static std::string asioLoopMethods() {
  static const char *const Classes[][2] = {
      {"basic_socket", "async_*;close;cancel;shutdown;connect;bind;open;"
                       "set_option;non_blocking;native_non_blocking;release;"
                       "assign;wait"},
      {"basic_stream_socket", "async_*;read_some;write_some;send;receive"},
      {"basic_datagram_socket",
       "async_*;send;receive;send_to;receive_from"},
      {"basic_raw_socket", "async_*;send;receive;send_to;receive_from"},
      {"basic_seq_packet_socket", "async_*;send;receive"},
      {"basic_socket_acceptor", "async_*;accept;close;cancel;listen;bind;"
                                "open;set_option;release;assign;wait"},
      {"basic_waitable_timer", "async_wait;cancel;cancel_one;expires_after;"
                               "expires_at;expires_from_now;wait"},
      {"basic_deadline_timer", "async_wait;cancel;cancel_one;expires_at;"
                               "expires_from_now;wait"},
      {"basic_signal_set", "async_wait;add;remove;clear;cancel"},
      {"basic_descriptor", "async_wait;close;cancel;assign;release;wait"},
      {"basic_stream_descriptor",
       "async_read_some;async_write_some;read_some;write_some"},
      {"basic_serial_port", "async_read_some;async_write_some;read_some;"
                            "write_some;close;cancel;open;set_option;"
                            "send_break"},
      {"basic_resolver", "async_resolve;resolve;cancel"},
      {"ssl::stream", "async_*;handshake;shutdown;read_some;write_some"},
  };
  std::string Out;
  for (const char *NS : {"asio::", "boost::asio::"})
    for (const auto &C : Classes) {
      llvm::SmallVector<llvm::StringRef, 8> Methods;
      llvm::StringRef(C[1]).split(Methods, ';');
      for (llvm::StringRef M : Methods)
        Out += std::string(NS) + C[0] + "::" + M.str() +
               " -> asio::post(obj.get_executor(), ...) (or the object's "
               "strand);";
    }
  return Out;
}

static const char AsioRunMethods[] =
    "asio::io_context::run;asio::io_context::run_one;"
    "asio::io_context::run_for;asio::io_context::run_until;"
    "asio::io_context::poll;asio::io_context::poll_one;"
    "boost::asio::io_context::run;boost::asio::io_context::run_one;"
    "boost::asio::io_context::run_for;boost::asio::io_context::run_until;"
    "boost::asio::io_context::poll;boost::asio::io_context::poll_one";

CrossThreadLoopCallCheck::CrossThreadLoopCallCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context),
      LoopMethodsOption(Options.get("LoopMethods", "")),
      ThreadSafeMethodsOption(Options.get("ThreadSafeMethods", "")),
      LoopRunMethodsOption(Options.get("LoopRunMethods", "")),
      RunningLoopFunctionsOption(Options.get("RunningLoopFunctions", "")),
      PresetsOption(Options.get("Presets", "")),
      ContextOpts(Options),
      Resolver([this] {
        llvm::SmallVector<llvm::StringRef, 2> Presets;
        llvm::StringRef(PresetsOption).split(Presets, ';', -1, false);
        for (llvm::StringRef P : Presets) {
          P = P.trim();
          if (P.empty())
            continue;
          if (P.equals_insensitive("asio") ||
              P.equals_insensitive("boost-asio"))
            AsioPreset = true;
          else if (P.equals_insensitive("libuv"))
            LibuvPreset = true;
          else
            configurationDiag("invalid 'Presets' option: unknown preset '%0' "
                              "(expected 'asio' or 'libuv')",
                              DiagnosticIDs::Error)
                << P;
        }
        // libuv's threads are offload APIs too.
        return ContextOpts.makeSinks(
            [this](const char *Option, const std::string &Error) {
              configurationDiag("invalid '%0' option: %1",
                                DiagnosticIDs::Error)
                  << Option << Error;
            },
            LibuvPreset ? "uv_thread_create;uv_thread_create_ex" : "");
      }()) {
  std::string Error;
  LoopMethods.addFromOption(DefaultLoopMethods, Error);
  ThreadSafe.addFromOption(DefaultThreadSafeMethods, Error);
  RunMethods.addFromOption(DefaultRunMethods, Error);
  RunningLoopFunctions.addFromOption(DefaultRunningLoopFunctions, Error);
  if (AsioPreset) {
    LoopMethods.addFromOption(asioLoopMethods(), Error);
    RunMethods.addFromOption(AsioRunMethods, Error);
  }
  if (LibuvPreset) {
    LoopMethods.add("uv_*", "uv_async_send");
    RunMethods.add("uv_run");
  }
  auto Add = [&](FunctionNameTable &Table, const std::string &Spec,
                 const char *OptionName) {
    std::string Err;
    if (!Table.addFromOption(Spec, Err))
      configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
          << OptionName << Err;
  };
  Add(LoopMethods, LoopMethodsOption, "LoopMethods");
  Add(ThreadSafe, ThreadSafeMethodsOption, "ThreadSafeMethods");
  Add(RunMethods, LoopRunMethodsOption, "LoopRunMethods");
  Add(RunningLoopFunctions, RunningLoopFunctionsOption,
      "RunningLoopFunctions");
}

void CrossThreadLoopCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LoopMethods", LoopMethodsOption);
  Options.store(Opts, "ThreadSafeMethods", ThreadSafeMethodsOption);
  Options.store(Opts, "LoopRunMethods", LoopRunMethodsOption);
  Options.store(Opts, "RunningLoopFunctions", RunningLoopFunctionsOption);
  Options.store(Opts, "Presets", PresetsOption);
  ContextOpts.store(Opts, Options);
}

static const char *handOffKindText(const FunctionDecl *Callee) {
  if (!Callee)
    return "work";
  if (isa<CXXConstructorDecl>(Callee))
    return "thread";
  llvm::StringRef Name =
      Callee->getIdentifier() ? Callee->getName() : llvm::StringRef();
  if (Name == "pthread_create" || Name.starts_with("uv_thread_create"))
    return "thread";
  return "work";
}

void CrossThreadLoopCallCheck::summarise(UnitSummariser &Summary) {
  // The named functions this file hands to a thread or an offload API: the
  // file that defines one judges its loop calls as running there.
  ASTContext &Ctx = Summary.ast();
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<const FunctionDecl *> Named;
  for (const auto &Entry : functionUses(*session()).refs())
    Named.push_back(Entry.first);
  // In the order of the source, not of the map.
  llvm::sort(Named, [&](const FunctionDecl *A, const FunctionDecl *B) {
    return SM.isBeforeInTranslationUnit(A->getLocation(), B->getLocation());
  });
  for (const FunctionDecl *FD : Named) {
    if (isa<CXXMethodDecl>(FD) && cast<CXXMethodDecl>(FD)->getParent()->isLambda())
      continue;
    for (const NamedHandOff &H : Resolver.handOffsOf(FD, Ctx)) {
      if (H.Kind != ContextKind::OtherThread || !H.HandOff ||
          !SM.isInMainFile(SM.getExpansionLoc(H.HandOff->getBeginLoc())))
        continue;
      std::string USR = usrOf(*FD);
      if (USR.empty())
        continue;
      Summary.unit().HandOffs.push_back(
          {std::move(USR), qualifiedName(FD),
           H.HandOffCallee ? qualifiedName(H.HandOffCallee) : std::string(),
           Summary.point(H.HandOff->getBeginLoc()),
           std::strcmp(handOffKindText(H.HandOffCallee), "thread") == 0});
    }
  }
  // The functions that run a loop themselves: a thread that another file
  // hands one of them to is that loop's thread.
  for (const FunctionDecl *FD : Summary.functions())
    if (FunctionSummary *Entry = Summary.entry(FD);
        Entry && !Entry->Coroutine && runInfoOf(FD, Ctx).Any)
      Entry->RunsLoop = true;
}

void CrossThreadLoopCallCheck::startUnit(AnalysisSession &S) {
  LoopMethods.forgetAnswers();
  ThreadSafe.forgetAnswers();
  RunMethods.forgetAnswers();
  RunningLoopFunctions.forgetAnswers();
  Resolver.reset(S);
  RunInfos.clear();
  Reported.clear();
}

void CrossThreadLoopCallCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(*Finder, *this, *this, UserCodeNodes::Calls);
}

// ---------------------------------------------------------------------------
// Which calls are loop methods.

/// A libuv loop (`uv_loop_t`) or a libuv handle or request bound to one (a
/// struct with a `uv_loop_t *loop` field).
static bool isUvLoopOrHandle(QualType T) {
  if (!T->isPointerType())
    return false;
  const RecordDecl *RD = T->getPointeeType()->getAsRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  if (RD->getName() == "uv_loop_s")
    return true;
  const RecordDecl *Def = RD->getDefinition();
  if (!Def)
    return false;
  for (const FieldDecl *F : Def->fields()) {
    if (F->getName() != "loop" || !F->getType()->isPointerType())
      continue;
    const RecordDecl *L = F->getType()->getPointeeType()->getAsRecordDecl();
    if (L && L->getIdentifier() && L->getName() == "uv_loop_s")
      return true;
  }
  return false;
}

const Expr *CrossThreadLoopCallCheck::receiverOf(const CallExpr &Call,
                                                 const FunctionDecl &Callee,
                                                 bool IsLibuv) const {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    return MC->getImplicitObjectArgument();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call)) {
    if (isa<CXXMethodDecl>(Callee) && Op->getNumArgs() > 0)
      return Op->getArg(0);
    return nullptr;
  }
  // A C function: its loop or handle argument (libuv), else the first
  // pointer argument.
  for (unsigned I = 0; I < Call.getNumArgs() && I < Callee.getNumParams();
       ++I) {
    QualType T = Callee.getParamDecl(I)->getType();
    if (IsLibuv ? isUvLoopOrHandle(T) : T->isPointerType())
      return Call.getArg(I);
  }
  return nullptr;
}

std::optional<CrossThreadLoopCallCheck::Method>
CrossThreadLoopCallCheck::loopMethod(const CallExpr &Call, ASTContext &Ctx) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return std::nullopt;
  const FunctionNameTable::Entry *E = LoopMethods.lookup(Callee, &Call);
  if (!E || ThreadSafe.lookup(Callee, &Call))
    return std::nullopt;
  bool IsLibuv = false;
  if (!isa<CXXMethodDecl>(Callee) && Callee->getIdentifier() &&
      Callee->getName().starts_with("uv_") && E->Prefix && E->Name == "uv_") {
    IsLibuv = true;
    // The libuv preset: only functions that act on a loop or a handle (the
    // thread, mutex, semaphore, time and error helpers are thread-safe), and
    // not the synchronous file system calls (a null callback).
    if (!receiverOf(Call, *Callee, true))
      return std::nullopt;
    if (Callee->getName().starts_with("uv_fs_") && Call.getNumArgs() > 0 &&
        Call.getArg(Call.getNumArgs() - 1)
            ->IgnoreParenCasts()
            ->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return std::nullopt;
  }
  return Method{E, receiverOf(Call, *Callee, IsLibuv)};
}

// ---------------------------------------------------------------------------
// Where the receiver comes from.

/// True if \p D is declared inside the body of \p F (or of a lambda or
/// local class inside it).
static bool declaredWithin(const Decl *D, const FunctionDecl *F) {
  if (!D || !F)
    return false;
  const FunctionDecl *Canon = F->getCanonicalDecl();
  const FunctionDecl *Pattern = F->getTemplateInstantiationPattern();
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      if (FD->getCanonicalDecl() == Canon)
        return true;
      if (Pattern && FD->getCanonicalDecl() == Pattern->getCanonicalDecl())
        return true;
    }
  }
  return false;
}

static bool sameFunction(const FunctionDecl *A, const FunctionDecl *B) {
  if (!A || !B)
    return false;
  if (A->getCanonicalDecl() == B->getCanonicalDecl())
    return true;
  const FunctionDecl *PA = A->getTemplateInstantiationPattern();
  const FunctionDecl *PB = B->getTemplateInstantiationPattern();
  return (PA && PA->getCanonicalDecl() == B->getCanonicalDecl()) ||
         (PB && PB->getCanonicalDecl() == A->getCanonicalDecl());
}

static const Expr *strip(const Expr *E) {
  for (const Expr *Prev = nullptr; E && E != Prev;) {
    Prev = E;
    E = E->IgnoreImplicit()->IgnoreParenCasts();
  }
  return E;
}

/// A value of class type that cannot be copied is owned by whoever holds it
/// (an event loop, an Asio socket moved into a thread); a copyable one may
/// be a handle sharing its state (a task_handle, a shared_ptr).
static bool isMoveOnlyRecord(QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor() && !Ctor->isDeleted())
      return false;
  return !RD->needsImplicitCopyConstructor() ||
         RD->defaultedCopyConstructorIsDeleted();
}

CrossThreadLoopCallCheck::Origin
CrossThreadLoopCallCheck::originOf(const Expr *E, unsigned Level,
                                   const ThreadChain &Chain, unsigned Depth,
                                   ASTContext &Ctx) {
  Origin Unknown;
  E = strip(E);
  if (!E || Depth > 16)
    return Unknown;
  const bool AtThread = Level >= Chain.Links.size();
  const FunctionDecl *Here = AtThread ? Chain.Thread : Chain.Links[Level].first;

  if (isa<CXXThisExpr>(E)) {
    if (AtThread)
      return {OriginKind::Foreign, nullptr, false};
    // `this` of a member function: the object it is called on.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Chain.Links[Level].second))
      return originOf(MC->getImplicitObjectArgument(), Level + 1, Chain,
                      Depth + 1, Ctx);
    if (const auto *Op =
            dyn_cast<CXXOperatorCallExpr>(Chain.Links[Level].second);
        Op && Op->getNumArgs() > 0)
      return originOf(Op->getArg(0), Level + 1, Chain, Depth + 1, Ctx);
    return Unknown;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
      return originOf(UO->getSubExpr(), Level, Chain, Depth + 1, Ctx);
    return Unknown;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) {
      // A static data member: shared.
      if (VD->getTLSKind() != VarDecl::TLS_None)
        return {OriginKind::Owned, VD, false};
      return {OriginKind::Foreign, VD, false};
    }
    Origin O = originOf(ME->getBase(), Level, Chain, Depth + 1, Ctx);
    if (O.Kind == OriginKind::Foreign && !O.Root)
      O.Root = ME->getMemberDecl();
    return O;
  }
  if (isa<CXXConstructExpr, CXXNewExpr>(E))
    return {OriginKind::Owned, nullptr, false};
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    // Smart pointers: `p->f()`, `(*p).f()`.
    if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() == 1)
      return originOf(Op->getArg(0), Level, Chain, Depth + 1, Ctx);
    return Unknown;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    // The thread's own running loop: it has one only if it runs one.
    if (Callee && RunningLoopFunctions.lookup(Callee))
      return {OriginKind::Owned, nullptr, false};
    // An accessor (`runner.get_loop()`, `server.loop()`): the object it is
    // called on.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      QualType R = MC->getCallReturnType(Ctx);
      if (R->isReferenceType() || R->isPointerType())
        return originOf(MC->getImplicitObjectArgument(), Level, Chain,
                        Depth + 1, Ctx);
    }
    return Unknown;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  if (!DRE)
    return Unknown;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD)
    return Unknown;
  QualType T = VD->getType();

  const auto *P = dyn_cast<ParmVarDecl>(VD);
  const auto *Owner =
      P ? dyn_cast<FunctionDecl>(P->getDeclContext()) : nullptr;
  if (P && sameFunction(Owner, Here)) {
    if (!AtThread) {
      // Map the parameter to the argument of the call that reaches Here.
      const CallExpr *Site = Chain.Links[Level].second;
      unsigned Index = P->getFunctionScopeIndex();
      if (isa<CXXOperatorCallExpr>(Site) && isa<CXXMethodDecl>(Owner) &&
          !cast<CXXMethodDecl>(Owner)->isExplicitObjectMemberFunction())
        ++Index;
      if (Index >= Site->getNumArgs())
        return Unknown;
      return originOf(Site->getArg(Index), Level + 1, Chain, Depth + 1, Ctx);
    }
    // A parameter of the thread's body: what the starting code passed.
    if (T->isReferenceType() || T->isPointerType())
      return {OriginKind::Foreign, P, false};
    if (isMoveOnlyRecord(T))
      return {OriginKind::Owned, P, false};
    if (T->isRecordType())
      return {OriginKind::Foreign, P, false};
    return Unknown;
  }

  if (VD->hasGlobalStorage()) {
    if (VD->getTLSKind() != VarDecl::TLS_None)
      return {OriginKind::Owned, VD, false};
    return {OriginKind::Foreign, VD, false};
  }

  if (declaredWithin(VD, Here)) {
    const Expr *Init = VD->getInit();
    if (T->isReferenceType() || T->isPointerType())
      return Init ? originOf(Init, Level, Chain, Depth + 1, Ctx) : Unknown;
    // A copy of another object shares what that one shares.
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
            Init ? Init->IgnoreImplicit() : nullptr);
        CE && CE->getNumArgs() >= 1 && CE->getConstructor() &&
        CE->getConstructor()->isCopyConstructor())
      return originOf(CE->getArg(0), Level, Chain, Depth + 1, Ctx);
    return {OriginKind::Owned, VD, false};
  }

  // Declared outside the thread's body: captured by the thread's lambda.
  if (!AtThread)
    return Unknown;
  Origin O{OriginKind::Foreign, VD, false};
  if (const Expr *Init = VD->getInit())
    if (const auto *C = dyn_cast<CallExpr>(strip(Init)))
      if (const FunctionDecl *F = C->getDirectCallee();
          F && RunningLoopFunctions.lookup(F))
        O.RunningElsewhere = true;
  return O;
}

namespace {
class RunCallFinder : public RecursiveASTVisitor<RunCallFinder> {
public:
  RunCallFinder(const FunctionNameTable &Run) : Run(Run) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitCallExpr(CallExpr *C) {
    if (Found.size() < 16)
      if (const FunctionDecl *FD = C->getDirectCallee(); FD && Run.lookup(FD))
        Found.push_back(C);
    return true;
  }
  const FunctionNameTable &Run;
  llvm::SmallVector<const CallExpr *, 2> Found;
};
} // namespace

/// A variable every thread sees the same object through: a global, a static
/// (data member or local), not thread_local.
static bool isSharedVariable(const Decl *D) {
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  return VD && !isa<ParmVarDecl>(VD) && VD->hasGlobalStorage() &&
         VD->getTLSKind() == VarDecl::TLS_None;
}

const CrossThreadLoopCallCheck::RunInfo &
CrossThreadLoopCallCheck::runInfoOf(const FunctionDecl *Thread,
                                    ASTContext &Ctx) {
  auto [It, Inserted] = RunInfos.try_emplace(Thread);
  if (!Inserted)
    return It->second;
  RunInfo Info;
  const FunctionDecl *Def = nullptr;
  if (Thread && Thread->hasBody(Def) && Def->getBody()) {
    RunCallFinder Finder(RunMethods);
    Finder.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    ThreadChain Self;
    Self.Thread = Def;
    for (const CallExpr *C : Finder.Found) {
      const FunctionDecl *Callee = C->getDirectCallee();
      Info.Any = true;
      if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee))
        Info.Classes.insert(MD->getParent()->getCanonicalDecl());
      const Expr *Recv = receiverOf(*C, *Callee, /*IsLibuv=*/
                                    Callee->getName().starts_with("uv_"));
      Origin O = originOf(Recv, 0, Self, 0, Ctx);
      if (O.Root)
        Info.Roots.insert(O.Root);
    }
  }
  RunInfos[Thread] = std::move(Info);
  return RunInfos[Thread];
}

// ---------------------------------------------------------------------------

void CrossThreadLoopCallCheck::visitCall(const CallExpr &CallNode,
                                         AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  const CallExpr *Call = &CallNode;
  if (Call->containsErrors() || Call->isTypeDependent())
    return;
  std::optional<Method> M = loopMethod(*Call, Ctx);
  if (!M)
    return;
  const FunctionDecl *Callee = Call->getDirectCallee();

  ExecutionContext C = Resolver.contextOf(*Call, Ctx);
  llvm::SmallVector<ThreadChain, 4> Chains;
  if (C.Kind == ContextKind::OtherThread && C.Function) {
    ThreadChain Direct;
    Direct.Thread = C.Function;
    Direct.HandOff = C.HandOff;
    Direct.HandOffCallee = C.HandOffCallee;
    Chains.push_back(std::move(Direct));
  } else if (C.Kind == ContextKind::Plain && C.Function) {
    // A loop method calling another inside the library (call_later calls
    // call_at): the outer call is the one reported.
    Resolver.threadChainsOf(C.Function, Ctx, Chains,
                            [&](const CallExpr &Site) {
                              return loopMethod(Site, Ctx).has_value();
                            });
    // (Through the summaries too: a caller another file hands to a thread,
    // ThreadChain::External.)
  } else {
    // A coroutine runs on its loop's thread; a loop callback on the loop's
    // thread; code stored somewhere unknown is not judged.
    return;
  }

  for (const ThreadChain &Chain : Chains) {
    Origin O;
    if (M->Receiver)
      O = originOf(M->Receiver, 0, Chain, 0, Ctx);
    else
      O.Kind = OriginKind::Foreign; // a C function with no object
    if (O.Kind != OriginKind::Foreign)
      continue;
    // Reached through calls in other files: what the outermost function
    // here was given there (a loop the thread made itself, or one it was
    // handed) is not known; a loop every thread shares (a global, a static)
    // or one the starting code got running is.
    if (!Chain.ExternalCalls.empty() && !O.RunningElsewhere &&
        !isSharedVariable(O.Root))
      continue;
    if (!O.RunningElsewhere) {
      // A thread that runs the loop itself is that loop's thread.
      const RunInfo &Run = runInfoOf(Chain.Thread, Ctx);
      if (Run.Any) {
        if (O.Root && Run.Roots.count(O.Root))
          continue;
        const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
        if (!MD || !Run.Classes.count(MD->getParent()->getCanonicalDecl()))
          continue;
      }
    }
    report(*Call, *Callee, *M, Chain, Ctx);
    return;
  }
}

// ---------------------------------------------------------------------------
// The diagnostic.

static std::string sourceText(SourceRange R, const ASTContext &Ctx) {
  if (R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return "";
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R),
                              Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

static bool isIdentifier(llvm::StringRef S) {
  if (S.empty() || llvm::isDigit(S[0]))
    return false;
  return llvm::all_of(S, [](char C) { return llvm::isAlnum(C) || C == '_'; });
}

static bool isQualifiedName(llvm::StringRef S) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  S.split(Parts, "::");
  return Parts.size() > 1 && llvm::all_of(Parts, isIdentifier);
}

/// The arguments written at the call: defaulted trailing parameters (a
/// `std::source_location where = current()`) do not count.
static unsigned writtenArgs(const CallExpr &Call) {
  unsigned N = 0;
  for (const Expr *A : Call.arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      ++N;
  return N;
}

/// A receiver that can be spelled again without side effects: a variable,
/// `this`, a member chain of those, `*p`.
static bool isSimpleReceiver(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (isa<DeclRefExpr, CXXThisExpr>(E))
    return true;
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl>(ME->getMemberDecl()) &&
           isSimpleReceiver(ME->getBase());
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return UO->getOpcode() == UO_Deref && isSimpleReceiver(UO->getSubExpr());
  return false;
}

/// The function \p QualName (`ns::f`) if this translation unit declares one
/// taking (something, Loop&).
static bool declaresAlternative(llvm::StringRef QualName,
                                const CXXRecordDecl *Loop, ASTContext &Ctx) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  QualName.split(Parts, "::");
  const DeclContext *DC = Ctx.getTranslationUnitDecl();
  for (unsigned I = 0; I + 1 < Parts.size(); ++I) {
    const DeclContext *Next = nullptr;
    for (const NamedDecl *ND : DC->lookup(&Ctx.Idents.get(Parts[I])))
      if (const auto *NS = dyn_cast<NamespaceDecl>(ND))
        Next = NS;
    if (!Next)
      return false;
    DC = Next;
  }
  for (const NamedDecl *ND : DC->lookup(&Ctx.Idents.get(Parts.back()))) {
    const FunctionDecl *FD = ND->getAsFunction();
    if (!FD || FD->getNumParams() != 2)
      continue;
    const CXXRecordDecl *Second =
        recordOf(FD->getParamDecl(1)->getType().getNonReferenceType());
    if (FD->getParamDecl(1)->getType()->isLValueReferenceType() && Second &&
        sameClassOrTemplate(Second, Loop))
      return true;
  }
  return false;
}


void CrossThreadLoopCallCheck::report(const CallExpr &Call,
                                      const FunctionDecl &Callee,
                                      const Method &M, const ThreadChain &Chain,
                                      ASTContext &Ctx) {
  SourceLocation Loc = Call.getExprLoc();
  if (Loc.isInvalid() || !Reported.insert(Loc.getRawEncoding()).second)
    return;
  const std::string Name = qualifiedName(&Callee);
  const std::string &Text = M.Entry->Text;
  std::string Advice;
  if (Text.empty())
    Advice = "make the call on the loop's thread";
  else if (isIdentifier(Text) || isQualifiedName(Text))
    Advice = "use '" + Text + "'";
  else
    Advice = "use " + Text;

  {
    DiagnosticBuilder D =
        diag(Loc, "'%0' is not thread-safe, but this call runs on another "
                  "thread; %1")
        << Name << Advice;
    const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call);
    const auto *ME =
        MC ? dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()) : nullptr;
    const CXXRecordDecl *Class =
        isa<CXXMethodDecl>(Callee) ? cast<CXXMethodDecl>(Callee).getParent()
                                   : nullptr;
    if (ME && Class && !ME->getMemberLoc().isMacroID() &&
        !ME->hasExplicitTemplateArgs()) {
      if (isIdentifier(Text)) {
        // `loop.call_soon(f)` -> `loop.call_soon_threadsafe(f)`: only if
        // the class has that member.
        if (findMember(Class, DeclarationName(&Ctx.Idents.get(Text))))
          D << FixItHint::CreateReplacement(
              CharSourceRange::getTokenRange(ME->getMemberLoc()), Text);
      } else if (isQualifiedName(Text) && writtenArgs(Call) == 1 &&
                 isSimpleReceiver(ME->getBase()) && Callee.getIdentifier() &&
                 Callee.getName() == "create_task") {
        // `loop.create_task(c)` -> `ns::run_coroutine_threadsafe(c, loop)`,
        // when the handle it returns is dropped (the alternative returns a
        // std::future) and the alternative is declared.
        ResultUseInfo Use = classifyResultUse(Call, *session());
        std::string Arg = sourceText(Call.getArg(0)->getSourceRange(), Ctx);
        std::string Recv = sourceText(ME->getBase()->getSourceRange(), Ctx);
        if ((Use.Use == ResultUse::Discarded && Use.IsStatement) &&
            !Arg.empty() && !Recv.empty() &&
            declaresAlternative(Text, Class, Ctx) &&
            !Call.getBeginLoc().isMacroID() && !Call.getEndLoc().isMacroID()) {
          if (ME->isArrow())
            Recv = "*" + Recv;
          D << FixItHint::CreateReplacement(
              CharSourceRange::getTokenRange(Call.getSourceRange()),
              Text + "(" + Arg + ", " + Recv + ")");
        }
      }
    }
  }

  // Notes: the calls from the thread's body down to here, then the hand-off.
  for (const auto &[F, Site] : Chain.Links)
    diag(Site->getExprLoc(), "'%0' is called here", DiagnosticIDs::Note)
        << qualifiedName(F);
  if (Chain.External) {
    // Calls in other files, from the call of Thread up to the function
    // handed over there. A note points into the other file when it can be
    // read, and names the place either way.
    std::string Callee = qualifiedName(Chain.Thread);
    for (size_t I = Chain.ExternalCalls.size(); I-- > 0;) {
      const ExternalStep &S = Chain.ExternalCalls[I];
      const std::string Caller =
          I > 0 ? Chain.ExternalCalls[I - 1].Name : Chain.ExternalThread;
      SourceLocation There = locationIn(S.At.File, S.At.Line, S.At.Column, Ctx);
      diag(There.isValid() ? There : Loc, "'%0' is called by '%1' at %2",
           DiagnosticIDs::Note)
          << Callee << Caller << placeName(S.At.File, S.At.Line);
      Callee = Caller;
    }
    const SummaryHandOff &H = *Chain.External;
    SourceLocation There = locationIn(H.At.File, H.At.Line, H.At.Column, Ctx);
    diag(There.isValid() ? There : Loc,
         H.Thread ? "'%0' runs on the thread started at %1"
                  : "'%0' is offloaded to '%2' at %1",
         DiagnosticIDs::Note)
        << (Chain.ExternalThread.empty() ? qualifiedName(Chain.Thread)
                                         : Chain.ExternalThread)
        << placeName(H.At.File, H.At.Line) << H.Api;
  }
  if (Chain.HandOff) {
    const char *Kind = handOffKindText(Chain.HandOffCallee);
    std::string What = Chain.HandOffCallee
                           ? qualifiedName(Chain.HandOffCallee)
                           : std::string("another thread");
    if (Chain.Named)
      diag(Chain.HandOff->getExprLoc(),
           std::strcmp(Kind, "thread") == 0
               ? "'%0' runs on the thread started here"
               : "'%0' is offloaded to '%1' here",
           DiagnosticIDs::Note)
          << qualifiedName(Chain.Thread) << What;
    else
      diag(Chain.HandOff->getExprLoc(),
           std::strcmp(Kind, "thread") == 0 ? "thread started here"
                                            : "work offloaded to '%1' here",
           DiagnosticIDs::Note)
          << "" << What;
  }
}

} // namespace clang::tidy::coro
