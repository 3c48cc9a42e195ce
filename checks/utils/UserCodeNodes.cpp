//===--- UserCodeNodes.cpp - coroguard ------------------------------------===//

#include "utils/UserCodeNodes.h"
#include "utils/AnalysisSession.h"
#include "utils/CheckProfile.h"
#include "utils/LLVMCompat.h"
#include "utils/Summaries.h"
#include "utils/UnitSummariser.h"
#include "utils/UseAnalysis.h"
#include "utils/UserCodeScope.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

/// The matchers and the subscribers of one match finder.
class NodeDispatcher : public MatchFinder::MatchCallback {
public:
  NodeDispatcher(MatchFinder &Finder, ClangTidyContext &Tidy,
                 bool SystemHeaders)
      : Tidy(Tidy), Scope(SystemHeaders), Profile(Tidy) {
    // The translation unit's declaration is the first node the match finder
    // visits: the scope is limited there, and there the dispatcher walks the
    // user's code itself when the match finder has nothing else to do.
    Finder.addMatcher(translationUnitDecl().bind("coroguard-tu"), this);
  }

  void add(MatchFinder &Finder, MatchFinder::MatchCallback &Check,
           UserCodeVisitor &Visitor, unsigned Kinds) {
    // A matcher per kind, added when the first check asks for the kind.
    const unsigned Missing = Kinds & ~Registered;
    if (Missing & UserCodeNodes::Calls) {
      // co_await and co_yield are not shown, only noted (before what they
      // hold): see noteConsumedOperand.
      Finder.addMatcher(handOver<CoroutineSuspendExpr>().dynCastTo<Stmt>(),
                        this);
      Finder.addMatcher(handOver<CallExpr>().dynCastTo<Stmt>(), this);
    }
    if (Missing & UserCodeNodes::Constructions)
      Finder.addMatcher(handOver<CXXConstructExpr>().dynCastTo<Stmt>(), this);
    if (Missing & UserCodeNodes::LocalVariables)
      Finder.addMatcher(handOver<VarDecl>().dynCastTo<Decl>(), this);
    Registered |= Missing;
    Subscribers.push_back({&Check, &Visitor, Kinds});
  }

  // Only the translation unit is bound: the nodes are handed over while
  // matching (HandOver) or by the dispatcher's own walk (UserNodeWalker).
  void run(const MatchFinder::MatchResult &Result) override {
    if (!Result.Nodes.getNodeAs<TranslationUnitDecl>("coroguard-tu"))
      return;
    ASTContext &Ctx = *Result.Context;
    Scope.enter(Ctx);
    // The session of this translation unit, after the scope is limited: the
    // walks it keeps see the user's code.
    Session = std::make_unique<AnalysisSession>(Ctx, Options, Store);
    for (const Subscriber &S : Subscribers) {
      S.Visitor->CurrentSession = Session.get();
      Profile.time(S.Check->getID(), [&] { S.Visitor->startUnit(*Session); });
    }
    // Only summarised, or no coroutine can be written here (the checks run
    // for the summary alone): the checks are shown nothing (their summaries
    // come from the bodies they ask about at the end).
    ShowNodes = !Options.SummaryOnly && Ctx.getLangOpts().Coroutines;
    if (!OwnWalk)
      return;
    if (ShowNodes)
      walk(*Session);
    // The match finder reads the scope right after this to find the
    // translation unit's children: with none, it visits nothing more. The
    // scope comes back before the checks' end of translation unit.
    const auto Walked = Ctx.getTraversalScope();
    Hidden = &Ctx;
    HiddenScope.assign(Walked.begin(), Walked.end());
    Ctx.setTraversalScope({});
  }

  void onStartOfTranslationUnit() override {
    Started = true;
    readSessionOptions();
    OwnWalk = nothingElseMatches() || Options.SummaryOnly;
    ShowNodes = false;
    for (const Subscriber &S : Subscribers)
      Profile.time(S.Check->getID(),
                   [&] { S.Check->onStartOfTranslationUnit(); });
  }
  void onEndOfTranslationUnit() override {
    if (Hidden) {
      Hidden->setTraversalScope(HiddenScope);
      Hidden = nullptr;
      HiddenScope.clear();
    }
    if (Session)
      for (const Subscriber &S : Subscribers)
        Profile.time(S.Check->getID(), [&] { S.Visitor->endUnit(*Session); });
    for (const Subscriber &S : Subscribers)
      Profile.time(S.Check->getID(),
                   [&] { S.Check->onEndOfTranslationUnit(); });
    if (!Options.SummaryOutput.empty() && Session)
      writeSummary(*Session);
    for (const Subscriber &S : Subscribers)
      S.Visitor->CurrentSession = nullptr;
    Session.reset();
    Store.reset();
    Scope.finish();
    Profile.report();
  }
  StringRef getID() const override { return "coroguard"; }


