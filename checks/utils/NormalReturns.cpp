//===--- NormalReturns.cpp - coroguard ------------------------------------===//

#include "utils/NormalReturns.h"
#include "utils/CallFollower.h"
#include "utils/CoroutineTypes.h"
#include "utils/Summaries.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coro {

char NormalReturns::Key;

/// Calls judged deep, and the size of a body judged.
static constexpr unsigned MaxDepth = 4;
static constexpr unsigned MaxBlocks = 64;

const FunctionDecl *NormalReturns::judgedBody(const FunctionDecl &F) {
  const FunctionDecl *Def = nullptr;
  // The standard library's own never-returning functions are declared so
  // (`std::__throw_length_error`): its other bodies are not read.
  if (!F.hasBody(Def) || !Def || Def->isDependentContext() ||
      isCoroutine(Def) || isOverridable(*Def) || isStdFunction(*Def))
    return nullptr;
  return Def;
}

namespace {
/// Whether a body holds what could end a path abruptly: a `throw`, or a
/// call to a function that clang knows never returns or whose own body
/// holds such a thing (\p Abrupt; not a nested lambda's or local class's).
/// A cheap test before the graph is built.
class AbruptEnds : public RecursiveASTVisitor<AbruptEnds> {
public:
  explicit AbruptEnds(llvm::function_ref<bool(const FunctionDecl &)> Abrupt)
      : Abrupt(Abrupt) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCXXThrowExpr(CXXThrowExpr *) {
    Found = true;
    return false;
  }
  bool VisitCallExpr(CallExpr *C) {
    if (const FunctionDecl *Callee = C->getDirectCallee();
        Callee && Abrupt(*Callee)) {
      Found = true;
      return false;
    }
    return true;
  }
  bool Found = false;

private:
  llvm::function_ref<bool(const FunctionDecl &)> Abrupt;
};

/// The body's graph, and whether its end is reached normally: through a
/// `return` or off its end, not by a `throw` leaving it, not past a call
/// that never returns.
class NormalEnd {
public:
  NormalEnd(const FunctionDecl &Def,
            llvm::function_ref<bool(const FunctionDecl &)> CalleeNever)
      : CalleeNever(CalleeNever) {
    CFG::BuildOptions Options;
    Graph = CFG::buildCFG(&Def, Def.getBody(), &Def.getASTContext(), Options);
  }
  bool built() const { return Graph && Graph->size() <= MaxBlocks; }
  const CFG &graph() const { return *Graph; }

  /// True if the end is reached normally without taking successor
  /// \p CutSucc of \p Cut (none when \p Cut is null).
  bool reached(const CFGBlock *Cut = nullptr, unsigned CutSucc = 0) {
    const CFGBlock *Exit = &Graph->getExit();
    llvm::SmallVector<const CFGBlock *, 16> Work{&Graph->getEntry()};
    llvm::DenseSet<const CFGBlock *> Seen{&Graph->getEntry()};
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      if (B == Exit)
        return true;
      if (B->hasNoReturnElement() || stops(*B))
        continue;
      bool Throws = throws(*B);
      unsigned I = 0;
      for (const CFGBlock *Succ : B->succs()) {
        unsigned Index = I++;
        if (!Succ || (B == Cut && Index == CutSucc) ||
            (Throws && Succ == Exit))
          continue;
        if (Seen.insert(Succ).second)
          Work.push_back(Succ);
      }
    }
    return false;
  }

private:
  /// A call in the block that never returns (one clang does not know:
  /// those end their block already).
  bool stops(const CFGBlock &B) {
    auto It = Stops.find(&B);
    if (It != Stops.end())
      return It->second;
    bool Answer = false;
    for (const CFGElement &El : B) {
      auto CS = El.getAs<CFGStmt>();
      const auto *Call = CS ? dyn_cast<CallExpr>(CS->getStmt()) : nullptr;
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      if (Callee && CalleeNever(*Callee)) {
        Answer = true;
        break;
      }
    }
    return Stops[&B] = Answer;
  }
  /// The block ends in a `throw` (the CFG gives it no terminator: its
  /// successor is the enclosing try's handlers, or the end).
  static bool throws(const CFGBlock &B) {
    for (auto It = B.rbegin(); It != B.rend(); ++It)
      if (auto CS = It->getAs<CFGStmt>())
        return isa<CXXThrowExpr>(CS->getStmt());
    return false;
  }
  std::unique_ptr<CFG> Graph;
  llvm::function_ref<bool(const FunctionDecl &)> CalleeNever;
  llvm::DenseMap<const CFGBlock *, bool> Stops;
};
} // namespace

