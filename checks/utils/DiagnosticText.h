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

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_DIAGNOSTICTEXT_H
