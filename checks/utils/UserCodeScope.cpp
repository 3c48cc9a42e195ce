//===--- UserCodeScope.cpp - coroguard ------------------------------------===//

#include "utils/UserCodeScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::coro {

void UserCodeScope::enter(ASTContext &Ctx) {
  if (!SystemHeaders && limit(Ctx))
    Limited = &Ctx;
}

void UserCodeScope::finish() {
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
  // Called when the match finder has matched the translation unit's
  // declaration and before it looks at the scope for its children: the
  // match finder, the checks' own walks and clang's parent map all see the
  // new scope.
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
