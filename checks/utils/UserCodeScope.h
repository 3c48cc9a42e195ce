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
// dispatcher (UserCodeNodes.h), which registers it before any other matcher
// of the checks; it limits the scope once per translation unit and restores
// it when the match finder is done. It leaves the scope alone when it is
// already limited (clangd) or when system headers are analysed. It also marks the start and
// the end of each translation unit for the per-unit caches (Parents.h).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_USERCODESCOPE_H
#define COROGUARD_CHECKS_UTILS_USERCODESCOPE_H

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::coro {

class UserCodeScope : public ast_matchers::MatchFinder::MatchCallback {
public:
  /// \p SystemHeaders: the user asked for findings in system headers
  /// (clang-tidy's `--system-headers` / `SystemHeaders: true`).
  explicit UserCodeScope(bool SystemHeaders) : SystemHeaders(SystemHeaders) {}

  /// Adds the matcher for the translation unit, which the match finder visits
  /// before any other node. Called before any other matcher is added.
  void registerWith(ast_matchers::MatchFinder &Finder);

  void run(const ast_matchers::MatchFinder::MatchResult &Result) override;
  /// Drops the parent index of the previous translation unit (Parents.h).
  void onStartOfTranslationUnit() override;
  /// Gives the whole translation unit back to whatever runs after the checks
  /// (other consumers of the compiler plugin), if this object limited it,
  /// and drops the parent index.
  void onEndOfTranslationUnit() override;
  StringRef getID() const override { return "coroguard-user-code-scope"; }

  /// The limiting itself; true if it changed the scope.
  static bool limit(ASTContext &Ctx);

private:
  bool SystemHeaders;
  ASTContext *Limited = nullptr;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_USERCODESCOPE_H
