//===--- FrameLifetimes.cpp - coroguard -------------------------------------===//

#include "utils/FrameLifetimes.h"
#include "utils/AnalysisSession.h"
#include "utils/CallFollower.h"
#include "utils/DiagnosticText.h"
#include "utils/Parents.h"
#include "utils/UseAnalysis.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Config/llvm-config.h"

namespace clang::tidy::coro {

//===-- What a type is -----------------------------------------------------===//

static const CXXRecordDecl *patternOf(const CXXRecordDecl *RD) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (const ClassTemplateDecl *T = Spec->getSpecializedTemplate())
      return T->getTemplatedDecl();
  return RD;
}

/// A class clang knows as a view (`[[gsl::Pointer]]`: std::string_view,
/// std::span, std::reference_wrapper, and the libraries' annotated ones).
static bool isViewType(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && (RD->hasAttr<PointerAttr>() || patternOf(RD)->hasAttr<PointerAttr>());
}

/// A class clang knows as owning what its views refer to (`[[gsl::Owner]]`:
/// std::string, the standard containers, std::unique_ptr, ...).
static bool isOwnerType(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && (RD->hasAttr<OwnerAttr>() || patternOf(RD)->hasAttr<OwnerAttr>());
}

/// A parameter the frame keeps referring through: a reference, a pointer
/// or a view. (A by-value parameter of any other type is the frame's own.)
static bool refersThrough(const ParmVarDecl &P) {
  QualType T = P.getType();
  return T->isReferenceType() || T->isPointerType() || isViewType(T);
}

//===-- The object an argument refers to -----------------------------------===//

namespace {
/// What an argument refers to, when its lifetime is known here.
struct Referent {
  const VarDecl *Local = nullptr; ///< null: a temporary
};
} // namespace

static const Expr *skipParensAndNoOps(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<ImplicitCastExpr>(E);
        C && (C->getCastKind() == CK_NoOp ||
              C->getCastKind() == CK_DerivedToBase ||
              C->getCastKind() == CK_UncheckedDerivedToBase)) {
      E = C->getSubExpr();
      continue;
    }
    if (const auto *F = dyn_cast<FullExpr>(E)) {
      E = F->getSubExpr();
      continue;
    }
    return E;
  }
}

/// A local object (not a reference, not static) named by \p E, through
/// `.member` and array subscripts of it.
static const VarDecl *localObject(const Expr *E) {
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    E = skipParensAndNoOps(E);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
      if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType() ||
          Ref->refersToEnclosingVariableOrCapture())
        return nullptr;
      return V;
    }
    if (const auto *M = dyn_cast<MemberExpr>(E)) {
      // Through `->`, or a member that is a reference: another object,
      // not part of the local.
      if (M->isArrow() || M->getMemberDecl()->getType()->isReferenceType())
        return nullptr;
      E = M->getBase();
      continue;
    }
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
      const Expr *Base = A->getBase()->IgnoreParens();
      const auto *Decay = dyn_cast<ImplicitCastExpr>(Base);
      if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
        return nullptr;
      E = Decay->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// The local object \p E names (localObject), also through a local
/// reference bound to one (`const auto &c = state.space; f(c)`: `state`), or
/// to a temporary it extends (`const std::string &c = std::string("x")`:
/// the temporary lives as long as `c`, so `c` stands for it).
/// localBehindReference answers it for a local reference \p V.
static const VarDecl *localBehindReference(const VarDecl &V) {
  if (isa<ParmVarDecl>(V) || !V.hasLocalStorage() ||
      !V.getType()->isReferenceType() || !V.getInit())
    return nullptr;
  const Expr *Init = skipParensAndNoOps(V.getInit());
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Init)) {
    if (M->getStorageDuration() == SD_Automatic)
      return &V;
    return nullptr;
  }
  return localObject(Init);
}

static const VarDecl *localObjectThroughReferences(const Expr *E) {
  if (const VarDecl *V = localObject(E))
    return V;
  const auto *Ref = dyn_cast<DeclRefExpr>(skipParensAndNoOps(E));
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!V || Ref->refersToEnclosingVariableOrCapture())
    return nullptr;
  return localBehindReference(*V);
}

/// A temporary that dies at the end of the full-expression.
static bool isFullExpressionTemporary(const Expr *E) {
  const auto *M = dyn_cast<MaterializeTemporaryExpr>(skipParensAndNoOps(E));
  return M && M->getStorageDuration() == SD_FullExpression;
}

/// A temporary or local whose storage \p E refers into: `s`, `std::string
/// ("x")` bound to a reference; `&local`, `array`, `s.data()` for a
/// pointer; a view made of an owner (`std::string` to `std::string_view`,
/// a vector to a span).
static std::optional<Referent> referentOf(const Expr *Arg,
                                          const ParmVarDecl &P) {
  QualType T = P.getType();
  const Expr *E = skipParensAndNoOps(Arg);
  if (T->isReferenceType() && !isViewType(T)) {
    if (isFullExpressionTemporary(E))
      return Referent{};
    if (const VarDecl *V = localObjectThroughReferences(E))
      return Referent{V};
    return std::nullopt;
  }
  // A pointer, or a view (by value or by reference): what it is made of.
  // An owner's storage: a temporary or local owner (or built-in array).
  auto Owner = [](const Expr *Of) -> std::optional<Referent> {
    Of = skipParensAndNoOps(Of);
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Of))
      Of = B->getSubExpr();
    const bool Owns = isOwnerType(Of->getType()) || Of->getType()->isArrayType();
    if (!Owns)
      return std::nullopt;
    if (isFullExpressionTemporary(Of))
      return Referent{};
    if (const VarDecl *V = localObjectThroughReferences(Of))
      return Referent{V};
    return std::nullopt;
  };
  for (unsigned Depth = 0; Depth < 6; ++Depth) {
    E = skipParensAndNoOps(E);
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
      continue;
    }
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = B->getSubExpr();
      continue;
    }
    if (const auto *C = dyn_cast<CastExpr>(E)) {
      if (C->getCastKind() == CK_ArrayToPointerDecay)
        return Owner(C->getSubExpr());
      if (C->getCastKind() == CK_ConstructorConversion ||
          C->getCastKind() == CK_UserDefinedConversion ||
          isa<CXXFunctionalCastExpr>(C)) {
        E = C->getSubExpr();
        continue;
      }
      return std::nullopt;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() != UO_AddrOf)
        return std::nullopt;
      const Expr *Sub = skipParensAndNoOps(U->getSubExpr());
      if (const VarDecl *V = localObjectThroughReferences(Sub))
        return Referent{V};
      return std::nullopt;
    }
    // `s.data()`, `s.c_str()`, `std::string` to `std::string_view`: a member
    // of an owner that returns a pointer or a view into it.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      QualType R = MC->getType();
      if (!(R->isPointerType() || isViewType(R)))
        return std::nullopt;
      if (!MC->getImplicitObjectArgument())
        return std::nullopt;
      return Owner(MC->getImplicitObjectArgument());
    }
    // A view constructed of an owner: `std::span<int>(v)`, `string_view(s)`.
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (!isViewType(CE->getType()) || CE->getNumArgs() == 0)
        return std::nullopt;
      const Expr *First = CE->getArg(0);
      if (CE->getConstructor()->isCopyOrMoveConstructor()) {
        // A view made here and copied on: what it was made of. A copy of
        // another view: what that refers to is not known here.
        if (!isa<MaterializeTemporaryExpr>(skipParensAndNoOps(First)))
          return std::nullopt;
        E = First;
        continue;
      }
      if (First->getType()->isPointerType()) {
        E = First;
        continue;
      }
      return Owner(First);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

