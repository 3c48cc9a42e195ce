//===--- DiagnosticText.h - coroguard -----------------------------*- C++
//-*-===//
//
// How coroguard's diagnostics name things, so that every check says the same
// type the same way.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_DIAGNOSTICTEXT_H
#define COROGUARD_CHECKS_UTILS_DIAGNOSTICTEXT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Type.h"
#include <string>

namespace clang::tidy::coro {

/// The type as a reader finds it: the class fully qualified
/// (`coro::thread_pool::operation`, not `operation`), its template arguments
/// as written (`coroguard::task<Item>`, `seastar::future<>`), or resolved
/// where the written form only names a library's machinery
/// (`executor_future<int>`, not `executor_future<std::invoke_result_t<...>>`).
/// A deduced `auto` names the deduced type.
std::string typeName(QualType T, const ASTContext &Ctx);

/// A place of another translation unit, as a note names it: `file:line`,
/// the file relative to the working directory when it is under it.
std::string placeName(llvm::StringRef File, unsigned Line);

/// The location of \p File:\p Line:\p Column in this compile's source
/// manager (the file is read if the translation unit did not include it), so
/// that a note can point into another file; invalid if the file cannot be
/// read or is shorter.
SourceLocation locationIn(llvm::StringRef File, unsigned Line, unsigned Column,
                          ASTContext &Ctx);

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_DIAGNOSTICTEXT_H
