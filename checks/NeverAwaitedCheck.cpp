//===--- NeverAwaitedCheck.cpp - coroguard --------------------------------===//

#include "NeverAwaitedCheck.h"
#include "utils/AnalysisSession.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "utils/UnitSummariser.h"
#include "utils/CallFollower.h"
#include "utils/DiagnosticText.h"
#include "utils/UseAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/Builtins.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

namespace {
enum ReportKind : unsigned {
  DiscardedCall,
  UnusedLocal,
  VoidCallable,
  OverwrittenLocal,
  DroppedParameter,
};

/// How a diagnostic names what produced the task.
struct Producer {
  /// "coroutine 'f'", "coroutine lambda", "coroutine called through 'fn'".
  std::string Subject;
  /// Where the note points, and what it says.
  SourceLocation NoteLoc;
  std::string NoteText;
};
} // namespace

static std::string sourceText(const Expr &E, const ASTContext &Ctx) {
  CharSourceRange Range = CharSourceRange::getTokenRange(E.getSourceRange());
  StringRef Text =
      Lexer::getSourceText(Range, Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Text.empty() || Text.size() > 60 || Text.contains('\n'))
    return "";
  return Text.str();
}

static const NamedDecl *referencedDecl(const Expr &E) {
  const Expr *Stripped = E.IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Stripped);
      UO && UO->getOpcode() == UO_Deref)
    Stripped = UO->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Stripped))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(Stripped))
    return ME->getMemberDecl();
  return nullptr;
}

static SourceLocation declLocation(const FunctionDecl &FD) {
  const FunctionDecl *Def = FD.getDefinition();
  return (Def ? Def : &FD)->getLocation();
}

/// Describes a callee reached indirectly, through the expression \p Via.
static Producer indirectProducer(const Expr &Via, const char *Kind,
                                 const ASTContext &Ctx) {
  Producer P;
  std::string Text = sourceText(Via, Ctx);
  P.Subject = Text.empty()
                  ? std::string(Kind) + " called indirectly"
                  : std::string(Kind) + " called through '" + Text + "'";
  if (const NamedDecl *ND = referencedDecl(Via)) {
    P.NoteLoc = ND->getLocation();
    P.NoteText = "'" + ND->getNameAsString() + "' declared here";
  }
  return P;
}

static Producer describeProducer(const CallExpr &Call, bool IsCoroutineType,
                                 CoroutineRecogniser &Recogniser,
                                 const ASTContext &Ctx) {
  const char *Kind = IsCoroutineType ? "coroutine" : "awaitable";
  const Decl *CalleeDecl = Call.getCalleeDecl();
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(CalleeDecl)) {
    if (MD->getParent()->isLambda()) {
      Producer P;
      if (!IsCoroutineType)
        P.Subject = "awaitable returned by a lambda";
      else if (isCoroutine(MD))
        P.Subject = "coroutine lambda";
      else
        P.Subject = "task returned by a lambda";
      const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      // An immediately invoked lambda needs no note; a named one does.
      if (Op && !isa<LambdaExpr>(Op->getArg(0)->IgnoreImplicit())) {
        P.NoteLoc = MD->getParent()->getLocation();
        P.NoteText = "lambda defined here";
      }
      return P;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
        Op && Op->getOperator() == OO_Call)
      return indirectProducer(*Op->getArg(0), Kind, Ctx);
  }
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(CalleeDecl)) {
    Producer P;
    std::string Name = qualifiedName(FD);
    // A function with a visible body that is not itself a coroutine (a
    // wrapper, a factory like `scheduleOn`) returns a task made elsewhere.
    const FunctionDecl *Body = nullptr;
    bool KnownNotCoroutine =
        FD->hasBody(Body) && !isCoroutine(FD);
    if (!IsCoroutineType)
      P.Subject = "awaitable returned by '" + Name + "'";
    else if (KnownNotCoroutine)
      P.Subject = "task returned by '" + Name + "'";
    else
      P.Subject = "coroutine '" + Name + "'";
    P.NoteLoc = declLocation(*FD);
    P.NoteText = "'" + Name + "' declared here";
    return P;
  }
  return indirectProducer(*Call.getCallee(), Kind, Ctx);
}

