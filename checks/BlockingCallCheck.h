//===--- BlockingCallCheck.h - coroguard ---------------------------*- C++ -*-===//
//
// coro-blocking-call: blocking calls (sleeps, waits, blocking I/O, synchronous bridges) evaluated on the thread running a coroutine. See docs/checks/coro-blocking-call.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_BLOCKINGCALLCHECK_H
#define COROGUARD_CHECKS_BLOCKINGCALLCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::coro {

class BlockingCallCheck : public ClangTidyCheck {
public:
  BlockingCallCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus && LangOpts.Coroutines;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override {}
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_BLOCKINGCALLCHECK_H
