//===--- FunctionNameTable.cpp - coroguard --------------------------------===//

#include "FunctionNameTable.h"
#include "CoroutineTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/CXXInheritance.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::coro {

static bool isIdentifierChar(char C) {
  return llvm::isAlnum(C) || C == '_' || C == '~';
}

/// Validates a qualified name: identifiers (or `operator...`) joined by
/// `::`, optionally ending in `*`.
static bool isWellFormedName(llvm::StringRef Name) {
  if (Name.empty())
    return false;
  if (Name.ends_with("*"))
    Name = Name.drop_back();
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Name.split(Parts, "::");
  for (llvm::StringRef Part : Parts) {
    if (Part.empty())
      return false;
    if (Part.starts_with("operator"))
      continue;
    for (char C : Part)
      if (!isIdentifierChar(C))
        return false;
  }
  return true;
}

bool FunctionNameTable::addDefaultsThenOption(llvm::StringRef Defaults,
                                              llvm::StringRef User,
                                              std::string &Error) {
  std::string Ignored;
  addFromOption(Defaults, Ignored);
  Error.clear();
  return addFromOption(User, Error);
}

bool FunctionNameTable::addFromOption(llvm::StringRef Spec,
                                      std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 16> Items;
  Spec.split(Items, ';', -1, /*KeepEmpty=*/false);
  bool Ok = true;
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    auto [NamePart, TextPart] = Item.split("->");
    NamePart = NamePart.trim();
    llvm::StringRef Text = TextPart.trim();
    bool Remove = NamePart.consume_front("-");
    NamePart = NamePart.trim();
    llvm::StringRef Bare = NamePart;
    Bare.consume_front("::");
    if (!isWellFormedName(Bare) || (Remove && !Text.empty()) ||
        (Item.contains("->") && Text.empty())) {
      if (Ok)
        Error = "invalid entry '" + Item.str() +
                "': expected 'qualified::name', 'qualified::name -> "
                "suggestion' or '-qualified::name'";
      Ok = false;
      continue;
    }
    if (Remove)
      remove(NamePart);
    else
      add(NamePart, Text);
  }
  return Ok;
}

void FunctionNameTable::add(llvm::StringRef Name, llvm::StringRef Text) {
  Entry E;
  llvm::StringRef Bare = Name.trim();
  E.GlobalOnly = Bare.consume_front("::");
  E.CFunction = !E.GlobalOnly && !Bare.contains("::");
  E.Prefix = Bare.ends_with("*");
  if (E.Prefix) {
    Bare = Bare.drop_back();
    HasPrefixes = true;
  }
  E.Name = Bare.str();
  E.Text = Text.trim().str();
  std::string Key = (E.GlobalOnly ? "::" : "") + E.Name + (E.Prefix ? "*" : "");
  llvm::StringRef Last = llvm::StringRef(E.Name).rsplit("::").second;
  if (Last.empty())
    Last = E.Name;
  if (E.Prefix)
    LastPrefixes.push_back(Last.str());
  else
    LastNames.insert(Last);
  if (!Entries.count(Key))
    Order.push_back(Key);
  Entries[Key] = std::move(E);
  forgetAnswers();
}

void FunctionNameTable::remove(llvm::StringRef Name) {
  llvm::StringRef Bare = Name.trim();
  std::string Key = Bare.str();
  if (Entries.erase(Key))
    llvm::erase(Order, Key);
  forgetAnswers();
}

std::vector<const FunctionNameTable::Entry *>
FunctionNameTable::entries() const {
  std::vector<const Entry *> Result;
  for (const std::string &Key : Order)
    if (auto It = Entries.find(Key); It != Entries.end())
      Result.push_back(&It->second);
  return Result;
}

/// True if \p D is declared at global scope (through `extern "C"` blocks).
static bool isAtGlobalScope(const Decl *D) {
  const DeclContext *DC = D->getDeclContext();
  while (DC && (isa<LinkageSpecDecl>(DC) || DC->isTransparentContext()))
    DC = DC->getParent();
  return DC && isa<TranslationUnitDecl>(DC);
}

