//===--- Explain.h - coroguard --------------------------------------------===//
//
// Help from the command line, like `ruff rule`: `coroguard --explain <check>`
// prints the check's documentation page (what, why, examples, fix, options)
// and `coroguard --list-checks` one line per check. The pages are the
// docs/checks/*.md files, compiled into the binary at build time
// (cmake/embed_check_docs.cmake), so this works wherever the binary runs.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_EXPLAIN_H
#define COROGUARD_TOOL_EXPLAIN_H

#include "DocLinks.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace coroguard {

/// Prints the page of \p CheckId to \p OS; an unknown check is an error on
/// \p Err with the closest name. Returns the exit code (0 or 2).
int explainCheck(llvm::StringRef CheckId, const DocLinks &Docs,
                 llvm::raw_ostream &OS, llvm::raw_ostream &Err);

/// Prints every coro-* check with its one-line description. Returns 0.
int listChecks(llvm::raw_ostream &OS);

} // namespace coroguard

#endif