  /// Set when the finder starts matching: all its checks are registered by
  /// then, so a later subscription with the same finder address is another
  /// finder's.
  bool Started = false;

private:
  /// The node's expansion location is in a system header (clang's
  /// isExpansionInSystemHeader matcher).
  static bool inSystemHeader(SourceLocation Loc, const ASTContext &Ctx) {
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Expansion = SM.getExpansionLoc(Loc);
    return Expansion.isValid() && SM.isInSystemHeader(Expansion);
  }

  /// Hands \p Node, unless it is in a system header, to the subscribers of
  /// \p Kind, through their method \p Visit.
  template <typename T, typename VisitFn>
  void handTo(unsigned Kind, VisitFn Visit, const T &Node,
              AnalysisSession &Session) const {
    if (!(Registered & Kind) ||
        inSystemHeader(Node.getBeginLoc(), Session.context()))
      return;
    for (const Subscriber &S : Subscribers)
      if (S.Kinds & Kind) {
        if (!Profile.enabled())
          (S.Visitor->*Visit)(Node, Session);
        else
          Profile.time(S.Check->getID(),
                       [&] { (S.Visitor->*Visit)(Node, Session); });
      }
  }
  void visit(const CallExpr &Call, AnalysisSession &Session) const {
    if (!(Registered & UserCodeNodes::Calls))
      return;
    // What a call's arguments produce is consumed by the call (an operator
    // call may be `std::ignore = f()`: not noted).
    if (!isa<CXXOperatorCallExpr>(Call))
      for (const Expr *Arg : Call.arguments())
        noteConsumedOperand(Arg, Session);
    handTo(UserCodeNodes::Calls, &UserCodeVisitor::visitCall, Call, Session);
  }
  void visit(const CoroutineSuspendExpr &Suspend, AnalysisSession &Session) const {
    if (Registered & UserCodeNodes::Calls)
      noteConsumedOperand(Suspend.getOperand(), Session);
  }
  void visit(const CXXConstructExpr &Construct, AnalysisSession &Session) const {
    handTo(UserCodeNodes::Constructions, &UserCodeVisitor::visitConstruction,
           Construct, Session);
  }
  void visit(const VarDecl &Var, AnalysisSession &Session) const {
    if (!(Registered & UserCodeNodes::LocalVariables))
      return;
    if (Var.hasLocalStorage() && !isa<ParmVarDecl>(Var)) {
      if (const Expr *Init = Var.getInit())
        noteConsumedOperand(Init, Session);
      handTo(UserCodeNodes::LocalVariables,
             &UserCodeVisitor::visitLocalVariable, Var, Session);
    }
  }

  /// The session options of the file (the hidden `coroguard.*` keys), and
  /// the summaries they name, read once per translation unit (the store
  /// itself is shared by the process while its files do not change). A bad
  /// option is a configuration error, reported as clang-tidy reports its
  /// own, and leaves its default.
  void readSessionOptions() {
    std::vector<std::string> Errors;
    Options = coro::readSessionOptions(Tidy.getOptions().CheckOptions, Errors);
    for (const std::string &E : Errors)
      Tidy.configurationDiag("%0", DiagnosticIDs::Error) << E;
    Store.reset();
    if (Options.SummaryDirectory.empty() || Options.SummaryOnly)
      return;
    std::string Error;
    Store = loadSummaryStore(Options.SummaryDirectory, Error);
    if (!Store)
      Tidy.configurationDiag("invalid 'coroguard.SummaryDirectory' option: %0",
                             DiagnosticIDs::Error)
          << Error;
  }

  void writeSummary(AnalysisSession &Session) {
    if (Session.context().getDiagnostics().hasUncompilableErrorOccurred())
      return; // a broken AST summarises nothing trustworthy
    UnitSummariser Summary(Session);
    for (const Subscriber &S : Subscribers)
      Profile.time(S.Check->getID(), [&] { S.Visitor->summarise(Summary); });
    std::string Error;
    UnitSummary U = Summary.finish();
    if (!writeSummaryFile(Options.SummaryOutput, {U}, Error))
      Tidy.configurationDiag("cannot write the summary: %0",
                             DiagnosticIDs::Error)
          << Error;
  }

