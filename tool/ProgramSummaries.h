//===--- ProgramSummaries.h - coroguard -----------------------------------===//
//
// Project mode's whole-program summaries (issue 19), the coordinator's side.
// A run has two phases:
//
//  1. every translation unit of the program (every entry of the compilation
//     database, whatever the paths select) is summarised: a worker runs with
//     only the coro-* checks, `coroguard.SummaryOnly: true` (nothing is
//     analysed or reported) and `coroguard.SummaryOutput: <cache file>`;
//     its results are not collected (a unit that does not compile is
//     reported once, by phase 2). The summaries are merged into one file;
//  2. the selected translation units are analysed as without summaries, with
//     `coroguard.SummaryDirectory: <merged file>`.
//
// The cache. Phase 1 writes one file per translation unit under
// --summary-cache (default <build>/.cache/coroguard/summaries), named by a
// SHA-256 of what decides the summary besides the files the compile reads:
// the unit's compile commands (directory, file, arguments), clang-tidy's
// arguments that change the compile (-extra-arg, -vfsoverlay, ...), the
// configuration the coro-* checks read (their CheckOptions and the
// configuration's ExtraArgs), coroguard's version and LLVM's. A cached file
// is reused while every file the compile read (its `inputs`, user files
// only) holds what it held: the preprocessed text is a function of the
// command and those contents, so this is as exact as hashing the
// preprocessed text, without preprocessing. An input whose size and
// modification time are those recorded is trusted without reading it when
// that time is older than the cache file's own time (which the coordinator
// sets to the start of the run that wrote or last checked it: a file changed
// during that run has a newer time and is read again); any other input is
// read and its xxh3 hash compared (once per run per file), and a summary
// whose inputs were only touched is rewritten with their new times.
//
// A build's summaries (--summary-dir, written by the compiler plugin's
// summaries=DIR) are used for the translation units they name whose inputs
// are unchanged (always checked by content: their files carry no start
// time); the rest are summarised into the cache.
//
// Worker configuration: the coroguard.* options are given to the workers in
// one -config that keeps the user's configuration: their -config or
// -config-file with the options added, or, without either,
// `{InheritParentConfig: true, CheckOptions: {...}}`, which clang-tidy merges
// on top of the .clang-tidy files as it would read them.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_PROGRAMSUMMARIES_H
#define COROGUARD_TOOL_PROGRAMSUMMARIES_H

#include "utils/Summaries.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace coroguard {

/// coroguard.* check options for the workers, as (key, value).
using CheckOptionList = std::vector<std::pair<std::string, std::string>>;

/// The clang-tidy arguments of a worker with extra check options, the
/// user's configuration kept (see the file comment).
class WorkerConfig {
public:
  /// Reads -config / -config-file of \p Forward (clang-tidy's arguments of
  /// the run). An error when they cannot be read or parsed (the run checks
  /// them before; this is only a second line).
  static llvm::Expected<WorkerConfig> create(llvm::ArrayRef<std::string> Forward);

  /// \p Forward's arguments with one -config that adds \p Options. For
  /// phase 1 (\p SummaryPhase), -checks is `-*,coro-*` and the profiling
  /// options are left out.
  std::vector<std::string> args(const CheckOptionList &Options,
                                bool SummaryPhase) const;

private:
  std::vector<std::string> Rest;        // without -config / -config-file
  std::vector<std::string> SummaryRest; // also without -checks, profiling
  clang::tidy::ClangTidyOptions Base;   // the user's -config, or inheriting
};

/// The cache key of each translation unit's summary.
class SummaryKeys {
public:
  /// \p Forward: clang-tidy's arguments of the run; \p DbDir: the directory
  /// of the compilation database (compile_commands.json or
  /// compile_flags.txt), or empty with \p FixedFlags (after '--') run from
  /// \p WorkingDir.
  SummaryKeys(llvm::ArrayRef<std::string> Forward, llvm::StringRef DbDir,
              llvm::ArrayRef<std::string> FixedFlags,
              llvm::StringRef WorkingDir);
  ~SummaryKeys();

  /// 32 hex digits.
  std::string key(llvm::StringRef File);

private:
  struct Impl;
  std::unique_ptr<Impl> I;
};

/// How phase 1 went, for the line `coroguard: summaries: ...`.
struct SummaryStats {
  unsigned Cached = 0, Made = 0, FromBuild = 0, NotMade = 0;
};

/// The summary cache directory, the build's summaries, and the merge.
class SummaryStorage {
public:
  /// Creates \p CacheDir when needed and checks that it can be written, and
  /// reads \p BuildDir's summaries when given (it must exist, and hold only
  /// readable summaries of this coroguard's format). An error says which
  /// and why.
  static llvm::Expected<std::unique_ptr<SummaryStorage>>
  open(llvm::StringRef CacheDir, std::optional<std::string> BuildDir);

  /// Whether the summary of \p File is at hand (the build's or the cached
  /// file \p CachePath, inputs unchanged): it is then kept for the merge.
  bool reuse(llvm::StringRef File, llvm::StringRef CachePath);
  /// The cache file for \p File with \p Key.
  std::string cachePath(llvm::StringRef File, llvm::StringRef Key) const;
  /// Called before a worker makes \p CachePath: removes a stale file.
  void prepare(llvm::StringRef CachePath);
  /// Called when the worker ended: keeps what it wrote, if anything.
  void collect(llvm::StringRef CachePath);

  /// Writes every kept summary to one file in the cache directory (removed
  /// when this object is destroyed); its path, or an error.
  llvm::Expected<std::string> writeProgram();
  /// Removes the merged file now (an interrupted run).
  void removeProgram();

  const SummaryStats &stats() const { return Stats; }
  ~SummaryStorage();

private:
  SummaryStorage() = default;
  struct FileState {
    bool Exists = false;
    std::uint64_t Size = 0;
    std::int64_t MTime = 0;
    std::optional<std::uint64_t> Hash;
  };
  FileState &state(const std::string &Path);
  std::optional<std::uint64_t> hash(const std::string &Path);
  /// Whether \p U's inputs hold what they held. Inputs newer than
  /// \p TrustBefore (seconds since the epoch) are read; \p Touched is set
  /// when an input's time or size changed but not its content (their new
  /// values are then in \p U).
  bool unchanged(clang::tidy::coro::UnitSummary &U, std::int64_t TrustBefore,
                 bool &Touched);
  /// Writes \p Units to \p Path atomically, with the run's start as its time.
  bool writeStamped(llvm::StringRef Path,
                    llvm::ArrayRef<clang::tidy::coro::UnitSummary> Units);

  std::string CacheDir;
  llvm::sys::TimePoint<> RunStart;
  std::int64_t RunStartSeconds = 0;
  /// The build's summaries by main file (canonical path).
  std::map<std::string, clang::tidy::coro::UnitSummary> Build;
  std::map<std::string, FileState> Files;
  std::vector<clang::tidy::coro::UnitSummary> Kept;
  std::string ProgramPath;
  SummaryStats Stats;
};

/// The default --summary-cache for a compilation database in \p DbDir.
std::string defaultSummaryCache(llvm::StringRef DbDir);

} // namespace coroguard

#endif
