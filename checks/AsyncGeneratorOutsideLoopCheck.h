//===--- AsyncGeneratorOutsideLoopCheck.h - coroguard -------------*- C++
//-*-===//
//
// coro-async-generator-outside-loop: an async generator created in a
// function that is not a coroutine and advanced from there
// (`runner.run(g.next())` in `main`): no running event loop owns it, so its
// asynchronous cleanup may never run. asyncio's "Create asynchronous
// generators only when the event loop is running". See
// docs/checks/coro-async-generator-outside-loop.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ASYNCGENERATOROUTSIDELOOPCHECK_H
#define COROGUARD_CHECKS_ASYNCGENERATOROUTSIDELOOPCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/UserCodeNodes.h"
#include "utils/ContextOptions.h"
#include "utils/AsyncGenerators.h"
#include "utils/ExecutionContext.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coro {

class AsyncGeneratorOutsideLoopCheck : public ClangTidyCheck,
                                       private UserCodeVisitor {
public:
  AsyncGeneratorOutsideLoopCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void startUnit(AnalysisSession &S) override;

private:
  /// The translation unit being analysed (startUnit to endUnit).
  UserCodeNodes UserNodes;
  void visitCall(const CallExpr &Call, AnalysisSession &S) override;
  bool outsideCoroutine(const Stmt &S, ASTContext &Ctx);

  const AsyncGeneratorOptions GenOpts;
  const ContextOptions ContextOpts;
  AsyncGeneratorRecogniser Recogniser;
  ExecutionContextResolver Contexts;
  LocalRefIndex Refs;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_ASYNCGENERATOROUTSIDELOOPCHECK_H