static bool isCLibraryFunction(const FunctionDecl *FD) {
  if (!isAtGlobalScope(FD))
    return false;
  if (FD->isExternC())
    return true;
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  return SM.isInSystemHeader(FD->getLocation());
}

const FunctionNameTable::Entry *
FunctionNameTable::lookupName(const std::string &Name, bool AtGlobalScope,
                              bool CFunction) const {
  if (AtGlobalScope) {
    if (auto It = Entries.find("::" + Name); It != Entries.end())
      return &It->second;
  }
  if (auto It = Entries.find(Name); It != Entries.end()) {
    const Entry &E = It->second;
    if (!E.CFunction || CFunction)
      return &E;
  }
  if (HasPrefixes) {
    for (const auto &KV : Entries) {
      const Entry &E = KV.second;
      if (E.Prefix && llvm::StringRef(Name).starts_with(E.Name) &&
          (!E.CFunction || CFunction) && (!E.GlobalOnly || AtGlobalScope))
        return &E;
    }
  }
  return nullptr;
}

const FunctionNameTable::Entry *
FunctionNameTable::lookupOne(const FunctionDecl *FD) const {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD)) {
    if (auto It = Entries.find(qualifiedName(Ctor->getParent()));
        It != Entries.end())
      return &It->second;
  }
  return lookupName(qualifiedName(FD), isAtGlobalScope(FD),
                    isCLibraryFunction(FD));
}

bool FunctionNameTable::mayName(llvm::StringRef Name) const {
  if (LastNames.contains(Name))
    return true;
  for (const std::string &Prefix : LastPrefixes)
    if (Name.starts_with(Prefix))
      return true;
  return false;
}

const FunctionNameTable::Entry *
FunctionNameTable::lookupUncached(const FunctionDecl *FD) const {
  if (!FD || Entries.empty())
    return nullptr;
  // Overrides share their name with what they override; a constructor is
  // named like its class.
  if (FD->getDeclName().isIdentifier() && !mayName(FD->getName()))
    return nullptr;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
      Ctor && Ctor->getParent()->getIdentifier() &&
      !mayName(Ctor->getParent()->getName()))
    return nullptr;
  if (const Entry *E = lookupOne(FD))
    return E;
  // A member of a class template specialisation or a function template
  // specialisation is named like its pattern already; an override is named
  // by the method it overrides.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    llvm::SmallVector<const CXXMethodDecl *, 4> Work(
        MD->overridden_methods().begin(), MD->overridden_methods().end());
    for (unsigned I = 0; I < Work.size() && I < 64; ++I) {
      if (const Entry *E = lookupOne(Work[I]))
        return E;
      Work.append(Work[I]->overridden_methods().begin(),
                  Work[I]->overridden_methods().end());
    }
  }
  return nullptr;
}

const FunctionNameTable::Entry *
FunctionNameTable::lookup(const FunctionDecl *FD) const {
  if (!FD || Entries.empty())
    return nullptr;
  auto [It, New] = Answers.try_emplace(FD, nullptr);
  if (New)
    It->second = lookupUncached(FD);
  return It->second;
}

//===----------------------------------------------------------------------===//
// Through the object the call is made on.
//===----------------------------------------------------------------------===//

/// The variable \p E names, if it is one a customisation-point object can
/// be: at namespace scope or a static data member.
static const VarDecl *objectVariable(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    D = DRE->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(E))
    D = ME->getMemberDecl();
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  if (!VD || !VD->hasGlobalStorage())
    return nullptr;
  if (VD->isStaticDataMember() ||
      VD->getDeclContext()->getRedeclContext()->isFileContext())
    return VD;
  return nullptr;
}