//===-- Scopes -------------------------------------------------------------===//

/// The statement whose end destroys the local \p V: its block (or the
/// `for`/`if`/`while`/`switch` that declares it); a parameter's function
/// body.
static const Stmt *scopeOf(const VarDecl &V, AnalysisSession &S) {
  if (const auto *P = dyn_cast<ParmVarDecl>(&V)) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
    return FD ? FD->getBody() : nullptr;
  }
  DynTypedNode N = DynTypedNode::create(V);
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    DynTypedNodeList Parents = parentsOf(N, S);
    if (Parents.empty())
      return nullptr;
    N = Parents[0];
    if (const auto *St = N.get<Stmt>()) {
      if (isa<CompoundStmt, ForStmt, IfStmt, WhileStmt, SwitchStmt,
              CXXForRangeStmt, CoroutineBodyStmt>(St))
        return St;
    }
  }
  return nullptr;
}

static bool within(SourceLocation L, const Stmt *S, const SourceManager &SM) {
  if (!S || L.isInvalid())
    return false;
  SourceRange R = S->getSourceRange();
  L = SM.getExpansionLoc(L);
  SourceLocation B = SM.getExpansionLoc(R.getBegin());
  SourceLocation E = SM.getExpansionLoc(R.getEnd());
  return !SM.isBeforeInTranslationUnit(L, B) &&
         !SM.isBeforeInTranslationUnit(E, L);
}

/// The end of the full-expression holding \p E (where its temporaries die).
static SourceLocation fullExpressionEnd(const Expr &E, AnalysisSession &S) {
  DynTypedNode N = DynTypedNode::create(E);
  SourceLocation End = E.getEndLoc();
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNodeList Parents = parentsOf(N, S);
    if (Parents.empty())
      break;
    N = Parents[0];
    if (const auto *Ex = N.get<Expr>()) {
      End = Ex->getEndLoc();
      continue;
    }
    if (const auto *D = N.get<VarDecl>())
      End = D->getEndLoc();
    break;
  }
  return End;
}

//===-- Through functions that return a coroutine's task -------------------===//

namespace {
/// How a call's arguments meet the callee's parameters: the object of a
/// member call apart; an operator call, and a call of a function with an
/// explicit object parameter, have the object as their first argument (the
/// latter's first parameter too).
struct CallShape {
  const Expr *Object = nullptr;
  unsigned FirstArg = 0;   ///< the first argument that is not the object
  unsigned FirstParam = 0; ///< the parameter it binds
  bool ExplicitObject = false;
};
} // namespace

static CallShape shapeOf(const CallExpr &Call, const FunctionDecl &Callee) {
  CallShape Shape;
  const auto *MD = dyn_cast<CXXMethodDecl>(&Callee);
#if LLVM_VERSION_MAJOR >= 18
  Shape.ExplicitObject = MD && MD->isExplicitObjectMemberFunction();
#endif
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call)) {
    Shape.Object = MC->getImplicitObjectArgument();
  } else if (MD && !MD->isStatic() && Call.getNumArgs() > 0 &&
             (isa<CXXOperatorCallExpr>(Call) || Shape.ExplicitObject)) {
    Shape.Object = Call.getArg(0);
    Shape.FirstArg = 1;
    Shape.FirstParam = Shape.ExplicitObject ? 1 : 0;
  }
  return Shape;
}

/// Calls \p Visit(Arg, Param, ParamIndex) for each argument of \p Call (as
/// \p Shape maps them) bound to a parameter of \p Callee that the frame
/// refers through (a defaulted one left out), until \p Visit returns true.
template <typename VisitFn>
static void forEachReferringArgument(const CallExpr &Call,
                                     const FunctionDecl &Callee,
                                     const CallShape &Shape, VisitFn Visit) {
  for (unsigned I = Shape.FirstArg, J = Shape.FirstParam;
       I < Call.getNumArgs() && J < Callee.getNumParams(); ++I, ++J) {
    const ParmVarDecl *P = Callee.getParamDecl(J);
    const Expr *Arg = Call.getArg(I);
    if (!P || !refersThrough(*P) || isa<CXXDefaultArgExpr>(Arg))
      continue;
    if (Visit(*Arg, *P, J))
      return;
  }
}

namespace {
/// The calls whose result a function returns (`return f(x);`, through the
/// copy or conversion to the return type), not a nested lambda's or local
/// class's.
class ReturnedCalls : public RecursiveASTVisitor<ReturnedCalls> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitReturnStmt(ReturnStmt *R) {
    const Expr *E = R->getRetValue();
    for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
      E = skipParensAndNoOps(E);
      if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
        E = M->getSubExpr();
      } else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E)) {
        E = B->getSubExpr();
      } else if (const auto *C = dyn_cast<CastExpr>(E);
                 C && (C->getCastKind() == CK_ConstructorConversion ||
                       C->getCastKind() == CK_UserDefinedConversion ||
                       isa<CXXFunctionalCastExpr>(C))) {
        E = C->getSubExpr();
      } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
                 CE && CE->getNumArgs() == 1) {
        // The task moved (or converted) into the return value.
        E = CE->getArg(0);
      } else {
        if (const auto *Call = dyn_cast<CallExpr>(E))
          Calls.push_back(Call);
        break;
      }
    }
    return true;
  }
  std::vector<const CallExpr *> Calls;
};
} // namespace

static bool isStdForwardOrMove(const CallExpr &C) {
  const FunctionDecl *FD = C.getDirectCallee();
  return FD && C.getNumArgs() == 1 && FD->isInStdNamespace() &&
         FD->getIdentifier() &&
         (FD->getName() == "move" || FD->getName() == "forward");
}