static bool isVoidCallableWrapper(const CXXRecordDecl *RD, ASTContext &Ctx);

NeverAwaitedCheck::NeverAwaitedCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context), RecogniserOpts(Options),
      AllowVoidCast(Options.get("AllowVoidCast", false)),
      CheckLocals(Options.get("CheckLocals", true)),
      CheckVoidCallables(Options.get("CheckVoidCallables", true)),
      Recogniser(RecogniserOpts.makeTable([this](const std::string &Error) {
        configurationDiag("invalid 'TaskTypes' option: %0",
                          DiagnosticIDs::Error)
            << Error;
      })) {}

void NeverAwaitedCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  RecogniserOpts.store(Opts, Options);
  Options.store(Opts, "AllowVoidCast", AllowVoidCast);
  Options.store(Opts, "CheckLocals", CheckLocals);
  Options.store(Opts, "CheckVoidCallables", CheckVoidCallables);
}

void NeverAwaitedCheck::startUnit(AnalysisSession &S) {
  Recogniser.reset();
  Overwritten.reset(S);
  Invocations.reset();
  Reported.clear();
}

void NeverAwaitedCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(
      *Finder, *this, *this,
      UserCodeNodes::Calls | (CheckLocals ? UserCodeNodes::LocalVariables : 0) |
          (CheckVoidCallables ? UserCodeNodes::Constructions : 0));
}

bool NeverAwaitedCheck::firstReport(SourceLocation Loc, unsigned Kind) {
  return Reported.insert({Loc.getRawEncoding(), Kind}).second;
}

void NeverAwaitedCheck::visitCall(const CallExpr &Call, AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  checkDiscardedCall(Call, Ctx);
  checkTaskArguments(Call, Ctx);
  if (CheckVoidCallables)
    checkHandedCallables(Call, Call.getDirectCallee(),
                         llvm::ArrayRef(Call.getArgs(), Call.getNumArgs()),
                         Ctx);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    if (CheckVoidCallables)
      checkVoidCallableConversion(*Op->getArg(1), Op->getArg(0)->getType(),
                                  Ctx);
    if (CheckLocals)
      checkAssignedTask(*Op, Ctx);
  }
}

//===-- Tasks handed to a function that drops them ------------------------===//

llvm::SmallVector<unsigned, 2>
NeverAwaitedCheck::taskParams(const FunctionDecl &FD, ASTContext &Ctx) {
  llvm::SmallVector<unsigned, 2> Out;
  // A virtual method may be overridden by one that keeps the task; a
  // coroutine keeps its parameters in its frame; a template is judged by
  // its instantiations' callers.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD); MD && MD->isVirtual())
    return Out;
  if (FD.isDependentContext() || FD.isVariadic() ||
      FD.getTemplateInstantiationPattern() ||
      FD.isFunctionTemplateSpecialization() ||
      isCoroutine(&FD))
    return Out;
  for (unsigned I = 0; I < FD.getNumParams(); ++I) {
    QualType T = FD.getParamDecl(I)->getType();
    if (T->isLValueReferenceType() || T->isPointerType())
      continue;
    if (Recogniser.classify(T.getNonReferenceType(), Ctx).isLazy())
      Out.push_back(I);
  }
  return Out;
}

TaskParamFate NeverAwaitedCheck::taskParamFate(const FunctionDecl &Def,
                                               unsigned Index) {
  // Precision first: any mention of the parameter (awaited, moved on,
  // stored, even asked whether it is ready) counts as keeping the task. Only
  // a parameter the body never names is dropped: the task is destroyed
  // without having run.
  const ParmVarDecl *P = Def.getParamDecl(Index);
  if (!P->isReferenced())
    return TaskParamFate::Drops;
  // Stored: assigned to a member or a global.
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    explicit Finder(const ParmVarDecl *P) : P(P) {}
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->getOpcode() == BO_Assign && refersTo(B->getRHS()))
        Stored |= isa<MemberExpr>(B->getLHS()->IgnoreParenImpCasts());
      return true;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) {
      if (C->getOperator() == OO_Equal && C->getNumArgs() == 2 &&
          refersTo(C->getArg(1)))
        Stored |= isa<MemberExpr>(C->getArg(0)->IgnoreParenImpCasts());
      return true;
    }
    bool refersTo(const Expr *E) const {
      E = E->IgnoreParenImpCasts();
      if (const auto *Call = dyn_cast<CallExpr>(E); Call && Call->isCallToStdMove() &&
                                                    Call->getNumArgs() == 1)
        E = Call->getArg(0)->IgnoreParenImpCasts();
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
          Construct && Construct->getNumArgs() == 1)
        return refersTo(Construct->getArg(0));
      const auto *DRE = dyn_cast<DeclRefExpr>(E);
      return DRE && DRE->getDecl() == P;
    }
    const ParmVarDecl *P;
    bool Stored = false;
  } F(P);
  F.TraverseStmt(Def.getBody());
  return F.Stored ? TaskParamFate::Stores : TaskParamFate::Consumes;
}

