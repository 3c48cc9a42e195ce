//===--- UnobservedTaskCheck.h - coroguard ---------------------------*- C++ -*-===//
//
// coro-unobserved-task: an eager task handle whose exception can never be
// retrieved: discarded, or kept in a local that is never awaited, stored or
// passed on. The compile-time form of asyncio's "Task exception was never
// retrieved" (ruff RUF006, typescript-eslint no-floating-promises). Optionally
// (ReportSwallowingDetach) also the detach sinks that swallow exceptions.
// See docs/checks/coro-unobserved-task.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UNOBSERVEDTASKCHECK_H
#define COROGUARD_CHECKS_UNOBSERVEDTASKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/TaskStarts.h"
#include "utils/UserCodeNodes.h"
#include "utils/CoroutineTypes.h"
#include "utils/FunctionNameTable.h"
#include "utils/RecogniserOptions.h"
#include "utils/UseAnalysis.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <string>
#include <vector>

namespace clang::tidy::coro {

class UnobservedTaskCheck : public ClangTidyCheck,
                            private UserCodeVisitor {
public:
  UnobservedTaskCheck(StringRef Name, ClangTidyContext *Context);
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
  void visitLocalVariable(const VarDecl &Var, AnalysisSession &S) override;
  void checkDiscardedCall(const CallExpr &Call, ASTContext &Ctx);
  void checkLocal(const VarDecl &Var, ASTContext &Ctx);
  void checkSwallowingSink(const CallExpr &Call, ASTContext &Ctx);
  /// The handle \p Call returns is not one this check judges: the call is an
  /// allowed detach call, a copy of a handle kept elsewhere, or a
  /// fire-and-forget type dropped from an ordinary function.
  bool isExemptProducer(const CallExpr &Call, const TypeTraits &Traits,
                        ASTContext &Ctx);
  /// What to do instead, for the end of a message.
  std::string remedy(bool OfferVoid) const;
  bool isListedType(const llvm::StringSet<> &Set,
                    const CXXRecordDecl *RD) const;
  /// True the first time a diagnostic of \p Kind is asked for at \p Loc:
  /// template instantiations report once, at the template's line.
  bool firstReport(SourceLocation Loc, unsigned Kind);

  const RecogniserOptions RecogniserOpts;
  const bool AllowVoidCast;
  const bool CheckLocals;
  const std::string AllowedDetachCallsOption;
  const std::string FireAndForgetTypesOption;
  const bool ReportSwallowingDetach;
  const std::string SwallowingDetachCallsOption;
  const std::string SwallowingDetachTypesOption;

  FunctionNameTable AllowedDetachCalls;
  /// The detach calls the user added (for the message's suggestion).
  std::vector<std::string> UserDetachCalls;
  llvm::StringSet<> FireAndForgetTypes;
  FunctionNameTable SwallowingDetachCalls;
  llvm::StringSet<> SwallowingDetachTypes;

  CoroutineRecogniser Recogniser;
  /// Whether a producer can start a task at all (declared after the
  /// recogniser it asks).
  TaskStarts Starts{Recogniser};
  llvm::DenseSet<std::pair<unsigned, unsigned>> Reported;
  llvm::DenseMap<const CXXRecordDecl *, bool> SwallowingRecordCache;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UNOBSERVEDTASKCHECK_H
