//===--- AsyncGenerators.h - coroguard ----------------------------*- C++
//-*-===//
//
// What the async-generator checks (coro-unclosed-async-generator,
// coro-async-generator-outside-loop, coro-concurrent-generator-use) share:
//
//  * which types are asynchronous generators, and which of their member
//    functions advance them and which close them (GeneratorTypeTable: the
//    built-in table plus the `GeneratorTypes` option);
//  * which functions close a generator they are given (`aclosing`);
//  * recognising an operation `g.next()`, `g.aclose()` on a generator and
//    naming the generator object it acts on (GeneratorKey);
//  * the control-flow graph of a function with the position of every
//    statement in it (FunctionFlow), built once per function.
//
// Option syntax (`GeneratorTypes`, read "local or global"): `;`-separated
// entries `qualified::Name=advance,advance|close,close|finished`. The
// methods before the first `|` advance the generator, those after it close
// it (asynchronously, so the generator's cleanup runs); an entry without `|`
// or with nothing after it names a type without an asynchronous close. The
// optional third part lists const predicates that are true once the
// generator is exhausted (`finished`). `-qualified::Name` removes an
// entry. An entry replaces a built-in entry of the same name.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_ASYNCGENERATORS_H
#define COROGUARD_CHECKS_UTILS_ASYNCGENERATORS_H

#include "FunctionNameTable.h"
#include "UseAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coro {

/// The operations of one generator type.
struct GeneratorSpec {
  std::string Name;
  llvm::SmallVector<std::string, 4> Advance;
  llvm::SmallVector<std::string, 2> Close;
  /// Const predicates that are true once the generator is exhausted or
  /// closed (`finished()`): a branch on one is a branch on exhaustion.
  llvm::SmallVector<std::string, 2> Exhausted;
  /// The type has an asynchronous close: leaving it suspended defers its
  /// cleanup to whoever finalizes it (the event loop).
  bool hasAsyncClose() const { return !Close.empty(); }
  bool advances(llvm::StringRef Method) const;
  bool closes(llvm::StringRef Method) const;
  bool isExhaustedPredicate(llvm::StringRef Method) const;
};

class GeneratorTypeTable {
public:
  /// coroguard::async_generator (the default) and the library presets:
  /// cppcoro::async_generator, folly::coro::AsyncGenerator,
  /// QCoro::AsyncGenerator.
  static GeneratorTypeTable withPresets();
  /// The built-in entries in option syntax (for documentation and tests).
  static const char *presetSpec();

  /// Adds, replaces or removes entries (syntax in the file comment).
  /// Returns false and sets \p Error to a message naming the first malformed
  /// entry; the well-formed entries are kept.
  bool addFromOption(llvm::StringRef Spec, std::string &Error);

  const GeneratorSpec *lookup(llvm::StringRef QualifiedName) const;
  bool empty() const { return Entries.empty(); }

private:
  llvm::StringMap<GeneratorSpec> Entries;
};

enum class GeneratorOpKind { Advance, Close };

/// A call of an advancing or closing member function on a generator.
struct GeneratorOp {
  GeneratorOpKind Kind;
  const CXXMemberCallExpr *Call;
  /// The generator object the call acts on (`g` in `g.next()`, `*p`).
  const Expr *Object;
  const GeneratorSpec *Spec;
  llvm::StringRef Method;
};

/// Names the generator object an expression denotes: a variable, a member
/// through the same base (`this->gen`, `s.gen`, `p->gen`). Two operations
/// act on the same generator when their keys are equal.
struct GeneratorKey {
  llvm::SmallVector<const void *, 4> Path;
  bool operator==(const GeneratorKey &O) const { return Path == O.Path; }
  bool operator!=(const GeneratorKey &O) const { return !(*this == O); }
  /// The variable at the root (null for `this`).
  const VarDecl *rootVar() const;
};

class AsyncGeneratorRecogniser {
public:
  AsyncGeneratorRecogniser(GeneratorTypeTable Types, FunctionNameTable Aclosing)
      : Types(std::move(Types)), Aclosing(std::move(Aclosing)) {}