/// What the argument \p Arg refers into, named at its root: the
/// DeclRefExpr or `this` of `p`, `std::move(p)`, `std::forward<T>(p)`, a
/// member of it (`p.name`, `this->name`, `p->name` of a pointer), `&p` (of
/// what a reference names), `*p` (of a pointer), a copy of a pointer or
/// view, a view or pointer into it (`std::string_view(p)`, `p.data()`).
/// Null for anything else: a copy into an object (`std::string(p)`) is
/// not: a frame given it refers to a temporary of the caller, the rule's
/// own case there. \p ByReference: the root names an object's referent (a
/// reference, a capture, `this`), so `&root` and `root.member` stay in it.
static const Expr *referredRoot(const Expr *Arg, bool ByReference) {
  const Expr *E = Arg;
  for (unsigned Depth = 0; E && Depth < 12; ++Depth) {
    E = skipParensAndNoOps(E);
    if (isa<DeclRefExpr, CXXThisExpr>(E))
      return E;
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = M->getSubExpr();
    } else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = B->getSubExpr();
    } else if (const auto *C = dyn_cast<CastExpr>(E)) {
      const CastKind K = C->getCastKind();
      // A pointer or a view copied: the same storage.
      const bool Copies = K == CK_LValueToRValue &&
                          (C->getType()->isPointerType() ||
                           isViewType(C->getType()));
      if (!Copies && K != CK_ConstructorConversion &&
          K != CK_UserDefinedConversion && K != CK_ArrayToPointerDecay &&
          !isa<CXXFunctionalCastExpr>(C))
        return nullptr;
      E = C->getSubExpr();
    } else if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      // `&p` of a referent (of a pointer or a view: the parameter itself,
      // which dies with its function); `*p`: what a pointer points to.
      if (U->getOpcode() == UO_AddrOf && !ByReference &&
          isa<DeclRefExpr>(skipParensAndNoOps(U->getSubExpr())))
        return nullptr;
      if (U->getOpcode() != UO_AddrOf && U->getOpcode() != UO_Deref)
        return nullptr;
      if (U->getOpcode() == UO_Deref)
        ByReference = true;
      E = U->getSubExpr();
    } else if (const auto *Me = dyn_cast<MemberExpr>(E)) {
      // A member of the referent (through `->`: of what a pointer points
      // to); a reference member refers elsewhere.
      if (Me->getMemberDecl()->getType()->isReferenceType() ||
          (!Me->isArrow() && !ByReference))
        return nullptr;
      E = Me->getBase();
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      // `p.data()`, `p.c_str()`, `operator string_view()`: into its object.
      QualType R = MC->getType();
      if (!(R->isPointerType() || isViewType(R)) ||
          !MC->getImplicitObjectArgument())
        return nullptr;
      E = MC->getImplicitObjectArgument();
    } else if (const auto *Call = dyn_cast<CallExpr>(E);
               Call && isStdForwardOrMove(*Call)) {
      E = Call->getArg(0);
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      // Only a view made of (or copied from) it refers to it still.
      if (!isViewType(CE->getType()) || CE->getNumArgs() == 0)
        return nullptr;
      E = CE->getArg(0);
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// Whether the argument \p Arg refers to what the parameter \p P refers to.
static bool passesOn(const Expr *Arg, const ParmVarDecl &P) {
  const auto *Root = dyn_cast_or_null<DeclRefExpr>(
      referredRoot(Arg, P.getType()->isReferenceType()));
  return Root && Root->getDecl() == &P;
}

//===-- Uses in the coroutine's body ---------------------------------------===//

namespace {
/// The suspension points of a body (its own co_await and co_yield, not a
/// nested lambda's), its loops, and the uses of one declaration (a
/// parameter) or of the closure's captures and `this`.
///
/// The operand of a co_await (or co_yield) is evaluated before the
/// coroutine suspends there: a use in it comes before that suspension,
/// unless it hands the object to a frame that keeps it (`co_await
/// greet(name)`: the awaited coroutine runs on after the suspension and
/// reads it then), which \p Keeps tells.
class UseCollector : public RecursiveASTVisitor<UseCollector> {
public:
  using KeepsFn = llvm::function_ref<bool(const FunctionDecl &, const Decl *)>;
  UseCollector(const Decl *Of, const CXXRecordDecl *Closure, KeepsFn Keeps)
      : Of(Of), Closure(Closure), Keeps(Keeps) {}
  bool shouldVisitImplicitCode() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    // A nested lambda's co_await suspends another coroutine; its uses of
    // the parameter are uses all the same.
    ++LambdaDepth;
    bool R = RecursiveASTVisitor<UseCollector>::TraverseLambdaExpr(L);
    --LambdaDepth;
    return R;
  }
  bool TraverseCoawaitExpr(CoawaitExpr *E) {
    ++OperandDepth;
    bool R = RecursiveASTVisitor<UseCollector>::TraverseCoawaitExpr(E);
    --OperandDepth;
    return R;
  }
  bool TraverseCoyieldExpr(CoyieldExpr *E) {
    ++OperandDepth;
    bool R = RecursiveASTVisitor<UseCollector>::TraverseCoyieldExpr(E);
    --OperandDepth;
    return R;
  }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    if (!LambdaDepth && !E->isImplicit())
      Suspensions.push_back({E->getSourceRange(), E});
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    if (!LambdaDepth)
      Suspensions.push_back({E->getSourceRange(), nullptr});
    return true;
  }
  bool VisitForStmt(ForStmt *S) { return loop(S); }
  bool VisitWhileStmt(WhileStmt *S) { return loop(S); }
  bool VisitDoStmt(DoStmt *S) { return loop(S); }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) { return loop(S); }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (tracked(E) && (Of || !LambdaDepth))
      Uses.push_back(E->getLocation());
    return true;
  }
  bool VisitCXXThisExpr(CXXThisExpr *E) {
    if (!Of)
      Uses.push_back(locationOf(E));
    return true;
  }
  /// In an operand: the arguments (and object) that a frame keeps.
  bool VisitCallExpr(CallExpr *C) {
    if (!OperandDepth || LambdaDepth)
      return true;
    const FunctionDecl *FD = C->getDirectCallee();
    const FunctionDecl *Def = nullptr;
    if (!FD || !FD->hasBody(Def) || !Def || isOverridable(*Def))
      return true;
    const CallShape Shape = shapeOf(*C, *Def);
    const auto *MD = dyn_cast<CXXMethodDecl>(Def);
    if (Shape.Object && MD && !MD->isStatic()) {
      const Expr *Root = referredRoot(Shape.Object, /*ByReference=*/true);
      if (tracked(Root) && Keeps(*Def, nullptr))
        Kept.insert(locationOf(Root).getRawEncoding());
    }
    const bool ByReference =
        !Of || cast<ValueDecl>(Of)->getType()->isReferenceType();
    forEachReferringArgument(
        *C, *Def, Shape,
        [&](const Expr &Arg, const ParmVarDecl &Q, unsigned) {
          const Expr *Root = referredRoot(&Arg, ByReference);
          if (tracked(Root) && Keeps(*Def, &Q))
            Kept.insert(locationOf(Root).getRawEncoding());
          return false;
        });
    return true;
  }

  static SourceLocation locationOf(const Expr *E) {
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      return DR->getLocation();
    const auto *T = cast<CXXThisExpr>(E);
    return T->getBeginLoc().isValid() ? T->getBeginLoc() : T->getLocation();
  }

  /// Each suspension point: its range, and the co_await (null: co_yield).
  std::vector<std::pair<SourceRange, const CoawaitExpr *>> Suspensions;
  std::vector<SourceLocation> Uses;
  std::vector<const Stmt *> Loops;
  /// Uses in an operand that a frame keeps (raw locations).
  llvm::DenseSet<unsigned> Kept;

