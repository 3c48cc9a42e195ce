//===--- FunctionUses.cpp - coroguard -------------------------------------===//

#include "FunctionUses.h"
#include "Parents.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::coro {

/// The list \p Map holds for \p FD (any declaration of it), or none.
template <typename MapT>
static auto listFor(const MapT &Map, const FunctionDecl *FD) {
  using List = llvm::ArrayRef<
      typename MapT::mapped_type::value_type>;
  if (!FD)
    return List();
  auto It = Map.find(FD->getCanonicalDecl());
  return It == Map.end() ? List() : List(It->second);
}

llvm::ArrayRef<const CallExpr *>
FunctionUses::callsTo(const FunctionDecl *FD) const {
  return listFor(Calls, FD);
}

llvm::ArrayRef<const DeclRefExpr *>
FunctionUses::refsTo(const FunctionDecl *FD) const {
  return listFor(Refs, FD);
}

class FunctionUseCollector
    : public RecursiveASTVisitor<FunctionUseCollector> {
public:
  FunctionUseCollector(ASTContext &Ctx, FunctionUses &Out)
      : SM(Ctx.getSourceManager()), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }
  // Calls and references written in types (decltype, template arguments)
  // run nothing. (Variadic: LLVM 22 adds a TraverseQualifier parameter.)
  template <typename... Rest> bool TraverseTypeLoc(TypeLoc, Rest...) {
    return true;
  }

  // Hand-offs that matter are written in the user's code: references inside
  // a declaration of a system header are not collected (its calls are).
  bool TraverseDecl(Decl *D) {
    const bool Saved = InSystemDecl;
    if (D && !InSystemDecl && !isa<TranslationUnitDecl>(D) &&
        SM.isInSystemHeader(D->getLocation()))
      InSystemDecl = true;
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    InSystemDecl = Saved;
    return Result;
  }

  // A call is visited before its callee: remember the callees named
  // directly (`f(...)`), which are not references of their own.
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *FD = Call->getDirectCallee())
      Out.Calls[FD->getCanonicalDecl()].push_back(Call);
    if (InSystemDecl)
      return true;
    if (const auto *ICE = dyn_cast_or_null<ImplicitCastExpr>(Call->getCallee());
        ICE && ICE->getCastKind() == CK_FunctionToPointerDecay)
      if (const auto *Ref = dyn_cast<DeclRefExpr>(ICE->getSubExpr()))
        DirectCallees.insert(Ref);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (InSystemDecl)
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(E->getDecl());
    if (!FD || DirectCallees.erase(E) || SM.isInSystemHeader(E->getLocation()))
      return true;
    Out.Refs[FD->getCanonicalDecl()].push_back(E);
    return true;
  }

private:
  const SourceManager &SM;
  FunctionUses &Out;
  bool InSystemDecl = false;
  llvm::SmallPtrSet<const DeclRefExpr *, 16> DirectCallees;
};

const FunctionUses &functionUses(ASTContext &Ctx) {
  static thread_local PerTranslationUnit<FunctionUses> Cache;
  bool Fresh = false;
  FunctionUses &Uses = Cache.get(&Ctx, &Fresh);
  if (Fresh)
    FunctionUseCollector(Ctx, Uses).TraverseAST(Ctx);
  return Uses;
}

} // namespace clang::tidy::coro
