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
#include "AtomicFile.h"
#include "CompileFlags.h"
#include "TidyArgs.h"
#include "TidyConfig.h"
#include "Version.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "utils/LLVMCompat.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <memory>
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
  --baseline-strict               exit code 1 when baseline entries match
                                  no finding (the baseline is stale)
  --progress / --no-progress      "[12/340] file" lines on stderr (default:
                                  when stderr is a terminal)
  --source-root=<dir>             paths in reports are relative to it
                                  (default: the current directory)
  --doc-url-base=<url>            base of the checks' help URIs in SARIF
                                  and --explain (default: the installed
                                  pages, <prefix>/share/doc/coroguard/checks/);
                                  with {check}, a template of the whole URI
  --summary-cache=<dir>           where translation units' summaries are
                                  cached for whole-program analysis (default:
                                  <build>/.cache/coroguard/summaries)
  --summary-dir=<dir>             use the summaries a build wrote with the
                                  compiler plugin (summaries=<dir>)
  --no-summaries                  analyse each translation unit alone (no
                                  summary phase)
  --summary-index-out=<file>      also write the merged summaries the
                                  workers read (a program index) to <file>:
                                  to analyse one file by hand as the run
                                  does (coroguard.SummaryDirectory: <file>)
  --fix                           apply every safe fix-it once, after all
                                  translation units ran (shared headers
                                  de-duplicated, conflicts skipped)
  --fix-dry-run                   print the fixes as a unified diff only
  --fix-unsafe                    also apply fixes that change behaviour
  --fix-errors, --fix-notes       as in clang-tidy (fixes from translation
                                  units that do not compile; from notes)
  Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or
  configuration errors (found before the analysis) or translation units
  that do not compile. Reports and baselines are replaced only by a run
  that succeeded. clang-tidy's flags (-checks,
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

/// clang-tidy reads a .clang-tidy that does not parse as if it were absent
/// and says so on every lookup (five times a file), exit code 0: the run's
/// Checks, WarningsAsErrors and CheckOptions are silently lost. Say it once,
/// with the place, and stop with clang-tidy's configuration-error code, 1.
int stopOnBrokenConfiguration(int argc, const char **argv) {
  if (llvm::sys::Process::GetEnv(coroguard::NoConfigNoticeEnv))
    return 0; // a project-mode worker: the coordinator checked
  std::vector<std::string> Args(argv + std::min(argc, 1), argv + argc);
  coroguard::TidyCommandLine CL = coroguard::TidyCommandLine::scan(Args);
  if (CL.InfoOnly)
    return 0;
  coroguard::TidyConfig Config(CL);
  // Check option values stay clang-tidy's to report (it does, exit code 1).
  std::vector<std::string> Problems =
      Config.problems(CL.Sources, /*CheckOptions=*/false);
  for (const std::string &P : Problems)
    llvm::errs() << "coroguard: error: " << P << "\n";
  return Problems.empty() ? 0 : 1;
}

/// The -export-fixes file, if any: its value and where it is in argv.
struct ExportFixesArg {
  int Index = -1;      ///< argv index of the value
  std::string Prefix;  ///< "--export-fixes=" when inline, else ""
  std::string Path;
};

std::optional<ExportFixesArg> findExportFixes(int argc, const char **argv) {
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--")
      break;
    if (!Arg.starts_with("-"))
      continue;
    llvm::StringRef Name = Arg.ltrim('-');
    auto [Key, Value] = Name.split('=');
    if (Key == "export-fixes") {
      if (Name.contains('='))
        return ExportFixesArg{I, Arg.take_front(Arg.size() - Value.size()).str(),
                              Value.str()};
      if (I + 1 < argc)
        return ExportFixesArg{I + 1, "", argv[I + 1]};
      return std::nullopt; // clang-tidy reports the missing value
    }
    if (coroguard::takesSeparateValue(Key) && !Name.contains('='))
      ++I;
  }
  return std::nullopt;
}

