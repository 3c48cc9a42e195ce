//===--- CheckEnablement.h - coroguard ------------------------------------===//
//
// The notice that a .clang-tidy file turns every coro-* check off.
//
// Projects that already use clang-tidy often have `Checks: '-*,...'` in their
// .clang-tidy, which turns coroguard's checks off too: a run then reports
// nothing, which looks like clean code. Both modes of the CLI therefore print,
// once per run and per such file, on standard error:
//
//   coroguard: note: coro-* checks are disabled by .clang-tidy at <path>;
//   add 'coro-*' to Checks
//
// (one line). The effective options are clang-tidy's own: a
// FileOptionsProvider (a ConfigOptionsProvider with -config / -config-file)
// built from the same defaults and command-line overrides as clangTidyMain,
// whose raw option sources are walked in merge order with a GlobList over the
// merged Checks against the names the registered coroguard module's check
// factories register. There is no notice when the command line decides:
// -checks / -config that enable a coro-* check, or that on their own turn
// every coro-* check off. A malformed configuration gets no notice: it is a
// configuration error (TidyConfig), which stops the run. The notice never
// changes the exit code.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_CHECKENABLEMENT_H
#define COROGUARD_TOOL_CHECKENABLEMENT_H

#include "llvm/ADT/ArrayRef.h"
#include <string>

namespace coroguard {

/// Set (to "1") in the environment of project mode's workers: the coordinator
/// prints the notice for the whole run, the workers stay silent.
inline constexpr char NoConfigNoticeEnv[] = "COROGUARD_NO_CONFIG_NOTICE";

/// Project mode: prints the notice for each .clang-tidy file that turns every
/// coro-* check off for one or more of \p Files, once, in the order \p Files
/// first meet them. \p TidyArgs are clang-tidy's command-line options as the
/// run passes them to its workers (`-checks=...`, `-config-file x`, ...).
void noteConfigsDisablingCoroChecks(llvm::ArrayRef<std::string> TidyArgs,
                                    llvm::ArrayRef<std::string> Files);

/// clang-tidy mode: the same for the sources on clang-tidy's command line
/// \p argv. Prints nothing for --help, --list-checks, --dump-config and the
/// other options that only describe the configuration, nor in a project
/// mode worker (NoConfigNoticeEnv).
void noteConfigsDisablingCoroChecks(int argc, const char **argv);

} // namespace coroguard

#endif