private:
  bool tracked(const Expr *Root) const {
    if (!Root)
      return false;
    if (isa<CXXThisExpr>(Root))
      return !Of;
    const auto *DR = cast<DeclRefExpr>(Root);
    if (Of)
      return DR->getDecl() == Of;
    return Closure && DR->refersToEnclosingVariableOrCapture();
  }
  bool loop(const Stmt *S) {
    if (!LambdaDepth)
      Loops.push_back(S);
    return true;
  }
  const Decl *Of;
  const CXXRecordDecl *Closure;
  KeepsFn Keeps;
  unsigned LambdaDepth = 0;
  unsigned OperandDepth = 0;
};
} // namespace

bool FrameLifetimeAnalysis::maySuspendAt(const CoawaitExpr &Await,
                                         ASTContext &Ctx) {
  auto [It, Inserted] = SuspendsAt.try_emplace(&Await, true);
  if (!Inserted)
    return It->second;
  bool Answer = true;
  const Expr *Awaiter = Await.getCommonExpr();
  if (const CXXRecordDecl *RD =
          Awaiter ? Awaiter->getType().getNonReferenceType()->getAsCXXRecordDecl()
                  : nullptr)
    if (std::optional<bool> Constant = awaiterSuspends(RD, Ctx);
        Constant && !*Constant)
      Answer = false;
  const Expr *Operand = Await.getOperand();
  if (Answer && Operand && Waits.isCompleteAt(*Operand, Await, Ctx))
    Answer = false;
  return SuspendsAt[&Await] = Answer;
}

std::optional<FrameLifetimeAnalysis::BodyUses>
FrameLifetimeAnalysis::usesIn(const FunctionDecl &Coroutine, const Decl *Of,
                              unsigned Depth) {
  auto Key = std::make_pair(&Coroutine, Of);
  if (auto It = Uses.find(Key); It != Uses.end())
    return It->second;
  Uses[Key] = std::nullopt; // a recursive coroutine ends here
  std::optional<BodyUses> Answer;
  const Stmt *Body = Coroutine.getBody();
  if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = CB->getBody();
  if (Body) {
    const CXXRecordDecl *Closure = nullptr;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(&Coroutine);
        MD && MD->getParent()->isLambda() && !Of)
      Closure = MD->getParent();
    auto Keeps = [&](const FunctionDecl &Callee, const Decl *Param) {
      return frameUseOf(Callee, Param, Depth + 1).has_value();
    };
    UseCollector C(Of, Closure, Keeps);
    C.TraverseStmt(const_cast<Stmt *>(Body));
    const SourceManager &SM = Coroutine.getASTContext().getSourceManager();
    auto Before = [&](SourceLocation A, SourceLocation B) {
      return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A),
                                          SM.getExpansionLoc(B));
    };
    for (SourceLocation U : C.Uses) {
      if (U.isInvalid())
        continue;
      BodyUses &B = Answer ? *Answer : Answer.emplace();
      if (B.First.isInvalid() || Before(U, B.First))
        B.First = U;
      // Only a use before the later use found so far can replace it.
      if (B.Later.isValid() && !Before(U, B.Later))
        continue;
      auto ComesAfter = [&](SourceRange Susp) {
        // After the co_await in source order; in its operand only when a
        // frame keeps it.
        if (Before(Susp.getEnd(), U) ||
            (!Before(U, Susp.getBegin()) && C.Kept.count(U.getRawEncoding())))
          return true;
        // Within a loop that holds both, the next iteration comes after.
        return llvm::any_of(C.Loops, [&](const Stmt *L) {
          return within(Susp.getBegin(), L, SM) && within(U, L, SM);
        });
      };
      // Whether a co_await can suspend is asked only where it would count.
      bool AfterSuspension = llvm::any_of(C.Suspensions, [&](const auto &S) {
        return ComesAfter(S.first) &&
               (!S.second || maySuspendAt(*S.second, Coroutine.getASTContext()));
      });
      if (AfterSuspension)
        B.Later = U;
    }
  }
  Uses[Key] = Answer;
  return Answer;
}

std::optional<FrameLifetimeAnalysis::FrameUse>
FrameLifetimeAnalysis::frameUseOf(const FunctionDecl &Callee, const Decl *Of,
                                  unsigned Depth) {
  if (Depth >= 4)
    return std::nullopt;
  if (isCoroutine(&Callee)) {
    std::optional<BodyUses> U = usesIn(Callee, Of, Depth);
    if (!U)
      return std::nullopt;
    FrameUse F;
    F.Uses = *U;
    F.Coroutine = &Callee;
    F.Param = dyn_cast_or_null<ParmVarDecl>(Of);
    return F;
  }
  // A function that is not a coroutine: what its returned calls do with
  // it. Not a lambda's captures (the closure is another object), not past
  // a few functions.
  const auto *MD = dyn_cast<CXXMethodDecl>(&Callee);
  if (!Of && (!MD || MD->isStatic() || MD->getParent()->isLambda()))
    return std::nullopt;
  auto Key = std::make_pair(&Callee, Of);
  if (auto It = Frames.find(Key); It != Frames.end())
    return It->second;
  Frames[Key] = std::nullopt; // a recursive wrapper ends here
  std::optional<FrameUse> Answer;
  ReturnedCalls Returns;
  Returns.TraverseStmt(const_cast<Stmt *>(Callee.getBody()));
  const auto *P = dyn_cast_or_null<ParmVarDecl>(Of);
  for (const CallExpr *Call : Returns.Calls) {
    const FunctionDecl *Next = Call->getDirectCallee();
    const FunctionDecl *Def = nullptr;
    if (!Next || !Next->hasBody(Def) || !Def || isOverridable(*Def))
      continue;
    CallShape Shape = shapeOf(*Call, *Def);
    // Its object, passed on as the object of a member of the same object.
    if (!P) {
      const auto *NextMD = dyn_cast<CXXMethodDecl>(Def);
      if (!Shape.Object || !NextMD || NextMD->isStatic() ||
          !isa<CXXThisExpr>(skipParensAndNoOps(Shape.Object)))
        continue;
      if (std::optional<FrameUse> U = frameUseOf(*Def, nullptr, Depth + 1)) {
        U->Chain.insert(U->Chain.begin(), PassedOn{&Callee, Def, Shape.Object});
        Answer = std::move(U);
        break;
      }
      continue;
    }
    // A parameter, passed on to a parameter that refers through.
    forEachReferringArgument(
        *Call, *Def, Shape,
        [&](const Expr &Arg, const ParmVarDecl &Q, unsigned) {
          if (!passesOn(&Arg, *P))
            return false;
          std::optional<FrameUse> U = frameUseOf(*Def, &Q, Depth + 1);
          if (!U)
            return false;
          U->Chain.insert(U->Chain.begin(), PassedOn{&Callee, Def, &Arg});
          Answer = std::move(U);
          return true;
        });
    if (Answer)
      break;
  }
  Frames[Key] = Answer;
  return Answer;
}

//===-- Where the task goes ------------------------------------------------===//

static std::string nameOf(const NamedDecl *D) {
  return D ? D->getQualifiedNameAsString() : std::string();
}