void NeverAwaitedCheck::checkTaskArguments(const CallExpr &Call,
                                           ASTContext &Ctx) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  // An operator (`operator co_await(a)` spelled as a call, in a library's
  // getAwaiter) makes something of its operand, it does not keep a task.
  if (!Callee || Call.isTypeDependent() || Call.containsErrors() ||
      isa<CXXOperatorCallExpr>(Call) || Callee->isOverloadedOperator())
    return;
  llvm::SmallVector<unsigned, 2> Params;
  for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
    const Expr *Arg = Call.getArg(I);
    if (!Arg || Arg->isTypeDependent() || Arg->isLValue())
      continue;
    if (!Recogniser.classify(Arg->getType(), Ctx).isLazy())
      continue;
    int Param = parameterForArgument(Call, *Callee, I);
    if (Param < 0)
      continue;
    if (Params.empty()) {
      Params = taskParams(*Callee, Ctx);
      if (Params.empty())
        return;
    }
    if (!llvm::is_contained(Params, static_cast<unsigned>(Param)))
      continue;
    // Where the callee's body is: here, or in another file's summary.
    const ParmVarDecl *Named = Callee->getParamDecl(Param);
    SourceLocation NoteLoc;
    std::string Where;
    const FunctionDecl *Def = nullptr;
    if (Callee->hasBody(Def) && Def->getBody()) {
      // Functions of the main file only (as the summaries hold): a header's
      // may be a library's stand-in (a test double, a stub of a vendored
      // library) whose real body lives elsewhere.
      const SourceManager &SM = Ctx.getSourceManager();
      if (!SM.isInMainFile(SM.getExpansionLoc(Def->getLocation())) ||
          taskParamFate(*Def, Param) != TaskParamFate::Drops)
        continue;
      NoteLoc = Def->getParamDecl(Param)->getLocation();
      Named = Def->getParamDecl(Param);
    } else {
      const SummaryStore *Store = session()->summaries();
      const FunctionSummary *S = Store ? Store->find(usrOf(*Callee)) : nullptr;
      const SummaryTaskParam *Fate = nullptr;
      if (S)
        for (const SummaryTaskParam &TP : S->TaskParams)
          if (TP.Index == static_cast<unsigned>(Param))
            Fate = &TP;
      if (!Fate || Fate->Fate != TaskParamFate::Drops)
        continue;
      NoteLoc = locationIn(Fate->At.File, Fate->At.Line, Fate->At.Column, Ctx);
      Where = " (" + placeName(Fate->At.File, Fate->At.Line) + ")";
    }
    if (!firstReport(Arg->getBeginLoc(), DroppedParameter))
      continue;
    diag(Arg->getBeginLoc(),
         "the lazy task passed to '%0' never runs: '%0' never awaits, "
         "stores or hands on its parameter%1")
        << qualifiedName(Callee)
        << (Named->getName().empty() ? std::string()
                                     : " '" + Named->getName().str() + "'");
    if (NoteLoc.isValid())
      diag(NoteLoc, "'%0'%1 drops the task here", DiagnosticIDs::Note)
          << qualifiedName(Callee) << Where;
  }
}

void NeverAwaitedCheck::summarise(UnitSummariser &Summary) {
  ASTContext &Ctx = Summary.ast();
  for (const FunctionDecl *FD : Summary.functions()) {
    FunctionSummary *Entry = Summary.entry(FD);
    if (!Entry)
      continue;
    for (unsigned I : taskParams(*FD, Ctx)) {
      const TaskParamFate Fate = taskParamFate(*FD, I);
      Entry->TaskParams.push_back(
          {I, Fate,
           Summary.point(Fate == TaskParamFate::Drops
                             ? FD->getParamDecl(I)->getLocation()
                             : FD->getLocation())});
    }
  }
}

