//===--- UnobservedTaskCheck.cpp - coroguard ---------------------------------===//

#include "UnobservedTaskCheck.h"
#include "utils/AnalysisSession.h"
#include "utils/DiagnosticText.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

namespace {
enum ReportKind : unsigned { DiscardedCall, UnobservedLocal, SwallowingSink };

// Library calls that take a handle and hand its exception to user code (the
// handler sees it), so the handle they return carries no exception of the
// original task: seastar's `(void)f().handle_exception(...)` idiom, folly's
// error and Try continuations.
constexpr const char *DefaultAllowedDetachCalls =
    "seastar::future::handle_exception;"
    "seastar::future::handle_exception_type;"
    "seastar::future::then_wrapped;"
    "folly::Future::thenError;"
    "folly::Future::thenTry;"
    "folly::Future::onError;"
    "folly::SemiFuture::deferError;"
    "folly::SemiFuture::deferTry";

// Eager types whose handles are dropped on purpose from ordinary functions:
// QCoro's maintainers call dropping a Task from a Qt slot normal (qcoro#181).
constexpr const char *DefaultFireAndForgetTypes = "QCoro::Task";

// Detach calls that swallow the exceptions of what they spawn.
constexpr const char *DefaultSwallowingDetachCalls =
    "coro::scheduler::spawn_detached;"
    "coro::scheduler::spawn;"
    "coro::thread_pool::spawn_detached;"
    "coro::thread_pool::spawn;"
    "coro::io_scheduler::spawn_detached;"
    "coro::io_scheduler::spawn";

// Types that make a call a swallowing detach: a completion token passed next
// to a task (`asio::co_spawn(ex, t, asio::detached)`), or the return type of
// a fire-and-forget coroutine (`concurrencpp::null_result`).
constexpr const char *DefaultSwallowingDetachTypes =
    "asio::detached_t;boost::asio::detached_t;concurrencpp::null_result";
} // namespace

/// Adds `ns::Type` entries (or removes `-ns::Type` ones) of \p Spec to
/// \p Set. Returns false and sets \p Error for the first malformed entry.
static bool addTypeNames(llvm::StringSet<> &Set, StringRef Spec,
                         std::string &Error) {
  llvm::SmallVector<StringRef, 8> Items;
  Spec.split(Items, ';', -1, /*KeepEmpty=*/false);
  bool Ok = true;
  for (StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    StringRef Name = Item;
    bool Remove = Name.consume_front("-");
    Name = Name.trim();
    Name.consume_front("::");
    bool WellFormed = !Name.empty();
    llvm::SmallVector<StringRef, 4> Parts;
    Name.split(Parts, "::");
    for (StringRef Part : Parts) {
      WellFormed &= !Part.empty() && !llvm::isDigit(Part.front());
      for (char C : Part)
        WellFormed &= llvm::isAlnum(C) || C == '_';
    }
    if (!WellFormed) {
      if (Ok)
        Error = ("invalid entry '" + Item +
                 "': expected 'qualified::TypeName' or '-qualified::TypeName'")
                    .str();
      Ok = false;
      continue;
    }
    if (Remove)
      Set.erase(Name);
    else
      Set.insert(Name);
  }
  return Ok;
}

/// How a diagnostic names what produced a handle: "coroutine 'fetch'",
/// "'coroguard::event_loop::create_task'", "a coroutine lambda".
static std::string producerName(const CallExpr &Call,
                                CoroutineRecogniser &Recogniser) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getCalleeDecl());
  if (!FD)
    return "this call";
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && MD->getParent()->isLambda())
    return isCoroutine(MD) ? "a coroutine lambda"
                                              : "a lambda";
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && Op->getOperator() == OO_Call)
    return "this call";
  // Only a body says it is a coroutine: a declared function returning a
  // future is as likely a factory (create_task, makeFuture) as a coroutine.
  return (isCoroutine(FD) ? "coroutine '" : "'") +
         qualifiedName(FD) + "'";
}

/// Where a call is reported: at the member's name for `obj.f()` (the
/// interesting part of `loop.create_task(x)` and of `f().then(g)`), else at
/// the call's start.
static SourceLocation reportLocation(const CallExpr &Call) {
  if (isa<CXXMemberCallExpr>(Call) && Call.getExprLoc().isValid())
    return Call.getExprLoc();
  // CallExpr::getBeginLoc() hides CXXOperatorCallExpr's; Stmt's dispatches.
  return static_cast<const Stmt &>(Call).getBeginLoc();
}

