//===--- AsyncGenerators.cpp - coroguard ----------------------------------===//

#include "AsyncGenerators.h"
#include "CoroutineTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::coro {

bool GeneratorSpec::advances(llvm::StringRef Method) const {
  return llvm::is_contained(Advance, Method);
}
bool GeneratorSpec::closes(llvm::StringRef Method) const {
  return llvm::is_contained(Close, Method);
}
bool GeneratorSpec::isExhaustedPredicate(llvm::StringRef Method) const {
  return llvm::is_contained(Exhausted, Method);
}

// Keep docs/checks/coro-unclosed-async-generator.md (the preset table) in
// sync. cppcoro, folly and QCoro generators have no asynchronous close:
// destroying one destroys its frame on the spot (its local destructors run,
// nothing is deferred to a loop), so only their advancing operations are
// listed.
const char *GeneratorTypeTable::presetSpec() {
  return "coroguard::async_generator=next,asend,athrow|aclose|finished;"
         "cppcoro::async_generator=begin;"
         "folly::coro::AsyncGenerator=next;"
         "QCoro::AsyncGenerator=begin";
}

GeneratorTypeTable GeneratorTypeTable::withPresets() {
  GeneratorTypeTable T;
  std::string Error;
  bool Ok = T.addFromOption(presetSpec(), Error);
  assert(Ok && "malformed generator presets");
  (void)Ok;
  return T;
}

static bool isIdentifier(llvm::StringRef S) {
  if (S.empty() || !(isalpha(static_cast<unsigned char>(S[0])) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) {
    return isalnum(static_cast<unsigned char>(C)) || C == '_';
  });
}

static bool isQualifiedName(llvm::StringRef S) {
  if (S.consume_front("::") && S.empty())
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  S.split(Parts, "::");
  return !Parts.empty() && llvm::all_of(Parts, isIdentifier);
}

static bool parseMethods(llvm::StringRef List,
                         llvm::SmallVectorImpl<std::string> &Out) {
  List = List.trim();
  if (List.empty())
    return true;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  List.split(Parts, ',');
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (!isIdentifier(P))
      return false;
    Out.push_back(P.str());
  }
  return true;
}

bool GeneratorTypeTable::addFromOption(llvm::StringRef Spec,
                                       std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Spec.split(Items, ';', -1, /*KeepEmpty=*/false);
  bool Ok = true;
  auto Bad = [&](llvm::StringRef Item) {
    if (Ok)
      Error = "invalid entry '" + Item.str() +
              "': expected 'qualified::Name=advance,...|close,...|finished,...' "
              "or '-qualified::Name'";
    Ok = false;
  };
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    if (Item.consume_front("-")) {
      llvm::StringRef Name = Item.trim();
      if (!isQualifiedName(Name)) {
        Bad(("-" + Item).str());
        continue;
      }
      Name.consume_front("::");
      Entries.erase(Name);
      continue;
    }
    auto [NamePart, Ops] = Item.split('=');
    llvm::StringRef Name = NamePart.trim();
    if (!Item.contains('=') || !isQualifiedName(Name)) {
      Bad(Item);
      continue;
    }
    Name.consume_front("::");
    auto [AdvancePart, Rest] = Ops.split('|');
    auto [ClosePart, ExhaustedPart] = Rest.split('|');
    GeneratorSpec S;
    S.Name = Name.str();
    if (ExhaustedPart.contains('|') || !parseMethods(AdvancePart, S.Advance) ||
        !parseMethods(ClosePart, S.Close) ||
        !parseMethods(ExhaustedPart, S.Exhausted) ||
        (S.Advance.empty() && S.Close.empty())) {
      Bad(Item);
      continue;
    }
    Entries[S.Name] = std::move(S);
  }
  return Ok;
}

const GeneratorSpec *
GeneratorTypeTable::lookup(llvm::StringRef QualifiedName) const {
  QualifiedName.consume_front("::");
  auto It = Entries.find(QualifiedName);
  return It == Entries.end() ? nullptr : &It->second;
}

const VarDecl *GeneratorKey::rootVar() const {
  if (Path.empty())
    return nullptr;
  return dyn_cast_or_null<VarDecl>(static_cast<const Decl *>(Path.front()));
}

/// The definition of a class, or of the template it is specialised from
/// when the specialisation has not been instantiated.
static const CXXRecordDecl *definitionFor(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getTemplatedDecl()->getDefinition();
  return nullptr;
}

const GeneratorSpec *AsyncGeneratorRecogniser::specOf(QualType T,
                                                      bool ThroughPointer) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (ThroughPointer && T->isPointerType())
    T = T->getPointeeType();
  const Type *Key = T.getCanonicalType().getTypePtr();
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  const GeneratorSpec *Found = nullptr;
  // The type itself or a base (a project's class derived from a library
  // generator), nearest first, a few levels deep.
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  llvm::SmallVector<std::pair<const CXXRecordDecl *, unsigned>, 8> Work;
  if (const CXXRecordDecl *RD = recordOf(T))
    Work.push_back({RD, 0});
  for (size_t I = 0; I < Work.size() && !Found; ++I) {
    auto [RD, Depth] = Work[I];
    if (!Seen.insert(RD->getCanonicalDecl()).second)
      continue;
    Found = Types.lookup(qualifiedName(RD));
    if (Found || Depth >= 4)
      continue;
    if (const CXXRecordDecl *Def = definitionFor(RD))
      for (const CXXBaseSpecifier &Base : Def->bases())
        if (const CXXRecordDecl *B = recordOf(Base.getType()))
          Work.push_back({B, Depth + 1});
  }
  Cache[Key] = Found;
  return Found;
}

