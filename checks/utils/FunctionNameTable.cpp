//===--- FunctionNameTable.cpp - coroguard --------------------------------===//

#include "FunctionNameTable.h"
#include "CoroutineTypes.h"
#include "Parents.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
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
  Answers.get().clear();
}

void FunctionNameTable::remove(llvm::StringRef Name) {
  llvm::StringRef Bare = Name.trim();
  std::string Key = Bare.str();
  if (Entries.erase(Key))
    llvm::erase(Order, Key);
  Answers.get().clear();
}

std::vector<const FunctionNameTable::Entry *>
FunctionNameTable::entries() const {
  std::vector<const Entry *> Result;
  for (const std::string &Key : Order)
    if (auto It = Entries.find(Key); It != Entries.end())
      Result.push_back(&It->second);
  return Result;
}

/// True if \p FD is declared at global scope (through `extern "C"` blocks).
static bool isAtGlobalScope(const FunctionDecl *FD) {
  const DeclContext *DC = FD->getDeclContext();
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
FunctionNameTable::lookupOne(const FunctionDecl *FD) const {
  std::string Name = qualifiedName(FD);
  if (isAtGlobalScope(FD)) {
    if (auto It = Entries.find("::" + Name); It != Entries.end())
      return &It->second;
  }
  if (auto It = Entries.find(Name); It != Entries.end()) {
    const Entry &E = It->second;
    if (!E.CFunction || isCLibraryFunction(FD))
      return &E;
  }
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD)) {
    if (auto It = Entries.find(qualifiedName(Ctor->getParent()));
        It != Entries.end())
      return &It->second;
  }
  if (HasPrefixes) {
    for (const auto &KV : Entries) {
      const Entry &E = KV.second;
      if (E.Prefix && llvm::StringRef(Name).starts_with(E.Name) &&
          (!E.CFunction || isCLibraryFunction(FD)) &&
          (!E.GlobalOnly || isAtGlobalScope(FD)))
        return &E;
    }
  }
  return nullptr;
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
  auto [It, New] = Answers.get().try_emplace(FD, nullptr);
  if (New)
    It->second = lookupUncached(FD);
  return It->second;
}

} // namespace clang::tidy::coro
