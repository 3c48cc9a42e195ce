//===--- Parents.cpp - coroguard ------------------------------------------===//

#include "Parents.h"
#include "utils/AnalysisSession.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PointerUnion.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cstdlib>
#include <deque>
#include <optional>
#include <functional>
#include <memory>
#include <vector>

namespace clang::tidy::coro {

namespace {

/// The parents of the nodes under one namespace-level declaration (the
/// first parent of each: the only one the recognisers look at). Parents that
/// are declarations or statements are stored as pointers, as clang does.
class UnitParents {
public:
  using Parent = llvm::PointerUnion<const Decl *, const Stmt *, DynTypedNode *>;

  std::optional<DynTypedNode> find(const DynTypedNode &N) const {
    if (N.getNodeKind().hasPointerIdentity()) {
      auto It = Pointer.find(N.getMemoizationData());
      if (It == Pointer.end())
        return std::nullopt;
      return node(It->second);
    }
    auto It = Other.find(N);
    if (It == Other.end())
      return std::nullopt;
    return node(It->second);
  }

  // During the walk the pairs are only listed; finish() builds the map at
  // its final size (no rehashing as it grows: most of the cost otherwise).
  void add(const void *Key, Parent P) { Listed.push_back({Key, P}); }
  void finish() {
    Pointer.reserve(Listed.size());
    for (const auto &[Key, P] : Listed)
      Pointer.try_emplace(Key, P); // the first parent stays, as in clang's
    Listed = {};
  }
  void add(const DynTypedNode &Key, Parent P) { Other.try_emplace(Key, P); }

  /// A parent that is neither a declaration nor a statement, kept here.
  Parent keep(const DynTypedNode &P) {
    Nodes.push_back(P);
    return &Nodes.back();
  }

private:
  static DynTypedNode node(Parent P) {
    if (const auto *D = dyn_cast<const Decl *>(P))
      return DynTypedNode::create(*D);
    if (const auto *S = dyn_cast<const Stmt *>(P))
      return DynTypedNode::create(*S);
    return *cast<DynTypedNode *>(P);
  }

  std::vector<std::pair<const void *, Parent>> Listed;
  llvm::DenseMap<const void *, Parent> Pointer; // Decl, Stmt, Attr
  llvm::DenseMap<DynTypedNode, Parent> Other;   // TypeLoc, NNS loc
  std::deque<DynTypedNode> Nodes;               // parents of neither kind
};

/// The walk clang's parent map makes (RecursiveASTVisitor with template
/// instantiations and implicit code), from one declaration.
class Collector : public RecursiveASTVisitor<Collector> {
  using Base = RecursiveASTVisitor<Collector>;

  struct Entry {
    DynTypedNode Node;
    /// The node as a stored parent: set for declarations and statements,
    /// on first need for the others.
    UnitParents::Parent Stored;
    bool Pending; ///< a type or qualifier whose parent is not recorded yet
  };

public:
  explicit Collector(UnitParents &Out) : Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    return D ? within(D, Entry{DynTypedNode::create(*D), D, false},
                      [&] { return Base::TraverseDecl(D); })
             : true;
  }
  bool TraverseAttr(Attr *A) {
    return A ? within(A, Entry{DynTypedNode::create(*A), nullptr, false},
                      [&] { return Base::TraverseAttr(A); })
             : true;
  }
  // (LLVM 22 adds a second parameter; forward whatever the base takes.)
  template <typename... Rest> bool TraverseTypeLoc(TypeLoc TL, Rest... R) {
    return TL.isNull() ? true
                       : within(nullptr,
                                Entry{DynTypedNode::create(TL), nullptr, true},
                                [&] { return Base::TraverseTypeLoc(TL, R...); });
  }
  bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc NNS) {
    return !NNS ? true
                : within(nullptr,
                         Entry{DynTypedNode::create(NNS), nullptr, true}, [&] {
                           return Base::TraverseNestedNameSpecifierLoc(NNS);
                         });
  }
  // Statements go through the data-recursion hooks, as in clang's map (a
  // TraverseStmt override would turn data recursion off).
  bool dataTraverseStmtPre(Stmt *S) {
    recordPointer(S);
    Stack.push_back({DynTypedNode::create(*S), S, false});
    return true;
  }
  bool dataTraverseStmtPost(Stmt *) {
    Stack.pop_back();
    return true;
  }

private:
  /// Traverses below \p Node: a declaration or attribute (\p Key, its
  /// parent recorded now) or a type or qualifier (\p Pending).
  template <typename Fn>
  bool within(const void *Key, Entry E, Fn Traverse) {
    if (Key)
      recordPointer(Key);
    Stack.push_back(std::move(E));
    bool Result = Traverse();
    Stack.pop_back();
    return Result;
  }

