//===--- UserCodeScope.cpp - coroguard ------------------------------------===//

#include "utils/UserCodeScope.h"
#include "utils/Parents.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

void UserCodeScope::registerWith(MatchFinder &Finder) {
  // Registered even with system headers: it also marks the start and the
  // end of each translation unit for the parent index.
  Finder.addMatcher(translationUnitDecl().bind("coroguard-tu"), this);
}

void UserCodeScope::onStartOfTranslationUnit() { forgetParents(); }

void UserCodeScope::run(const MatchFinder::MatchResult &Result) {
  if (!SystemHeaders &&
      Result.Nodes.getNodeAs<TranslationUnitDecl>("coroguard-tu") &&
      limit(*Result.Context))
    Limited = Result.Context;
}

void UserCodeScope::onEndOfTranslationUnit() {
  forgetParents();
  if (!Limited)
    return;
  Limited->setTraversalScope({Limited->getTranslationUnitDecl()});
  Limited = nullptr;
}

bool UserCodeScope::limit(ASTContext &Ctx) {
  // Limited already: by clangd (main file), or by whoever drives the AST.
  // (A vector in LLVM 19, an ArrayRef in 22: keep whatever it returns.)
  const auto Scope = Ctx.getTraversalScope();
  if (Scope.size() != 1 || !isa<TranslationUnitDecl>(Scope.front()))
    return false;
  // Safe in the middle of the match finder's traversal: with the default
  // scope, RecursiveASTVisitor walks the translation unit's own declaration
  // list and never looks at the scope again; only later traversals (the
  // parent map, the checks' own scans) see the new one.
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<Decl *> User;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    if (D->isImplicit())
      continue;
    SourceLocation Loc = D->getLocation();
    if (Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
      continue;
    User.push_back(D);
  }
  // An empty list is a valid, limited scope: no declaration of user code.
  Ctx.setTraversalScope(User);
  return true;
}

} // namespace clang::tidy::coro
