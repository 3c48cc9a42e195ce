//===--- DanglingReferenceCheck.cpp - coroguard ------------------------------===//

#include "DanglingReferenceCheck.h"
#include "utils/AnalysisSession.h"
#include "utils/DiagnosticText.h"
#include "utils/TaskSinks.h"
#include "utils/UnitSummariser.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

DanglingReferenceCheck::DanglingReferenceCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context),
      RecogniserOpts(Options),
      StartFunctionsOpt(Options.get("StartFunctions", "")),
      DeferredStartFunctionsOpt(Options.get("DeferredStartFunctions", "")),
      DispatchStartFunctionsOpt(Options.get("DispatchStartFunctions", "")),
      RunFunctionsOpt(Options.get("RunFunctions", "")),
      WaitFunctionsOpt(Options.get("WaitFunctions", "")),
      Recogniser(RecogniserOpts.makeTable([this](const std::string &Error) {
        configurationDiag("invalid 'TaskTypes' option: %0",
                          DiagnosticIDs::Error)
            << Error;
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
  Load(DeferredStartFunctions, DefaultDeferredStartFunctions,
       DeferredStartFunctionsOpt, "DeferredStartFunctions");
  Load(DispatchStartFunctions, DefaultDispatchStartFunctions,
       DispatchStartFunctionsOpt, "DispatchStartFunctions");
  Load(RunFunctions, DefaultRunFunctions, RunFunctionsOpt, "RunFunctions");
  Load(WaitFunctions, DefaultWaitFunctions, WaitFunctionsOpt, "WaitFunctions");
}

void DanglingReferenceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  RecogniserOpts.store(Opts, Options);
  Options.store(Opts, "StartFunctions", StartFunctionsOpt);
  Options.store(Opts, "DeferredStartFunctions", DeferredStartFunctionsOpt);
  Options.store(Opts, "DispatchStartFunctions", DispatchStartFunctionsOpt);
  Options.store(Opts, "RunFunctions", RunFunctionsOpt);
  Options.store(Opts, "WaitFunctions", WaitFunctionsOpt);
}

void DanglingReferenceCheck::startUnit(AnalysisSession &S) {
  StartFunctions.forgetAnswers();
  DeferredStartFunctions.forgetAnswers();
  DispatchStartFunctions.forgetAnswers();
  RunFunctions.forgetAnswers();
  WaitFunctions.forgetAnswers();
  Recogniser.reset();
  Analysis.reset(S);
  Reported.clear();
}

void DanglingReferenceCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(*Finder, *this, *this, UserCodeNodes::Calls);
}

void DanglingReferenceCheck::visitCall(const CallExpr &Call,
                                       AnalysisSession &S) {
  for (const DanglingFrame &F : Analysis.analyse(Call, S))
    report(F, S.context());
}

void DanglingReferenceCheck::summarise(UnitSummariser &Summary) {
  ASTContext &Ctx = Summary.ast();
  for (const FunctionDecl *FD : Summary.functions()) {
    FunctionSummary *Entry = Summary.entry(FD);
    if (!Entry)
      continue;
    for (const KeptReference &K : Analysis.keptReferences(*FD, Ctx)) {
      SummaryFrameRef Ref;
      Ref.Index = K.Index;
      Ref.Lazy = K.Lazy;
      Ref.Coroutine = qualifiedName(K.Coroutine);
      if (K.Param)
        Ref.Param = K.Param->getName().str();
      Ref.First = Summary.point(K.First);
      if (K.Later.isValid())
        Ref.Later = Summary.point(K.Later);
      Entry->FrameRefs.push_back(std::move(Ref));
    }
  }
}

/// What happens to the task, for the end of the message.
static std::string escapeText(const TaskEscape &E) {
  switch (E.How) {
  case TaskEscape::Returned:
    return "the task is returned";
  case TaskEscape::Stored:
    return "the task is stored in '" + E.What + "'";
  case TaskEscape::Started:
    return "the task is started by '" + E.What + "'";
  case TaskEscape::UsedLater:
    return "the task is kept in '" + E.What + "' and used after that";
  case TaskEscape::Discarded:
    return "the task is discarded and the coroutine runs on by itself";
  }
  return "the task outlives it";
}

static std::string escapeNote(const TaskEscape &E) {
  switch (E.How) {
  case TaskEscape::Returned:
    return "the task is returned here";
  case TaskEscape::Stored:
    return "the task is stored here";
  case TaskEscape::Started:
    if (!E.RunsInPlace)
      return "'" + E.What +
             "' schedules the task here: it runs after the call returns";
    return "'" + E.What + "' starts the task here: it runs on after this";
  case TaskEscape::UsedLater:
    return "the task in '" + E.What + "' is used here";
  case TaskEscape::Discarded:
    return "the task is discarded here";
  }
  return "the task escapes here";
}

