//===--- UnobservedTaskCheck.h - coroguard ---------------------------*- C++ -*-===//
//
// coro-unobserved-task: an eager task handle whose exception can never be retrieved: discarded, or kept in a local that is never awaited, stored or passed on. See docs/checks/coro-unobserved-task.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UNOBSERVEDTASKCHECK_H
#define COROGUARD_CHECKS_UNOBSERVEDTASKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::coro {

class UnobservedTaskCheck : public ClangTidyCheck {
public:
  UnobservedTaskCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {}
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UNOBSERVEDTASKCHECK_H
