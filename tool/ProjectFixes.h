//===--- ProjectFixes.h - coroguard ---------------------------------------===//
//
// Fixes for a whole project: `coroguard -p build --fix` (and --fix-dry-run,
// --fix-unsafe, --fix-errors, --fix-notes). The coordinator hands over every
// worker's --export-fixes YAML; this applies each fix-it once, across all
// translation units:
//
//  * one fix per diagnostic, chosen as clang-tidy chooses it (the
//    diagnostic's own fix; with --fix-notes the one of its notes);
//  * the same fix reported by several translation units (a shared header)
//    counts once (identical replacements, as clang-apply-replacements
//    de-duplicates them);
//  * unsafe fixes (clang::tidy::coro::fixSafety) only with --fix-unsafe;
//  * translation units that do not compile contribute nothing (clang-tidy's
//    rule) unless --fix-errors;
//  * fixes whose replacements conflict (overlap, or different insertions at
//    one place) are all skipped and named on stderr: which one is right is
//    not known;
//  * the rest are merged per file into clang's tooling::Replacements and
//    applied with tooling::applyAllReplacements; each changed file is
//    written atomically (a temporary file beside it, renamed over it, with
//    the file's permissions), or with --fix-dry-run shown as a unified diff.
//
// See docs/cli.md, "Fixes".
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_PROJECTFIXES_H
#define COROGUARD_TOOL_PROJECTFIXES_H

#include "Report.h"
#include "clang/Tooling/Core/Diagnostic.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace coroguard {

struct FixOptions {
  bool Fix = false;     ///< --fix
  bool DryRun = false;  ///< --fix-dry-run: print a diff, write nothing
  bool Unsafe = false;  ///< --fix-unsafe: unsafe fixes too (implies --fix)
  bool Errors = false;  ///< --fix-errors: also from TUs that do not compile
  bool Notes = false;   ///< --fix-notes: a fix offered by a note
  /// Whether fixes are to be applied or shown at all.
  bool enabled() const { return Fix || DryRun || Unsafe || Errors; }
  /// Records the flag \p Name (without dashes); false if it is not one.
  bool set(llvm::StringRef Name);
  /// Whether \p Name (without dashes) is one of the flags above.
  static bool isFixFlag(llvm::StringRef Name);
  /// The flags that exist only in coroguard (they ask for a project run).
  static bool isProjectOnlyFlag(llvm::StringRef Name);
};

class ProjectFixes {
public:
  explicit ProjectFixes(FixOptions Options) : Options(Options) {}

  /// Reads one worker's --export-fixes YAML; a missing or unreadable file
  /// (a crashed worker) adds nothing.
  void addTranslationUnitFile(llvm::StringRef YamlPath);
  /// One translation unit's diagnostics.
  void addTranslationUnit(const clang::tooling::TranslationUnitDiagnostics &TU);

  /// Applies the fixes (or, with --fix-dry-run, writes the diff to \p Out).
  /// Notes and the summary go to \p Err; paths are shown relative to
  /// \p Root. A file that cannot be read or written becomes a failure in
  /// \p R (the run then exits with 2).
  void apply(llvm::StringRef Root, SourceCache &Sources, Report &R,
             llvm::raw_ostream &Out, llvm::raw_ostream &Err);

private:
  struct Fix {
    std::string Check;
    std::string File; ///< of the diagnostic
    unsigned Offset = 0;
    std::vector<clang::tooling::Replacement> Replacements; ///< sorted
  };

  FixOptions Options;
  std::vector<Fix> Fixes; ///< de-duplicated, in the order first seen
  std::set<std::vector<clang::tooling::Replacement>> Seen;
  unsigned Unsafe = 0;          ///< not applied without --fix-unsafe
  /// Translation units that do not compile and offered fixes (not applied
  /// without --fix-errors).
  std::vector<std::string> BrokenUnits;
};

/// A unified diff (`--- a/<Name>`, `+++ b/<Name>`, 3 lines of context) of
/// \p Before turned into \p After by \p Replaces (applied to \p Before).
std::string unifiedDiff(llvm::StringRef Name, llvm::StringRef Before,
                        const clang::tooling::Replacements &Replaces);

} // namespace coroguard

#endif
