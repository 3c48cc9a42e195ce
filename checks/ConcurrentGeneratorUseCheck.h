//===--- ConcurrentGeneratorUseCheck.h - coroguard ----------------*- C++
//-*-===//
//
// coro-concurrent-generator-use: a second next/asend/athrow/aclose on the
// same async generator started while an earlier one may still be in flight
// (both handed to create_task, both gathered, or spawned, with no await of
// the first in between). asyncio's "Avoid concurrent iteration and closure
// of the same generator". See docs/checks/coro-concurrent-generator-use.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_CONCURRENTGENERATORUSECHECK_H
#define COROGUARD_CHECKS_CONCURRENTGENERATORUSECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/UserCodeNodes.h"
#include "utils/AsyncGenerators.h"
#include "utils/FunctionNameTable.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::coro {

class ConcurrentGeneratorUseCheck : public ClangTidyCheck,
                                    private UserCodeVisitor {
public:
  ConcurrentGeneratorUseCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void startUnit(AnalysisSession &S) override;

  /// How the task of an operation is run.
  enum class StartKind {
    /// Created but not started here (stored, returned, passed elsewhere).
    None,
    /// Handed to a StartFunctions call: it runs from now on, concurrently.
    Started,
    /// An argument of a GatherFunctions call: run concurrently with the
    /// other arguments.
    Gathered,
    /// Awaited on the spot, or run to completion by a RunFunctions call.
    Awaited,
  };
  struct StartInfo {
    StartKind Kind = StartKind::None;
    /// The start, gather or run call.
    const CallExpr *Via = nullptr;
  };

private:
  /// The translation unit being analysed (startUnit to endUnit).
  UserCodeNodes UserNodes;
  void visitCall(const CallExpr &Call, AnalysisSession &S) override;
  StartInfo startOf(const Expr &OpCall, ASTContext &Ctx) const;
  void checkStarted(const GeneratorOp &Op, const GeneratorKey &Key,
                    const CallExpr &StartCall, ASTContext &Ctx);
  void checkGathered(const GeneratorOp &Op, const GeneratorKey &Key,
                     const CallExpr &Gather, ASTContext &Ctx);
  std::string describe(const GeneratorOp &Op, ASTContext &Ctx) const;

  const AsyncGeneratorOptions GenOpts;
  const std::string StartFunctionsOpt;
  const std::string GatherFunctionsOpt;
  const std::string RunFunctionsOpt;
  FunctionNameTable StartFunctions;
  FunctionNameTable GatherFunctions;
  FunctionNameTable RunFunctions;
  AsyncGeneratorRecogniser Recogniser;
  FlowCache Flows;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_CONCURRENTGENERATORUSECHECK_H
