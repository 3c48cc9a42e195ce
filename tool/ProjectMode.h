//===--- ProjectMode.h - coroguard ----------------------------------------===//
//
// Whole-project runs: `coroguard -p build/ [paths...]` with report options.
// A coordinator that runs one worker process (this executable in its
// clang-tidy mode, with --export-fixes) per translation unit, N at a time,
// and merges their diagnostics into one report. See docs/cli.md.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_PROJECTMODE_H
#define COROGUARD_TOOL_PROJECTMODE_H

namespace coroguard {

/// True when the command line asks for a whole-project run: a report option
/// (--format, -o, -j, --baseline, --write-baseline, --fail-on, --progress,
/// --source-root, --doc-url-base, --fix-dry-run, --fix-unsafe), -p without
/// sources, or a directory among the paths. Otherwise coroguard behaves
/// exactly like clang-tidy (`coroguard --fix file.cpp` is clang-tidy's -fix).
bool wantsProjectMode(int argc, const char **argv);

/// Runs the coordinator; returns the process exit code (0 clean, 1 findings
/// at or above --fail-on, 2 usage errors or translation units that could not
/// be analysed).
int runProjectMode(int argc, const char **argv);

} // namespace coroguard

#endif
