//===--- BlockingCallCheck.h - coroguard ---------------------------*- C++ -*-===//
//
// coro-blocking-call: blocking calls (sleeps, waits, blocking I/O, synchronous
// bridges) evaluated on the thread running a coroutine or an event-loop
// callback, directly or through functions of the translation unit that make
// them. See docs/checks/coro-blocking-call.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_BLOCKINGCALLCHECK_H
#define COROGUARD_CHECKS_BLOCKINGCALLCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/UserCodeNodes.h"
#include "utils/CallFollower.h"
#include "utils/CompletedWaits.h"
#include "utils/ContextOptions.h"
#include "utils/ExecutionContext.h"
#include "utils/FunctionNameTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>

namespace clang::tidy::coro {

class BlockingCallCheck : public ClangTidyCheck,
                          private UserCodeVisitor {
public:
  BlockingCallCheck(StringRef Name, ClangTidyContext *Context);
  ~BlockingCallCheck() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return UserCodeNodes::supportsSummarisingCheck(LangOpts, Options);
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void startUnit(AnalysisSession &S) override;

  /// The built-in BlockingFunctions table, in option syntax.
  static const char *defaultBlockingFunctions();
  /// The built-in ThreadSwitchAwaitables, in option syntax.
  static const char *defaultThreadSwitches();
  /// The built-in ReadinessCallbackFunctions, in option syntax.
  static const char *defaultReadinessCallbacks();
  /// The built-in ReadinessAwaitables, in option syntax.
  static const char *defaultReadinessAwaitables();
  static const char *defaultTaskOffloads();

private:
  /// The translation unit being analysed (startUnit to endUnit).
  UserCodeNodes UserNodes;
  void visitCall(const CallExpr &Call, AnalysisSession &S) override;
  void visitConstruction(const CXXConstructExpr &Construct,
                         AnalysisSession &S) override;
  void checkCall(const Expr &Call, ASTContext &Ctx);
  void summarise(UnitSummariser &Summary) override;
  struct DirectHit {
    /// Empty text: no configured suggestion.
    std::string Suggestion;
    std::string Name;
  };

  /// If \p E is a blocking call by itself (listed or annotated, gates
  /// applied), what it calls.
  std::optional<DirectHit> directBlocking(const Expr &E, ASTContext &Ctx);
  /// "Blocks", for the call-following engine.
  class Property : public CallProperty {
  public:
    explicit Property(BlockingCallCheck &Check) : Check(Check) {}
    bool holdsAt(const Expr &Call, ASTContext &Ctx) override;
    bool mayEnter(const FunctionDecl &FD) override;
    std::vector<ExternalStep> externalChain(const SummaryStore &Store,
                                            llvm::StringRef USR,
                                            std::string &Suggestion) override;

  private:
    BlockingCallCheck &Check;
  };
  enum Annotation : unsigned { NonBlockingNote = 1, BlockingNote = 2 };
  /// What directBlocking needs of a callee alone, once per callee: its
  /// annotations (Annotation bits), whether the compiler calls it for
  /// co_await or the coroutine frame, and its entry in the blocking table.
  struct CalleeFacts {
    unsigned Notes = 0;
    bool Machinery = false;
    const FunctionNameTable::Entry *Entry = nullptr;
  };
  const CalleeFacts &factsOf(const FunctionDecl *FD);
  /// True if a declaration of \p FD (or of its template pattern) carries
  /// `[[clang::annotate("coroguard::nonblocking")]]` or "...::blocking".
  bool hasAnnotation(const FunctionDecl *FD, Annotation Which);
  /// True if coroutine \p Coro co_awaits a descriptor-readiness awaitable
  /// (`co_await client.poll(op::read)`): it does readiness-driven I/O on
  /// non-blocking descriptors.
  bool awaitsReadiness(const FunctionDecl &Coro);
  /// True if coroutine \p Coro is a member of a class that offers a
  /// readiness awaitable (a member in ReadinessAwaitables): its descriptor
  /// I/O follows the "poll, then operate" protocol of that class.
  bool classOffersReadiness(const FunctionDecl &Coro);
  /// True if this translation unit puts descriptors in non-blocking mode.
  bool descriptorsNonBlocking(ASTContext &Ctx);
  bool usesBundledRuntime(const FunctionDecl &Coro, ASTContext &Ctx) const;
  /// True if the wait at the end of \p Chain is on an object passed down
  /// from an argument of \p Call that is complete at \p Call.
  bool waitsOnCompleteArgument(const Expr &Call, const FunctionDecl *Def,
                               llvm::ArrayRef<CallStep> Chain,
                               ASTContext &Ctx);
  /// Reports \p Call unless the executor that runs it allows blocking.
  void judge(const Expr &Call, const ExecutionContext &C,
             const DirectHit &Hit, const CallChain &Chain, ASTContext &Ctx);
  void report(const Expr &Call, const ExecutionContext &C, const Executor &X,
              const DirectHit &Hit, const CallChain &Chain, ASTContext &Ctx);
  bool configError(StringRef Option, const std::string &Error);

  std::string BlockingFunctionsOpt;
  const ContextOptions ContextOpts;
  std::string ThreadSwitchOpt;
  std::string ReadinessOpt;
  std::string ReadinessAwaitOpt;
  std::string TaskOffloadOpt;
  std::string ExecutorsOpt;
  const bool CheckLoopCallbacks;
  const bool Transitive;
  FunctionNameTable Blocking;
  FunctionNameTable Readiness;
  FunctionNameTable ReadinessAwait;
  llvm::DenseMap<const FunctionDecl *, bool> AwaitsReadiness;
  /// hasAnnotation's answers (Annotation bits) per function.
  llvm::DenseMap<const FunctionDecl *, unsigned> Annotations;
  /// factsOf's answers per function.
  llvm::DenseMap<const FunctionDecl *, CalleeFacts> Facts;
  /// Waits on objects flow shows complete (they cannot block).
  CompletedWaits Completed;
  bool NonBlockingScanned = false;
  bool NonBlockingFds = false;
  ExecutionContextResolver Resolver;

  Property Blocks{*this};
  CallFollower Follower{Blocks, Resolver};
  /// Blocking calls in the pattern of a coroutine template (whose
  /// `co_await`s are dependent there): reported at the end of the
  /// translation unit unless an instantiation judged the same call.
  struct PatternHit {
    const Expr *Call;
    ExecutionContext Context;
    DirectHit Hit;
    CallChain Chain;
    ASTContext *Ctx;
  };
  std::vector<PatternHit> PatternHits;
  llvm::DenseSet<unsigned> JudgedInInstances;
  void endUnit(AnalysisSession &S) override;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_BLOCKINGCALLCHECK_H