const FunctionNameTable::Entry *
FunctionNameTable::lookupThroughObject(const FunctionDecl *FD,
                                       const Expr &Call,
                                       std::string *MatchedName) const {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD)
    return nullptr;
  const Expr *Object = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call))
    Object = MC->getImplicitObjectArgument();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
           Op && Op->getNumArgs() > 0)
    Object = Op->getArg(0);
  if (!Object)
    return nullptr;

  // A customisation-point object: `lib::sync_wait(t)`, and a reference to
  // one (`constexpr auto &wait = lib::sync_wait;`), its own name first.
  if (MD->getOverloadedOperator() == OO_Call) {
    const VarDecl *VD = objectVariable(Object);
    for (unsigned Depth = 0; VD && Depth < 4; ++Depth) {
      if (VD->getIdentifier() && mayName(VD->getName())) {
        std::string Name = qualifiedName(VD);
        if (const Entry *E =
                lookupName(Name, isAtGlobalScope(VD), /*CFunction=*/false)) {
          if (MatchedName)
            *MatchedName = std::move(Name);
          return E;
        }
      }
      if (!VD->getType()->isReferenceType())
        break;
      VD = objectVariable(VD->getAnyInitializer());
    }
    return nullptr;
  }

  // A member inherited through the object's class.
  if (!MD->getDeclName().isIdentifier() || !mayName(MD->getName()))
    return nullptr;
  // The object's own type, before its conversion to the declaring base.
  QualType T = Object->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() ||
      RD->getCanonicalDecl() == MD->getParent()->getCanonicalDecl())
    return nullptr;
  return lookupInherited(MD, RD, MatchedName);
}

const FunctionNameTable::Entry *
FunctionNameTable::lookupInherited(const CXXMethodDecl *MD,
                                   const CXXRecordDecl *Object,
                                   std::string *MatchedName) const {
  auto Key = std::make_pair(Object->getCanonicalDecl(),
                            cast<FunctionDecl>(MD->getCanonicalDecl()));
  auto It = InheritedAnswers.find(Key);
  if (It == InheritedAnswers.end()) {
    // The classes between the object's (included) and the declaring one
    // (excluded, lookup(FD) asked it), on every path of inheritance.
    CXXBasePaths Paths(/*FindAmbiguities=*/true, /*RecordPaths=*/true,
                       /*DetectVirtual=*/false);
    Inherited Answer;
    if (Object->getDefinition()->isDerivedFrom(MD->getParent(), Paths)) {
      llvm::SmallPtrSet<const CXXRecordDecl *, 8> Tried;
      for (const CXXBasePath &Path : Paths) {
        for (const CXXBasePathElement &Step : Path) {
          const CXXRecordDecl *Class = Step.Class;
          if (!Class || !Tried.insert(Class->getCanonicalDecl()).second)
            continue;
          if (const Entry *E =
                  lookupName(qualifiedName(Class) + "::" + MD->getName().str(),
                             /*AtGlobalScope=*/false, /*CFunction=*/false)) {
            Answer = {E, Class};
            break;
          }
        }
        if (Answer.E)
          break;
      }
    }
    It = InheritedAnswers.try_emplace(Key, Answer).first;
  }
  if (It->second.E && MatchedName)
    *MatchedName = qualifiedName(It->second.Via) + "::" + MD->getName().str();
  return It->second.E;
}

const FunctionNameTable::Entry *
FunctionNameTable::lookup(const FunctionDecl *FD, const Expr *Call,
                          std::string *MatchedName) const {
  if (MatchedName)
    MatchedName->clear();
  if (!FD || Entries.empty())
    return nullptr;
  if (const Entry *E = lookup(FD))
    return E;
  return Call ? lookupThroughObject(FD, *Call, MatchedName) : nullptr;
}

const FunctionNameTable::Entry *
FunctionNameTable::lookupCall(const Expr &Call,
                              std::string *MatchedName) const {
  const FunctionDecl *FD = nullptr;
  if (const auto *CE = dyn_cast<CallExpr>(&Call))
    FD = CE->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&Call))
    FD = Construct->getConstructor();
  return lookup(FD, &Call, MatchedName);
}

} // namespace clang::tidy::coro