void NeverAwaitedCheck::visitLocalVariable(const VarDecl &Var,
                                           AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  if (Var.getAnyInitializer())
    checkLocal(Var, Ctx);
}

void NeverAwaitedCheck::visitConstruction(const CXXConstructExpr &Construct,
                                          AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  if (Construct.getNumArgs() == 1)
    checkVoidCallableConversion(*Construct.getArg(0), Construct.getType(),
                                Ctx);
  // A void-callable wrapper is the rule above's; others are followed.
  const CXXRecordDecl *Built = recordOf(Construct.getType());
  if (!Built || !isVoidCallableWrapper(Built, Ctx))
    checkHandedCallables(
        Construct, Construct.getConstructor(),
        llvm::ArrayRef(Construct.getArgs(), Construct.getNumArgs()), Ctx);
}

void NeverAwaitedCheck::checkDiscardedCall(const CallExpr &Call,
                                           ASTContext &Ctx) {
  // Broken code (an editor mid-edit, through clangd) is not judged.
  if (!Call.isPRValue() || Call.isTypeDependent() || Call.containsErrors() ||
      Call.getType()->isVoidType())
    return;
  TypeTraits Traits = Recogniser.classify(Call.getType(), Ctx);
  if (!Traits.isLazy())
    return;
  // The awaiter of a co_await, the promise's get_return_object and
  // initial_suspend: consumed by the coroutine machinery, no question to ask.
  if (isCompilerWrittenCoroutineCall(Call))
    return;
  ResultUseInfo Use = classifyResultUse(Call, *session());
  if (Use.Use == ResultUse::Used)
    return;
  if (AllowVoidCast &&
      (Use.Use == ResultUse::VoidCast || Use.Use == ResultUse::StdIgnore))
    return;
  // CallExpr::getBeginLoc() hides CXXOperatorCallExpr's (it would point at
  // the `(` of `fn()`); Stmt's dispatches on the class.
  const SourceLocation CallLoc = static_cast<const Stmt &>(Call).getBeginLoc();
  if (!firstReport(CallLoc, DiscardedCall))
    return;

  Producer P = describeProducer(Call, Traits.IsCoroutineType, Recogniser, Ctx);
  std::string Type = "'" + typeName(Call.getType(), Ctx) + "'";
  std::string How;
  switch (Use.Use) {
  case ResultUse::VoidCast:
    How = "casting the lazy " + Type + " to void discards it";
    break;
  case ResultUse::StdIgnore:
    How = "assigning the lazy " + Type + " to 'std::ignore' discards it";
    break;
  default:
    How = "the lazy " + Type + " it returns is discarded";
    break;
  }
  const char *Consequence =
      Traits.IsCoroutineType ? "its body never runs" : "it never takes effect";
  {
    DiagnosticBuilder D = diag(CallLoc, "%0 is never awaited: %1, so %2")
                          << P.Subject << How << Consequence;
    const SourceLocation Begin =
        Use.Outermost ? Use.Outermost->getBeginLoc() : SourceLocation();
    const SourceLocation End =
        Use.Outermost ? Use.Outermost->getEndLoc() : SourceLocation();
    if (Use.Use == ResultUse::Discarded && Use.IsStatement && Begin.isValid() &&
        !Begin.isMacroID() && !End.isMacroID()) {
      const FunctionDecl *Fn = enclosingFunction(Call, *session());
      // `co_await` binds like a unary operator: an overloaded binary
      // operator (`a() && b()`) needs parentheses to be awaited whole.
      const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      if (Fn && isCoroutine(Fn)) {
        if (Op && Op->isInfixBinaryOp()) {
          SourceLocation AfterEnd = Lexer::getLocForEndOfToken(
              End, 0, Ctx.getSourceManager(), Ctx.getLangOpts());
          if (AfterEnd.isValid())
            D << FixItHint::CreateInsertion(Begin, "co_await (")
              << FixItHint::CreateInsertion(AfterEnd, ")");
        } else {
          D << FixItHint::CreateInsertion(Begin, "co_await ");
        }
      }
    }
  }
  if (P.NoteLoc.isValid())
    diag(P.NoteLoc, P.NoteText, DiagnosticIDs::Note);
}

