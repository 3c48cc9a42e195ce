//===--- CallFollower.cpp - coroguard --------------------------------------===//

#include "utils/CallFollower.h"
#include "utils/AnalysisSession.h"
#include "utils/CoroutineTypes.h"
#include "utils/ExecutionContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

namespace clang::tidy::coro {

const FunctionDecl *calleeOf(const Expr &E) {
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E))
    return Construct->getConstructor();
  return nullptr;
}

std::string usrOf(const Decl &D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(&D, Buf))
    return {};
  return Buf.str().str();
}

void CallFollower::reset(AnalysisSession &S) {
  Store = S.summaries();
  Followable.clear();
  Bodies.clear();
  Links.clear();
  Without.clear();
  External.clear();
}

bool CallFollower::virtualCallNamesBody(const Expr &Call) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      return ME->hasQualifier();
  return false;
}

bool isOverridable(const FunctionDecl &FD) {
  // A final method (or a method of a final class) has no override to run.
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  return MD && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
         !MD->getParent()->hasAttr<FinalAttr>();
}

const FunctionDecl *CallFollower::followable(const FunctionDecl *FD,
                                             const Expr &Call) {
  if (!FD)
    return nullptr;
  // What depends on the function alone, once per function.
  auto [It, New] = Followable.try_emplace(FD);
  if (New)
    It->second = followableDefinition(FD);
  const FollowableDef F = It->second;
  if (!F.Def)
    return nullptr;
  // A virtual call may run any override: follow only calls that name the
  // method's own body.
  if (F.Virtual && !virtualCallNamesBody(Call))
    return nullptr;
  return F.Def;
}

CallFollower::FollowableDef
CallFollower::followableDefinition(const FunctionDecl *FD) {
  if (!Property.mayEnter(*FD))
    return {};
  // A lambda's body is judged where it runs (ExecutionContext follows it
  // to the code that calls it in place, or to the thread it is handed to),
  // never as a callee.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->getParent()->isLambda())
    return {};
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def || !Def->getBody())
    return {};
  const SourceManager &SM = Def->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(Def->getLocation()))
    return {};
  // A coroutine's body is judged where it is written; a call only creates
  // its frame.
  if (isCoroutine(Def))
    return {};
  return {Def, isOverridable(*FD)};
}

bool CallFollower::externallyDefined(const FunctionDecl &FD) const {
  if (FD.isDefined() || !Property.mayEnter(FD))
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(&FD); MD && MD->getParent()->isLambda())
    return false;
  if (FD.isDependentContext() || FD.getBuiltinID())
    return false;
  const SourceManager &SM = FD.getASTContext().getSourceManager();
  return !SM.isInSystemHeader(SM.getExpansionLoc(FD.getLocation()));
}

namespace {
/// The calls of a body, each marked with whether it sits inside a lambda or
/// a local class (whose code runs wherever that is handed on) rather than in
/// the body's own code.
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *E) {
    ++Nested;
    bool Result = RecursiveASTVisitor::TraverseLambdaExpr(E);
    --Nested;
    return Result;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *D) {
    ++Nested;
    bool Result = RecursiveASTVisitor::TraverseCXXRecordDecl(D);
    --Nested;
    return Result;
  }
  bool VisitCallExpr(CallExpr *E) {
    add(E);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    add(E);
    return true;
  }
  /// The statements of a block that run only on the way to a failure: every
  /// statement up to an unconditional `throw` (or a call that does not
  /// return) of the same block, when none of them can leave the block first
  /// (return, break, continue, goto). A blocking call there is the error
  /// report's (`describe_thread()` reading /proc before `throw`), not the
  /// function's normal work.
  bool TraverseCompoundStmt(CompoundStmt *S) {
    if (!S)
      return true;
    llvm::SmallVector<Stmt *, 16> Children(S->body_begin(), S->body_end());
    int Fails = -1;
    for (unsigned I = 0; I < Children.size(); ++I)
      if (isFailure(Children[I])) {
        Fails = static_cast<int>(I);
        break;
      }
    int FirstDoomed = Fails;
    for (int I = Fails - 1; I >= 0; --I) {
      if (canLeave(Children[I]))
        break;
      FirstDoomed = I;
    }
    for (unsigned I = 0; I < Children.size(); ++I) {
      const bool InDoom = Fails >= 0 && static_cast<int>(I) >= FirstDoomed &&
                          static_cast<int>(I) <= Fails;
      Doomed += InDoom;
      bool Ok = TraverseStmt(Children[I]);
      Doomed -= InDoom;
      if (!Ok)
        return false;
    }
    return true;
  }
  struct Found {
    const Expr *Call;
    bool Nested;
    bool Doomed;
  };
  llvm::SmallVector<Found, 16> Calls;