/// A store's target that outlives the function: a member (of `*this` or of
/// an object reached through a pointer or a reference), a global, a static
/// local. A member of a local object is the local's (localObject).
static bool isStdIgnore(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(skipParensAndNoOps(E));
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return V && V->isInStdNamespace() && V->getIdentifier() &&
         V->getName() == "ignore";
}

static const NamedDecl *lastingTarget(const Expr *E) {
  E = skipParensAndNoOps(E);
  if (const auto *M = dyn_cast<MemberExpr>(E))
    return localObject(M) ? nullptr : M->getMemberDecl();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
        V && !V->hasLocalStorage())
      return V;
  return nullptr;
}


/// The variable (or member) an executor, loop, pool or scope expression is
/// rooted in: `ctx` of `ctx`, `ctx.get_executor()`, `*ctx_ptr`,
/// `ctx_ptr->get_executor()`, `this->ctx_`; null when it has none.
static const ValueDecl *drivenObject(const Expr *E) {
  for (unsigned Depth = 0; Depth < 6 && E; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MC->getImplicitObjectArgument();
      continue;
    }
    if (const auto *M = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()))
        return M->getMemberDecl();
      E = M->getBase();
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_Deref) {
      E = U->getSubExpr();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && (Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
        Op->getNumArgs() == 1) {
      E = Op->getArg(0); // a smart pointer's * and ->
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// After \p At, within \p Scope: something that may run or wait for what
/// was started while the object lives: a co_await, a call of a run
/// function or of a library wait (`io_context::run`, `future::get`,
/// `thread::join`: the Wait table), or a call of a user function (a manual executor's `drain()`,
/// a scope's `join()`): not a start function, not the standard library's
/// or a system header's.
namespace {
class WaitsAfter : public RecursiveASTVisitor<WaitsAfter> {
public:
  WaitsAfter(SourceLocation At, const SourceManager &SM, TaskSinkTables Tables,
             const ValueDecl *Driven)
      : At(At), SM(SM), Tables(Tables), Driven(Driven) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  // Another start (`co_spawn(ctx.get_executor(), g(), detached)`) waits
  // for nothing, whatever it is given.
  bool TraverseCallExpr(CallExpr *C) {
    return isStart(C) || RecursiveASTVisitor<WaitsAfter>::TraverseCallExpr(C);
  }
  bool TraverseCXXMemberCallExpr(CXXMemberCallExpr *C) {
    return isStart(C) ||
           RecursiveASTVisitor<WaitsAfter>::TraverseCXXMemberCallExpr(C);
  }
  bool VisitCoawaitExpr(CoawaitExpr *E) { return note(E->getBeginLoc()); }
  bool VisitCallExpr(CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD || isCompilerWrittenCoroutineCall(*C))
      return true;
    if (Tables.Run.lookup(FD, C) || Tables.Wait.lookup(FD, C))
      return note(C->getBeginLoc());
    // The executor (or loop, pool, scope) the task was handed to, driven:
    // a non-const member call on it (`grpc_context.run()`, `loop.poll()`),
    // whatever library it is from.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
        MC && Driven && !MC->getMethodDecl()->isConst() &&
        drivenObject(MC->getImplicitObjectArgument()) == Driven)
      return note(C->getBeginLoc());
    // A coroutine call makes a frame (an eager one runs only itself).
    const FunctionDecl *Def = nullptr;
    if (Tables.Start.lookup(FD, C) || FD->isInStdNamespace() ||
        SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())) ||
        (FD->hasBody(Def) && Def && isCoroutine(Def)))
      return true;
    return note(C->getBeginLoc());
  }
  bool Found = false;

private:
  bool isStart(const CallExpr *C) const {
    const FunctionDecl *FD = C->getDirectCallee();
    return FD && Tables.Start.lookup(FD, C);
  }
  bool note(SourceLocation L) {
    if (SM.isBeforeInTranslationUnit(SM.getExpansionLoc(At),
                                     SM.getExpansionLoc(L)))
      Found = true;
    return !Found;
  }
  SourceLocation At;
  const SourceManager &SM;
  TaskSinkTables Tables;
  const ValueDecl *Driven;
};
} // namespace

bool FrameLifetimeAnalysis::waitsInScope(SourceLocation After,
                                         const Stmt *Scope,
                                         const SourceManager &SM,
                                         const ValueDecl *Driven) const {
  if (!Scope)
    return false;
  WaitsAfter W(After, SM, Tables, Driven);
  W.TraverseStmt(const_cast<Stmt *>(Scope));
  return W.Found;
}

/// A parent that carries its child's value on unchanged: parentheses,
/// implicit casts, a temporary's materialisation and binding, a
/// full-expression's cleanups, a functional cast, a copy or a move.
static bool carriesValue(const Expr &P) {
  if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
          CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr>(P))
    return true;
  const auto *CE = dyn_cast<CXXConstructExpr>(&P);
  return CE && CE->getConstructor()->isCopyOrMoveConstructor();
}