/// True if the reference variable \p Var is bound to a temporary whose
/// lifetime it extends (`auto &&t = f();`, `const auto &t = f();`): it owns
/// the task like `auto t = f();` would.
static bool bindsTemporary(const VarDecl &Var) {
  const Expr *Init = Var.getInit();
  for (const Expr *Prev = nullptr; Init && Init != Prev;) {
    Prev = Init;
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(Init))
      Init = EWC->getSubExpr();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(Init);
        ICE && ICE->getCastKind() == CK_NoOp)
      Init = ICE->getSubExpr();
    Init = Init->IgnoreParens();
  }
  const auto *MTE = dyn_cast_or_null<MaterializeTemporaryExpr>(Init);
  return MTE && MTE->getExtendingDecl() == &Var;
}

void NeverAwaitedCheck::checkLocal(const VarDecl &Var, ASTContext &Ctx) {
  if (!Var.isLocalVarDecl() || Var.isStaticLocal() ||
      Var.getType()->isDependentType())
    return;
  const bool IsReference = Var.getType()->isReferenceType();
  if (IsReference && !bindsTemporary(Var))
    return;
  const auto *Call = dyn_cast_or_null<CallExpr>(valueProducingExpr(Var.getInit()));
  if (!Call || !Call->isPRValue() || Call->containsErrors())
    return;
  TypeTraits Traits = Recogniser.classify(Var.getType(), Ctx);
  if (!Traits.isLazy())
    return;
  const auto *Fn =
      dyn_cast_or_null<FunctionDecl>(Var.getParentFunctionOrMethod());
  if (!Fn || Fn->isDependentContext())
    return;
  // With AllowVoidCast, the explicit markers of a deliberately unused local
  // (`(void)t;`, `[[maybe_unused]]`) are accepted like `(void)f()`.
  if (AllowVoidCast && Var.hasAttr<UnusedAttr>())
    return;
  const char *Consequence =
      Traits.IsCoroutineType ? "its body never runs" : "it never takes effect";
  // A reference is named by the type it refers to, without `&&`/`const &`.
  const std::string Type = typeName(
      IsReference ? Var.getType().getNonReferenceType().getUnqualifiedType()
                  : Var.getType(),
      Ctx);
  if (isConsumedOnSomePath(Var, *Fn, *session(),
                                  /*VoidCastConsumes=*/AllowVoidCast)) {
    // Consumed later, but perhaps only after the task it holds now was
    // overwritten by another.
    reportOverwrite(Var, *Var.getInit(), *Call, Traits, *Fn, Ctx);
    return;
  }
  if (!firstReport(Var.getLocation(), UnusedLocal))
    return;
  Producer P = describeProducer(*Call, Traits.IsCoroutineType, Recogniser, Ctx);
  diag(Var.getLocation(),
       "%0 is never awaited: '%1' %select{holds|is bound to}2 the lazy '%3' "
       "it returns, but no path from here co_awaits, returns, moves or passes "
       "it on, so %4")
      << P.Subject << Var.getName() << IsReference << Type << Consequence;
  if (P.NoteLoc.isValid())
    diag(P.NoteLoc, P.NoteText, DiagnosticIDs::Note);
}

void NeverAwaitedCheck::checkAssignedTask(const CXXOperatorCallExpr &Assign,
                                          ASTContext &Ctx) {
  const VarDecl *Var = LocalOverwrites::assignedVariable(Assign);
  if (!Var || !Var->isLocalVarDecl() || Var->isStaticLocal() ||
      Var->getType()->isDependentType() || Assign.containsErrors())
    return;
  if (Var->getType()->isReferenceType() && !bindsTemporary(*Var))
    return;
  const auto *Call =
      dyn_cast_or_null<CallExpr>(valueProducingExpr(Assign.getArg(1)));
  if (!Call || !Call->isPRValue() || Call->containsErrors())
    return;
  TypeTraits Traits = Recogniser.classify(Var->getType(), Ctx);
  if (!Traits.isLazy())
    return;
  const auto *Fn =
      dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Fn || Fn->isDependentContext())
    return;
  reportOverwrite(*Var, Assign, *Call, Traits, *Fn, Ctx);
}