void DanglingReferenceCheck::report(const DanglingFrame &F, ASTContext &Ctx) {
  const SourceLocation Loc =
      F.CaptureAt.isValid() ? F.CaptureAt : F.Object->getBeginLoc();
  const void *Which =
      F.What == DanglingFrame::ReferenceCapture ? F.Local : nullptr;
  if (!Reported.insert({Loc.getRawEncoding(), Which}).second)
    return;
  const std::string &Coro = F.CoroutineName;
  // Through functions that return its task: the one called names it.
  std::string CoroText = "'" + Coro + "'";
  if (F.CalledName != Coro)
    CoroText += " (called by '" + F.CalledName + "', which returns its task)";
  const char *Kind = F.Lazy ? "lazy coroutine" : "coroutine";
  const std::string Escape = escapeText(F.Escape);
  switch (F.What) {
  case DanglingFrame::Argument:
    if (F.Local)
      diag(Loc, "'%0' is destroyed at the end of its scope, before %1 %2 "
                "uses it through parameter '%3': %4")
          << F.Local->getName() << Kind << CoroText << F.Param->getName()
          << Escape;
    else
      diag(Loc, "the temporary bound to parameter '%0' is destroyed at the "
                "end of the full-expression, before %1 %2 uses it: %3")
          << F.Param->getName() << Kind << CoroText << Escape;
    break;
  case DanglingFrame::LambdaCaptures:
    if (F.Local)
      diag(Loc, "the captures of coroutine lambda '%0' are destroyed at the "
                "end of its scope, before the coroutine uses them: %1")
          << F.Local->getName() << Escape;
    else
      diag(Loc, "the captures of this coroutine lambda are destroyed with "
                "its temporary closure at the end of the full-expression, "
                "before the coroutine uses them: %0")
          << Escape;
    break;
  case DanglingFrame::ObjectArgument:
    if (F.Local)
      diag(Loc, "'%0' is destroyed at the end of its scope, before member "
                "coroutine %1 uses it through 'this': %2")
          << F.Local->getName() << CoroText << Escape;
    else
      diag(Loc, "the temporary '%0' is destroyed at the end of the "
                "full-expression, before member coroutine %1 uses it "
                "through 'this': %2")
          << typeName(F.Object->getType(), Ctx) << CoroText << Escape;
    break;
  case DanglingFrame::ReferenceCapture:
    diag(Loc, "'%0' is destroyed at the end of its scope, before the "
              "coroutine lambda that '%1' calls uses it through a capture "
              "by reference: %2")
        << F.Local->getName() << F.CalledName << Escape;
    break;
  }
  // Where it dies, where the task goes, where the frame uses it.
  if (F.Local)
    diag(F.Dies, "'%0' is destroyed here", DiagnosticIDs::Note)
        << F.Local->getName();
  else
    diag(F.Dies, "the temporary is destroyed at the end of this "
                 "full-expression",
         DiagnosticIDs::Note);
  diag(F.Escape.At, escapeNote(F.Escape), DiagnosticIDs::Note);
  for (const PassedOn &Step : F.Chain)
    diag(Step.At->getBeginLoc(), "'%0' passes it on to '%1' here",
         DiagnosticIDs::Note)
        << qualifiedName(Step.From) << qualifiedName(Step.To);
  const bool RunsLater =
      F.Lazy && !(F.Escape.How == TaskEscape::Started && F.Escape.RunsInPlace);
  const char *After = RunsLater ? "" : ", after a suspension point";
  // In another file (the summaries): the place named, the note there when
  // the file could be read, else at the call.
  const std::string Place =
      F.Elsewhere.empty() ? std::string() : " (" + F.Elsewhere + ")";
  const SourceLocation UseLoc = F.Use.isValid() ? F.Use : Loc;
  switch (F.What) {
  case DanglingFrame::Argument:
    diag(UseLoc, "'%0'%3 uses '%1' here%2", DiagnosticIDs::Note)
        << Coro << F.UsedAsName << After << Place;
    break;
  case DanglingFrame::LambdaCaptures:
    diag(UseLoc, "the coroutine uses a capture here%0", DiagnosticIDs::Note)
        << After;
    break;
  case DanglingFrame::ObjectArgument:
    diag(UseLoc, "'%0'%2 uses 'this' here%1", DiagnosticIDs::Note)
        << Coro << After << Place;
    break;
  case DanglingFrame::ReferenceCapture:
    diag(UseLoc, "the coroutine uses '%0' here%1", DiagnosticIDs::Note)
        << F.UsedAsName << After;
    break;
  }
  // The mechanical fix, as a note: a const reference to a class becomes a
  // copy the frame owns (the coroutine's parameter: a function passing it
  // on by value would own a copy that dies when it returns).
  if (F.What == DanglingFrame::Argument && F.UsedAs) {
    QualType T = F.UsedAs->getType();
    if (T->isReferenceType()) {
      QualType Pointee = T.getNonReferenceType();
      const CXXRecordDecl *RD = Pointee->getAsCXXRecordDecl();
      if ((Pointee.isConstQualified() || T->isRValueReferenceType()) && RD &&
          RD->hasDefinition() && !RD->hasAttr<PointerAttr>())
        diag(F.UsedAs->getLocation(),
             "take '%0' by value ('%1 %0'): the frame then keeps its own "
             "copy",
             DiagnosticIDs::Note)
            << F.UsedAs->getName()
            << Pointee.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
    }
  } else if (F.What == DanglingFrame::ReferenceCapture) {
    diag(Loc, "capture '%0' by value (the start function keeps the "
              "lambda's copy alive while the coroutine runs), or keep '%0' "
              "alive until the task completes",
         DiagnosticIDs::Note)
        << F.UsedAsName;
  } else if (F.What == DanglingFrame::LambdaCaptures) {
    diag(Loc, "keep the lambda alive until the task completes, or pass what "
              "it captures as parameters taken by value",
         DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::coro
