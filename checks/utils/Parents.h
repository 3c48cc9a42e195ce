//===--- Parents.h - coroguard ------------------------------------*- C++ -*-===//
//
// The parents of an AST node, as `ASTContext::getParents` gives them, built
// one namespace-level declaration at a time.
//
// The recognisers walk up from a node (is this call's value discarded? which
// function or lambda encloses it? is this variable a loop's condition?).
// clang answers from one parent map that it builds, on the first question,
// over the whole traversal scope: every declaration of the user's code and
// every header it includes that is not a system header — for a file on Asio
// included with `-I`, all of Asio. That map was the largest part of what the
// checks add to a compile, although the questions concern a few functions.
//
// parentsOf() builds the same relation (the same RecursiveASTVisitor walk:
// template instantiations and implicit code included, types walked) for the
// namespace-level declaration that contains the node only — a function, a
// class, a template with its instantiations — and keeps it for the rest of
// the translation unit. The declaration is found from the node's declaration
// contexts (declarations) or its source location (statements); template
// instantiations are found under the template that RecursiveASTVisitor
// visits them from. A node found in none of these falls back to clang's own
// map, so every answer is clang's answer.
//
// The index lives for one translation unit on the thread that analyses it;
// UserCodeScope drops it at the start and the end of each one.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_PARENTS_H
#define COROGUARD_CHECKS_UTILS_PARENTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::coro {

/// The parents of \p Node in the traversal scope of \p Ctx: what
/// `Ctx.getParents(Node)` returns (the first parent first), empty for a node
/// outside the scope.
DynTypedNodeList parentsOf(const DynTypedNode &Node, ASTContext &Ctx);

template <typename T>
DynTypedNodeList parentsOf(const T &Node, ASTContext &Ctx) {
  return parentsOf(DynTypedNode::create(Node), Ctx);
}

/// Forgets the index of the translation unit analysed on this thread (its
/// nodes are about to go away, or a new one begins).
void forgetParents();

/// A number that changes with each translation unit analysed on this thread
/// (each forgetParents()): per-unit caches shared between checks compare it.
unsigned translationUnitGeneration();

/// A value kept for the current translation unit only: the first use after
/// the generation changes (or with another \p Key, such as another
/// ASTContext) starts it afresh from T().
template <typename T> class PerTranslationUnit {
public:
  /// The value; \p Fresh (if given) tells whether it was just started.
  T &get(const void *Key = nullptr, bool *Fresh = nullptr) {
    const bool Stale =
        Generation != translationUnitGeneration() || Owner != Key;
    if (Stale) {
      Value = T();
      Generation = translationUnitGeneration();
      Owner = Key;
    }
    if (Fresh)
      *Fresh = Stale;
    return Value;
  }

private:
  unsigned Generation = 0;
  const void *Owner = nullptr;
  T Value;
};

/// How the questions of this thread's current translation unit were
/// answered: for the benchmark and the tests (COROGUARD_PARENT_STATS=1 prints
/// them to stderr when the index is dropped; COROGUARD_PARENT_DEBUG=1 prints
/// each question passed to clang's map).
struct ParentStats {
  unsigned Queries = 0;
  unsigned UnitsBuilt = 0;  ///< declarations whose parents were collected
  unsigned UnitsTotal = 0;  ///< namespace-level declarations in scope
  unsigned Fallbacks = 0;   ///< questions passed to clang's whole map
};
ParentStats currentParentStats();

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_PARENTS_H