/// The temporary -export-fixes file, removed if the process exits early
/// (clang-tidy's command-line errors call exit()).
std::unique_ptr<coroguard::AtomicFile> PendingExport;
void discardPendingExport() { PendingExport.reset(); }

/// Whether an exported-fixes file records a failed run: compiler errors or
/// configuration errors (or it cannot be read back).
bool exportRecordsFailure(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return true;
  clang::tooling::TranslationUnitDiagnostics TU;
  llvm::yaml::Input In((*Buffer)->getBuffer());
  In >> TU;
  if (In.error())
    return true;
  return llvm::any_of(TU.Diagnostics, [](const clang::tooling::Diagnostic &D) {
    return D.DiagnosticName == "clang-diagnostic-error" ||
           D.DiagnosticName == "clang-tidy-config";
  });
}

/// clang-tidy with -export-fixes written atomically: to a temporary file
/// beside the destination, renamed over it only when the run did not fail
/// (no compiler or configuration error); otherwise the old file is left as
/// it was. Findings turned into errors (--warnings-as-errors) are not a
/// failed run: their fixes are what the file is for.
int runWithAtomicExportFixes(int argc, const char **argv) {
  std::optional<ExportFixesArg> Export = findExportFixes(argc, argv);
  if (!Export || llvm::sys::Process::GetEnv(coroguard::NoConfigNoticeEnv))
    return clang::tidy::clangTidyMain(argc, argv);
  auto File = coroguard::AtomicFile::create(Export->Path);
  if (!File) {
    llvm::errs() << "coroguard: error: -export-fixes: "
                 << llvm::toString(File.takeError()) << "\n";
    return 1;
  }
  PendingExport = std::move(*File);
  std::atexit(discardPendingExport);
  std::string Replaced = Export->Prefix + PendingExport->temporaryPath();
  std::vector<const char *> Args(argv, argv + argc);
  Args[Export->Index] = Replaced.c_str();
  Args.push_back(nullptr);
  int Code = clang::tidy::clangTidyMain(argc, Args.data());
  if (Code != 0 && exportRecordsFailure(PendingExport->temporaryPath())) {
    llvm::errs() << "coroguard: note: '" << Export->Path
                 << "' was not written: the run failed\n";
    PendingExport.reset();
    return Code;
  }
  if (llvm::Error E = PendingExport->commit()) {
    llvm::errs() << "coroguard: error: " << llvm::toString(std::move(E))
                 << "\n";
    PendingExport.reset();
    return Code ? Code : 1;
  }
  PendingExport.reset();
  return Code;
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
  if (int Code = stopOnBrokenConfiguration(argc, argv))
    return Code;
  // A .clang-tidy that turns every coro-* check off is named, not silent.
  coroguard::noteConfigsDisablingCoroChecks(argc, argv);
  // Compiler flags after '--' that clang does not know (CMake's
  // CXX_CLANG_TIDY with GCC as the compiler passes GCC's command) are
  // dropped with one note, as project mode does.
  std::vector<std::string> Kept;
  std::vector<const char *> Args(argv, argv + argc);
  for (int I = 1; I < argc; ++I) {
    if (llvm::StringRef(argv[I]) != "--")
      continue;
    std::vector<std::string> Tail(argv + I + 1, argv + argc);
    std::vector<std::string> Dropped = coroguard::dropUnknownTailFlags(Tail);
    if (!Dropped.empty() &&
        !llvm::sys::Process::GetEnv(coroguard::NoConfigNoticeEnv)) {
      coroguard::noteDroppedFlags(Dropped, 1);
      Kept = std::move(Tail);
      Args.resize(I + 1);
      for (const std::string &K : Kept)
        Args.push_back(K.c_str());
    }
    break;
  }
  int Count = static_cast<int>(Args.size());
  Args.push_back(nullptr);
  return runWithAtomicExportFixes(Count, Args.data());
}
