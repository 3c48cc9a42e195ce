//===--- TaskTypeTable.h - coroguard ------------------------------*- C++
//-*-===//
//
// The table of coroutine library types whose semantics cannot (or should not)
// be derived from their structure: which are lazy tasks, which are eager, and
// which are coroutine types that cannot be awaited at all (generators,
// fire-and-forget types). Entries are fully qualified names of class
// templates or classes, without inline namespaces (`std::generator`, not
// `std::__1::generator`).
//
// The presets cover the libraries listed in docs/checks/recognisers.md; users
// extend or override them with the `TaskTypes` check option:
//
//   CheckOptions:
//     TaskTypes: 'mylib::Job=lazy;mylib::Fire=eager;mylib::Gen=ignore'
//
// and can drop the presets entirely with `UsePresetTaskTypes: false`.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_TASKTYPETABLE_H
#define COROGUARD_CHECKS_UTILS_TASKTYPETABLE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coro {

/// What a coroutine-related type means for a caller that drops it.
enum class TaskKind {
  /// Not a coroutine return type and not awaitable.
  None,
  /// A lazy task or awaitable: nothing happens until it is awaited, so a
  /// dropped one is dead work (asyncio's "coroutine was never awaited").
  Lazy,
  /// An eager task: the body already runs; dropping it is fire-and-forget.
  Eager,
  /// A coroutine type that is not awaited by design (generators,
  /// `fire_and_forget`): never reported as "never awaited".
  NotAwaitable,
  /// An awaitable whose destructor performs the operation when it was not
  /// awaited (a "starter" object, DestructorEffects.h): a dropped one acts,
  /// like an eager task, but is not a running task whose exception could be
  /// retrieved. Decided by structure only, never from the table.
  ActsWhenDropped,
};

llvm::StringRef taskKindName(TaskKind K);

class TaskTypeTable {
public:
  /// A table that holds the shipped presets.
  static TaskTypeTable withPresets();

  /// Adds or overrides entries from a `name=kind;name=kind` list. Kinds are
  /// `lazy`, `eager` and `ignore`. Returns false and sets \p Error (to the
  /// first) on malformed entries; every well-formed entry is kept.
  bool addFromOption(llvm::StringRef Spec, std::string &Error);

  void add(llvm::StringRef QualifiedName, TaskKind Kind);

  /// The kind recorded for a qualified name (leading `::` ignored).
  std::optional<TaskKind> lookup(llvm::StringRef QualifiedName) const;

  /// The names recorded with \p Kind, sorted; used by checks that need, e.g.,
  /// the list of eager types for their own diagnostics.
  std::vector<std::string> namesOfKind(TaskKind Kind) const;

  /// True if the user named this type in the `TaskTypes` option (as opposed
  /// to a shipped preset): the user's word is taken without structural
  /// evidence.
  bool isUserEntry(llvm::StringRef QualifiedName) const;

  bool empty() const { return Entries.empty(); }

private:
  llvm::StringMap<TaskKind> Entries;
  llvm::StringSet<> UserNames;
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_TASKTYPETABLE_H
