//===--- CoroguardMain.cpp - coroguard ------------------------------------===//
//
// The coroguard command line: clang-tidy's own driver with the coroguard
// module linked in, so it takes the same flags (-checks, -p, -fix,
// -export-fixes, -config-file, --warnings-as-errors, -- <compiler flags>) and
// prints diagnostics in the same format. coro-* checks are on by default.
//
// Whole-project runs and CI reports (-p without sources, --format, -o, -j,
// --baseline, --fail-on, ...) are handled by a coordinator in
// ProjectMode.cpp that runs this same executable per translation unit.
//
// One deliberate difference: where clang-tidy finds no compilation database
// it prints a note and goes on "without flags", which can pass silently on
// code it never really parsed. coroguard stops with exit code 2 instead.
//
//===----------------------------------------------------------------------===//

#include "CheckEnablement.h"
#include "DocLinks.h"
#include "Explain.h"
#include "ProjectMode.h"
#include "TidyArgs.h"
#include "Version.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "utils/LLVMCompat.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy {
extern volatile int CoroguardModuleAnchorSource;
} // namespace clang::tidy

[[maybe_unused]] static int CoroguardModuleAnchorDestination =
    clang::tidy::CoroguardModuleAnchorSource;

namespace {

llvm::cl::extrahelp ProjectHelp(R"(
coroguard whole-project runs and CI reports (docs/cli.md):
  coroguard -p <build> [paths...] [options]   every matching entry of
                                  compile_commands.json, in parallel
  --format=text|json|sarif        report format (default: text)
  -o <file>                       write the report to <file>
  -j <n>                          parallel workers (default: number of cores)
  --fail-on=warning|error|none    exit code 1 at or above this level
                                  (default: warning)
  --baseline=<file>               suppress findings recorded in <file>
  --write-baseline=<file>         record the current findings in <file>
  --progress / --no-progress      "[12/340] file" lines on stderr (default:
                                  when stderr is a terminal)
  --source-root=<dir>             paths in reports are relative to it
                                  (default: the current directory)
  --doc-url-base=<url>            base of the checks' help URIs in SARIF
                                  and --explain (default: the installed
                                  pages, <prefix>/share/doc/coroguard/checks/);
                                  with {check}, a template of the whole URI
  --fix                           apply every safe fix-it once, after all
                                  translation units ran (shared headers
                                  de-duplicated, conflicts skipped)
  --fix-dry-run                   print the fixes as a unified diff only
  --fix-unsafe                    also apply fixes that change behaviour
  --fix-errors, --fix-notes       as in clang-tidy (fixes from translation
                                  units that do not compile; from notes)
  Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage errors or
  translation units that do not compile. clang-tidy's flags (-checks,
  -config, -header-filter, -exclude-header-filter, --warnings-as-errors, ...)
  apply to every translation unit.

coroguard help:
  --explain <check>               print the page of a coro-* check (what,
                                  why, examples, fix, options)
  --list-checks                   without -checks/-config: every coro-* check
                                  with one line of description (with them:
                                  clang-tidy's list of the enabled checks)
  --version                       coroguard's version and the LLVM it was
                                  built for
)");

/// --explain and --list-checks; nullopt when \p argv asks for neither.
std::optional<int> runHelpCommand(int argc, const char **argv) {
  std::optional<std::string> Explain;
  std::string DocUrlBase;
  bool List = false, ChecksGiven = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--")
      break;
    if (!Arg.starts_with("-"))
      continue;
    auto [Key, Value] = Arg.ltrim('-').split('=');
    bool HasValue = Arg.contains('=');
    if (Key == "explain") {
      if (!HasValue && (I + 1 >= argc || llvm::StringRef(argv[I + 1]).starts_with("-"))) {
        llvm::errs() << "coroguard: error: --explain needs a check name, e.g. "
                        "'--explain coro-never-awaited' (--list-checks lists "
                        "them)\n";
        return 2;
      }
      Explain = HasValue ? Value.str() : std::string(argv[++I]);
    } else if (Key == "list-checks") {
      List = true;
    } else if (Key == "checks" || Key == "config" || Key == "config-file") {
      ChecksGiven = true;
    } else if (Key == "doc-url-base") {
      DocUrlBase = HasValue ? Value.str() : (I + 1 < argc ? argv[++I] : "");
    }
  }
  if (Explain)
    return coroguard::explainCheck(
        *Explain,
        coroguard::DocLinks::resolve(
            argv[0], reinterpret_cast<void *>(&runHelpCommand), DocUrlBase),
        llvm::outs(), llvm::errs());
  if (List && !ChecksGiven)
    return coroguard::listChecks(llvm::outs());
  return std::nullopt;
}