void NeverAwaitedCheck::reportOverwrite(const VarDecl &Var,
                                        const Expr &Definition,
                                        const CallExpr &Call,
                                        const TypeTraits &Traits,
                                        const FunctionDecl &Fn,
                                        ASTContext &Ctx) {
  llvm::SmallVector<const Expr *, 2> Overwrites = Overwritten.overwritesBeforeUse(
      Var, Definition, Fn, Ctx, /*VoidCastConsumes=*/AllowVoidCast);
  if (Overwrites.empty())
    return;
  const bool IsInit = &Definition == Var.getInit();
  const SourceLocation Loc =
      IsInit ? Var.getLocation()
             : static_cast<const Stmt &>(Call).getBeginLoc();
  if (!firstReport(Loc, OverwrittenLocal))
    return;
  Producer P = describeProducer(Call, Traits.IsCoroutineType, Recogniser, Ctx);
  diag(Loc, "%0 is never awaited: the lazy '%1' it returns %select{is stored "
            "in|is assigned to}2 '%3' and overwritten before any path "
            "co_awaits, returns, moves or passes it on, so %4")
      << P.Subject << typeName(Call.getType(), Ctx) << !IsInit
      << Var.getName()
      << (Traits.IsCoroutineType ? "its body never runs"
                                 : "it never takes effect");
  for (const Expr *O : Overwrites) {
    SourceLocation At = O->getExprLoc();
    diag(At.isValid() ? At : O->getBeginLoc(),
         "'%0' is overwritten here, destroying it unawaited",
         DiagnosticIDs::Note)
        << Var.getName();
  }
  if (P.NoteLoc.isValid())
    diag(P.NoteLoc, P.NoteText, DiagnosticIDs::Note);
}

/// True for type-erasing callable wrappers whose call returns void:
/// specialisations over a function type `void(Args...)` with an
/// `operator()` returning void (std::function<void()>,
/// std::move_only_function<void()>, folly::Function<void()>, ...).
static bool isVoidCallableWrapper(const CXXRecordDecl *RD, ASTContext &Ctx) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return false;
  bool HasVoidSignature = false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() != TemplateArgument::Type)
      continue;
    if (const auto *FT =
            Arg.getAsType().getCanonicalType()->getAs<FunctionType>())
      HasVoidSignature |= FT->getReturnType()->isVoidType();
  }
  if (!HasVoidSignature)
    return false;
  const NamedDecl *Call =
      findMember(RD, Ctx.DeclarationNames.getCXXOperatorName(OO_Call));
  const FunctionDecl *CallFn = Call ? Call->getAsFunction() : nullptr;
  return CallFn && CallFn->getReturnType()->isVoidType();
}

void NeverAwaitedCheck::checkVoidCallableConversion(const Expr &Callable,
                                                    QualType Target,
                                                    ASTContext &Ctx) {
  const CXXRecordDecl *TargetRD = recordOf(Target);
  if (!TargetRD || !isVoidCallableWrapper(TargetRD, Ctx))
    return;
  const Expr *Arg = &Callable;
  for (const Expr *Prev = nullptr; Prev != Arg;) {
    Prev = Arg;
    Arg = Arg->IgnoreImplicit()->IgnoreParens();
  }
  if (Arg->isTypeDependent())
    return;
  if (sameClassOrTemplate(recordOf(Arg->getType()), TargetRD))
    return; // copying or moving another wrapper of the same kind
  QualType Returned = callableReturnType(Arg->getType(), Ctx);
  if (Returned.isNull())
    return;
  TypeTraits Traits = Recogniser.classify(Returned, Ctx);
  if (!Traits.isLazy() || !firstReport(Arg->getBeginLoc(), VoidCallable))
    return;

  std::string Subject;
  SourceLocation NoteLoc;
  std::string NoteText;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(Arg)) {
    Subject = isCoroutine(Lambda->getCallOperator())
                  ? "coroutine lambda"
                  : "lambda";
  } else if (const NamedDecl *ND = referencedDecl(*Arg)) {
    const auto *FD = dyn_cast<FunctionDecl>(ND);
    const FunctionDecl *Body = nullptr;
    bool KnownNotCoroutine =
        FD && FD->hasBody(Body) && !isCoroutine(FD);
    Subject = (KnownNotCoroutine ? "function '" : "coroutine '") +
              qualifiedName(ND) + "'";
    NoteLoc = FD ? declLocation(*FD) : ND->getLocation();
    NoteText = "'" + qualifiedName(ND) + "' declared here";
  } else {
    std::string Text = sourceText(*Arg, Ctx);
    Subject = Text.empty() ? "coroutine callable"
                           : "coroutine callable '" + Text + "'";
  }
  diag(Arg->getBeginLoc(),
       "%0 is passed as a void-returning callable '%1': the lazy '%2' it "
       "returns is dropped by the callee and never awaited")
      << Subject << typeName(Target.getCanonicalType(), Ctx)
      << typeName(Returned, Ctx);
  if (NoteLoc.isValid())
    diag(NoteLoc, NoteText, DiagnosticIDs::Note);
}

