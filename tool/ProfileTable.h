//===--- ProfileTable.h - coroguard ---------------------------------------===//
//
// Project mode's --enable-check-profile: the workers store clang-tidy's
// per-translation-unit profiles (--store-check-profile) and coroguard's
// per-check split of its shared "coroguard" entry (checks/utils/
// CheckProfile.h) in one directory; this sums them over the run and prints
// one table, every check by name: each coro-* check, the shared walk they
// ride on ("coroguard (shared walk)"), and any other clang-tidy check.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_PROFILETABLE_H
#define COROGUARD_TOOL_PROFILETABLE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace coroguard {

/// Prints the table of the profiles in \p Dir; false when there are none.
bool printProfileTable(llvm::StringRef Dir, llvm::raw_ostream &OS);

} // namespace coroguard

#endif