/// True if objects of \p RD can be copied, so that a function may return a
/// copy of a handle that lives on elsewhere.
static bool isCopyable(const CXXRecordDecl *RD) {
  if (!RD || !(RD = RD->getDefinition()))
    return true;
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor())
      return !Ctor->isDeleted();
  return !RD->hasUserDeclaredMoveConstructor() &&
         !RD->hasUserDeclaredMoveAssignment();
}

/// True if \p E is a function parameter, as such or through std::forward,
/// std::move or a cast: a value the enclosing function received and passes on.
static bool isForwardedParameter(const Expr &E) {
  const Expr *Cur = E.IgnoreParenImpCasts();
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Cur)) {
      Cur = Cast->getSubExpr()->IgnoreParenImpCasts(); // static_cast<T&&>(t)
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Cur);
        Construct && Construct->getNumArgs() == 1) {
      Cur = Construct->getArg(0)->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(Cur)) {
      const auto *FD = Call->getDirectCallee();
      if (!FD || Call->getNumArgs() != 1)
        return false;
      std::string Name = qualifiedName(FD);
      if (Name != "std::forward" && Name != "std::move")
        return false;
      Cur = Call->getArg(0)->IgnoreParenImpCasts();
      continue;
    }
    break;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(Cur);
  return DRE && isa<ParmVarDecl>(DRE->getDecl());
}

UnobservedTaskCheck::UnobservedTaskCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context), RecogniserOpts(Options),
      AllowVoidCast(Options.get("AllowVoidCast", true)),
      CheckLocals(Options.get("CheckLocals", true)),
      AllowedDetachCallsOption(Options.get("AllowedDetachCalls", "")),
      FireAndForgetTypesOption(Options.get("FireAndForgetTypes", "")),
      ReportSwallowingDetach(Options.get("ReportSwallowingDetach", false)),
      SwallowingDetachCallsOption(Options.get("SwallowingDetachCalls", "")),
      SwallowingDetachTypesOption(Options.get("SwallowingDetachTypes", "")),
      Recogniser(RecogniserOpts.makeTable([this](const std::string &Error) {
        configurationDiag("invalid 'TaskTypes' option: %0",
                          DiagnosticIDs::Error)
            << Error;
      })) {
  std::string Error;
  auto Report = [&](const char *Option) {
    configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
        << Option << Error;
  };
  if (!AllowedDetachCalls.addDefaultsThenOption(DefaultAllowedDetachCalls,
                                                AllowedDetachCallsOption, Error))
    Report("AllowedDetachCalls");
  {
    // The calls the user added are the ones to suggest.
    FunctionNameTable UserOnly;
    std::string Ignored;
    UserOnly.addFromOption(AllowedDetachCallsOption, Ignored);
    for (const FunctionNameTable::Entry *E : UserOnly.entries())
      UserDetachCalls.push_back((E->GlobalOnly ? "::" : "") + E->Name +
                                (E->Prefix ? "*" : ""));
  }
  addTypeNames(FireAndForgetTypes, DefaultFireAndForgetTypes, Error);
  if (!addTypeNames(FireAndForgetTypes, FireAndForgetTypesOption, Error))
    Report("FireAndForgetTypes");
  if (!SwallowingDetachCalls.addDefaultsThenOption(
          DefaultSwallowingDetachCalls, SwallowingDetachCallsOption, Error))
    Report("SwallowingDetachCalls");
  addTypeNames(SwallowingDetachTypes, DefaultSwallowingDetachTypes, Error);
  if (!addTypeNames(SwallowingDetachTypes, SwallowingDetachTypesOption, Error))
    Report("SwallowingDetachTypes");
}

void UnobservedTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  RecogniserOpts.store(Opts, Options);
  Options.store(Opts, "AllowVoidCast", AllowVoidCast);
  Options.store(Opts, "CheckLocals", CheckLocals);
  Options.store(Opts, "AllowedDetachCalls", AllowedDetachCallsOption);
  Options.store(Opts, "FireAndForgetTypes", FireAndForgetTypesOption);
  Options.store(Opts, "ReportSwallowingDetach", ReportSwallowingDetach);
  Options.store(Opts, "SwallowingDetachCalls", SwallowingDetachCallsOption);
  Options.store(Opts, "SwallowingDetachTypes", SwallowingDetachTypesOption);
}

void UnobservedTaskCheck::startUnit(AnalysisSession &S) {
  AllowedDetachCalls.forgetAnswers();
  Recogniser.reset();
  Starts.reset();
  Reported.clear();
  SwallowingRecordCache.clear();
}

void UnobservedTaskCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(
      *Finder, *this, *this,
      UserCodeNodes::Calls | (CheckLocals ? UserCodeNodes::LocalVariables : 0));
}