  // Types and qualifiers are most of the nodes, and almost none holds an
  // expression or a declaration. Their parents are recorded only on the way
  // to one (`decltype(x)`, an array bound, a template argument): the
  // questions start from expressions and declarations and walk up.

  void recordPointer(const void *Key) {
    if (Stack.empty())
      return;
    size_t First = Stack.size();
    while (First > 0 && Stack[First - 1].Pending)
      --First;
    for (size_t I = First; I < Stack.size(); ++I) {
      if (I > 0)
        Out.add(Stack[I].Node, stored(Stack[I - 1]));
      Stack[I].Pending = false;
    }
    Out.add(Key, stored(Stack.back()));
  }

  /// \p E as a parent: its pointer, or (neither a declaration nor a
  /// statement) a copy kept once by the map.
  UnitParents::Parent stored(Entry &E) {
    if (E.Stored.isNull())
      E.Stored = Out.keep(E.Node);
    return E.Stored;
  }

  UnitParents &Out;
  llvm::SmallVector<Entry, 32> Stack;
};

bool isContainer(const Decl *D) {
  return isa<TranslationUnitDecl, NamespaceDecl, LinkageSpecDecl, ExportDecl>(
      D);
}

/// What RecursiveASTVisitor skips among a declaration context's children
/// (it reaches them through their expressions).
bool skippedChild(const Decl *D) {
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
    return RD->isLambda();
  return isa<BlockDecl, CapturedDecl>(D);
}

/// The declaration RecursiveASTVisitor reaches \p D from when \p D is a
/// template's pattern or an implicit instantiation: the template (for an
/// instantiation, its first declaration, which visits the instantiations).
template <typename SpecialisationDecl>
const Decl *implicitOrSelf(const SpecialisationDecl *S) {
  if (S->isExplicitInstantiationOrSpecialization())
    return S; // written where it stands, and visited from there
  return S->getSpecializedTemplate()->getCanonicalDecl();
}

const Decl *visitedFrom(const Decl *D) {
  if (const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(D))
    return implicitOrSelf(CTSD);
  if (const auto *VTSD = dyn_cast<VarTemplateSpecializationDecl>(D))
    return implicitOrSelf(VTSD);
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
    if (const ClassTemplateDecl *T = RD->getDescribedClassTemplate())
      return T;
  if (const auto *VD = dyn_cast<VarDecl>(D))
    if (const VarTemplateDecl *T = VD->getDescribedVarTemplate())
      return T;
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (const FunctionTemplateDecl *T = FD->getDescribedFunctionTemplate())
      return T;
    if (FD->getTemplateSpecializationKind() == TSK_ImplicitInstantiation)
      if (const FunctionTemplateDecl *T = FD->getPrimaryTemplate())
        return T->getCanonicalDecl();
    return D;
  }
  return D;
}

/// The namespace-level declaration RecursiveASTVisitor reaches \p D from,
/// following lexical declaration contexts; null if there is none.
const Decl *unitOf(const Decl *D) {
  for (unsigned Guard = 0; D && Guard < 256; ++Guard) {
    if (isContainer(D))
      return nullptr;
    const Decl *From = visitedFrom(D);
    if (From != D) {
      D = From;
      continue;
    }
    const DeclContext *DC = D->getLexicalDeclContext();
    if (!DC)
      return nullptr;
    const auto *Up = cast<Decl>(DC);
    if (isContainer(Up))
      return D;
    D = Up;
  }
  return nullptr;
}