bool NormalReturns::summarySaysNever(const FunctionDecl &F) {
  // Defined in another file: what its summary says.
  const SummaryStore *Store = Session.summaries();
  if (!Store || F.isDefined() || isCoroutine(&F) || isOverridable(F))
    return false;
  std::string USR = usrOf(F);
  const FunctionSummary *S = USR.empty() ? nullptr : Store->find(USR);
  return S && S->NeverReturns;
}

/// The answer for \p F in \p Memo, computed by \p Body from its definition
/// (the summary for a function only declared here): clang's noreturn first,
/// "no" past MaxDepth and for a recursive call under way.
template <typename BodyFn>
static bool memoised(llvm::DenseMap<const FunctionDecl *, bool> &Memo,
                     const FunctionDecl &F, unsigned Depth, BodyFn Body,
                     llvm::function_ref<bool()> Summary) {
  if (F.isNoReturn())
    return true;
  const FunctionDecl *Canonical = F.getCanonicalDecl();
  if (auto It = Memo.find(Canonical); It != Memo.end())
    return It->second;
  if (Depth > MaxDepth)
    return false;
  Memo[Canonical] = false; // a recursive function ends here
  bool Answer = Body();
  if (!Answer)
    Answer = Summary();
  return Memo[Canonical] = Answer;
}

bool NormalReturns::mayEndAbruptly(const FunctionDecl &F, unsigned Depth) {
  auto Body = [&] {
    const FunctionDecl *Def = judgedBody(F);
    if (!Def)
      return false;
    auto Callee = [&](const FunctionDecl &C) {
      return mayEndAbruptly(C, Depth + 1);
    };
    AbruptEnds Finder(Callee);
    Finder.TraverseStmt(Def->getBody());
    return Finder.Found;
  };
  return memoised(Abrupt, F, Depth, Body, [&] { return summarySaysNever(F); });
}

bool NormalReturns::neverReturns(const FunctionDecl &F, unsigned Depth) {
  auto Body = [&] {
    const FunctionDecl *Def = judgedBody(F);
    if (!Def || !mayEndAbruptly(*Def, 0))
      return false;
    auto Callee = [&](const FunctionDecl &C) {
      return neverReturns(C, Depth + 1);
    };
    NormalEnd End(*Def, Callee);
    return End.built() && !End.reached();
  };
  return memoised(Never, F, Depth, Body, [&] { return summarySaysNever(F); });
}

llvm::ArrayRef<EstablishedCondition>
NormalReturns::establishedBy(const FunctionDecl &F) {
  // A body that cannot end a path abruptly reaches its end past either
  // outcome of any condition (or loops for ever): none is established.
  const FunctionDecl *Def = judgedBody(F);
  if (!Def || !mayEndAbruptly(*Def, 0))
    return {};
  auto [It, Inserted] = Established.try_emplace(Def);
  if (!Inserted)
    return It->second;
  std::vector<EstablishedCondition> Found;
  auto Callee = [&](const FunctionDecl &C) { return neverReturns(C, 1); };
  NormalEnd End(*Def, Callee);
  if (End.built() && End.reached()) {
    for (const CFGBlock *B : End.graph()) {
      if (!B || B->succ_size() != 2)
        continue;
      const Expr *Cond = B->getLastCondition();
      if (!Cond)
        continue;
      // Successor 0 is taken when the condition is true. The condition
      // holds at every normal end when the end cannot be reached without
      // taking that edge (the loop's test of a `while` too: it leaves the
      // loop false).
      for (unsigned Succ = 0; Succ < 2; ++Succ)
        if (*(B->succ_begin() + Succ) && !End.reached(B, Succ)) {
          Found.push_back({Cond, Succ == 0});
          break;
        }
    }
  }
  return Established[Def] = std::move(Found);
}

} // namespace clang::tidy::coro