private:
  static bool isFailure(const Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S)) {
      E = E->IgnoreImplicit();
      if (isa<CXXThrowExpr>(E))
        return true;
      if (const auto *Call = dyn_cast<CallExpr>(E))
        if (const FunctionDecl *FD = Call->getDirectCallee())
          return FD->isNoReturn();
    }
    return false;
  }
  /// Whether \p S may leave the enclosing block other than by falling
  /// through (not counting what nested loops and switches keep inside).
  static bool canLeave(const Stmt *S) {
    if (!S)
      return false;
    if (isa<ReturnStmt, CoreturnStmt, GotoStmt, IndirectGotoStmt,
            BreakStmt, ContinueStmt>(S))
      return true;
    if (isa<LambdaExpr>(S))
      return false;
    for (const Stmt *Child : S->children())
      if (canLeave(Child))
        return true;
    return false;
  }
  void add(const Expr *E) {
    if (Calls.size() < 4096)
      Calls.push_back({E, Nested > 0, Doomed > 0});
  }
  unsigned Nested = 0;
  unsigned Doomed = 0;
};
} // namespace

const CallFollower::Body &CallFollower::bodyOf(const FunctionDecl *Def,
                                               ASTContext &Ctx) {
  return scan(Def, Ctx);
}

CallFollower::Body &CallFollower::scan(const FunctionDecl *Def,
                                       ASTContext &Ctx) {
  Body &S = Bodies[Def];
  if (S.Scanned)
    return S;
  S.Scanned = true;
  CallCollector Collector;
  Collector.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
  for (const CallCollector::Found &F : Collector.Calls) {
    const Expr *E = F.Call;
    if (E->containsErrors() || E->isTypeDependent() || F.Doomed)
      continue;
    // The cheap question first (does this call have the property, or lead
    // to a body that might?), then where it runs: only what runs as part of
    // Def itself counts, not a lambda it hands to a thread, not a local
    // class's method.
    const bool Direct = Property.holdsAt(*E, Ctx);
    const FunctionDecl *G = nullptr;
    bool Outside = false;
    if (!Direct) {
      const FunctionDecl *Callee = calleeOf(*E);
      G = followable(Callee, *E);
      if (!G && Callee && externallyDefined(*Callee) &&
          (!isOverridable(*Callee) || virtualCallNamesBody(*E))) {
        G = Callee->getCanonicalDecl();
        Outside = true;
      }
      if (!G || G == Def)
        continue;
    }
    // Code of Def itself needs no parent walk; a lambda's may run in place.
    if (F.Nested) {
      ExecutionContext C = Resolver.contextOf(*E, Ctx);
      if (C.Kind != ContextKind::Plain || !C.Function ||
          C.Function->getCanonicalDecl() != Def->getCanonicalDecl())
        continue;
    }
    // The first hit ends every chain through Def; the calls are still
    // collected (the summaries' call graph is read backwards too: who
    // calls a function, whatever else the caller does).
    if (Direct) {
      if (!S.Direct)
        S.Direct = CallStep{E, calleeOf(*E)};
      continue;
    }
    S.Calls.push_back({CallStep{E, G}, Outside});
  }
  return S;
}