  /// What the match finder would show the matchers of \p Node.
  void visitStmt(const Stmt &Node, AnalysisSession &Session) const {
    if (const auto *Call = dyn_cast<CallExpr>(&Node))
      visit(*Call, Session);
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&Node))
      visit(*Construct, Session);
    else if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(&Node))
      visit(*Suspend, Session);
  }
  void visitDecl(const Decl &Node, AnalysisSession &Session) const {
    if (const auto *Var = dyn_cast<VarDecl>(&Node))
      visit(*Var, Session);
  }

  /// Whether every check enabled for the current file is a coro-* check, so
  /// that the match finder's traversal would serve the dispatcher alone. The
  /// names come from every module registered in this process (clang-tidy's,
  /// ours, those of other plugins); a check that the match finder holds was
  /// created from one of them. The session option `coroguard.MatchFinderNodes`
  /// always leaves the walk to the match finder (to compare both ways).
  bool nothingElseMatches() const {
    if (Options.MatchFinderNodes)
      return false;
    static const std::vector<std::string> Names = [] {
      ClangTidyCheckFactories Factories;
      for (const auto &Entry : ClangTidyModuleRegistry::entries())
        Entry.instantiate()->addCheckFactories(Factories);
      std::vector<std::string> Out;
      for (const auto &Factory : Factories)
        if (!Factory.getKey().starts_with("coro-"))
          Out.push_back(Factory.getKey().str());
      return Out;
    }();
    return llvm::none_of(Names, [&](const std::string &Name) {
      return Tidy.isCheckEnabled(Name);
    });
  }

  /// The match finder's traversal (RecursiveASTVisitor over the scope, with
  /// template instantiations and implicit code; the lambda, range-for and
  /// rewritten-operator orders of clang's MatchASTVisitor), showing each
  /// declaration and statement as the match finder would: when it is
  /// reached, statements when their parent enqueues them.
  class UserNodeWalker : public RecursiveASTVisitor<UserNodeWalker> {
    using Base = RecursiveASTVisitor<UserNodeWalker>;

  public:
    UserNodeWalker(const NodeDispatcher &D, AnalysisSession &Session)
        : D(D), Session(Session) {}

    bool shouldVisitTemplateInstantiations() const { return true; }
    bool shouldVisitImplicitCode() const { return true; }
    // The body is walked from the lambda expression (below).
    bool shouldVisitLambdaBody() const { return false; }

    bool TraverseDecl(Decl *Node) {
      if (!Node)
        return true;
      D.visitDecl(*Node, Session);
      return Base::TraverseDecl(Node);
    }
    bool TraverseStmt(Stmt *Node, DataRecursionQueue *Queue = nullptr) {
      if (!Node)
        return true;
      D.visitStmt(*Node, Session);
      return Base::TraverseStmt(Node, Queue);
    }

    bool dataTraverseNode(Stmt *S, DataRecursionQueue *Queue) {
      if (auto *For = dyn_cast<CXXForRangeStmt>(S)) {
        TraverseStmt(For->getInit());
        if (VarDecl *Var = For->getLoopVariable())
          D.visitDecl(*Var, Session); // shown, then walked with its statement
        TraverseStmt(For->getRangeInit());
        for (Stmt *Child : For->children())
          if (Child != For->getBody())
            TraverseStmt(Child);
        TraverseStmt(For->getBody());
        return true;
      }
      if (auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(S)) {
        TraverseStmt(const_cast<Expr *>(Rewritten->getLHS()));
        TraverseStmt(const_cast<Expr *>(Rewritten->getRHS()));
        for (Stmt *Child : Rewritten->children())
          TraverseStmt(Child);
        return true;
      }
      if (auto *Lambda = dyn_cast<LambdaExpr>(S)) {
        for (auto [Capture, Init] :
             llvm::zip(Lambda->captures(), Lambda->capture_inits()))
          TraverseLambdaCapture(Lambda, &Capture, Init);
        TraverseDecl(Lambda->getLambdaClass());
        TypeLoc TL =
            Lambda->getCallOperator()->getTypeSourceInfo()->getTypeLoc();
        FunctionProtoTypeLoc Proto = TL.getAsAdjusted<FunctionProtoTypeLoc>();
        if (TemplateParameterList *TPL = Lambda->getTemplateParameterList()) {
          for (NamedDecl *Param : *TPL)
            TraverseDecl(Param);
          TraverseStmt(TPL->getRequiresClause());
        }
        if (Proto) {
          if (Lambda->hasExplicitParameters())
            for (ParmVarDecl *Param : Proto.getParams())
              TraverseDecl(Param);
          const FunctionProtoType *T = Proto.getTypePtr();
          for (const QualType &E : T->exceptions())
            TraverseType(E);
          if (Expr *NE = T->getNoexceptExpr())
            TraverseStmt(NE, Queue);
          if (Lambda->hasExplicitResultType())
            TraverseTypeLoc(Proto.getReturnLoc());
        }
        TraverseStmt(compat::trailingRequiresClause(*Lambda));
        TraverseStmt(Lambda->getBody());
        return true;
      }
      return Base::dataTraverseNode(S, Queue);
    }

  private:
    const NodeDispatcher &D;
    AnalysisSession &Session;
  };

  void walk(AnalysisSession &S) const {
    UserNodeWalker(*this, S).TraverseAST(S.context());
  }

  /// A matcher for nodes of class \p T that hands each node it is asked
  /// about to the subscribers and never matches: the match finder asks once
  /// per node, in its traversal order, and a match would cost a bound-node
  /// map and a result per node for nothing (the node is all there is).
  template <typename T>
  class HandOver : public ast_matchers::internal::MatcherInterface<T> {
  public:
    explicit HandOver(const NodeDispatcher &D) : D(D) {}
    bool matches(const T &Node, ast_matchers::internal::ASTMatchFinder *Finder,
                 ast_matchers::internal::BoundNodesTreeBuilder *) const override {
      // The translation unit's declaration, the first node, made the
      // session (run()).
      if (D.Session && D.ShowNodes)
        D.visit(Node, *D.Session);
      return false;
    }

  private:
    const NodeDispatcher &D;
  };
  template <typename T> ast_matchers::internal::Matcher<T> handOver() const {
    return ast_matchers::internal::Matcher<T>(new HandOver<T>(*this));
  }

  struct Subscriber {
    MatchFinder::MatchCallback *Check;
    UserCodeVisitor *Visitor;
    unsigned Kinds;
  };
  ClangTidyContext &Tidy;
  UserCodeScope Scope;
  /// The session options of the translation unit (its file's configuration).
  SessionOptions Options;
  /// The other translation units' summaries, or null.
  std::shared_ptr<const SummaryStore> Store;
  /// The translation unit's session, from its first node to its end.
  std::unique_ptr<AnalysisSession> Session;
  /// The checks are shown the translation unit's nodes.
  bool ShowNodes = false;
  /// Each check's share, under --enable-check-profile.
  mutable CheckProfile Profile;
  /// This translation unit's nodes come from the dispatcher's own walk.
  bool OwnWalk = false;
  /// The context whose scope is emptied until the end of the translation
  /// unit, and its scope.
  ASTContext *Hidden = nullptr;
  std::vector<Decl *> HiddenScope;
  unsigned Registered = 0;
  llvm::SmallVector<Subscriber, 8> Subscribers;
};

