//===--- UserCodeNodes.h - coroguard ------------------------------*- C++ -*-===//
//
// The nodes of user code the coro-* checks look at, matched once for all of
// them.
//
// Every check starts from the same few kinds of node outside system headers:
// calls, constructions, local variables. Registered by each check, the same
// `callExpr(unless(isExpansionInSystemHeader()))` ran up to six times on
// every call of the translation unit (a coroutine body holds dozens the
// compiler wrote: await_ready, await_suspend, the promise's calls), and each
// match built its own bound-node map and result before the check could turn
// it down. Here one matcher per kind runs for all the checks of a match
// finder and hands each node to every check that asked for that kind, in the
// order the checks registered, in the match finder's traversal order: what
// each check sees, and in which order, is unchanged. The matcher hands the
// node over while it is asked about it and never matches, so no bound-node
// map or match result is built at all (the node is all a check needs).
//
// A check owns a UserCodeNodes, implements the UserCodeVisitor methods it
// needs and subscribes from registerMatchers. The first check of a match
// finder creates the shared dispatcher, which also owns the one
// UserCodeScope of that finder; the dispatcher forwards the start and end of
// each translation unit to the checks (they register no matcher of their
// own, so the match finder does not call them).
//
// Who walks. When every check enabled for the file is a coro-* check (the
// names of every module registered in the process, against clang-tidy's
// `Checks`), the match finder's traversal would serve the dispatcher alone,
// and its per-node matching costs more than the checks' own work: the
// dispatcher then walks the user's code itself when the match finder reaches
// the translation unit (its first node) and empties the traversal scope for
// the rest of the match finder's walk, giving it back before the checks' end
// of translation unit. The walk is the match finder's (RecursiveASTVisitor
// with template instantiations and implicit code, lambdas, range-for loops
// and rewritten operators visited as clang's MatchASTVisitor visits them),
// so the checks see the same nodes in the same order either way. With other
// checks in the run (clang-tidy's, through `-load` or clangd), the match
// finder walks and the dispatcher's matchers hand the nodes over.
// The session option `coroguard.MatchFinderNodes: true` always leaves the
// walk to the match finder (the tests compare both ways).
//
// The dispatcher owns the translation unit's analysis session
// (AnalysisSession.h): it reads the session options (the hidden `coroguard.*`
// keys, SessionOptions.h) when the match finder starts the translation unit,
// creates the session at its first node (after limiting the scope), shows it
// to every check (startUnit, the visit methods, endUnit, summarise) and
// destroys it at the end.
//
// On the way the dispatcher notes what a co_await, a variable or a call
// consumes (noteConsumedOperand, UseAnalysis.h) before the checks see it.
//
// clang-tidy's `--enable-check-profile` shows the checks' time under one
// entry, "coroguard"; the dispatcher times each check's share of it
// (CheckProfile.h).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_USERCODENODES_H
#define COROGUARD_CHECKS_UTILS_USERCODENODES_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <memory>

namespace clang::tidy::coro {

class AnalysisSession;
class UnitSummariser;

/// What a check does with the translation unit's session and the nodes it
/// subscribed to. Only nodes outside system headers (by their expansion
/// location) are shown.
class UserCodeVisitor {
public:
  virtual ~UserCodeVisitor() = default;
  /// The translation unit begins (its first node, before any other is
  /// shown): the check binds its recognisers to \p Session and forgets what
  /// it kept of the previous one.
  virtual void startUnit(AnalysisSession &Session) {}
  /// Every CallExpr (member, operator and user-defined-literal calls too).
  virtual void visitCall(const CallExpr &Call, AnalysisSession &Session) {}
  /// Every CXXConstructExpr (temporary objects included).
  virtual void visitConstruction(const CXXConstructExpr &Construct,
                                 AnalysisSession &Session) {}
  /// Every variable with local storage that is not a parameter (with or
  /// without an initializer).
  virtual void visitLocalVariable(const VarDecl &Var,
                                  AnalysisSession &Session) {}
  /// Every node was shown: what the check kept for the end is reported.
  virtual void endUnit(AnalysisSession &Session) {}
  /// When the translation unit's summary is written (the option
  /// `coroguard.SummaryOutput`), after every check's end of translation
  /// unit: adds what this check knows of the main file's functions.
  virtual void summarise(UnitSummariser &Summary) {}

protected:
  /// The current translation unit's session: set by the dispatcher before
  /// startUnit, cleared after the unit's end and summary (null between
  /// units, so nothing of a finished unit can be reached through it).
  AnalysisSession *session() const { return CurrentSession; }

private:
  friend class NodeDispatcher;
  AnalysisSession *CurrentSession = nullptr;
};

class NodeDispatcher;

/// One check's subscription to the shared matchers.
class UserCodeNodes {
public:
  enum Kind : unsigned {
    Calls = 1u << 0,
    Constructions = 1u << 1,
    LocalVariables = 1u << 2,
  };

  /// Reads clang-tidy's `SystemHeaders` option for the scope (UserCodeScope).
  explicit UserCodeNodes(ClangTidyContext &Context);

  /// Whether the run writes summaries (`coroguard.SummaryOutput`): the checks
  /// that summarise then also run in translation units without coroutines,
  /// where the dispatcher shows them no node and only the summary is made.
  static bool summarising(const ClangTidyCheck::OptionsView &Options) {
    return !Options.getLocalOrGlobal("coroguard.SummaryOutput", std::string())
                .empty();
  }
  /// isLanguageVersionSupported of a check that summarises: C++ with
  /// coroutines, or any language when the run writes summaries (a C++17 or C
  /// helper that another file's coroutine calls has nothing to report but a
  /// summary to write; the dispatcher then shows the check no node).
  static bool supportsSummarisingCheck(const LangOptions &LangOpts,
                                       const ClangTidyCheck::OptionsView &Options) {
    return (LangOpts.CPlusPlus && LangOpts.Coroutines) || summarising(Options);
  }
  ~UserCodeNodes();

  /// From the check's registerMatchers: shows \p Visitor the nodes of
  /// \p Kinds and forwards the start and end of each translation unit to
  /// \p Check.
  void subscribe(ast_matchers::MatchFinder &Finder,
                 ast_matchers::MatchFinder::MatchCallback &Check,
                 UserCodeVisitor &Visitor, unsigned Kinds);

private:
  ClangTidyContext &Tidy;
  bool SystemHeaders;
  std::shared_ptr<NodeDispatcher> Dispatcher;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_USERCODENODES_H
