//===--- TidyArgs.h - coroguard -------------------------------------------===//
//
// What the front ends need to know about clang-tidy's own command line when
// they read it before clang-tidy does (CoroguardMain's database check,
// ProjectMode's option split, CheckEnablement's config scan): which options
// take their value as the next argument, and which only print information.
// One list, so the readers cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_TIDYARGS_H
#define COROGUARD_TOOL_TIDYARGS_H

#include "llvm/ADT/StringRef.h"

namespace coroguard {

/// \p Name (an option without its dashes and without "=value") takes its
/// value as the next argument when written without '=': `-p build`.
bool takesSeparateValue(llvm::StringRef Name);

/// \p Name (without dashes) makes clang-tidy print something and stop
/// (--help, --version, --list-checks, --dump-config, ...): no analysis runs.
bool isInfoOption(llvm::StringRef Name);

} // namespace coroguard

#endif
