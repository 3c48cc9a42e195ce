//===--- AnalysisSession.h - coroguard ----------------------------*- C++ -*-===//
//
// Everything the coro-* checks know about one translation unit while they
// analyse it, in one object.
//
// The node dispatcher (UserCodeNodes.h) creates the session when the match
// finder reaches a translation unit, hands it to every check
// (UserCodeVisitor::startUnit and the visit methods), and destroys it when
// the translation unit ends, after the checks' end of translation unit and
// the summary. Nothing of a translation unit outlives it, and nothing is kept
// per thread: two translation units analysed at once (clangd's workers, the
// compiler plugin in a multi-threaded driver) have two sessions.
//
// What a session holds:
//   - the translation unit (its ASTContext);
//   - the session options (the hidden `coroguard.*` options, SessionOptions.h);
//   - the other translation units' summaries (`coroguard.SummaryDirectory`),
//     or none;
//   - the state each shared analysis keeps for the unit: the parent index
//     (Parents.h), the operands known to be consumed and the per-function
//     control-flow answers (UseAnalysis.h), where each function is named
//     (FunctionUses.h). Each analysis defines its own state type beside its
//     code and gets it with `state<T>()`, created on the first question, as
//     LLVM's analysis managers keep one result per analysis key.
//
// A recogniser object that a check owns (ExecutionContextResolver,
// CallFollower, ...) keeps its own caches, which are bound to the session by
// the check in startUnit (`reset(Session)`).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_ANALYSISSESSION_H
#define COROGUARD_CHECKS_UTILS_ANALYSISSESSION_H

#include "utils/SessionOptions.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>
#include <string>

namespace clang::tidy::coro {

class SummaryStore;

/// The base of the per-unit state of a shared analysis. A state type T
/// derives from it, has a constructor `T(AnalysisSession &)` and a member
/// `static char Key;` whose address identifies it.
class SessionState {
public:
  virtual ~SessionState();
};

class AnalysisSession {
public:
  AnalysisSession(ASTContext &Ctx, SessionOptions Options = {},
                  std::shared_ptr<const SummaryStore> Summaries = nullptr);
  ~AnalysisSession();
  AnalysisSession(const AnalysisSession &) = delete;
  AnalysisSession &operator=(const AnalysisSession &) = delete;

  ASTContext &context() const { return Ctx; }
  const SessionOptions &options() const { return Options; }
  /// The other translation units' summaries, or null.
  const SummaryStore *summaries() const { return Summaries.get(); }
  /// The main file, as the summaries name files (absolute, no dots): a
  /// summary entry of this file is this unit's own.
  const std::string &mainFile();

  /// The state of the analysis \p T for this translation unit, created on the
  /// first call.
  template <typename T> T &state() {
    std::unique_ptr<SessionState> &Slot = States[&T::Key];
    if (!Slot)
      Slot = std::make_unique<T>(*this);
    return static_cast<T &>(*Slot);
  }

private:
  ASTContext &Ctx;
  SessionOptions Options;
  std::shared_ptr<const SummaryStore> Summaries;
  std::optional<std::string> MainFile;
  llvm::DenseMap<const void *, std::unique_ptr<SessionState>> States;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_ANALYSISSESSION_H
