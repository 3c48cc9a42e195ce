//===--- LocalOverwrites.cpp - coroguard ----------------------------------===//

#include "LocalOverwrites.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>

namespace clang::tidy::coro {

const VarDecl *LocalOverwrites::assignedVariable(const Expr &E) {
  const Expr *LHS = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&E)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      LHS = Op->getArg(0);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(&E)) {
    if (BO->getOpcode() == BO_Assign)
      LHS = BO->getLHS();
  }
  if (!LHS)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(LHS->IgnoreParenImpCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

const ParentMap &LocalOverwrites::parentsOf(const FunctionFlow &Flow) {
  std::unique_ptr<ParentMap> &Slot = Parents[Flow.body()];
  if (!Slot)
    Slot = std::make_unique<ParentMap>(const_cast<Stmt *>(Flow.body()));
  return *Slot;
}

/// The position of the declaration of \p Var in the graph: the (possibly
/// synthesised) DeclStmt of that one variable, else its initialiser.
static std::optional<FunctionFlow::Position>
declarationPosition(const VarDecl &Var, const FunctionFlow &Flow) {
  for (const CFGBlock *B : Flow.graph()) {
    unsigned I = 0;
    for (const CFGElement &El : *B) {
      if (std::optional<CFGStmt> S = El.getAs<CFGStmt>())
        if (const auto *DS = dyn_cast<DeclStmt>(S->getStmt());
            DS && DS->isSingleDecl() && DS->getSingleDecl() == &Var)
          return FunctionFlow::Position{B, I};
      ++I;
    }
  }
  return Flow.positionOf(Var.getInit());
}

llvm::SmallVector<const Expr *, 2> LocalOverwrites::overwritesBeforeUse(
    const VarDecl &Var, const Expr &Definition, const FunctionDecl &Fn,
    ASTContext &Ctx, bool VoidCastConsumes) {
  const FunctionFlow *Flow = Flows.get(Fn, Ctx);
  if (!Flow)
    return {};
  const bool IsInit = &Definition == Var.getInit();
  std::optional<FunctionFlow::Position> Start =
      IsInit ? declarationPosition(Var, *Flow) : Flow->positionOf(&Definition);
  if (!Start)
    return {};
  const ParentMap &PM = parentsOf(*Flow);

  // Where, in the graph, the variable's value is consumed and where it is
  // overwritten.
  llvm::SmallPtrSet<const Stmt *, 8> ConsumedAt;
  llvm::SmallPtrSet<const Stmt *, 4> OverwrittenAt;
  for (const DeclRefExpr *Ref : Refs.refsTo(Var, Fn)) {
    if (isConsumingRef(*Ref, *Session, VoidCastConsumes, &PM)) {
      // The nearest enclosing statement the graph holds (a use inside a
      // lambda counts where the lambda is).
      const Stmt *Anchor = Ref;
      while (Anchor && !Flow->positionOf(Anchor))
        Anchor = PM.getParent(Anchor);
      if (!Anchor)
        return {}; // cannot place a use: say nothing
      ConsumedAt.insert(Anchor);
      continue;
    }
    // The write of an assignment `Var = ...`.
    const Stmt *Cur = Ref;
    for (const Stmt *P = PM.getParent(Cur);
         P && isa<ParenExpr, ImplicitCastExpr>(P); P = PM.getParent(P))
      Cur = P;
    if (const Stmt *P = PM.getParent(Cur))
      if (const auto *E = dyn_cast<Expr>(P);
          E && assignedVariable(*E) == &Var && Flow->positionOf(E))
        OverwrittenAt.insert(E);
  }
  OverwrittenAt.erase(&Definition);
  if (OverwrittenAt.empty() || ConsumedAt.empty())
    return {};

  // Forward from the definition. Before an overwrite, a use means the value
  // is consumed on some path; after one, a use means the variable is used
  // later (by a value stored since).
  struct Item {
    const CFGBlock *Block;
    unsigned From;
    bool AfterOverwrite;
  };
  std::deque<Item> Work{{Start->Block, Start->Index + 1, false}};
  llvm::DenseSet<std::pair<const CFGBlock *, unsigned>> Entered;
  llvm::SmallPtrSet<const Stmt *, 4> Overwrites;
  bool UsedAfter = false;
  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 100000) {
    Item Cur = Work.front();
    Work.pop_front();
    bool After = Cur.AfterOverwrite;
    bool Ended = false;
    for (unsigned I = Cur.From; I < Cur.Block->size() && !Ended; ++I) {
      const CFGElement &El = (*Cur.Block)[I];
      if (std::optional<CFGStmt> S = El.getAs<CFGStmt>()) {
        const Stmt *St = S->getStmt();
        if (ConsumedAt.contains(St)) {
          if (!After)
            return {}; // consumed before any overwrite on this path
          UsedAfter = true;
          Ended = true;
        } else if (OverwrittenAt.contains(St) && !After) {
          Overwrites.insert(St);
          After = true;
        }
      } else if (std::optional<CFGAutomaticObjDtor> D =
                     El.getAs<CFGAutomaticObjDtor>()) {
        if (D->getVarDecl() == &Var)
          Ended = true;
      }
    }
    if (Ended)
      continue;
    for (const CFGBlock::AdjacentBlock &Succ : Cur.Block->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Entered.insert({Next, After ? 1u : 0u}).second)
          Work.push_back({Next, 0, After});
  }
  if (!Work.empty() || Overwrites.empty() || !UsedAfter)
    return {};
  llvm::SmallVector<const Expr *, 2> Result;
  for (const Stmt *S : Overwrites)
    Result.push_back(cast<Expr>(S));
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Result, [&](const Expr *A, const Expr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  return Result;
}

} // namespace clang::tidy::coro
