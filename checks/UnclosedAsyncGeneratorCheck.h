//===--- UnclosedAsyncGeneratorCheck.h - coroguard ----------------*- C++
//-*-===//
//
// coro-unclosed-async-generator: a local async generator advanced in a loop
// that an early exit (break, return, co_return, goto, throw) leaves while the
// generator is suspended, and that reaches the end of its scope without an
// awaited close (`co_await g.aclose()`) or an `aclosing` call. asyncio's
// "Close asynchronous generators explicitly". See
// docs/checks/coro-unclosed-async-generator.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UNCLOSEDASYNCGENERATORCHECK_H
#define COROGUARD_CHECKS_UNCLOSEDASYNCGENERATORCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/UserCodeNodes.h"
#include "utils/AsyncGenerators.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coro {

class UnclosedAsyncGeneratorCheck : public ClangTidyCheck,
                                    private UserCodeVisitor {
public:
  UnclosedAsyncGeneratorCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void startUnit(AnalysisSession &S) override;

private:
  /// The translation unit being analysed (startUnit to endUnit).
  UserCodeNodes UserNodes;
  void visitLocalVariable(const VarDecl &Var, AnalysisSession &S) override;
  void checkGenerator(const VarDecl &Var, const FunctionDecl &Fn,
                      const GeneratorSpec &Spec, ASTContext &Ctx);

  const AsyncGeneratorOptions GenOpts;
  AsyncGeneratorRecogniser Recogniser;
  FlowCache Flows;
  LocalRefIndex Refs;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UNCLOSEDASYNCGENERATORCHECK_H