/// The declarations RecursiveASTVisitor may have reached instantiations of
/// what \p U declares from, when it is not \p U itself: the first
/// declaration of a template, the primary template of a partial
/// specialisation, the class template an out-of-line member belongs to.
void instantiationOwners(const Decl *U,
                         llvm::SmallVectorImpl<const Decl *> &Out) {
  if (const auto *T = dyn_cast<RedeclarableTemplateDecl>(U))
    if (T->getCanonicalDecl() != T)
      Out.push_back(T->getCanonicalDecl());
  if (const auto *P = dyn_cast<ClassTemplatePartialSpecializationDecl>(U))
    Out.push_back(P->getSpecializedTemplate()->getCanonicalDecl());
  if (const auto *P = dyn_cast<VarTemplatePartialSpecializationDecl>(U))
    Out.push_back(P->getSpecializedTemplate()->getCanonicalDecl());
  if (U->getDeclContext() != U->getLexicalDeclContext())
    Out.push_back(cast<Decl>(U->getDeclContext()));
  if (const auto *T = dyn_cast<TemplateDecl>(U))
    if (const NamedDecl *P = T->getTemplatedDecl())
      if (P->getDeclContext() != P->getLexicalDeclContext())
        Out.push_back(cast<Decl>(P->getDeclContext()));
}

/// The explicit instantiations of the class or variable template \p U (a
/// few at most are looked at).
void explicitInstantiations(const Decl *U,
                            llvm::SmallVectorImpl<const Decl *> &Out) {
  auto Collect = [&](auto *Template) {
    for (const auto *S : Template->specializations()) {
      TemplateSpecializationKind K = S->getSpecializationKind();
      if ((K == TSK_ExplicitInstantiationDefinition ||
           K == TSK_ExplicitInstantiationDeclaration) &&
          Out.size() < 16)
        Out.push_back(S);
    }
  };
  if (const auto *CT = dyn_cast<ClassTemplateDecl>(U))
    Collect(CT->getCanonicalDecl());
  else if (const auto *VT = dyn_cast<VarTemplateDecl>(U))
    Collect(VT->getCanonicalDecl());
}

SourceLocation locationOf(const DynTypedNode &N) {
  if (const auto *S = N.get<Stmt>())
    return S->getBeginLoc();
  if (const auto *D = N.get<Decl>())
    return D->getLocation();
  if (const auto *TL = N.get<TypeLoc>())
    return TL->getBeginLoc();
  if (const auto *A = N.get<Attr>())
    return A->getLocation();
  if (const auto *NNS = N.get<NestedNameSpecifierLoc>())
    return NNS->getBeginLoc();
  return SourceLocation();
}

class Index {
public:
  Index(ASTContext &Ctx, bool Debug) : Ctx(Ctx), Debug(Debug) {}