namespace {
/// The callable an argument hands over, where it is made: a lambda, a
/// function named, a local callable object, a temporary functor. Null for
/// anything else (a parameter passed on, a member, a call's result): those
/// are followed from where they were made, or not at all.
struct Origin {
  const Expr *Expr = nullptr;
  const NamedDecl *Named = nullptr;
};
} // namespace

static Origin originOf(const Expr &Arg) {
  const Expr *E = &Arg;
  for (const Expr *Prev = nullptr; E && E != Prev;) {
    Prev = E;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      if (CE->getNumArgs() == 1 && Ctor &&
          (Ctor->isCopyConstructor() || Ctor->isMoveConstructor()))
        E = CE->getArg(0);
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (FD && Call->getNumArgs() == 1 &&
          (FD->getBuiltinID() == Builtin::BImove ||
           FD->getBuiltinID() == Builtin::BIforward))
        E = Call->getArg(0);
    }
  }
  if (!E)
    return {};
  if (isa<LambdaExpr>(E))
    return {E, nullptr};
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      return {E, FD};
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
        !VD->getType()->isReferenceType() && !VD->isImplicit())
      return {E, VD};
    return {};
  }
  if (isa<CXXTemporaryObjectExpr, CXXFunctionalCastExpr, InitListExpr>(E) &&
      E->getType()->isRecordType())
    return {E, nullptr};
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
      CE && CE->getType()->isRecordType())
    return {E, nullptr};
  return {};
}

void NeverAwaitedCheck::checkHandedCallables(const Expr &HandOff,
                                             const FunctionDecl *Callee,
                                             llvm::ArrayRef<const Expr *> Args,
                                             ASTContext &Ctx) {
  if (!Callee || HandOff.isTypeDependent() || HandOff.isValueDependent() ||
      HandOff.containsErrors())
    return;
  for (unsigned I = 0; I < Args.size(); ++I)
    if (Args[I] && !Args[I]->isTypeDependent())
      checkHandedCallable(HandOff, *Callee, I, *Args[I], Ctx);
}

/// How a diagnostic names the callee a callable is handed to.
static std::string calleeName(const Expr &HandOff, const FunctionDecl &Callee,
                              const ASTContext &Ctx) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&Callee))
    return qualifiedName(Ctor->getParent());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&HandOff);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0) {
    std::string Text = sourceText(*Op->getArg(0), Ctx);
    if (!Text.empty())
      return Text;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(&Callee))
      return qualifiedName(MD->getParent());
  }
  return qualifiedName(&Callee);
}

