//===--- FunctionNameTable.h - coroguard --------------------------*- C++
//-*-===//
//
// A table of functions named by qualified name, as check options list them
// (`BlockingFunctions`, `OffloadFunctions`, `AllowedDetachCalls`, ...), each
// entry optionally carrying a text (the suggestion of `name -> suggestion`).
//
// Option syntax: `;`-separated entries. An entry is
//
//   ns::function                 a function (any overload)
//   ns::Class::method            a member function, and every override of it
//   ns::Class                    the constructors of a class
//   ns::Class::prefix*           every member whose name starts with prefix
//   name                         a C library function: a function at global
//                                scope (or its `std::` alias) that is
//                                `extern "C"` or declared in a system header,
//                                so a user's C++ `read(File&)` is not `read`
//   ::name                       any function at global scope of that name
//   entry -> text                the entry, carrying `text`
//   -entry                       removes an entry (to drop a default)
//
// Matching is by declaration, never by spelling at the call: template
// specialisations match their template's name (`std::future<int>::get` is
// `std::future::get`), inline namespaces are skipped (`std::__1::thread`),
// and an override matches the method it overrides.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_FUNCTIONNAMETABLE_H
#define COROGUARD_CHECKS_UTILS_FUNCTIONNAMETABLE_H

#include "Parents.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::coro {

class FunctionNameTable {
public:
  struct Entry {
    /// The name as listed (without `->` text, `-` or a leading `::`).
    std::string Name;
    /// The text after `->`, empty if none.
    std::string Text;
    /// Listed without qualification: a C library function.
    bool CFunction = false;
    /// Listed with a leading `::`: any global function of that name.
    bool GlobalOnly = false;
    /// Ends in `*`: a prefix of member names.
    bool Prefix = false;
  };

  FunctionNameTable() = default;

  /// Adds the entries of \p Spec (option syntax above). Returns false and
  /// sets \p Error to a message naming the first malformed entry; the
  /// well-formed entries are kept.
  bool addFromOption(llvm::StringRef Spec, std::string &Error);

  /// The built-in \p Defaults (well-formed by construction), then the
  /// user's option value \p User, which may add to them or remove from them
  /// (`-name`). Returns false and sets \p Error when \p User is malformed.
  bool addDefaultsThenOption(llvm::StringRef Defaults, llvm::StringRef User,
                             std::string &Error);

  /// Adds or replaces one entry (no `-`, no `;`).
  void add(llvm::StringRef Name, llvm::StringRef Text = "");
  void remove(llvm::StringRef Name);

  /// The entry that names \p FD, or null.
  const Entry *lookup(const FunctionDecl *FD) const;

  bool empty() const { return Entries.empty(); }
  /// The entries, for storeOptions and documentation, in insertion order.
  std::vector<const Entry *> entries() const;

private:
  const Entry *lookupUncached(const FunctionDecl *FD) const;
  const Entry *lookupOne(const FunctionDecl *FD) const;
  /// False if no entry can name a function called \p Name (its unqualified
  /// name): lets lookup() skip building qualified names for almost every
  /// call of a translation unit.
  bool mayName(llvm::StringRef Name) const;
  llvm::StringMap<Entry> Entries;
  std::vector<std::string> Order;
  bool HasPrefixes = false;
  /// The last components of the entries' names, and of prefix entries.
  llvm::StringSet<> LastNames;
  std::vector<std::string> LastPrefixes;
  /// lookup()'s answers in the current translation unit (the generation of
  /// Parents.h): most calls of a file go to a few functions, and the checks
  /// ask about every call.
  mutable PerTranslationUnit<
      llvm::DenseMap<const FunctionDecl *, const Entry *>>
      Answers;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_FUNCTIONNAMETABLE_H
