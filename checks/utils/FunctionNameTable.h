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
// With the call at hand (lookupCall, lookup(FD, Call)) two more shapes match,
// both through what the call is made on:
//
//   - a customisation-point object: `lib::sync_wait(t)` whose callee is
//     `lib::_fn::operator()` on the namespace-scope (or static member)
//     object `lib::sync_wait` matches the entry `lib::sync_wait`, as does a
//     lambda stored in such a variable, a variable template
//     (`lib::sync_wait_r<int>`), and a reference to such an object
//     (`constexpr auto &wait = lib::sync_wait;` matches `wait`'s own name,
//     then `lib::sync_wait`);
//   - a member inherited through the class the user calls it on:
//     `pool.submit(f)` whose callee `submit` is declared in a base (a CRTP
//     `lib::PoolBase<lib::Pool>`, a `lib::detail::pool_base`) matches
//     `lib::Pool::submit` when the object's class is `lib::Pool` or derives
//     from it: the object's class and every base between it and the
//     declaring class are tried. Members with identifier names only.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_FUNCTIONNAMETABLE_H
#define COROGUARD_CHECKS_UTILS_FUNCTIONNAMETABLE_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
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

  /// The entry that names what \p Call (a CallExpr of any kind, or a
  /// CXXConstructExpr) calls, or null: lookup(callee), else through the
  /// object the call is made on (see above: a customisation-point object,
  /// a member inherited through the object's class). When the entry matched
  /// through the object, \p MatchedName (if given) receives the qualified
  /// name that matched (`lib::sync_wait`, `lib::Pool::submit`); otherwise it
  /// is cleared. lookup(callee) stays cached per translation unit; the
  /// object's part is asked only of `operator()` calls on a variable whose
  /// name the table may list, and of member calls of an inherited member
  /// whose name the table may list.
  const Entry *lookupCall(const Expr &Call,
                          std::string *MatchedName = nullptr) const;
  /// The same with the callee known (\p FD; \p Call may be null, then this
  /// is lookup(FD)).
  const Entry *lookup(const FunctionDecl *FD, const Expr *Call,
                      std::string *MatchedName = nullptr) const;

  bool empty() const { return Entries.empty(); }

  /// Forgets the answers kept for the translation unit (they are keyed by
  /// its declarations): the owner calls it at the start of each one
  /// (UserCodeVisitor::startUnit).
  void forgetAnswers() const {
    Answers.clear();
    InheritedAnswers.clear();
  }
  /// The entries, for storeOptions and documentation, in insertion order.
  std::vector<const Entry *> entries() const;

private:
  const Entry *lookupUncached(const FunctionDecl *FD) const;
  const Entry *lookupOne(const FunctionDecl *FD) const;
  /// The entry listing the qualified \p Name: `::Name` if \p AtGlobalScope,
  /// an unqualified (C library) entry only for \p CFunction, prefixes.
  const Entry *lookupName(const std::string &Name, bool AtGlobalScope,
                          bool CFunction) const;
  /// The call-aware parts of lookup(FD, Call).
  const Entry *lookupThroughObject(const FunctionDecl *FD, const Expr &Call,
                                   std::string *MatchedName) const;
  const Entry *lookupInherited(const CXXMethodDecl *MD,
                               const CXXRecordDecl *Object,
                               std::string *MatchedName) const;
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
  /// lookup()'s answers in the current translation unit (until
  /// forgetAnswers()): most calls of a file go to a few functions, and the
  /// checks ask about every call.
  mutable llvm::DenseMap<const FunctionDecl *, const Entry *> Answers;
  /// lookupInherited()'s answers: per (object's class, inherited member),
  /// the entry and the class whose name matched.
  struct Inherited {
    const Entry *E = nullptr;
    const CXXRecordDecl *Via = nullptr;
  };
  mutable llvm::DenseMap<
      std::pair<const CXXRecordDecl *, const FunctionDecl *>, Inherited>
      InheritedAnswers;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_FUNCTIONNAMETABLE_H