std::optional<GeneratorOp> AsyncGeneratorRecogniser::opOf(const Expr &E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(&E);
  if (!Call || Call->isTypeDependent() || Call->containsErrors())
    return std::nullopt;
  const CXXMethodDecl *MD = Call->getMethodDecl();
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!MD || !Object || !MD->getDeclName().isIdentifier())
    return std::nullopt;
  const auto *ME = dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
  bool Arrow = ME && ME->isArrow();
  const GeneratorSpec *Spec = specOf(Object->getType(), Arrow);
  if (!Spec)
    return std::nullopt;
  llvm::StringRef Name = MD->getName();
  if (Spec->closes(Name))
    return GeneratorOp{GeneratorOpKind::Close, Call, Object, Spec, Name};
  if (Spec->advances(Name))
    return GeneratorOp{GeneratorOpKind::Advance, Call, Object, Spec, Name};
  return std::nullopt;
}

bool AsyncGeneratorRecogniser::isAclosingCall(const CallExpr &Call) const {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getCalleeDecl());
  return FD && Aclosing.lookup(FD);
}

const Expr *stripValueWrappers(const Expr *E) {
  for (const Expr *Prev = nullptr; E && E != Prev;) {
    Prev = E;
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const auto *FD = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
      if (FD && Call->getNumArgs() == 1 && FD->getDeclName().isIdentifier() &&
          (FD->getName() == "move" || FD->getName() == "forward") &&
          FD->isInStdNamespace())
        E = Call->getArg(0);
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      if (CE->getNumArgs() == 1 && Ctor &&
          (Ctor->isCopyConstructor() || Ctor->isMoveConstructor()))
        E = CE->getArg(0);
    } else if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E)) {
      if (Cast->getType()->isRValueReferenceType())
        E = Cast->getSubExpr();
    }
  }
  return E;
}

std::optional<GeneratorKey> AsyncGeneratorRecogniser::keyOf(const Expr *E) {
  GeneratorKey K;
  for (unsigned Guard = 0; E && Guard < 16; ++Guard) {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD)
        return std::nullopt;
      K.Path.push_back(VD->getCanonicalDecl());
      std::reverse(K.Path.begin(), K.Path.end());
      return K;
    }
    if (isa<CXXThisExpr>(E)) {
      K.Path.push_back(nullptr);
      std::reverse(K.Path.begin(), K.Path.end());
      return K;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!FD)
        return std::nullopt;
      K.Path.push_back(FD->getCanonicalDecl());
      if (ME->isArrow())
        K.Path.push_back(reinterpret_cast<const void *>(1)); // deref
      E = ME->getBase();
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_Deref) {
      K.Path.push_back(reinterpret_cast<const void *>(1));
      E = UO->getSubExpr();
      continue;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

AsyncGeneratorOptions::AsyncGeneratorOptions(
    const ClangTidyCheck::OptionsView &Options)
    : GeneratorTypes(Options.getLocalOrGlobal("GeneratorTypes", "")),
      UsePresetGeneratorTypes(
          Options.getLocalOrGlobal("UsePresetGeneratorTypes", true)),
      AclosingFunctions(
          Options.getLocalOrGlobal("AclosingFunctions", defaultAclosing())) {}

void AsyncGeneratorOptions::store(
    ClangTidyOptions::OptionMap &Opts,
    const ClangTidyCheck::OptionsView &Options) const {
  Options.store(Opts, "GeneratorTypes", GeneratorTypes);
  Options.store(Opts, "UsePresetGeneratorTypes", UsePresetGeneratorTypes);
  Options.store(Opts, "AclosingFunctions", AclosingFunctions);
}

std::unique_ptr<FunctionFlow> FunctionFlow::build(const FunctionDecl &Fn,
                                                  ASTContext &Ctx) {
  Stmt *Body = Fn.getBody();
  if (auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  if (!Body || Fn.isDependentContext())
    return nullptr;
  auto Flow = std::unique_ptr<FunctionFlow>(new FunctionFlow());
  Flow->Body = Body;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddEHEdges = false;
  Flow->Graph = CFG::buildCFG(&Fn, Body, &Ctx, Options);
  if (!Flow->Graph)
    return nullptr;
  for (const CFGBlock *B : *Flow->Graph) {
    unsigned I = 0;
    for (const CFGElement &El : *B) {
      if (std::optional<CFGStmt> S = El.getAs<CFGStmt>())
        Flow->Positions.try_emplace(S->getStmt(), Position{B, I});
      ++I;
    }
  }
  return Flow;
}

std::optional<FunctionFlow::Position>
FunctionFlow::positionOf(const Stmt *S) const {
  auto It = Positions.find(S);
  if (It == Positions.end())
    return std::nullopt;
  return It->second;
}

const FunctionFlow *FlowCache::get(const FunctionDecl &Fn, ASTContext &Ctx) {
  auto [It, Inserted] = Cache.try_emplace(&Fn);
  if (Inserted)
    It->second = FunctionFlow::build(Fn, Ctx);
  return It->second.get();
}

std::string shortSourceText(const Expr &E, const ASTContext &Ctx,
                            unsigned Max) {
  CharSourceRange Range = CharSourceRange::getTokenRange(E.getSourceRange());
  StringRef Text =
      Lexer::getSourceText(Range, Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Text.empty() || Text.size() > Max || Text.contains('\n'))
    return "";
  return Text.str();
}

} // namespace clang::tidy::coro
