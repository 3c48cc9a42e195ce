//===--- FunctionUses.cpp - coroguard -------------------------------------===//

#include "FunctionUses.h"
#include "utils/AnalysisSession.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
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

namespace {
/// The session's FunctionUses, walked when the state is created.
struct SessionFunctionUses : SessionState {
  static char Key;
  explicit SessionFunctionUses(AnalysisSession &S) {
    FunctionUseCollector(S.context(), Uses).TraverseAST(S.context());
  }
  FunctionUses Uses;
};
char SessionFunctionUses::Key;
} // namespace

const FunctionUses &functionUses(AnalysisSession &S) {
  return S.state<SessionFunctionUses>().Uses;
}

const Expr *argumentFor(const Expr &Call, const ParmVarDecl &P) {
  unsigned Index = P.getFunctionScopeIndex();
  if (const auto *CE = dyn_cast<CallExpr>(&Call)) {
    if (isa<CXXOperatorCallExpr>(CE))
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(CE->getDirectCallee());
          MD && MD->isInstance() && !MD->isExplicitObjectMemberFunction())
        ++Index;
    return Index < CE->getNumArgs() ? CE->getArg(Index) : nullptr;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&Call))
    return Index < Construct->getNumArgs() ? Construct->getArg(Index)
                                           : nullptr;
  return nullptr;
}

std::optional<llvm::SmallVector<ArgumentAtCall, 4>>
argumentsAtEveryCall(const ParmVarDecl &P, AnalysisSession &S,
                     unsigned MaxCalls) {
  const auto *F = dyn_cast<FunctionDecl>(P.getDeclContext());
  if (!F)
    return std::nullopt;
  const FunctionDecl *Key = F->getCanonicalDecl();
  const FunctionUses &Uses = functionUses(S);
  if (!Uses.refsTo(Key).empty())
    return std::nullopt; // its address taken, handed on: callers unknown
  llvm::ArrayRef<const CallExpr *> Calls = Uses.callsTo(Key);
  if (Calls.empty() || Calls.size() > MaxCalls)
    return std::nullopt;
  llvm::SmallVector<ArgumentAtCall, 4> Out;
  for (const CallExpr *Call : Calls) {
    const Expr *Arg = argumentFor(*Call, P);
    if (!Arg)
      return std::nullopt;
    Out.push_back({Arg, Call});
  }
  return Out;
}

} // namespace clang::tidy::coro

