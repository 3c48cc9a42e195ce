//===--- NeverAwaitedCheck.h - coroguard --------------------------*- C++
//-*-===//
//
// coro-never-awaited: a lazy task or awaitable that is created and then never
// awaited. The compile-time form of asyncio's "coroutine 'f' was never
// awaited". See docs/checks/coro-never-awaited.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_NEVERAWAITEDCHECK_H
#define COROGUARD_CHECKS_NEVERAWAITEDCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/UserCodeNodes.h"
#include "utils/CallableInvocations.h"
#include "utils/CoroutineTypes.h"
#include "utils/LocalOverwrites.h"
#include "utils/RecogniserOptions.h"
#include "utils/UseAnalysis.h"
#include "llvm/ADT/DenseSet.h"
#include "utils/Summaries.h"

namespace clang::tidy::coro {

class NeverAwaitedCheck : public ClangTidyCheck,
                          private UserCodeVisitor {
public:
  NeverAwaitedCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return UserCodeNodes::supportsSummarisingCheck(LangOpts, Options);
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void startUnit(AnalysisSession &S) override;

private:
  /// The translation unit being analysed (startUnit to endUnit).
  UserCodeNodes UserNodes;
  void visitCall(const CallExpr &Call, AnalysisSession &S) override;
  void visitConstruction(const CXXConstructExpr &Construct,
                         AnalysisSession &S) override;
  void visitLocalVariable(const VarDecl &Var, AnalysisSession &S) override;
  void checkDiscardedCall(const CallExpr &Call, ASTContext &Ctx);
  void checkLocal(const VarDecl &Var, ASTContext &Ctx);
  /// `t = f();` on a local task: the task assigned is overwritten before it
  /// is awaited.
  void checkAssignedTask(const CXXOperatorCallExpr &Assign, ASTContext &Ctx);
  void reportOverwrite(const VarDecl &Var, const Expr &Definition,
                       const CallExpr &Call, const TypeTraits &Traits,
                       const FunctionDecl &Fn, ASTContext &Ctx);
  void checkVoidCallableConversion(const Expr &Callable, QualType Target,
                                   ASTContext &Ctx);
  /// The arguments of a call or construction that are callables returning a
  /// lazy task, handed to a generic callee whose instantiation calls them
  /// and drops the task (CallableInvocations).
  void checkHandedCallables(const Expr &HandOff, const FunctionDecl *Callee,
                            llvm::ArrayRef<const Expr *> Args,
                            ASTContext &Ctx);
  void checkHandedCallable(const Expr &HandOff, const FunctionDecl &Callee,
                           unsigned ArgIndex, const Expr &Arg,
                           ASTContext &Ctx);
  /// A lazy task passed (by value or rvalue reference) to a function that
  /// drops that parameter: never referenced in its body (here), or so
  /// summarised by the file that defines it.
  void checkTaskArguments(const CallExpr &Call, ASTContext &Ctx);
  /// What \p Def does with its task parameter \p Index.
  TaskParamFate taskParamFate(const FunctionDecl &Def, unsigned Index);
  /// The index of each parameter of \p FD that takes a lazy task by value
  /// or rvalue reference (a non-virtual, non-coroutine function).
  llvm::SmallVector<unsigned, 2> taskParams(const FunctionDecl &FD,
                                            ASTContext &Ctx);
  void summarise(UnitSummariser &Summary) override;
  /// True the first time a diagnostic of \p Kind is asked for at \p Loc:
  /// template instantiations report once, at the template's line.
  bool firstReport(SourceLocation Loc, unsigned Kind);

  const RecogniserOptions RecogniserOpts;
  const bool AllowVoidCast;
  const bool CheckLocals;
  const bool CheckVoidCallables;
  CoroutineRecogniser Recogniser;
  LocalOverwrites Overwritten;
  CallableInvocations Invocations;
  llvm::DenseSet<std::pair<unsigned, unsigned>> Reported;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_NEVERAWAITEDCHECK_H