std::optional<TaskEscape>
FrameLifetimeAnalysis::escapeOf(const Expr &TaskExpr, const Stmt *Scope,
                                const Decl *Function, AnalysisSession &S,
                                unsigned Depth) {
  if (Depth > 3)
    return std::nullopt;
  ASTContext &Ctx = S.context();
  const SourceManager &SM = Ctx.getSourceManager();
  DynTypedNode N = DynTypedNode::create(TaskExpr);
  const Expr *Cur = &TaskExpr;
  for (unsigned Steps = 0; Steps < 16; ++Steps) {
    DynTypedNodeList Parents = parentsOf(N, S);
    if (Parents.empty())
      return std::nullopt;
    N = Parents[0];
    if (const auto *P = N.get<Expr>()) {
      // The same task, carried on.
      if (carriesValue(*P)) {
        Cur = P;
        continue;
      }
      if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
        // A task or awaitable made of it (a converting constructor: a
        // library's `CoroutineTask t = coroutine();`, a type-erased task)
        // holds it: where that goes. Any other wrapper: not judged.
        TypeTraits R = Recogniser.classify(CE->getType(), Ctx);
        if ((R.IsAwaitable || R.IsCoroutineType) &&
            llvm::is_contained(CE->arguments(), Cur)) {
          Cur = P;
          continue;
        }
        return std::nullopt;
      }
      // Awaited in the full-expression: the object is alive until it ends.
      if (isa<CoawaitExpr, DependentCoawaitExpr>(P))
        return std::nullopt;
      if (const auto *B = dyn_cast<BinaryOperator>(P)) {
        if (B->getOpcode() != BO_Assign || B->getLHS() == Cur)
          return std::nullopt;
        if (const NamedDecl *T = lastingTarget(B->getLHS()))
          return TaskEscape{TaskEscape::Stored, B->getOperatorLoc(), nameOf(T)};
        if (const VarDecl *V = localObject(B->getLHS()))
          return escapeThroughLocal(*V, Scope, B, Function, S, Depth);
        return std::nullopt;
      }
      if (const auto *Call = dyn_cast<CallExpr>(P)) {
        if (isCompilerWrittenCoroutineCall(*Call)) {
          Cur = P; // operator co_await: its parent is the co_await
          continue;
        }
        const FunctionDecl *FD = Call->getDirectCallee();
        if (!FD)
          return std::nullopt;
        const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        if (Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
            Op->getArg(1) == Cur) {
          // `std::ignore = f(x);` drops it: judged as a statement of its own.
          if (isStdIgnore(Op->getArg(0))) {
            if (waitsInScope(Op->getEndLoc(), Scope, SM))
              return std::nullopt;
            return Depth == 0 ? std::optional<TaskEscape>(TaskEscape{
                                    TaskEscape::Discarded, Op->getBeginLoc(), ""})
                              : std::nullopt;
          }
          if (const NamedDecl *T = lastingTarget(Op->getArg(0)))
            return TaskEscape{TaskEscape::Stored, Op->getOperatorLoc(),
                              nameOf(T)};
          if (const VarDecl *V = localObject(Op->getArg(0)))
            return escapeThroughLocal(*V, Scope, Op, Function, S, Depth);
          return std::nullopt;
        }
        if (FD->getIdentifier() && FD->isInStdNamespace() &&
            (FD->getName() == "move" || FD->getName() == "forward")) {
          Cur = P;
          continue;
        }
        if (Tables.Run.lookup(FD, Call))
          return std::nullopt; // run to completion before it returns
        if (Tables.Start.lookup(FD, Call))
          return startEscape(*Call, *FD, Scope, S);
        // Inserted into a container: `tasks_.push_back(f(s))`.
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
          const Expr *Obj = MC->getImplicitObjectArgument();
          const auto *MD = MC->getMethodDecl();
          if (Obj && MD && !MD->isConst() && isOwnerType(Obj->getType())) {
            if (const NamedDecl *T = lastingTarget(Obj))
              return TaskEscape{TaskEscape::Stored, MC->getExprLoc(),
                                nameOf(T)};
            if (const VarDecl *V = localObject(Obj))
              return escapeThroughLocal(*V, Scope, MC, Function, S, Depth);
            return std::nullopt;
          }
        }
        // A function that returns an awaitable made of it (`when_all(a,
        // b)`, `with_timeout(t, d)`): where that goes.
        TypeTraits R = Recogniser.classify(Call->getType(), Ctx);
        if (R.IsAwaitable || R.IsCoroutineType)
          return escapeOf(*Call, Scope, Function, S, Depth + 1);
        return std::nullopt;
      }
      return std::nullopt;
    }
    if (const auto *R = N.get<ReturnStmt>())
      return TaskEscape{TaskEscape::Returned, R->getReturnLoc(), ""};
    // A statement of its own: dropped (only an eager task runs on). For a
    // local, what follows in its scope may run it while the local lives.
    if (const auto *St = N.get<Stmt>();
        St && isa<CompoundStmt>(St) && Depth == 0) {
      if (waitsInScope(Cur->getEndLoc(), Scope, SM))
        return std::nullopt;
      return TaskEscape{TaskEscape::Discarded, Cur->getBeginLoc(), ""};
    }
    if (const auto *CR = N.get<CoreturnStmt>())
      return TaskEscape{TaskEscape::Returned, CR->getKeywordLoc(), ""};
    if (const auto *V = N.get<VarDecl>()) {
      if (!V->hasLocalStorage())
        return TaskEscape{TaskEscape::Stored, V->getLocation(), nameOf(V)};
      // `auto &&t = f(x);`: a reference that extends the task's lifetime
      // keeps it as a local would.
      if (V->getType()->isReferenceType() && localBehindReference(*V) != V)
        return std::nullopt;
      return escapeThroughLocal(*V, Scope, nullptr, Function, S, Depth);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

/// Whether the result of the start call \p Start is waited for within its
/// full-expression: `co_await co_spawn(ex, t, use_awaitable)`,
/// `co_spawn(pool, t, use_future).get()`, `sync_wait(spawn(t))`.
static bool startResultWaitedInPlace(const CallExpr &Start,
                                     AnalysisSession &S,
                                     const TaskSinkTables &Tables) {
  DynTypedNode N = DynTypedNode::create(Start);
  for (unsigned Steps = 0; Steps < 12; ++Steps) {
    DynTypedNodeList Parents = parentsOf(N, S);
    if (Parents.empty())
      return false;
    N = Parents[0];
    const auto *P = N.get<Expr>();
    if (!P)
      return false;
    // The result carried on, or the member a call is made on (`.get()`).
    if (carriesValue(*P) || isa<MemberExpr>(P))
      continue;
    if (isa<CoawaitExpr, DependentCoawaitExpr>(P))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      if (isCompilerWrittenCoroutineCall(*Call))
        continue;
      const FunctionDecl *FD = Call->getDirectCallee();
      return FD && (Tables.Run.lookup(FD, Call) || Tables.Wait.lookup(FD, Call));
    }
    return false;
  }
  return false;
}

std::optional<TaskEscape>
FrameLifetimeAnalysis::startEscape(const CallExpr &Call,
                                   const FunctionDecl &Start,
                                   const Stmt *Scope, AnalysisSession &S) {
  const SourceManager &SM = S.context().getSourceManager();
  // What the task is handed to: the object of a member start
  // (`loop.create_task(t)`, `scope.spawn(t)`), else the first argument
  // (`co_spawn(ctx, t, detached)`); driving it later waits for the task.
  const Expr *To = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    To = MC->getImplicitObjectArgument();
  else if (Call.getNumArgs() > 1)
    To = Call.getArg(0);
  const ValueDecl *Driven = To ? drivenObject(To) : nullptr;
  // For a local, a co_await, a run function or a wait later in its scope
  // waits while it lives (a scope joined, the loop run); so does the
  // start's own result awaited (`use_awaitable`) or waited for
  // (`use_future`) in place.
  if (waitsInScope(Call.getEndLoc(), Scope, SM, Driven) ||
      startResultWaitedInPlace(Call, S, Tables))
    return std::nullopt;
  TaskEscape E{TaskEscape::Started,
               isa<CXXMemberCallExpr>(Call) ? Call.getExprLoc()
                                            : Call.getBeginLoc(),
               Start.getQualifiedNameAsString()};
  // When it begins: a deferred start schedules it; a dispatching one
  // (Asio's co_spawn) runs it at once when called on the executor's thread
  // — taken to be so from a coroutine or a lambda (a completion handler),
  // not from an ordinary function (main, a test, a server's start()); any
  // other start function may run it at once.
  if (Tables.DeferredStart.lookup(&Start, &Call)) {
    E.RunsInPlace = false;
  } else if (Tables.DispatchStart.lookup(&Start, &Call)) {
    const FunctionDecl *Caller = enclosingFunction(Call, S);
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Caller);
    E.RunsInPlace = !Caller || isCoroutine(Caller) ||
                    (MD && MD->getParent()->isLambda());
  }
  return E;
}

