//===--- SessionOptions.h - coroguard -----------------------------*- C++ -*-===//
//
// The hidden options of an analysis session: global CheckOptions keys under
// `coroguard.`, set by the front ends (project mode's summaries, the compiler
// plugin) or by hand for debugging, never shown by --dump-config or in the
// check pages. One table names them all: the node dispatcher reads them at
// the start of each translation unit, and tool/TidyConfig validates them
// before a run from the same table, so a misspelt key or a bad value stops
// the run with one message instead of being ignored.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_SESSIONOPTIONS_H
#define COROGUARD_CHECKS_UTILS_SESSIONOPTIONS_H

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::coro {

/// How the parents of a node are found (Parents.h).
enum class ParentMode {
  Index,  ///< the per-declaration index (the default)
  Clang,  ///< clang's whole-scope map for every question (to compare)
  Verify, ///< the index, each answer compared with clang's (differences
          ///< printed to stderr)
};

struct SessionOptions {
  /// `coroguard.SummaryOutput`: write this translation unit's summary there.
  std::string SummaryOutput;
  /// `coroguard.SummaryOnly`: only summarise (with SummaryOutput); the checks
  /// are shown no node.
  bool SummaryOnly = false;
  /// `coroguard.SummaryDirectory`: the other translation units' summaries
  /// (a directory of summary files, or one merged file).
  std::string SummaryDirectory;
  /// `coroguard.MatchFinderNodes`: always leave the walk to the match finder
  /// (UserCodeNodes.h; the tests compare both ways).
  bool MatchFinderNodes = false;
  /// `coroguard.ParentIndex`: index, clang or verify.
  ParentMode Parents = ParentMode::Index;
  /// `coroguard.ParentStats`: print how the parent questions were answered
  /// when the translation unit ends (stderr).
  bool ParentStats = false;
  /// `coroguard.ParentDebug`: print each question the index passed to
  /// clang's map (stderr).
  bool ParentDebug = false;
};

/// One hidden option: its key, the values it takes, what it does.
struct HiddenOption {
  llvm::StringRef Key;
  llvm::StringRef Values;
  llvm::StringRef Help;
};
/// Every hidden option.
llvm::ArrayRef<HiddenOption> hiddenOptions();

/// The session options in \p Options (a configuration's CheckOptions). Each
/// unknown `coroguard.*` key and each value a key does not take adds a
/// message to \p Errors ("invalid option 'coroguard.X': ...") and leaves the
/// default.
SessionOptions readSessionOptions(const ClangTidyOptions::OptionMap &Options,
                                  std::vector<std::string> &Errors);

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_SESSIONOPTIONS_H
