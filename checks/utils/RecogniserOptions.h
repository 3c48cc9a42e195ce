//===--- RecogniserOptions.h - coroguard --------------------------*- C++
//-*-===//
//
// The check options every coroguard check shares to configure the
// CoroutineRecogniser. They are read "local or global", so one
// `CheckOptions: {TaskTypes: ...}` entry configures all coro-* checks, and a
// `coro-<check>.TaskTypes` entry overrides it for one check.
//
//   TaskTypes           'ns::Type=lazy;ns::Other=eager;ns::Gen=ignore'
//   UsePresetTaskTypes  true (false: only TaskTypes and structure count)
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_RECOGNISEROPTIONS_H
#define COROGUARD_CHECKS_UTILS_RECOGNISEROPTIONS_H

#include "CoroutineTypes.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <string>

namespace clang::tidy::coro {

struct RecogniserOptions {
  std::string TaskTypes;
  bool UsePresetTaskTypes = true;

  explicit RecogniserOptions(const ClangTidyCheck::OptionsView &Options)
      : TaskTypes(Options.getLocalOrGlobal("TaskTypes", "")),
        UsePresetTaskTypes(
            Options.getLocalOrGlobal("UsePresetTaskTypes", true)) {}

  void store(ClangTidyOptions::OptionMap &Opts,
             const ClangTidyCheck::OptionsView &Options) const {
    Options.store(Opts, "TaskTypes", TaskTypes);
    Options.store(Opts, "UsePresetTaskTypes", UsePresetTaskTypes);
  }

  /// Builds the table; a malformed TaskTypes entry is reported through
  /// \p ReportError (a configuration error) and skipped.
  template <typename ErrorFn>
  TaskTypeTable makeTable(ErrorFn ReportError) const {
    TaskTypeTable Table =
        UsePresetTaskTypes ? TaskTypeTable::withPresets() : TaskTypeTable();
    std::string Error;
    if (!Table.addFromOption(TaskTypes, Error))
      ReportError(Error);
    return Table;
  }
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_RECOGNISEROPTIONS_H
