//===--- CheckProfile.h - coroguard -------------------------------*- C++ -*-===//
//
// Each coro-* check's time under clang-tidy's --enable-check-profile.
//
// The checks share one matcher callback (UserCodeNodes.h), so clang-tidy's
// profile, which times each callback of its match finder, shows all of them
// as one row, "coroguard". With profiling on, the dispatcher times each
// check's share of the work here (its visits and its start and end of
// translation unit; what remains of the "coroguard" row is the shared walk
// itself), and at the end of the translation unit:
//  - with --store-check-profile, writes the times beside clang-tidy's own
//    file for the translation unit, as <that file>.coroguard.json, in the
//    same shape ("time.clang-tidy.<check>.wall/user/sys"), which project
//    mode sums over the run;
//  - otherwise prints them on standard error, in clang-tidy's table format.
// Nothing is timed (no clock is read) when profiling is off.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_CHECKPROFILE_H
#define COROGUARD_CHECKS_UTILS_CHECKPROFILE_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Timer.h"

namespace clang::tidy::coro {

class CheckProfile {
public:
  explicit CheckProfile(const ClangTidyContext &Context)
      : Context(Context), Enabled(Context.getEnableProfiling()) {}

  bool enabled() const { return Enabled; }

  /// Runs \p Work, counting its time to \p Check when profiling is on.
  template <typename Fn> void time(llvm::StringRef Check, Fn &&Work) {
    if (!Enabled) {
      Work();
      return;
    }
    llvm::TimeRecord Before = llvm::TimeRecord::getCurrentTime(true);
    Work();
    llvm::TimeRecord Spent = llvm::TimeRecord::getCurrentTime(false);
    Spent -= Before;
    Records[Check] += Spent;
  }

  /// Stores or prints this translation unit's times and starts over.
  void report();

private:
  const ClangTidyContext &Context;
  bool Enabled;
  llvm::StringMap<llvm::TimeRecord> Records;
};

} // namespace clang::tidy::coro

#endif