  /// The spec of a generator type (looking through references, pointers
  /// when \p ThroughPointer, sugar, template specialisations and derived
  /// classes), or null. Cached.
  const GeneratorSpec *specOf(QualType T, bool ThroughPointer = false);

  /// \p Call as an operation on a generator, if it is one.
  std::optional<GeneratorOp> opOf(const Expr &Call);

  /// True if \p Call calls an `AclosingFunctions` function: its generator
  /// arguments are closed by it.
  bool isAclosingCall(const CallExpr &Call) const;

  /// The key of the object \p E denotes, if it can be named.
  static std::optional<GeneratorKey> keyOf(const Expr *E);

  const FunctionNameTable &aclosingFunctions() const { return Aclosing; }
  void reset() {
    Cache.clear();
    Aclosing.forgetAnswers();
  }

private:
  GeneratorTypeTable Types;
  FunctionNameTable Aclosing;
  llvm::DenseMap<const Type *, const GeneratorSpec *> Cache;
};

/// The check options every async-generator check shares (read "local or
/// global", like TaskTypes).
struct AsyncGeneratorOptions {
  std::string GeneratorTypes;
  bool UsePresetGeneratorTypes = true;
  std::string AclosingFunctions;

  static const char *defaultAclosing() { return "coroguard::aclosing"; }

  explicit AsyncGeneratorOptions(const ClangTidyCheck::OptionsView &Options);
  void store(ClangTidyOptions::OptionMap &Opts,
             const ClangTidyCheck::OptionsView &Options) const;

  /// Builds the recogniser; a malformed option is reported through
  /// \p ReportError(OptionName, Message) and its bad entries skipped.
  template <typename ErrorFn>
  AsyncGeneratorRecogniser makeRecogniser(ErrorFn ReportError) const {
    GeneratorTypeTable Types = UsePresetGeneratorTypes
                                   ? GeneratorTypeTable::withPresets()
                                   : GeneratorTypeTable();
    std::string Error;
    if (!Types.addFromOption(GeneratorTypes, Error))
      ReportError("GeneratorTypes", Error);
    FunctionNameTable Aclosing;
    Error.clear();
    if (!Aclosing.addFromOption(AclosingFunctions, Error))
      ReportError("AclosingFunctions", Error);
    return AsyncGeneratorRecogniser(std::move(Types), std::move(Aclosing));
  }
};

/// A function's control-flow graph (all expressions added, implicit
/// destructors of locals included) and where each statement sits in it.
class FunctionFlow {
public:
  struct Position {
    const CFGBlock *Block = nullptr;
    unsigned Index = 0;
  };
  /// Null if the graph cannot be built.
  static std::unique_ptr<FunctionFlow> build(const FunctionDecl &Fn,
                                             ASTContext &Ctx);

  const CFG &graph() const { return *Graph; }
  /// The position of \p S as an element of some block, if it is one.
  std::optional<Position> positionOf(const Stmt *S) const;
  const Stmt *body() const { return Body; }

private:
  const Stmt *Body = nullptr;
  std::unique_ptr<CFG> Graph;
  llvm::DenseMap<const Stmt *, Position> Positions;
};

/// FunctionFlow per function, kept for the translation unit.
class FlowCache {
public:
  /// Null if the graph cannot be built.
  const FunctionFlow *get(const FunctionDecl &Fn, ASTContext &Ctx);
  void reset() { Cache.clear(); }

private:
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFlow>> Cache;
};

/// `s` for an expression no longer than \p Max characters on one line,
/// else empty.
std::string shortSourceText(const Expr &E, const ASTContext &Ctx,
                            unsigned Max = 40);

/// The expression with parentheses, implicit nodes, no-op casts, temporaries,
/// copy/move constructions and `std::move`/`std::forward` removed from the
/// outside.
const Expr *stripValueWrappers(const Expr *E);

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_ASYNCGENERATORS_H