bool hasCompilationDatabase(llvm::StringRef Dir) {
  llvm::SmallString<256> Path(Dir);
  for (const char *Name : {"compile_commands.json", "compile_flags.txt"}) {
    llvm::SmallString<256> Candidate(Path);
    llvm::sys::path::append(Candidate, Name);
    if (llvm::sys::fs::exists(Candidate))
      return true;
  }
  return false;
}

/// A compilation database in \p File's directory or one of its parents, as
/// clang's auto-detection finds it.
bool hasDatabaseAbove(llvm::StringRef File) {
  llvm::SmallString<256> Abs(File);
  if (llvm::sys::fs::make_absolute(Abs))
    return false;
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(Abs); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir))
    if (hasCompilationDatabase(Dir))
      return true;
  return false;
}

/// Checks that the sources can be compiled with real flags: `-- <flags>`, a
/// database given with -p, or one found above every source file. Returns
/// an exit code when the run must stop.
int checkCompilationDatabase(int argc, const char **argv) {
  std::optional<std::string> BuildPath;
  std::vector<std::string> Sources;
  bool InfoOnly = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--")
      return 0; // fixed compiler flags follow
    if (Arg.starts_with("-")) {
      llvm::StringRef Name = Arg.ltrim('-');
      if (coroguard::isInfoOption(Name))
        InfoOnly = true;
      if (Name.consume_front("p=")) {
        BuildPath = Name.str();
      } else if (Name == "p" && I + 1 < argc) {
        BuildPath = argv[++I];
      } else if (coroguard::takesSeparateValue(Name) && !Arg.contains('=') &&
                 I + 1 < argc) {
        ++I;
      }
      continue;
    }
    Sources.push_back(Arg.str());
  }
  if (InfoOnly && Sources.empty())
    return 0;
  if (BuildPath) {
    if (!llvm::sys::fs::is_directory(*BuildPath) &&
        !llvm::sys::fs::exists(*BuildPath)) {
      llvm::errs() << "coroguard: error: the build path '" << *BuildPath
                   << "' given with -p does not exist\n";
      return 2;
    }
    llvm::SmallString<256> Dir(*BuildPath);
    if (!llvm::sys::fs::is_directory(Dir))
      Dir = llvm::sys::path::parent_path(Dir);
    if (!hasCompilationDatabase(Dir)) {
      llvm::errs() << "coroguard: error: no compile_commands.json (or "
                      "compile_flags.txt) in '"
                   << *BuildPath
                   << "'; generate one (cmake "
                      "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, bear) or pass "
                      "compiler flags after '--'\n";
      return 2;
    }
    return 0;
  }
  for (const std::string &Source : Sources) {
    if (!hasDatabaseAbove(Source)) {
      llvm::errs() << "coroguard: error: no compilation database found for '"
                   << Source
                   << "': pass -p <build directory> with a "
                      "compile_commands.json, or compiler flags after '--' "
                      "(e.g. '-- -std=c++20')\n";
      return 2;
    }
  }
  return 0;
}

} // namespace

int main(int argc, const char **argv) {
  // Findings in headers are reported by default on every LLVM version (19's
  // clang-tidy defaulted to none; 22's to all).
  clang::tidy::coro::compat::useHeaderFilterDefaultOf22();
  // --version names coroguard first, then clang-tidy's LLVM lines (as
  // coroguard-clangd does).
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--version" || Arg == "-version") {
      llvm::outs() << COROGUARD_VERSION_LINE("coroguard") << "\n";
      llvm::outs().flush();
      break;
    }
  }
  if (std::optional<int> Code = runHelpCommand(argc, argv))
    return *Code;
  // Report options, -p without sources or a directory: a whole-project run
  // (tool/ProjectMode.cpp). Anything else is clang-tidy's command line.
  if (coroguard::wantsProjectMode(argc, argv))
    return coroguard::runProjectMode(argc, argv);
  if (int Code = checkCompilationDatabase(argc, argv))
    return Code;
  // A .clang-tidy that turns every coro-* check off is named, not silent.
  coroguard::noteConfigsDisablingCoroChecks(argc, argv);
  return clang::tidy::clangTidyMain(argc, argv);
}
