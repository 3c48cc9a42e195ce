//===--- AsyncGeneratorOutsideLoopCheck.cpp - coroguard -------------------===//

#include "AsyncGeneratorOutsideLoopCheck.h"
#include "utils/AnalysisSession.h"
#include "utils/CoroutineTypes.h"
#include "utils/Parents.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

AsyncGeneratorOutsideLoopCheck::AsyncGeneratorOutsideLoopCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context), GenOpts(Options),
      ContextOpts(Options),
      Recogniser(GenOpts.makeRecogniser(
          [this](const char *Option, const std::string &Error) {
            configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
                << Option << Error;
          })),
      Contexts(ContextOpts.makeSinks(
          [this](const char *Option, const std::string &Error) {
            configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
                << Option << Error;
          })) {}

void AsyncGeneratorOutsideLoopCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  GenOpts.store(Opts, Options);
  ContextOpts.store(Opts, Options);
}

void AsyncGeneratorOutsideLoopCheck::startUnit(AnalysisSession &S) {
  Recogniser.reset();
  Contexts.reset(S);
  Refs.reset();
  Reported.clear();
}

void AsyncGeneratorOutsideLoopCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(*Finder, *this, *this, UserCodeNodes::Calls);
}

/// Code that runs as part of an ordinary function (or on a thread of its
/// own), where no event loop is running unless the function runs one.
bool AsyncGeneratorOutsideLoopCheck::outsideCoroutine(const Stmt &S,
                                                      ASTContext &Ctx) {
  ExecutionContext C = Contexts.contextOf(S, Ctx);
  return (C.Kind == ContextKind::Plain || C.Kind == ContextKind::OtherThread) &&
         C.Function;
}

/// The member call that \p Object (the generator, through casts and
/// parentheses) is the object of, if it is an operation on a generator.
static std::optional<GeneratorOp> opOnObject(const Expr &Object,
                                             AsyncGeneratorRecogniser &R,
                                             AnalysisSession &Session) {
  const Stmt *Cur = &Object;
  for (unsigned Guard = 0; Guard < 16; ++Guard) {
    DynTypedNodeList Parents = parentsOf(*Cur, Session);
    const Stmt *P = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
    if (!P)
      return std::nullopt;
    if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr>(P)) {
      Cur = P;
      continue;
    }
    const auto *ME = dyn_cast<MemberExpr>(P);
    if (!ME)
      return std::nullopt;
    DynTypedNodeList Up = parentsOf(*ME, Session);
    const auto *Call = Up.empty() ? nullptr : Up[0].get<CXXMemberCallExpr>();
    if (!Call || Call->getCallee()->IgnoreParens() != ME)
      return std::nullopt;
    return R.opOf(*Call);
  }
  return std::nullopt;
}

static std::string creatorName(const CallExpr &Call, CoroutineRecogniser *) {
  const Decl *D = Call.getCalleeDecl();
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(D);
      MD && MD->getParent()->isLambda())
    return "a coroutine lambda";
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D))
    return "'" + qualifiedName(FD) + "'";
  return "a call";
}

void AsyncGeneratorOutsideLoopCheck::visitCall(const CallExpr &CallNode,
                                               AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  const CallExpr *Call = &CallNode;
  if (!Call->isPRValue() || Call->isTypeDependent() || Call->containsErrors())
    return;
  const GeneratorSpec *Spec = Recogniser.specOf(Call->getType());
  // Only generators whose cleanup is asynchronous need a loop to run it.
  if (!Spec || !Spec->hasAsyncClose())
    return;
  const FunctionDecl *Fn = enclosingFunction(*Call, *session());
  if (!Fn || Fn->isDependentContext() || !outsideCoroutine(*Call, Ctx))
    return;

  // Where the new generator goes: straight into an operation
  // (`numbers().next()`), or into a local variable.
  std::optional<GeneratorOp> Advance = opOnObject(*Call, Recogniser, *session());
  const VarDecl *Var = nullptr;
  if (!Advance) {
    const Stmt *Cur = Call;
    for (unsigned Guard = 0; Guard < 16 && !Var; ++Guard) {
      DynTypedNodeList Parents = parentsOf(*Cur, *session());
      if (Parents.empty())
        return;
      if (const auto *VD = Parents[0].get<VarDecl>()) {
        Var = VD;
        break;
      }
      const auto *P = Parents[0].get<Expr>();
      if (!P || !(isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                      CXXBindTemporaryExpr, ExprWithCleanups>(P) ||
                  (isa<CXXConstructExpr>(P) &&
                   cast<CXXConstructExpr>(P)->getNumArgs() == 1)))
        return;
      Cur = P;
    }
    if (!Var || !Var->isLocalVarDecl() || Var->getType()->isReferenceType())
      return;
    const auto *Owner =
        dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
    if (!Owner || !Owner->getBody())
      return;
    const SourceManager &SM = Ctx.getSourceManager();
    for (const DeclRefExpr *Ref : Refs.refsTo(*Var, *Owner)) {
      std::optional<GeneratorOp> Op = opOnObject(*Ref, Recogniser, *session());
      if (!Op || !outsideCoroutine(*Op->Call, Ctx))
        continue;
      if (!Advance || SM.isBeforeInTranslationUnit(Op->Call->getBeginLoc(),
                                                   Advance->Call->getBeginLoc()))
        Advance = Op;
    }
  } else if (!outsideCoroutine(*Advance->Call, Ctx)) {
    return;
  }
  if (!Advance)
    return; // created here, iterated elsewhere (moved into a coroutine)

  const SourceLocation Loc = static_cast<const Stmt *>(Call)->getBeginLoc();
  if (!Reported.insert(Loc.getRawEncoding()).second)
    return;
  const ExecutionContext Where = Contexts.contextOf(*Call, Ctx);
  std::string FnName = Where.Function && Where.Function->getDeclName()
                                             .isIdentifier()
                           ? "'" + qualifiedName(Where.Function) + "'"
                           : "a function";
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Where.Function);
      MD && MD->getParent()->isLambda())
    FnName = "a lambda";
  diag(Loc, "async generator returned by %0 is created in %1, which is not a "
            "coroutine, and advanced there: no running event loop owns it, "
            "so its asynchronous cleanup may never run; create and iterate "
            "it inside a coroutine that the event loop runs")
      << creatorName(*Call, nullptr) << FnName;
  diag(Advance->Call->getExprLoc(),
       "advanced here with '%0()' outside a coroutine", DiagnosticIDs::Note)
      << Advance->Method;
}

} // namespace clang::tidy::coro