const CallChain *CallFollower::externalFrom(const FunctionDecl *FD) {
  if (!Store)
    return nullptr;
  auto [It, New] = External.try_emplace(FD);
  if (New) {
    const std::string USR = usrOf(*FD);
    if (!USR.empty())
      It->second.External =
          Property.externalChain(*Store, USR, It->second.ExternalSuggestion);
  }
  return It->second.External.empty() ? nullptr : &It->second;
}

CallChain CallFollower::assemble(const FunctionDecl *Start) const {
  CallChain Chain;
  llvm::DenseSet<const FunctionDecl *> Seen;
  for (const FunctionDecl *F = Start; F && Seen.insert(F).second;) {
    auto It = Links.find(F);
    if (It == Links.end())
      return {}; // cannot happen: every function on a chain has its link
    Chain.Local.push_back(It->second.First);
    if (It->second.Kind == Link::Final)
      break;
    F = It->second.First.Callee;
    if (It->second.Kind == Link::Outside) {
      auto Ext = External.find(F);
      if (Ext == External.end())
        return {};
      Chain.External = Ext->second.External;
      Chain.ExternalSuggestion = Ext->second.ExternalSuggestion;
      break;
    }
  }
  return Chain;
}

CallChain CallFollower::chainOfCall(const Expr &Call, ASTContext &Ctx) {
  const FunctionDecl *Callee = calleeOf(Call);
  if (const FunctionDecl *Def = followable(Callee, Call))
    return chainFrom(Def, Ctx);
  if (Callee && externallyDefined(*Callee) &&
      (!isOverridable(*Callee) || virtualCallNamesBody(Call)))
    if (const CallChain *Ext = externalFrom(Callee->getCanonicalDecl()))
      return *Ext;
  return {};
}

CallChain CallFollower::chainFrom(const FunctionDecl *Start, ASTContext &Ctx) {
  if (Links.count(Start))
    return assemble(Start);
  if (Without.count(Start))
    return {};
  // Breadth first over the calls of the translation unit: the shortest
  // chain to a hit. Cycles end at functions already seen.
  struct Node {
    const FunctionDecl *F;
    int Parent;
    CallStep Via;
    bool Outside;
  };
  llvm::SmallVector<Node, 16> Queue;
  llvm::DenseSet<const FunctionDecl *> Seen;
  Queue.push_back({Start, -1, {nullptr, nullptr}, false});
  Seen.insert(Start);
  int Found = -1;
  bool Complete = true;
  for (unsigned I = 0; I < Queue.size(); ++I) {
    if (I >= 2048) {
      Complete = false;
      break;
    }
    const FunctionDecl *F = Queue[I].F;
    if (Queue[I].Outside) {
      // A function of another translation unit: its summary says.
      if (externalFrom(F)) {
        Found = static_cast<int>(I);
        break;
      }
      continue;
    }
    if (I > 0) {
      if (Links.count(F)) {
        Found = static_cast<int>(I);
        break;
      }
      if (Without.count(F))
        continue;
    }
    Body &S = scan(F, Ctx);
    if (S.Direct) {
      Found = static_cast<int>(I);
      Links[F] = {*S.Direct, Link::Final};
      break;
    }
    for (const Body::Call &C : S.Calls)
      if (Seen.insert(C.Step.Callee).second)
        Queue.push_back({C.Step.Callee, static_cast<int>(I), C.Step, C.External});
  }
  if (Found < 0) {
    if (Complete)
      for (const Node &N : Queue)
        if (!N.Outside)
          Without.insert(N.F);
    if (!Complete)
      Without.insert(Start);
    return {};
  }
  // Every function on the path Start -> ... -> Queue[Found] reaches the hit
  // through the rest of the chain: link each to its successor.
  for (int N = Found; Queue[N].Parent >= 0; N = Queue[N].Parent)
    Links[Queue[Queue[N].Parent].F] = {
        Queue[N].Via, Queue[N].Outside ? Link::Outside : Link::Next};
  return assemble(Start);
}

} // namespace clang::tidy::coro
