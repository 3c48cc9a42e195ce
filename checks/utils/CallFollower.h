//===--- CallFollower.h - coroguard -------------------------------*- C++ -*-===//
//
// Following calls: does a function, through the functions it calls, reach a
// call with some property ("blocks", "calls a loop method that is not
// thread-safe", ...)? One engine for every check that follows calls; the
// check supplies the property (CallProperty), the engine the rest:
//
//   - which callee may be followed (`followable`): a user function with a
//     body, not a coroutine (a call only creates its frame), not a lambda
//     (its body runs where it is handed to, ExecutionContext's question),
//     not a virtual method called without a qualifier (any override may
//     run), not one the property refuses (an annotation, the compiler's
//     coroutine machinery);
//   - each body's calls, collected once (`bodyOf`): the first call that has
//     the property by itself, else the calls to follow; only code that runs
//     as part of the function counts (not a lambda it hands on, not a local
//     class's method), and only on its way to returning (not the statements
//     of a block that ends in an unconditional `throw` or a call that does
//     not return: an error report's work is not the function's);
//   - the shortest chain (breadth first, cycles cut, at most 2048 bodies),
//     cached per function in linear memory (one link per function);
//   - across translation units: a callee declared here and defined in
//     another file is looked up by USR in the program's summaries
//     (Summaries.h); the chain then continues there (`CallChain::External`).
//
// The same bodies give the translation unit's summary (`summarise`): per
// function defined in the main file, its first direct hit and the calls it
// makes to other user functions, by USR.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_CALLFOLLOWER_H
#define COROGUARD_CHECKS_UTILS_CALLFOLLOWER_H

#include "utils/Summaries.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

namespace clang::tidy::coro {

class AnalysisSession;

class ExecutionContextResolver;

/// One call of a chain: the call inside the previous function, and what it
/// calls.
struct CallStep {
  const Expr *Call;
  const FunctionDecl *Callee;
};

/// The chain from a function to a call with the property. `Local` are calls
/// of this translation unit; when the chain goes on in another one, its last
/// local callee is a declaration and `External` the rest, from the
/// summaries (the last external step is the hit itself).
struct CallChain {
  llvm::SmallVector<CallStep, 4> Local;
  std::vector<ExternalStep> External;
  /// The hit's suggestion, for an external hit.
  std::string ExternalSuggestion;
  bool empty() const { return Local.empty() && External.empty(); }
  bool crossesFiles() const { return !External.empty(); }
};

/// The property a check follows calls for.
class CallProperty {
public:
  virtual ~CallProperty() = default;
  /// True if \p Call has the property by itself (a listed blocking call).
  virtual bool holdsAt(const Expr &Call, ASTContext &Ctx) = 0;
  /// False if the engine must not enter \p FD (an annotation says it does
  /// not have the property; the compiler's coroutine machinery).
  virtual bool mayEnter(const FunctionDecl &FD) { return true; }
  /// The chain from the function \p USR of another translation unit, from
  /// the program's summaries (empty: it does not have the property).
  virtual std::vector<ExternalStep> externalChain(const SummaryStore &Store,
                                                  llvm::StringRef USR,
                                                  std::string &Suggestion) {
    return {};
  }
};

/// The callee of a call or a construction, or null.
const FunctionDecl *calleeOf(const Expr &E);

/// The USR of \p D (clang::index), or empty.
std::string usrOf(const Decl &D);

/// True if a call to \p F may run another body than its own: a virtual
/// function that is not final, of a class that is not final.
bool isOverridable(const FunctionDecl &F);

class CallFollower {
public:
  CallFollower(CallProperty &Property, ExecutionContextResolver &Resolver)
      : Property(Property), Resolver(Resolver) {}

  /// Forgets the previous translation unit and reads the other translation
  /// units' summaries (if any) from \p Session; call from the check's
  /// startUnit.
  void reset(AnalysisSession &Session);

  /// The definition of \p FD that \p Call may be followed into, or null.
  const FunctionDecl *followable(const FunctionDecl *FD, const Expr &Call);

  /// The chain from the callee of \p Call (not the call itself): through its
  /// definition here, or through the summaries when it is only declared
  /// here. Empty if the callee cannot be followed or does not reach a hit.
  CallChain chainOfCall(const Expr &Call, ASTContext &Ctx);

  /// The chain from the definition \p Start (followable) to a hit.
  CallChain chainFrom(const FunctionDecl *Start, ASTContext &Ctx);

  /// A function's own calls, collected once: the first that has the
  /// property by itself (a chain through the function ends there), and
  /// those the engine follows (to definitions here; `External` marks a
  /// callee declared here and defined elsewhere), also after that first.
  struct Body {
    bool Scanned = false;
    std::optional<CallStep> Direct;
    struct Call {
      CallStep Step;
      bool External;
    };
    llvm::SmallVector<Call, 4> Calls;
  };
  const Body &bodyOf(const FunctionDecl *Def, ASTContext &Ctx);

  /// A user function only declared in this translation unit, whose summary
  /// may be in another one: not a coroutine by its type, not a lambda, not
  /// in a system header, not refused by the property.
  bool externallyDefined(const FunctionDecl &FD) const;

private:
  CallProperty &Property;
  ExecutionContextResolver &Resolver;
  const SummaryStore *Store = nullptr;

  struct FollowableDef {
    const FunctionDecl *Def = nullptr;
    bool Virtual = false;
  };
  FollowableDef followableDefinition(const FunctionDecl *FD);
  /// Every call node of the property's choice is passed to `holdsAt` at
  /// most once per body.
  Body &scan(const FunctionDecl *Def, ASTContext &Ctx);
  /// The chain through the summaries from \p FD, cached by declaration.
  const CallChain *externalFrom(const FunctionDecl *FD);
  static bool virtualCallNamesBody(const Expr &Call);

  llvm::DenseMap<const FunctionDecl *, FollowableDef> Followable;
  llvm::DenseMap<const FunctionDecl *, Body> Bodies;
  /// Functions known to reach a hit: the first step of the chain from them
  /// (the rest follows from the callee's entry), and whether that step is
  /// the hit itself, or a call to a function of another translation unit
  /// whose chain is in External.
  struct Link {
    CallStep First;
    enum { Next, Final, Outside } Kind;
  };
  llvm::DenseMap<const FunctionDecl *, Link> Links;
  llvm::DenseSet<const FunctionDecl *> Without;
  llvm::DenseMap<const FunctionDecl *, CallChain> External;
  CallChain assemble(const FunctionDecl *Start) const;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_CALLFOLLOWER_H
