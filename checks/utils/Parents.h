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
// The index is state of the analysis session (AnalysisSession.h): it lives
// for one translation unit. The session option `coroguard.ParentIndex`
// answers every question from clang's map instead (`clang`) or compares the
// two (`verify`); `coroguard.ParentStats` prints the counts below when the
// session ends, `coroguard.ParentDebug` each question passed to clang's map.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_PARENTS_H
#define COROGUARD_CHECKS_UTILS_PARENTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::coro {

class AnalysisSession;

/// The parents of \p Node in the traversal scope of the session's
/// translation unit: what `getParents(Node)` of its ASTContext returns (the
/// first parent first), empty for a node outside the scope.
DynTypedNodeList parentsOf(const DynTypedNode &Node, AnalysisSession &S);

template <typename T>
DynTypedNodeList parentsOf(const T &Node, AnalysisSession &S) {
  return parentsOf(DynTypedNode::create(Node), S);
}

/// How the session's questions were answered (printed when the session ends,
/// with `coroguard.ParentStats`).
struct ParentStats {
  unsigned Queries = 0;
  unsigned UnitsBuilt = 0;  ///< declarations whose parents were collected
  unsigned UnitsTotal = 0;  ///< namespace-level declarations in scope
  unsigned Fallbacks = 0;   ///< questions passed to clang's whole map
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_PARENTS_H