  DynTypedNodeList parents(const DynTypedNode &N) {
    ++Stats.Queries;
    const auto *D = N.get<Decl>();
    if (D && isa<TranslationUnitDecl>(D))
      return llvm::ArrayRef<DynTypedNode>();
    // A namespace-level declaration itself: the namespace, linkage
    // specification or translation unit it is written in.
    if (D) {
      const Decl *Up = cast_or_null<Decl>(D->getLexicalDeclContext());
      if (Up && isContainer(Up) && visitedFrom(D) == D && !skippedChild(D))
        return DynTypedNode::create(*Up);
    }

    llvm::SmallVector<const Decl *, 6> Candidates;
    // A unit, then the units its instantiations may be visited from.
    std::function<void(const Decl *, unsigned)> Add = [&](const Decl *U,
                                                          unsigned Depth) {
      if (!U || llvm::is_contained(Candidates, U))
        return;
      Candidates.push_back(U);
      if (Depth >= 3)
        return;
      llvm::SmallVector<const Decl *, 4> Owners;
      instantiationOwners(U, Owners);
      for (const Decl *O : Owners)
        if (O && !isContainer(O))
          Add(unitOf(O), Depth + 1);
    };
    // Declarations first from their contexts; the source location (a
    // search) only for what those do not place.
    size_t Tried = 0;
    auto TryNew = [&]() -> std::optional<DynTypedNode> {
      for (; Tried < Candidates.size(); ++Tried)
        if (auto P = parentsIn(Candidates[Tried]).find(N))
          return P;
      return std::nullopt;
    };
    if (D) {
      Add(unitOf(D), 0);
      if (std::optional<DynTypedNode> P = TryNew())
        return *P;
    }
    SourceLocation Loc = locationOf(N);
    if (Loc.isValid()) {
      // The units of the node's own file, then (a declaration that spans
      // an #include) those of the whole translation unit.
      for (bool AcrossFiles : {false, true}) {
        llvm::SmallVector<const Decl *, 2> At;
        unitsAt(Loc, At, AcrossFiles);
        for (const Decl *U : At)
          Add(U, 0);
        if (std::optional<DynTypedNode> P = TryNew())
          return *P;
      }
    }
    // The members of an explicit instantiation (`template class C<int>;`)
    // are visited from it, where it is written.
    for (const Decl *U : Candidates) {
      llvm::SmallVector<const Decl *, 4> Explicit;
      explicitInstantiations(U, Explicit);
      for (const Decl *E : Explicit)
        if (std::optional<DynTypedNode> P = parentsIn(E).find(N))
          return *P;
    }
    // A node of a system header outside every declaration of the scope (the
    // scope is the user's code): clang's map has no parent for it either.
    if (Loc.isValid() && Candidates.empty()) {
      const SourceManager &SM = Ctx.getSourceManager();
      if (SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
        return llvm::ArrayRef<DynTypedNode>();
    }
    ++Stats.Fallbacks;
    if (Debug) { // which nodes the index could not place, and where
      llvm::errs() << "fallback " << N.getNodeKind().asStringRef() << " at "
                   << Loc.printToString(Ctx.getSourceManager()) << " cands "
                   << Candidates.size();
      for (const Decl *U : Candidates)
        llvm::errs() << " [" << U->getDeclKindName() << " "
                     << U->getLocation().printToString(Ctx.getSourceManager())
                     << "]";
      DynTypedNodeList L = Ctx.getParents(N);
      llvm::errs() << " clang: "
                   << (L.empty() ? StringRef("none")
                                 : L[0].getNodeKind().asStringRef())
                   << "\n";
    }
    return Ctx.getParents(N);
  }

  ParentStats stats() const {
    ParentStats S = Stats;
    S.UnitsBuilt = Built.size();
    S.UnitsTotal = Units.size();
    return S;
  }

private:
  struct Unit {
    SourceLocation Begin, End; // expansion locations
    const Decl *D;
    // The same, decomposed: two locations of one file compare by offset.
    std::pair<FileID, unsigned> BeginAt, EndAt;
  };

  const UnitParents &parentsIn(const Decl *U) {
    std::unique_ptr<UnitParents> &Slot = Built[U];
    if (!Slot) {
      Slot = std::make_unique<UnitParents>();
      Collector(*Slot).TraverseDecl(const_cast<Decl *>(U));
      Slot->finish();
    }
    return *Slot;
  }

  void addUnits(const Decl *D, const SourceManager &SM) {
    if (isContainer(D)) {
      for (const Decl *Child : cast<DeclContext>(D)->decls())
        if (!skippedChild(Child))
          addUnits(Child, SM);
      return;
    }
    SourceLocation B = D->getBeginLoc(), E = D->getEndLoc();
    if (B.isInvalid() || E.isInvalid())
      return;
    SourceLocation Begin = SM.getExpansionLoc(B);
    SourceLocation End = SM.getExpansionRange(E).getEnd();
    Units.push_back({Begin, End, D, SM.getDecomposedLoc(Begin),
                     SM.getDecomposedLoc(End)});
  }

  /// The namespace-level declarations whose source range holds \p Loc
  /// (one, but for `struct S { ... } s;` or declarations written by one
  /// macro, which share a beginning): among those that begin in Loc's file,
  /// or with \p AcrossFiles among all of them.
  void unitsAt(SourceLocation Loc, llvm::SmallVectorImpl<const Decl *> &Out,
               bool AcrossFiles) {
    const SourceManager &SM = Ctx.getSourceManager();
    if (!UnitsReady) {
      UnitsReady = true;
      for (const Decl *D : Ctx.getTraversalScope())
        addUnits(D, SM);
      // Per file, by offset: integers to compare (units come in parse
      // order, which is almost always offset order within a file).
      for (const Unit &U : Units)
        ByFile[U.BeginAt.first].push_back(U);
      for (auto &[File, List] : ByFile)
        llvm::stable_sort(List, [](const Unit &A, const Unit &B) {
          return A.BeginAt.second < B.BeginAt.second;
        });
    }
    Loc = SM.getExpansionLoc(Loc);
    const std::pair<FileID, unsigned> At = SM.getDecomposedLoc(Loc);
    // SourceManager::isBeforeInTranslationUnit, without its work when both
    // locations are in one file.
    auto Before = [&](SourceLocation A, const std::pair<FileID, unsigned> &AAt,
                      SourceLocation B, const std::pair<FileID, unsigned> &BAt) {
      if (AAt.first == BAt.first && AAt.first.isValid())
        return AAt.second < BAt.second;
      return SM.isBeforeInTranslationUnit(A, B);
    };
    llvm::ArrayRef<Unit> List;
    if (!AcrossFiles) {
      auto F = ByFile.find(At.first);
      if (F == ByFile.end() || At.first.isInvalid())
        return;
      List = F->second;
    } else {
      if (!UnitsSorted) {
        UnitsSorted = true;
        auto InOrder = [&](const Unit &A, const Unit &B) {
          return Before(A.Begin, A.BeginAt, B.Begin, B.BeginAt);
        };
        if (!std::is_sorted(Units.begin(), Units.end(), InOrder))
          std::sort(Units.begin(), Units.end(), InOrder);
      }
      List = Units;
    }
    // After the last unit that begins at or before Loc, step back over a few
    // (units do not nest, but some overlap).
    const Unit *It = std::upper_bound(
        List.begin(), List.end(), Loc, [&](SourceLocation L, const Unit &U) {
          return Before(L, At, U.Begin, U.BeginAt);
        });
    // All the units that begin where the nearest one does (one macro, such as
    // gtest's TEST_F, writes several declarations), and a few before them.
    SourceLocation Group;
    for (unsigned Steps = 0; It != List.begin(); ++Steps) {
      --It;
      if (Steps == 0)
        Group = It->Begin;
      else if (Steps >= 4 && It->Begin != Group)
        break;
      if (!Before(It->End, It->EndAt, Loc, At))
        Out.push_back(It->D);
    }
  }

  ASTContext &Ctx;
  const bool Debug;
  std::vector<Unit> Units;
  llvm::DenseMap<FileID, std::vector<Unit>> ByFile;
  bool UnitsReady = false;
  bool UnitsSorted = false;
  llvm::DenseMap<const Decl *, std::unique_ptr<UnitParents>> Built;
  ParentStats Stats;
};

} // namespace