namespace {
/// The dispatcher of the match finder whose checks are being registered on
/// this thread. clang-tidy, clangd and the compiler plugin create a finder's
/// checks and register them one after the other on one thread, before the
/// finder matches anything; the checks own the dispatcher (it dies with the
/// last of them, as the finder does).
struct LastFinder {
  const MatchFinder *Finder = nullptr;
  std::weak_ptr<NodeDispatcher> Dispatcher;
};
thread_local LastFinder Last;
} // namespace

UserCodeNodes::UserCodeNodes(ClangTidyContext &Context)
    : Tidy(Context),
      SystemHeaders(Context.getOptions().SystemHeaders.value_or(false)) {}

UserCodeNodes::~UserCodeNodes() = default;

void UserCodeNodes::subscribe(MatchFinder &Finder,
                              MatchFinder::MatchCallback &Check,
                              UserCodeVisitor &Visitor, unsigned Kinds) {
  std::shared_ptr<NodeDispatcher> D;
  if (Last.Finder == &Finder)
    D = Last.Dispatcher.lock();
  if (!D || D->Started) {
    D = std::make_shared<NodeDispatcher>(Finder, Tidy, SystemHeaders);
    Last.Finder = &Finder;
    Last.Dispatcher = D;
  }
  D->add(Finder, Check, Visitor, Kinds);
  Dispatcher = std::move(D);
}

} // namespace clang::tidy::coro