bool UnobservedTaskCheck::firstReport(SourceLocation Loc, unsigned Kind) {
  return Reported.insert({Loc.getRawEncoding(), Kind}).second;
}

void UnobservedTaskCheck::visitCall(const CallExpr &Call, AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  checkDiscardedCall(Call, Ctx);
  if (ReportSwallowingDetach)
    checkSwallowingSink(Call, Ctx);
}

void UnobservedTaskCheck::visitLocalVariable(const VarDecl &Var,
                                             AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  if (Var.getAnyInitializer())
    checkLocal(Var, Ctx);
}

bool UnobservedTaskCheck::isListedType(const llvm::StringSet<> &Set,
                                       const CXXRecordDecl *RD) const {
  return RD && !Set.empty() && Set.contains(qualifiedName(RD));
}

std::string UnobservedTaskCheck::remedy(bool OfferVoid) const {
  std::string Ways;
  if (OfferVoid)
    Ways = "'(void)'";
  for (const std::string &Call : UserDetachCalls) {
    if (!Ways.empty())
      Ways += " or ";
    Ways += "'" + Call + "'";
  }
  if (Ways.empty())
    return "await it or store it";
  return "await it, store it, or detach it explicitly with " + Ways;
}

bool UnobservedTaskCheck::isExemptProducer(const CallExpr &Call,
                                           const TypeTraits &Traits,
                                           ASTContext &Ctx) {
  const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call.getCalleeDecl());
  if (Callee) {
    // Detached on purpose, or the exception was handed to a handler.
    if (AllowedDetachCalls.lookup(Callee))
      return true;
    // The standard library creates no tasks: std::exchange(h, {}) or a
    // container's copy hand back a handle that already existed.
    if (StringRef(qualifiedName(Callee)).starts_with("std::"))
      return true;
    // A function that can start no task (no coroutine frame, no code handed
    // on) and builds the handle it returns from what is no handle (a
    // promise's `get_result()`, a factory of ready results): the handle
    // stands for no running task.
    if (Starts.returnsNoTask(Call, Ctx))
      return true;
    // A const member function returning a copyable handle is a getter: the
    // task is kept (and observed, or not) where the original lives.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
        MD && MD->isConst() && !MD->getParent()->isLambda() &&
        isCopyable(Traits.Record))
      return true;
  }
  // A fire-and-forget type dropped from an ordinary function (a Qt slot).
  if (isListedType(FireAndForgetTypes, Traits.Record) &&
      !isCoroutine(enclosingFunction(Call, *session())))
    return true;
  return false;
}

void UnobservedTaskCheck::checkDiscardedCall(const CallExpr &Call,
                                             ASTContext &Ctx) {
  // Broken code (an editor mid-edit, through clangd) is not judged.
  if (!Call.isPRValue() || Call.isTypeDependent() || Call.containsErrors() ||
      Call.getType()->isVoidType())
    return;
  TypeTraits Traits = Recogniser.classify(Call.getType(), Ctx);
  if (!Traits.isEager())
    return;
  ResultUseInfo Use = classifyResultUse(Call, *session());
  if (Use.Use == ResultUse::Used)
    return;
  if (AllowVoidCast &&
      (Use.Use == ResultUse::VoidCast || Use.Use == ResultUse::StdIgnore))
    return;
  if (isExemptProducer(Call, Traits, Ctx))
    return;
  const SourceLocation Loc = reportLocation(Call);
  if (Loc.isInvalid() || !firstReport(Loc, DiscardedCall))
    return;
  const char *How = Use.Use == ResultUse::VoidCast    ? "is cast to void"
                    : Use.Use == ResultUse::StdIgnore ? "is assigned to "
                                                        "'std::ignore'"
                                                      : "is discarded";
  diag(Loc, "the eager '%0' returned by %1 %2: it already runs, and an "
            "exception it ends with is never retrieved; %3")
      << typeName(Call.getType(), Ctx) << producerName(Call, Recogniser)
      << How << remedy(AllowVoidCast);
}

