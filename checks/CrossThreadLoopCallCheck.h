//===--- CrossThreadLoopCallCheck.h - coroguard ---------------------------*- C++ -*-===//
//
// coro-cross-thread-loop-call: non-thread-safe event-loop methods called from
// code that runs on another thread (a callable handed to std::thread,
// std::async, pthread_create, run_in_executor, a thread pool, or a function
// such code calls). See docs/checks/coro-cross-thread-loop-call.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_CROSSTHREADLOOPCALLCHECK_H
#define COROGUARD_CHECKS_CROSSTHREADLOOPCALLCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/UserCodeNodes.h"
#include "utils/ContextOptions.h"
#include "utils/ExecutionContext.h"
#include "utils/FunctionNameTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::coro {

class CrossThreadLoopCallCheck : public ClangTidyCheck,
                                 private UserCodeVisitor {
public:
  CrossThreadLoopCallCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return UserCodeNodes::supportsSummarisingCheck(LangOpts, Options);
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void startUnit(AnalysisSession &S) override;

  enum class OriginKind { Owned, Foreign, Unknown };
  /// Where the object a loop method is called on comes from, seen from the
  /// thread.
  struct Origin {
    OriginKind Kind = OriginKind::Unknown;
    /// The declaration the thread reaches the foreign object through (a
    /// captured variable, a global, a parameter, a member of `this`).
    const Decl *Root = nullptr;
    /// The object is a loop the starting code got from get_running_loop():
    /// it is running on the starting thread.
    bool RunningElsewhere = false;
  };

private:
  /// The translation unit being analysed (startUnit to endUnit).
  UserCodeNodes UserNodes;
  void summarise(UnitSummariser &Summary) override;
  void visitCall(const CallExpr &Call, AnalysisSession &S) override;
  struct Method {
    const FunctionNameTable::Entry *Entry = nullptr;
    /// The object the method acts on: the implicit object, or for a C
    /// function its loop or handle argument. May be null.
    const Expr *Receiver = nullptr;
  };
  /// What a thread body does to run loops itself.
  struct RunInfo {
    llvm::SmallPtrSet<const Decl *, 4> Roots;
    llvm::SmallPtrSet<const CXXRecordDecl *, 4> Classes;
    bool Any = false;
  };

  std::optional<Method> loopMethod(const CallExpr &Call, ASTContext &Ctx);
  const Expr *receiverOf(const CallExpr &Call, const FunctionDecl &Callee,
                         bool IsLibuv) const;
  Origin originOf(const Expr *E, unsigned Level, const ThreadChain &Chain,
                  unsigned Depth, ASTContext &Ctx);
  const RunInfo &runInfoOf(const FunctionDecl *Thread, ASTContext &Ctx);
  void report(const CallExpr &Call, const FunctionDecl &Callee,
              const Method &M, const ThreadChain &Chain, ASTContext &Ctx);

  // Options, as written.
  const std::string LoopMethodsOption;
  const std::string ThreadSafeMethodsOption;
  const std::string LoopRunMethodsOption;
  const std::string RunningLoopFunctionsOption;
  const std::string PresetsOption;
  const ContextOptions ContextOpts;

  bool AsioPreset = false;
  bool LibuvPreset = false;
  FunctionNameTable LoopMethods;
  FunctionNameTable ThreadSafe;
  FunctionNameTable RunMethods;
  FunctionNameTable RunningLoopFunctions;
  ExecutionContextResolver Resolver;

  llvm::DenseMap<const FunctionDecl *, RunInfo> RunInfos;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_CROSSTHREADLOOPCALLCHECK_H
