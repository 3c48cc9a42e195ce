//===--- CrossThreadLoopCallCheck.h - coroguard ---------------------------*- C++ -*-===//
//
// coro-cross-thread-loop-call: non-thread-safe event-loop methods called from code that runs on another thread. See docs/checks/coro-cross-thread-loop-call.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_CROSSTHREADLOOPCALLCHECK_H
#define COROGUARD_CHECKS_CROSSTHREADLOOPCALLCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::coro {

class CrossThreadLoopCallCheck : public ClangTidyCheck {
public:
  CrossThreadLoopCallCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {}
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_CROSSTHREADLOOPCALLCHECK_H
