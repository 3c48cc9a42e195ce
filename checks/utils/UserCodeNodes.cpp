//===--- UserCodeNodes.cpp - coroguard ------------------------------------===//

#include "utils/UserCodeNodes.h"
#include "utils/UserCodeScope.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
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
      Finder.addMatcher(
          callExpr(unless(isExpansionInSystemHeader())).bind("call"), this);
    if (Missing & UserCodeNodes::Constructions)
      Finder.addMatcher(
          cxxConstructExpr(unless(isExpansionInSystemHeader())).bind("construct"),
          this);
    if (Missing & UserCodeNodes::LocalVariables)
      Finder.addMatcher(varDecl(hasLocalStorage(), unless(parmVarDecl()),
                                unless(isExpansionInSystemHeader()))
                            .bind("local"),
                        this);
    Registered |= Missing;
    Subscribers.push_back({&Check, &Visitor, Kinds});
  }

  void run(const MatchFinder::MatchResult &Result) override {
    ASTContext &Ctx = *Result.Context;
    const BoundNodes &Nodes = Result.Nodes;
    if (const auto *Call = Nodes.getNodeAs<CallExpr>("call")) {
      for (const Subscriber &S : Subscribers)
        if (S.Kinds & UserCodeNodes::Calls)
          S.Visitor->visitCall(*Call, Ctx);
    } else if (const auto *Construct =
                   Nodes.getNodeAs<CXXConstructExpr>("construct")) {
      for (const Subscriber &S : Subscribers)
        if (S.Kinds & UserCodeNodes::Constructions)
          S.Visitor->visitConstruction(*Construct, Ctx);
    } else if (const auto *Var = Nodes.getNodeAs<VarDecl>("local")) {
      for (const Subscriber &S : Subscribers)
        if (S.Kinds & UserCodeNodes::LocalVariables)
          S.Visitor->visitLocalVariable(*Var, Ctx);
    }
  }

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