/// The session's parent index: built on the first question, its counts
/// printed when the session ends (`coroguard.ParentStats`).
class ParentIndex : public SessionState {
public:
  static char Key;
  explicit ParentIndex(AnalysisSession &S)
      : PrintStats(S.options().ParentStats),
        Idx(S.context(), S.options().ParentDebug) {}
  ~ParentIndex() override {
    if (!PrintStats)
      return;
    ParentStats St = Idx.stats();
    llvm::errs() << "coroguard parents: " << St.Queries << " queries, "
                 << St.UnitsBuilt << " of " << St.UnitsTotal
                 << " declarations collected, " << St.Fallbacks
                 << " answered by clang's map\n";
  }
  DynTypedNodeList parents(const DynTypedNode &N) { return Idx.parents(N); }

private:
  const bool PrintStats;
  Index Idx;
};
char ParentIndex::Key;

DynTypedNodeList parentsOf(const DynTypedNode &Node, AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  const ParentMode Mode = S.options().Parents;
  if (Mode == ParentMode::Clang)
    return Ctx.getParents(Node);
  DynTypedNodeList Mine = S.state<ParentIndex>().parents(Node);
  if (Mode == ParentMode::Verify) {
    DynTypedNodeList Theirs = Ctx.getParents(Node);
    bool Same = Mine.empty() == Theirs.empty() &&
                (Mine.empty() || Mine[0] == Theirs[0]);
    if (!Same) {
      llvm::errs() << "MISMATCH " << Node.getNodeKind().asStringRef() << " at ";
      Node.getSourceRange().getBegin().print(llvm::errs(),
                                             Ctx.getSourceManager());
      llvm::errs() << " mine="
                   << (Mine.empty() ? StringRef("none")
                                    : Mine[0].getNodeKind().asStringRef())
                   << " clang="
                   << (Theirs.empty() ? StringRef("none")
                                      : Theirs[0].getNodeKind().asStringRef())
                   << "\n";
    }
  }
  return Mine;
}

} // namespace clang::tidy::coro
