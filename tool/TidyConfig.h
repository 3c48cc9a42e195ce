//===--- TidyConfig.h - coroguard -----------------------------------------===//
//
// The clang-tidy configuration of a run, as clang-tidy itself would build it:
// the options provider clangTidyMain makes from its command line (defaults,
// -config / -config-file, .clang-tidy files found above each source, -checks
// on top), read *before* clang-tidy runs, so that the front ends can
//  - name a .clang-tidy that turns every coro-* check off (CheckEnablement),
//  - stop a run whose configuration is broken before it analyses anything:
//    a .clang-tidy or -config that does not parse (clang-tidy prints that
//    once per option lookup, five times a file, and goes on with defaults),
//    or a coro-* check option with a bad value (checked by building the
//    enabled coro-* checks once per distinct configuration, as clang-tidy's
//    --dump-config does).
// Every problem is one line, "<file>:<line>:<column>: <message>" where it has
// a place.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_TIDYCONFIG_H
#define COROGUARD_TOOL_TIDYCONFIG_H

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/ArrayRef.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coroguard {

/// What of clang-tidy's command line shapes the configuration of a run.
struct TidyCommandLine {
  std::optional<std::string> Checks, Config, ConfigFile;
  std::vector<std::string> Sources;
  bool InfoOnly = false; // --help, --list-checks, --dump-config, ...

  /// Reads clang-tidy's options from \p Args (no program name).
  static TidyCommandLine scan(llvm::ArrayRef<std::string> Args);
};

class TidyConfig {
public:
  explicit TidyConfig(const TidyCommandLine &CL);

  /// The provider clangTidyMain would use; null when the command line's own
  /// configuration is unusable (see commandLineProblem()).
  clang::tidy::ClangTidyOptionsProvider *provider() { return Provider.get(); }

  /// -config / -config-file that cannot be read or parsed, and both given.
  const std::optional<std::string> &commandLineProblem() const {
    return CommandLineProblem;
  }

  /// Whether the configuration file \p Source (as getRawOptions names it)
  /// did not parse.
  bool isMalformed(llvm::StringRef Source) const {
    return Malformed.count(Source.str()) != 0;
  }

  /// Every problem that stops a run over \p Files, each once, in the order
  /// the files meet them: the command line's configuration, configuration
  /// files that do not parse, and (with \p CheckOptions) coro-* check options
  /// with invalid values and hidden `coroguard.*` options that are unknown or
  /// have invalid values (checks/utils/SessionOptions.h).
  std::vector<std::string> problems(llvm::ArrayRef<std::string> Files,
                                    bool CheckOptions);

private:
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> Provider;
  std::optional<std::string> CommandLineProblem;
  /// Configuration file -> its first parse error, "file:line:col: message".
  std::map<std::string, std::string> Malformed;
};

} // namespace coroguard

#endif
