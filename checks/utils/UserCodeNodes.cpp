//===--- UserCodeNodes.cpp - coroguard ------------------------------------===//

#include "utils/UserCodeNodes.h"
#include "utils/UserCodeScope.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

/// The matchers and the subscribers of one match finder.
class NodeDispatcher : public MatchFinder::MatchCallback {
public:
  NodeDispatcher(MatchFinder &Finder, bool SystemHeaders)
      : Scope(SystemHeaders) {
    Scope.registerWith(Finder);
  }

  void add(MatchFinder &Finder, MatchFinder::MatchCallback &Check,
           UserCodeVisitor &Visitor, unsigned Kinds) {
    // A matcher per kind, added when the first check asks for the kind.
    const unsigned Missing = Kinds & ~Registered;
    if (Missing & UserCodeNodes::Calls)
      Finder.addMatcher(handOver<CallExpr>().dynCastTo<Stmt>(), this);
    if (Missing & UserCodeNodes::Constructions)
      Finder.addMatcher(handOver<CXXConstructExpr>().dynCastTo<Stmt>(), this);
    if (Missing & UserCodeNodes::LocalVariables)
      Finder.addMatcher(handOver<VarDecl>().dynCastTo<Decl>(), this);
    Registered |= Missing;
    Subscribers.push_back({&Check, &Visitor, Kinds});
  }

  // Nothing is ever bound: the nodes are handed over while matching.
  void run(const MatchFinder::MatchResult &) override {}

  void onStartOfTranslationUnit() override {
    Started = true;
    for (const Subscriber &S : Subscribers)
      S.Check->onStartOfTranslationUnit();
  }
  void onEndOfTranslationUnit() override {
    for (const Subscriber &S : Subscribers)
      S.Check->onEndOfTranslationUnit();
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
              ASTContext &Ctx) const {
    if (inSystemHeader(Node.getBeginLoc(), Ctx))
      return;
    for (const Subscriber &S : Subscribers)
      if (S.Kinds & Kind)
        (S.Visitor->*Visit)(Node, Ctx);
  }
  void visit(const CallExpr &Call, ASTContext &Ctx) const {
    handTo(UserCodeNodes::Calls, &UserCodeVisitor::visitCall, Call, Ctx);
  }
  void visit(const CXXConstructExpr &Construct, ASTContext &Ctx) const {
    handTo(UserCodeNodes::Constructions, &UserCodeVisitor::visitConstruction,
           Construct, Ctx);
  }
  void visit(const VarDecl &Var, ASTContext &Ctx) const {
    if (Var.hasLocalStorage() && !isa<ParmVarDecl>(Var))
      handTo(UserCodeNodes::LocalVariables,
             &UserCodeVisitor::visitLocalVariable, Var, Ctx);
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
      D.visit(Node, Finder->getASTContext());
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
  UserCodeScope Scope;
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

UserCodeNodes::UserCodeNodes(const ClangTidyContext &Context)
    : SystemHeaders(Context.getOptions().SystemHeaders.value_or(false)) {}

UserCodeNodes::~UserCodeNodes() = default;

void UserCodeNodes::subscribe(MatchFinder &Finder,
                              MatchFinder::MatchCallback &Check,
                              UserCodeVisitor &Visitor, unsigned Kinds) {
  std::shared_ptr<NodeDispatcher> D;
  if (Last.Finder == &Finder)
    D = Last.Dispatcher.lock();
  if (!D || D->Started) {
    D = std::make_shared<NodeDispatcher>(Finder, SystemHeaders);
    Last.Finder = &Finder;
    Last.Dispatcher = D;
  }
  D->add(Finder, Check, Visitor, Kinds);
  Dispatcher = std::move(D);
}

} // namespace clang::tidy::coro