std::optional<TaskEscape> FrameLifetimeAnalysis::escapeThroughLocal(
    const VarDecl &Task, const Stmt *Scope, const Expr *AssignedAt,
    const Decl *Function, AnalysisSession &S, unsigned Depth) {
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(Function);
  if (!Fn || !Fn->getBody())
    return std::nullopt;
  const SourceManager &SM = S.context().getSourceManager();
  // Where the task was put in the local: its declaration or the assignment.
  SourceLocation From =
      AssignedAt ? AssignedAt->getEndLoc() : Task.getEndLoc();
  auto After = [&](SourceLocation L) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(From),
                                        SM.getExpansionLoc(L));
  };
  // The references that read it after it was set, first first.
  std::vector<const DeclRefExpr *> Refs;
  for (const DeclRefExpr *Ref : LocalRefs.refsTo(Task, *Fn))
    if (After(Ref->getLocation()) &&
        isConsumingRef(*Ref, S, /*VoidCastConsumes=*/false))
      Refs.push_back(Ref);
  llvm::sort(Refs, [&](const DeclRefExpr *A, const DeclRefExpr *B) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A->getLocation()),
                                        SM.getExpansionLoc(B->getLocation()));
  });
  for (const DeclRefExpr *Ref : Refs) {
    // A temporary died at the end of the full-expression that set the
    // task: any later use runs the coroutine after it. A local died at the
    // end of its scope: a use outside it.
    if (!Scope || !within(Ref->getLocation(), Scope, SM))
      return TaskEscape{TaskEscape::UsedLater, Ref->getLocation(),
                        Task.getNameAsString()};
    // Within the scope: where that use takes it.
    if (std::optional<TaskEscape> E =
            escapeOf(*Ref, Scope, Function, S, Depth + 1))
      return E;
  }
  return std::nullopt;
}

//===-- The analysis -------------------------------------------------------===//

std::vector<KeptReference>
FrameLifetimeAnalysis::keptReferences(const FunctionDecl &F, ASTContext &Ctx) {
  std::vector<KeptReference> Out;
  if (!F.hasBody() || isOverridable(F))
    return Out;
  auto Add = [&](const Decl *Of, int Index) {
    std::optional<FrameUse> U = frameUseOf(F, Of);
    if (!U)
      return;
    std::optional<bool> Lazy = coroutineLaziness(*U->Coroutine, Ctx);
    if (!Lazy)
      return;
    Out.push_back({Index, *Lazy, U->Coroutine, U->Param, U->Uses.First,
                   U->Uses.Later});
  };
  const auto *MD = dyn_cast<CXXMethodDecl>(&F);
  if (MD && !MD->isStatic() && !MD->getParent()->isLambda())
    Add(nullptr, -1);
  for (unsigned I = 0; I < F.getNumParams(); ++I)
    if (refersThrough(*F.getParamDecl(I)))
      Add(F.getParamDecl(I), static_cast<int>(I));
  return Out;
}

std::optional<bool> FrameLifetimeAnalysis::taskLaziness(QualType Task,
                                                        ASTContext &Ctx) {
  TypeTraits Traits = Recogniser.classify(Task, Ctx);
  if (Traits.Record)
    if (const CXXRecordDecl *Promise =
            Recogniser.promiseTypeOf(Traits.Record, Ctx))
      if (std::optional<bool> Suspends =
              Recogniser.initialSuspendSuspends(Promise, Ctx))
        return Suspends;
  if (Traits.isLazy())
    return true;
  if (Traits.isEager())
    return false;
  return std::nullopt;
}

std::optional<bool>
FrameLifetimeAnalysis::ownInitialSuspend(const FunctionDecl &Coroutine,
                                         ASTContext &Ctx) {
  const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Coroutine.getBody());
  const VarDecl *PD = CB ? CB->getPromiseDecl() : nullptr;
  if (!PD || PD->getType()->isDependentType())
    return std::nullopt;
  const CXXRecordDecl *Promise = PD->getType()->getAsCXXRecordDecl();
  return Promise ? Recogniser.initialSuspendSuspends(Promise, Ctx)
                 : std::nullopt;
}

std::optional<bool>
FrameLifetimeAnalysis::coroutineLaziness(const FunctionDecl &Coroutine,
                                         ASTContext &Ctx) {
  if (std::optional<bool> Own = ownInitialSuspend(Coroutine, Ctx))
    return Own;
  return taskLaziness(Coroutine.getReturnType(), Ctx);
}

/// The coroutine lambda an argument hands on as a callable: a lambda
/// written there, or a local closure named (through std::move).
static const LambdaExpr *forwardedLambda(const Expr *Arg) {
  for (unsigned Depth = 0; Depth < 4 && Arg; ++Depth) {
    Arg = Arg->IgnoreUnlessSpelledInSource(); // temporaries, copies, casts
    if (const auto *L = dyn_cast<LambdaExpr>(Arg))
      return L;
    if (const auto *C = dyn_cast<CallExpr>(Arg)) {
      if (!isStdForwardOrMove(*C) || C->getNumArgs() != 1)
        return nullptr;
      Arg = C->getArg(0);
      continue;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(Arg);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType())
      return nullptr;
    Arg = V->getInit();
  }
  return nullptr;
}

void FrameLifetimeAnalysis::forwardedCallables(const CallExpr &Call,
                                               const FunctionDecl &Start,
                                               AnalysisSession &S,
                                               std::vector<DanglingFrame> &Out) {
  ASTContext &Ctx = S.context();
  const FunctionDecl *Where = enclosingFunction(Call, S);
  if (!Where)
    return;
  for (const Expr *Arg : Call.arguments()) {
    const LambdaExpr *L = forwardedLambda(Arg);
    if (!L || L->isGenericLambda())
      continue;
    const CXXMethodDecl *Op = L->getCallOperator();
    if (!Op || !isCoroutine(Op))
      continue;
    std::optional<bool> Lazy = coroutineLaziness(*Op, Ctx);
    if (!Lazy)
      continue;
    for (const LambdaCapture &C : L->captures()) {
      if (!C.capturesVariable() || C.getCaptureKind() != LCK_ByRef)
        continue;
      const auto *Captured = dyn_cast_or_null<VarDecl>(C.getCapturedVar());
      if (!Captured || !Captured->hasLocalStorage() ||
          Captured->getParentFunctionOrMethod() != Where)
        continue;
      // What dies: the local itself, or the one a local reference is bound
      // to (a reference parameter's referent is the caller's: not judged).
      const VarDecl *Local = Captured->getType()->isReferenceType()
                                 ? localBehindReference(*Captured)
                                 : Captured;
      if (!Local)
        continue;
      std::optional<BodyUses> U = usesIn(*Op, Captured);
      if (!U)
        continue;
      const Stmt *Scope = scopeOf(*Local, S);
      if (!Scope)
        continue;
      std::optional<TaskEscape> E = startEscape(Call, Start, Scope, S);
      if (!E)
        continue;
      // Called in place, it runs at once to its first suspension.
      const bool MayRunNow = !*Lazy || E->RunsInPlace;
      SourceLocation Use = MayRunNow ? U->Later : U->First;
      if (Use.isInvalid())
        continue;
      DanglingFrame F;
      F.What = DanglingFrame::ReferenceCapture;
      F.Call = &Call;
      F.Coroutine = Op;
      F.CoroutineName = qualifiedName(Op);
      F.UsedAsName = Captured->getName().str();
      F.CalledName = qualifiedName(&Start);
      F.Object = L;
      if (C.isExplicit())
        F.CaptureAt = C.getLocation();
      F.Local = Local;
      F.Dies = Scope->getEndLoc();
      F.Use = Use;
      F.Lazy = *Lazy;
      F.Escape = *E;
      Out.push_back(std::move(F));
    }
  }
}

