//===--- Report.h - coroguard ---------------------------------------------===//
//
// The merged result of a whole-project run: findings (check diagnostics with
// notes and fix-its), translation units that could not be analysed, and the
// writers for the three report formats (text, JSON, SARIF 2.1.0) and the
// baseline file. Documented in docs/cli.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_REPORT_H
#define COROGUARD_TOOL_REPORT_H

#include "DocLinks.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace coroguard {

/// A point in a source file. Line and Column are 1-based (Column counts
/// bytes, as clang does); 0 when the file could not be read.
struct Location {
  std::string File; ///< absolute path, as the compiler saw it
  unsigned Offset = 0;
  unsigned Line = 0;
  unsigned Column = 0;
};

struct Replacement {
  Location Start;
  Location End;
  unsigned Length = 0;
  std::string Text;
};

struct Note {
  std::string Message;
  std::optional<Location> Loc;
};

struct Finding {
  std::string Check;
  std::string Severity; ///< "warning" or "error" (--warnings-as-errors)
  std::string Message;
  std::optional<Location> Loc;
  std::vector<Note> Notes;
  std::vector<Replacement> Fixes;
  /// The translation unit that reported it (of several: the first by name).
  std::string Unit;
  /// Hash of check, file, normalised source line and message: stable when
  /// lines move. Occurrence numbers equal hashes within one report.
  std::string ContextHash;
  unsigned Occurrence = 0;
  std::string fingerprint() const {
    return ContextHash + ":" + std::to_string(Occurrence);
  }
};

/// A translation unit that could not be analysed.
struct Failure {
  std::string File;
  std::string Kind; ///< "compile-error", "crash", "tool-error"
  std::string Message;
  std::vector<Note> FirstErrors; ///< compiler errors, in order (at most 5)
  std::vector<std::string> Output; ///< first lines of the worker's stderr
};

/// Reads files once and maps byte offsets to lines and columns.
class SourceCache {
public:
  Location locate(llvm::StringRef File, unsigned Offset);
  /// The text of line \p Line (1-based) of \p File, or "".
  std::string lineText(llvm::StringRef File, unsigned Line);

private:
  const std::string *contents(llvm::StringRef File);
  std::map<std::string, std::optional<std::string>> Files;
};

struct ReportOptions {
  std::string SourceRoot; ///< absolute, no trailing slash
  DocLinks Docs; ///< helpUri of the rules, informationUri of the tool
  std::string Version;
};

struct Report {
  std::vector<Finding> Findings; ///< sorted, de-duplicated
  std::vector<Failure> Failures;
  unsigned TranslationUnits = 0;
  unsigned SuppressedByBaseline = 0;
  unsigned DuplicatesMerged = 0;
  unsigned BaselineUnmatched = 0;
  /// Compiler warnings about the command line (no place in the code).
  std::set<std::string> CommandLineWarnings;

  /// Translation units that could not be analysed (configuration errors,
  /// which are not about one translation unit, are not counted).
  unsigned failedTranslationUnits() const;

  /// Sorts, removes diagnostics reported by several translation units (same
  /// check, file, line, column and message) and numbers equal hashes.
  void finalise(SourceCache &Sources, const ReportOptions &Options);
};

/// \p Path relative to \p Root when inside it, else unchanged.
std::string relativePath(llvm::StringRef Path, llvm::StringRef Root);

void writeText(const Report &R, const ReportOptions &Options,
               llvm::raw_ostream &OS);
void writeJson(const Report &R, const ReportOptions &Options,
               llvm::raw_ostream &OS);
void writeSarif(const Report &R, const ReportOptions &Options,
                SourceCache &Sources, llvm::raw_ostream &OS);

/// Baseline: a multiset of (check, file, context hash). Files are relative
/// to the baseline's root, which the file records relative to its own
/// directory ("root"), so a baseline matches wherever the checkout is and
/// whatever the current directory. A baseline without "root" (written
/// before it existed) is relative to --source-root.
struct Baseline {
  std::map<std::string, unsigned> Counts; ///< key: check \0 file \0 hash
  std::string Root; ///< absolute; empty: --source-root
  static std::string key(const Finding &F, llvm::StringRef Root,
                         SourceCache &Sources);
};

/// Reads \p Path; on error returns false and sets \p Error.
bool readBaseline(llvm::StringRef Path, Baseline &Out, std::string &Error);
/// Writes the baseline that will live at \p BaselinePath (its "root" is
/// the source root relative to that file's directory).
void writeBaseline(const Report &R, const ReportOptions &Options,
                   llvm::StringRef BaselinePath, llvm::raw_ostream &OS);
/// Removes the findings the baseline records (each entry suppresses one);
/// returns how many entries matched no finding.
unsigned applyBaseline(Report &R, Baseline B, const ReportOptions &Options,
                       SourceCache &Sources);

/// \p Path relative to the directory \p From (both absolute, without dots),
/// with ".." where needed; "." when equal.
std::string relativeTo(llvm::StringRef Path, llvm::StringRef From);

} // namespace coroguard

#endif