void UnobservedTaskCheck::checkLocal(const VarDecl &Var, ASTContext &Ctx) {
  if (!Var.isLocalVarDecl() || Var.isStaticLocal() ||
      Var.getType()->isReferenceType() || Var.getType()->isDependentType() ||
      Var.isInvalidDecl())
    return;
  const auto *Call =
      dyn_cast_or_null<CallExpr>(valueProducingExpr(Var.getInit()));
  if (!Call || !Call->isPRValue() || Call->containsErrors() ||
      Call->isTypeDependent())
    return;
  TypeTraits Traits = Recogniser.classify(Var.getType(), Ctx);
  if (!Traits.isEager())
    return;
  const auto *Fn =
      dyn_cast_or_null<FunctionDecl>(Var.getParentFunctionOrMethod());
  if (!Fn || Fn->isDependentContext())
    return;
  // With AllowVoidCast, the explicit markers of a deliberately unused local
  // (`(void)h;`, `[[maybe_unused]]`) detach it like `(void)f()`.
  if (AllowVoidCast && Var.hasAttr<UnusedAttr>())
    return;
  if (isExemptProducer(*Call, Traits, Ctx))
    return;
  if (isConsumedOnSomePath(Var, *Fn, *session(),
                                  /*VoidCastConsumes=*/AllowVoidCast))
    return;
  const SourceLocation Loc = reportLocation(*Call);
  if (Loc.isInvalid() || !firstReport(Loc, UnobservedLocal))
    return;
  diag(Loc, "the eager '%0' returned by %1 is kept in '%2', but no path from "
            "there awaits, stores, returns or passes it on: it already runs, "
            "and an exception it ends with is never retrieved; %3")
      << typeName(Call->getType(), Ctx) << producerName(*Call, Recogniser)
      << Var.getName() << remedy(AllowVoidCast);
  diag(Var.getLocation(), "'%0' declared here", DiagnosticIDs::Note)
      << Var.getName();
}

void UnobservedTaskCheck::checkSwallowingSink(const CallExpr &Call,
                                              ASTContext &Ctx) {
  if (Call.isTypeDependent() || Call.isValueDependent() ||
      Call.containsErrors())
    return;
  const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call.getCalleeDecl());
  // The promise's get_return_object() is called by the coroutine machinery
  // (implicitly, in every coroutine body): it is not the user's call.
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
      MD && MD->getDeclName().isIdentifier() &&
      MD->getName() == "get_return_object")
    return;
  if (Callee && AllowedDetachCalls.lookup(Callee))
    return;
  auto IsSwallowingRecord = [&](QualType T) {
    const CXXRecordDecl *RD = T.isNull() ? nullptr : recordOf(T);
    if (!RD)
      return false;
    auto [It, Inserted] = SwallowingRecordCache.try_emplace(RD, false);
    if (Inserted)
      It->second = isListedType(SwallowingDetachTypes, RD);
    return It->second;
  };
  const SourceLocation Loc = reportLocation(Call);
  if (Loc.isInvalid())
    return;

  if (Callee && SwallowingDetachCalls.lookup(Callee)) {
    if (firstReport(Loc, SwallowingSink))
      diag(Loc, "'%0' detaches the task and swallows any exception it ends "
                "with; catch errors inside the task, or keep a handle and "
                "await it")
          << qualifiedName(Callee);
    return;
  }
  // A fire-and-forget coroutine's return type: the call of the coroutine
  // itself (a prvalue of a coroutine type), not a function that forwards a
  // reference to such an object.
  if (Call.isPRValue() && IsSwallowingRecord(Call.getType()) &&
      Recogniser.classify(Call.getType(), Ctx).IsCoroutineType) {
    if (firstReport(Loc, SwallowingSink))
      diag(Loc, "%0 returns '%1', which swallows any exception the coroutine "
                "ends with; catch errors inside the coroutine, or return a "
                "task handle and observe it")
          << producerName(Call, Recogniser) << typeName(Call.getType(), Ctx);
    return;
  }
  // A completion token that discards the outcome, passed next to a task or
  // a callable that returns one (`co_spawn(ex, session(), detached)`).
  const Expr *Token = nullptr;
  bool TakesTask = false;
  for (const Expr *Arg : Call.arguments()) {
    if (!Arg || Arg->isTypeDependent())
      continue;
    QualType T = Arg->getType();
    if (IsSwallowingRecord(T)) {
      // A token a wrapper received and passes on (`std::forward<T>(token)`)
      // is reported where the wrapper is called with it.
      if (!isForwardedParameter(*Arg))
        Token = Arg;
      continue;
    }
    TypeTraits Traits = Recogniser.classify(T, Ctx);
    if (!Traits.isLazy() && !Traits.isEager()) {
      QualType Returned = callableReturnType(T, Ctx);
      if (!Returned.isNull())
        Traits = Recogniser.classify(Returned, Ctx);
    }
    TakesTask |= Traits.isLazy() || Traits.isEager();
  }
  if (!Token || !TakesTask || !Callee || !firstReport(Loc, SwallowingSink))
    return;
  diag(Loc, "'%0' with the completion token '%1' detaches the task and "
            "swallows any exception it ends with; catch errors inside the "
            "task, or pass a completion handler that receives the exception")
      << qualifiedName(Callee) << typeName(Token->getType(), Ctx);
}

} // namespace clang::tidy::coro