std::vector<DanglingFrame>
FrameLifetimeAnalysis::analyse(const CallExpr &Call, AnalysisSession &S) {
  std::vector<DanglingFrame> Out;
  ASTContext &Ctx = S.context();
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return Out;
  // A start function handed a coroutine lambda to call later.
  if (Tables.Start.lookup(Callee, &Call))
    forwardedCallables(Call, *Callee, S, Out);
  // The called function: a coroutine, or a function returning the task of
  // one it passes its parameters on to (frameUseOf); defined here, or in
  // another translation unit whose summary says what its frame keeps.
  const FunctionDecl *Def = nullptr;
  const FunctionSummary *Summary = nullptr;
  if (!Callee->hasBody(Def) || !Def) {
    const SummaryStore *Store = S.summaries();
    Summary = Store ? Store->find(usrOf(*Callee)) : nullptr;
    if (!Summary || Summary->FrameRefs.empty())
      return Out;
    Def = Callee;
  }
  if (isOverridable(*Def))
    return Out;
  const auto *MD = dyn_cast<CXXMethodDecl>(Def);

  // Lazy or eager, by the task type (the coroutine's own promise, below,
  // says better when its body is here).
  const std::optional<bool> Lazy = taskLaziness(Call.getType(), Ctx);
  if (!Lazy)
    return Out;

  const FunctionDecl *Where = enclosingFunction(Call, S);
  if (!Where)
    return Out;

  // What the frame keeps of \p UsesOf (a parameter of Def, null: its
  // object or captures): from the body here, or from the summary.
  auto Kept = [&](const Decl *UsesOf, int Index) -> std::optional<FrameUse> {
    if (!Summary)
      return frameUseOf(*Def, UsesOf);
    for (const SummaryFrameRef &R : Summary->FrameRefs) {
      if (R.Index != Index)
        continue;
      FrameUse U;
      U.Uses.First = locationIn(R.First.File, R.First.Line, R.First.Column, Ctx);
      if (R.Later)
        U.Uses.Later =
            locationIn(R.Later->File, R.Later->Line, R.Later->Column, Ctx);
      U.External = &R;
      return U;
    }
    return std::nullopt;
  };

  auto Judge = [&](DanglingFrame F, const Decl *UsesOf, int Index,
                   std::optional<Referent> Ref) {
    if (!Ref)
      return;
    std::optional<FrameUse> U = Kept(UsesOf, Index);
    if (!U)
      return; // no frame uses it
    // The promise the compiler chose for this coroutine (coroutine_traits
    // may pick it by the parameter types) says best.
    bool IsLazy = *Lazy;
    if (U->External)
      IsLazy = U->External->Lazy;
    else if (std::optional<bool> Own = ownInitialSuspend(*U->Coroutine, Ctx))
      IsLazy = *Own;
    const Stmt *Scope = nullptr;
    if (Ref->Local) {
      Scope = scopeOf(*Ref->Local, S);
      if (!Scope)
        return;
    }
    std::optional<TaskEscape> E = escapeOf(Call, Scope, Where, S);
    if (!E || (E->How == TaskEscape::Discarded && IsLazy))
      return; // a dropped lazy task never runs (coro-never-awaited)
    // Started, or eager: it may run at once to its first suspension; only
    // a use after one comes later.
    const bool MayRunNow =
        !IsLazy || (E->How == TaskEscape::Started && E->RunsInPlace);
    SourceLocation Use = MayRunNow ? U->Uses.Later : U->Uses.First;
    if (U->External) {
      // In another file, which this unit may not have read: the place
      // named in the note, the note there when the file can be read.
      const SummaryPoint *At =
          MayRunNow ? (U->External->Later ? &*U->External->Later : nullptr)
                    : &U->External->First;
      if (!At)
        return;
      F.Elsewhere = placeName(At->File, At->Line);
      F.CoroutineName = U->External->Coroutine;
      F.UsedAsName = U->External->Param;
      // The fix note, at this declaration's parameter, when the function
      // called is the coroutine itself.
      if (Index >= 0 && U->External->Coroutine == qualifiedName(Def))
        F.UsedAs = Def->getParamDecl(Index);
    } else {
      if (Use.isInvalid())
        return;
      F.Coroutine = U->Coroutine;
      F.CoroutineName = qualifiedName(U->Coroutine);
      F.Chain = std::move(U->Chain);
      F.UsedAs = U->Param;
      if (U->Param)
        F.UsedAsName = U->Param->getName().str();
    }
    F.Call = &Call;
    F.Local = Ref->Local;
    F.Dies = Ref->Local ? Scope->getEndLoc() : fullExpressionEnd(Call, S);
    F.Use = Use;
    F.Lazy = IsLazy;
    F.Escape = *E;
    F.CalledName = qualifiedName(Def);
    Out.push_back(std::move(F));
  };

  // The object of a coroutine lambda or of a member coroutine.
  const CallShape Shape = shapeOf(Call, *Def);
  if (MD && Shape.Object && !MD->isStatic()) {
    const bool ByValueSelf =
        Shape.ExplicitObject && MD->getNumParams() > 0 &&
        !MD->getParamDecl(0)->getType()->isReferenceType();
    const bool IsLambda = MD->getParent()->isLambda();
    bool Captures = false;
    if (IsLambda)
      Captures = MD->getParent()->capture_size() > 0;
    if (!ByValueSelf && (!IsLambda || Captures)) {
      std::optional<Referent> Ref;
      const Expr *Obj = skipParensAndNoOps(Shape.Object);
      if (isFullExpressionTemporary(Obj))
        Ref = Referent{};
      else if (const VarDecl *V = localObjectThroughReferences(Obj))
        Ref = Referent{V};
      DanglingFrame F;
      F.What = IsLambda ? DanglingFrame::LambdaCaptures
                        : DanglingFrame::ObjectArgument;
      F.Object = Shape.Object;
      Judge(F, /*UsesOf=*/nullptr, /*Index=*/-1, Ref);
    }
  }

  // The arguments bound to references, pointers and views.
  forEachReferringArgument(
      Call, *Def, Shape,
      [&](const Expr &Arg, const ParmVarDecl &P, unsigned ParamIndex) {
        DanglingFrame F;
        F.What = DanglingFrame::Argument;
        F.Object = &Arg;
        F.Param = &P;
        Judge(F, &P, static_cast<int>(ParamIndex), referentOf(&Arg, P));
        return false;
      });
  return Out;
}

} // namespace clang::tidy::coro
