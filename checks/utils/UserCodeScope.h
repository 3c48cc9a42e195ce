//===--- UserCodeScope.h - coroguard ------------------------------*- C++ -*-===//
//
// Limits the AST's traversal scope to the code a user can be warned about.
//
// The checks' own walks over a translation unit (the references to functions,
// the callers of a function, the declarations the parent index is built
// from, clang's parent map when the index falls back to it) cover the
// traversal scope: by default the whole translation unit, system headers
// included — for a coroutine file on libstdc++ most of it is the standard
// library. clang-tidy itself does not match nodes in system headers unless
// `--system-headers` is given, and clangd already limits the scope to the
// main file for every clang-tidy check; this does the same for the command
// line, `clang-tidy -load` and the compiler plugin: the scope becomes the
// top-level declarations that are not in a system header (user headers stay
// in, so header findings are unchanged).
//
// One UserCodeScope per match finder, owned by the checks' shared
// dispatcher (UserCodeNodes.h), which calls it when the match finder starts a
// translation unit, reaches its first node and is done with it. It limits the
// scope once per translation unit and restores it when the match finder is
// done. It leaves the scope alone when it is already limited (clangd) or when
// system headers are analysed. The analysis session (AnalysisSession.h) is
// created after the scope is limited, so the parent index and the other
// walks see the limited scope.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_USERCODESCOPE_H
#define COROGUARD_CHECKS_UTILS_USERCODESCOPE_H

#include "clang/AST/ASTContext.h"

namespace clang::tidy::coro {

class UserCodeScope {
public:
  /// \p SystemHeaders: the user asked for findings in system headers
  /// (clang-tidy's `--system-headers` / `SystemHeaders: true`).
  explicit UserCodeScope(bool SystemHeaders) : SystemHeaders(SystemHeaders) {}

  /// The match finder reached the translation unit's declaration, its first
  /// node: limits the scope of \p Ctx, unless system headers are analysed.
  void enter(ASTContext &Ctx);
  /// The match finder is done: gives the whole translation unit back to
  /// whatever runs after the checks (other consumers of the compiler
  /// plugin), if this object limited it.
  void finish();

  /// The limiting itself; true if it changed the scope.
  static bool limit(ASTContext &Ctx);

private:
  bool SystemHeaders;
  ASTContext *Limited = nullptr;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_USERCODESCOPE_H