void NeverAwaitedCheck::checkHandedCallable(const Expr &HandOff,
                                            const FunctionDecl &Callee,
                                            unsigned ArgIndex,
                                            const Expr &Arg,
                                            ASTContext &Ctx) {
  Origin O = originOf(Arg);
  if (!O.Expr || O.Expr->isTypeDependent())
    return;
  CallableSignature Sig = CallableSignature::of(O.Expr->getType(), Ctx);
  if (!Sig.valid())
    return;
  TypeTraits Traits = Recogniser.classify(Sig.Result, Ctx);
  if (!Traits.isLazy())
    return;
  int Param = parameterForArgument(HandOff, Callee, ArgIndex);
  if (Param < 0)
    return;
  // A generic callee: the parameter receives the callable itself (by
  // value or by reference), not something it converts to.
  CallableSignature ParamSig = CallableSignature::of(
      Callee.getParamDecl(static_cast<unsigned>(Param))->getType(), Ctx);
  if (!ParamSig.valid() || ParamSig.Callable != Sig.Callable)
    return;
  const CallableInvocations::Result &Found = Invocations.ofParameter(
      Callee, static_cast<unsigned>(Param), Sig, Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  const CallableInvocations::Invocation *Dropped = nullptr;
  for (const CallableInvocations::Invocation &Inv : Found.Invocations) {
    // A call in code the check sees is reported where it is dropped, by
    // the discarded-call rule.
    if (!SM.isInSystemHeader(SM.getExpansionLoc(Inv.Call->getBeginLoc())))
      continue;
    ResultUse Use =
        classifyResultUse(*Inv.Call, *session(), Invocations.parentsIn(*Inv.Function))
            .Use;
    if (Use != ResultUse::Used) {
      Dropped = &Inv;
      break;
    }
  }
  if (!Dropped)
    return;
  const SourceLocation Loc = O.Expr->getBeginLoc();
  if (!firstReport(Loc, VoidCallable))
    return;

  std::string Subject;
  SourceLocation NoteLoc;
  std::string NoteText;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(O.Expr)) {
    Subject = isCoroutine(Lambda->getCallOperator())
                  ? "coroutine lambda"
                  : "lambda";
  } else if (const auto *FD = dyn_cast_or_null<FunctionDecl>(O.Named)) {
    const FunctionDecl *Body = nullptr;
    bool KnownNotCoroutine =
        FD->hasBody(Body) && !isCoroutine(FD);
    Subject = (KnownNotCoroutine ? "function '" : "coroutine '") +
              qualifiedName(FD) + "'";
    NoteLoc = declLocation(*FD);
    NoteText = "'" + qualifiedName(FD) + "' declared here";
  } else if (O.Named) {
    const CXXRecordDecl *RD = recordOf(O.Expr->getType());
    bool CoroutineLambda =
        RD && RD->isLambda() &&
        isCoroutine(RD->getLambdaCallOperator());
    Subject = std::string(CoroutineLambda ? "coroutine lambda '" : "callable '") +
              O.Named->getName().str() + "'";
    NoteLoc = O.Named->getLocation();
    NoteText = "'" + O.Named->getName().str() + "' declared here";
  } else {
    std::string Text = sourceText(*O.Expr, Ctx);
    Subject = Text.empty() ? "coroutine callable"
                           : "coroutine callable '" + Text + "'";
  }
  diag(Loc, "%0 is never awaited: '%1' calls it and discards the lazy '%2' "
            "it returns, so %3")
      << Subject << calleeName(HandOff, Callee, Ctx)
      << typeName(isa_and_nonnull<FunctionDecl>(O.Named)
                      ? cast<FunctionDecl>(O.Named)->getReturnType()
                      : callableReturnType(O.Expr->getType(), Ctx),
                  Ctx)
      << (Traits.IsCoroutineType ? "its body never runs"
                                 : "it never takes effect");
  for (const Expr *Step : Dropped->Path) {
    if (SM.isInSystemHeader(SM.getExpansionLoc(Step->getBeginLoc())))
      continue;
    const FunctionDecl *Next = nullptr;
    if (const auto *C = dyn_cast<CallExpr>(Step))
      Next = C->getDirectCallee();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Step))
      Next = CE->getConstructor();
    if (Next)
      diag(Step->getBeginLoc(), "passed on to '%0' here", DiagnosticIDs::Note)
          << calleeName(*Step, *Next, Ctx);
    else
      diag(Step->getBeginLoc(), "passed on here", DiagnosticIDs::Note);
  }
  diag(Dropped->Call->getBeginLoc(),
       "called here, in '%0', which discards the result",
       DiagnosticIDs::Note)
      << qualifiedName(Dropped->Function);
  if (NoteLoc.isValid())
    diag(NoteLoc, NoteText, DiagnosticIDs::Note);
}

} // namespace clang::tidy::coro
