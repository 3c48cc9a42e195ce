//===--- DanglingReferenceCheck.h - coroguard ----------------------*- C++ -*-===//
//
// coro-dangling-reference: a coroutine frame that refers to an object which
// dies before the coroutine uses it — a temporary or a local bound to a
// reference, pointer or view parameter, the captures of a temporary
// coroutine lambda, the object of a member coroutine — when the task
// outlives the object (returned, stored, started, awaited after the
// object's scope). The analysis is FrameLifetimeAnalysis
// (utils/FrameLifetimes.h); this check reads options and reports.
// See docs/checks/coro-dangling-reference.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_DANGLINGREFERENCECHECK_H
#define COROGUARD_CHECKS_DANGLINGREFERENCECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/CoroutineTypes.h"
#include "utils/FrameLifetimes.h"
#include "utils/FunctionNameTable.h"
#include "utils/RecogniserOptions.h"
#include "utils/UserCodeNodes.h"
#include "llvm/ADT/DenseSet.h"
#include <string>

namespace clang::tidy::coro {

class DanglingReferenceCheck : public ClangTidyCheck, private UserCodeVisitor {
public:
  DanglingReferenceCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void startUnit(AnalysisSession &S) override;

private:
  UserCodeNodes UserNodes;
  void visitCall(const CallExpr &Call, AnalysisSession &S) override;
  /// What the frames of this file's functions keep, for the callers in
  /// other files (FrameLifetimeAnalysis::keptReferences).
  void summarise(UnitSummariser &Summary) override;
  void report(const DanglingFrame &F, ASTContext &Ctx);

  const RecogniserOptions RecogniserOpts;
  const std::string StartFunctionsOpt;
  const std::string DeferredStartFunctionsOpt;
  const std::string DispatchStartFunctionsOpt;
  const std::string RunFunctionsOpt;
  const std::string WaitFunctionsOpt;
  FunctionNameTable StartFunctions;
  FunctionNameTable DeferredStartFunctions;
  FunctionNameTable DispatchStartFunctions;
  FunctionNameTable RunFunctions;
  FunctionNameTable WaitFunctions;
  CoroutineRecogniser Recogniser;
  FrameLifetimeAnalysis Analysis{
      Recogniser,
      {StartFunctions, DeferredStartFunctions, DispatchStartFunctions,
       RunFunctions, WaitFunctions}};
  /// Template instantiations report once, at the template's place (and,
  /// for a lambda's captures by reference, once per local).
  llvm::DenseSet<std::pair<unsigned, const void *>> Reported;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_DANGLINGREFERENCECHECK_H
