//===--- ProjectMode.cpp - coroguard --------------------------------------===//
//
// The whole-project coordinator. Each translation unit is analysed by a
// separate worker process: this executable in its clang-tidy mode, given the
// user's clang-tidy flags (-checks, -config, -header-filter, ...) unchanged
// plus --export-fixes=<temp file>. Processes rather than threads: clang's
// tooling is not reliably thread-safe across translation units, and a crash
// or a compile error in one translation unit stays in its worker and becomes
// a structured error in the report instead of ending the run.
//
//===----------------------------------------------------------------------===//

#include "ProjectMode.h"
#include "TidyArgs.h"
#include "CheckEnablement.h"
#include "ProjectFixes.h"
#include "Report.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#ifndef COROGUARD_VERSION
#define COROGUARD_VERSION "0.0.0"
#endif

namespace coroguard {
namespace {

/// Our options, with or without a value. Everything else is clang-tidy's
/// and goes to the workers unchanged.
enum class OptKind { None, Value, Flag };

OptKind projectOption(llvm::StringRef Name) {
  if (Name == "format" || Name == "o" || Name == "output" || Name == "j" ||
      Name == "jobs" || Name == "baseline" || Name == "write-baseline" ||
      Name == "fail-on" || Name == "source-root" || Name == "doc-url-base")
    return OptKind::Value;
  if (Name == "progress" || Name == "no-progress")
    return OptKind::Flag;
  // -j4
  if (Name.size() > 1 && Name[0] == 'j' &&
      llvm::all_of(Name.drop_front(), llvm::isDigit))
    return OptKind::Flag;
  return OptKind::None;
}

struct ProjectArgs {
  std::string Format = "text";
  std::optional<std::string> Output;
  unsigned Jobs = 0;
  std::optional<std::string> BaselineIn;
  std::optional<std::string> BaselineOut;
  std::string FailOn = "warning";
  int Progress = -1; // -1: when stderr is a terminal
  std::string SourceRoot;
  std::string DocUrlBase;
  std::optional<std::string> BuildPath;
  std::vector<std::string> Paths;
  bool HasFixedFlags = false;
  std::vector<std::string> FixedFlags;
  std::vector<std::string> Forward; // clang-tidy flags for the workers
  bool Quiet = false;
  FixOptions Fixes; // --fix, --fix-dry-run, ... (ProjectFixes.h)
};

int usageError(const llvm::Twine &Message) {
  llvm::errs() << "coroguard: error: " << Message << "\n";
  return 2;
}

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// The real path when it exists (symbolic links resolved), else absolute.
std::string canonical(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Path, Real))
    return std::string(Real);
  return absolute(Path);
}

/// Parses the command line; returns an exit code when it must stop.
std::optional<int> parseArgs(int argc, const char **argv, ProjectArgs &A) {
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--") {
      A.HasFixedFlags = true;
      for (++I; I < argc; ++I)
        A.FixedFlags.push_back(argv[I]);
      break;
    }
    if (!Arg.starts_with("-") || Arg == "-") {
      A.Paths.push_back(Arg.str());
      continue;
    }
    llvm::StringRef Name = Arg.ltrim('-');
    auto [Key, Inline] = Name.split('=');
    bool HasInline = Name.contains('=');
    OptKind Kind = projectOption(Key);
    if (Kind == OptKind::Flag) {
      if (HasInline)
        return usageError("'" + Arg + "' takes no value");
      if (Key == "progress")
        A.Progress = 1;
      else if (Key == "no-progress")
        A.Progress = 0;
      else
        llvm::to_integer(Key.drop_front(), A.Jobs); // -j4
      if (Key.starts_with("j") && A.Jobs == 0)
        return usageError("'" + Arg + "': the number of jobs must be at least 1");
      continue;
    }
    if (Kind == OptKind::Value) {
      std::string Value;
      if (HasInline) {
        Value = Inline.str();
      } else if (I + 1 < argc) {
        Value = argv[++I];
      } else {
        return usageError("'" + Arg + "' needs a value");
      }
      if (Key == "format") {
        if (Value != "text" && Value != "json" && Value != "sarif")
          return usageError("unknown --format '" + Value +
                            "': expected text, json or sarif");
        A.Format = Value;
      } else if (Key == "o" || Key == "output") {
        A.Output = Value;
      } else if (Key == "j" || Key == "jobs") {
        if (!llvm::to_integer(Value, A.Jobs) || A.Jobs == 0)
          return usageError("'" + Arg + "': the number of jobs must be a "
                            "positive integer, not '" + Value + "'");
      } else if (Key == "baseline") {
        A.BaselineIn = Value;
      } else if (Key == "write-baseline") {
        A.BaselineOut = Value;
      } else if (Key == "fail-on") {
        if (Value != "warning" && Value != "error" && Value != "none")
          return usageError("unknown --fail-on '" + Value +
                            "': expected warning, error or none");
        A.FailOn = Value;
      } else if (Key == "source-root") {
        A.SourceRoot = Value;
      } else if (Key == "doc-url-base") {
        A.DocUrlBase = Value;
      }
      continue;
    }
    if (FixOptions::isFixFlag(Key)) {
      if (HasInline)
        return usageError("'" + Arg + "' takes no value");
      A.Fixes.set(Key);
      continue;
    }
    if (Key == "export-fixes")
      return usageError(
          "'" + Arg +
          "' cannot be combined with a whole-project run (report options, "
          "-p without sources or a directory); read the fixes from "
          "--format=json / --format=sarif, or apply them with --fix");
    if (isInfoOption(Key))
      return usageError("'" + Arg +
                        "' cannot be combined with the report options");
    if (Key == "p") {
      if (HasInline)
        A.BuildPath = Inline.str();
      else if (I + 1 < argc)
        A.BuildPath = argv[++I];
      else
        return usageError("'-p' needs a build directory");
      continue;
    }
    if (Key == "quiet")
      A.Quiet = true;
    A.Forward.push_back(Arg.str());
    if (takesSeparateValue(Key) && !HasInline && I + 1 < argc)
      A.Forward.push_back(argv[++I]);
  }
  return std::nullopt;
}

bool hasFile(llvm::StringRef Dir, llvm::StringRef Name) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Name);
  return llvm::sys::fs::exists(P);
}

/// The directory of the compilation database: -p (a directory or the
/// compile_commands.json itself) or the first one above \p From.
std::optional<std::string> findDatabaseDir(const ProjectArgs &A,
                                           llvm::StringRef From) {
  if (A.BuildPath) {
    std::string Dir = absolute(*A.BuildPath);
    if (!llvm::sys::fs::is_directory(Dir))
      Dir = std::string(llvm::sys::path::parent_path(Dir));
    return Dir;
  }
  std::string Start = absolute(From);
  if (!llvm::sys::fs::is_directory(Start))
    Start = std::string(llvm::sys::path::parent_path(Start));
  for (llvm::StringRef Dir = Start; !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir))
    if (hasFile(Dir, "compile_commands.json") ||
        hasFile(Dir, "compile_flags.txt"))
      return Dir.str();
  return std::nullopt;
}

struct Unit {
  std::string File; // absolute, as the database names it
};

/// The translation units to analyse; an exit code on error.
std::optional<int> collectUnits(const ProjectArgs &A, std::string &DbDir,
                                std::vector<Unit> &Units) {
  for (const std::string &P : A.Paths)
    if (!llvm::sys::fs::exists(P))
      return usageError("no such file or directory: '" + P + "'");

  if (A.HasFixedFlags) {
    if (A.Paths.empty())
      return usageError("name the sources to analyse when compiler flags "
                        "follow '--' (or use -p <build directory>)");
    for (const std::string &P : A.Paths) {
      if (llvm::sys::fs::is_directory(P))
        return usageError("'" + P +
                          "' is a directory: with compiler flags after '--' "
                          "name the source files; to analyse a directory use "
                          "-p <build directory> with a compile_commands.json");
      Units.push_back({absolute(P)});
    }
    return std::nullopt;
  }

  std::optional<std::string> Dir =
      findDatabaseDir(A, A.Paths.empty() ? "." : A.Paths.front());
  if (A.BuildPath && !llvm::sys::fs::exists(*A.BuildPath))
    return usageError("the build path '" + *A.BuildPath +
                      "' given with -p does not exist");
  if (!Dir || (!hasFile(*Dir, "compile_commands.json") &&
               !hasFile(*Dir, "compile_flags.txt"))) {
    if (A.BuildPath)
      return usageError("no compile_commands.json (or compile_flags.txt) in '" +
                        *A.BuildPath +
                        "'; generate one (cmake "
                        "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, bear) or pass "
                        "compiler flags after '--'");
    return usageError("no compilation database found: pass -p <build "
                      "directory> with a compile_commands.json, or compiler "
                      "flags after '--' (e.g. '-- -std=c++20')");
  }
  DbDir = *Dir;

  std::vector<std::string> DbFiles;
  if (hasFile(DbDir, "compile_commands.json")) {
    llvm::SmallString<256> Json(DbDir);
    llvm::sys::path::append(Json, "compile_commands.json");
    std::string Error;
    auto Db = clang::tooling::JSONCompilationDatabase::loadFromFile(
        Json, Error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
    if (!Db)
      return usageError("cannot read '" + Json + "': " + Error);
    // In the database's order (getAllFiles() sorts by its own keys).
    for (const clang::tooling::CompileCommand &C : Db->getAllCompileCommands()) {
      llvm::SmallString<256> File(C.Filename);
      if (!llvm::sys::path::is_absolute(File)) {
        File = C.Directory;
        llvm::sys::path::append(File, C.Filename);
      }
      llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
      DbFiles.push_back(std::string(File));
    }
  } else if (A.Paths.empty()) {
    return usageError("'" + DbDir +
                      "' has only a compile_flags.txt: name the sources to "
                      "analyse (a whole-project run needs a "
                      "compile_commands.json to list them)");
  }

  std::set<std::string> Seen;
  auto Add = [&](const std::string &File) {
    if (Seen.insert(File).second)
      Units.push_back({File});
  };
  if (A.Paths.empty()) {
    for (const std::string &F : DbFiles)
      Add(F);
    if (Units.empty())
      return usageError("the compilation database in '" + DbDir +
                        "' lists no translation units");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> Canonical; // canon, file
  for (const std::string &F : DbFiles)
    Canonical.emplace_back(canonical(F), F);
  for (const std::string &P : A.Paths) {
    std::string Want = canonical(P);
    bool IsDir = llvm::sys::fs::is_directory(P);
    bool Matched = false;
    for (const auto &[Canon, File] : Canonical) {
      bool Match = IsDir ? llvm::StringRef(Canon).starts_with(Want + "/")
                         : Canon == Want;
      if (Match) {
        Add(File);
        Matched = true;
      }
    }
    if (Matched)
      continue;
    if (IsDir)
      llvm::errs() << "coroguard: warning: no entry of the compilation "
                      "database is under '"
                   << P << "'\n";
    else // clang-tidy infers a command for it from its neighbours
      Add(absolute(P));
  }
  if (Units.empty())
    return usageError("no translation units to analyse");
  return std::nullopt;
}

/// Where worker \p Index writes (+ ".yaml", ".out", ".err").
std::string workerOutput(llvm::StringRef TempDir, size_t Index) {
  return (TempDir + "/tu" + llvm::Twine(Index)).str();
}

struct Job {
  Unit U;
  std::string Yaml, Out, Err;
  llvm::sys::ProcessInfo Process;
  std::string ExecError;
};

std::vector<std::string> interestingLines(llvm::StringRef Path,
                                          unsigned Max) {
  std::vector<std::string> Lines;
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return Lines;
  llvm::SmallVector<llvm::StringRef> All;
  (*Buffer)->getBuffer().split(All, '\n');
  for (llvm::StringRef L : All) {
    L = L.rtrim();
    if (L.empty() || L.ends_with(" generated.") ||
        L.starts_with("Suppressed ") || L.starts_with("Use -header-filter") ||
        L.starts_with("Use -system-headers") || L.contains("NOLINT"))
      continue;
    if (Lines.size() == Max) {
      Lines.push_back("...");
      break;
    }
    Lines.push_back(L.str());
  }
  return Lines;
}

Note noteOf(const clang::tooling::DiagnosticMessage &M, SourceCache &Sources) {
  Note N;
  N.Message = M.Message;
  if (!M.FilePath.empty())
    N.Loc = Sources.locate(M.FilePath, M.FileOffset);
  return N;
}

/// Reads one worker's results into \p R.
void collect(const Job &J, Report &R, SourceCache &Sources) {
  int Code = J.Process.ReturnCode;
  if (!J.ExecError.empty() && Code < 0) {
    bool Crashed = Code == -2;
    R.Failures.push_back(
        {J.U.File, Crashed ? "crash" : "tool-error",
         Crashed ? "the analysis crashed (" + J.ExecError +
                       "); the other translation units are reported"
                 : "the analysis could not run: " + J.ExecError,
         {}, interestingLines(J.Err, 12)});
    return;
  }
  std::vector<Note> CompileErrors;
  bool AnyDiagnostic = false;
  if (llvm::sys::fs::exists(J.Yaml)) {
    auto Buffer = llvm::MemoryBuffer::getFile(J.Yaml, /*IsText=*/true);
    clang::tooling::TranslationUnitDiagnostics TU;
    bool Ok = false;
    if (Buffer) {
      llvm::yaml::Input In((*Buffer)->getBuffer());
      In >> TU;
      Ok = !In.error();
    }
    if (!Ok) {
      R.Failures.push_back({J.U.File, "tool-error",
                            "could not read the worker's diagnostics",
                            {}, interestingLines(J.Err, 12)});
      return;
    }
    for (const clang::tooling::Diagnostic &D : TU.Diagnostics) {
      AnyDiagnostic = true;
      if (D.DiagnosticName == "clang-diagnostic-error") {
        CompileErrors.push_back(noteOf(D.Message, Sources));
        continue;
      }
      if (D.DiagnosticName == "clang-tidy-config") {
        R.Failures.push_back({"", "config-error", D.Message.Message, {}, {}});
        continue;
      }
      Finding F;
      F.Check = D.DiagnosticName;
      F.Severity =
          D.DiagLevel == clang::tooling::Diagnostic::Error ? "error" : "warning";
      F.Message = D.Message.Message;
      if (!D.Message.FilePath.empty())
        F.Loc = Sources.locate(D.Message.FilePath, D.Message.FileOffset);
      for (const clang::tooling::DiagnosticMessage &N : D.Notes)
        F.Notes.push_back(noteOf(N, Sources));
      for (const auto &Entry : D.Message.Fix)
        for (const clang::tooling::Replacement &Rep : Entry.second) {
          Replacement X;
          X.Start = Sources.locate(Rep.getFilePath(), Rep.getOffset());
          X.End = Sources.locate(Rep.getFilePath(),
                                 Rep.getOffset() + Rep.getLength());
          X.Length = Rep.getLength();
          X.Text = Rep.getReplacementText().str();
          F.Fixes.push_back(std::move(X));
        }
      R.Findings.push_back(std::move(F));
    }
  }
  if (!CompileErrors.empty()) {
    std::string Count = std::to_string(CompileErrors.size());
    Failure E{J.U.File, "compile-error",
              "does not compile (" + Count + " error" +
                  (CompileErrors.size() == 1 ? "" : "s") +
                  "): its findings are reported but may be incomplete",
              {}, {}};
    for (unsigned I = 0; I < CompileErrors.size() && I < 5; ++I)
      E.FirstErrors.push_back(CompileErrors[I]);
    R.Failures.push_back(std::move(E));
    return;
  }
  if (Code != 0 && !AnyDiagnostic)
    R.Failures.push_back({J.U.File, "tool-error",
                          "the analysis failed (exit code " +
                              std::to_string(Code) + ")",
                          {}, interestingLines(J.Err, 12)});
}

/// Runs the workers, at most \p Jobs at a time.
void runWorkers(const ProjectArgs &A, const std::string &DbDir,
                const std::vector<Unit> &Units, llvm::StringRef TempDir,
                const std::string &Worker, bool Progress,
                const std::string &Root, Report &R, SourceCache &Sources) {
  std::vector<Job> Running;
  size_t Next = 0;
  unsigned Done = 0;
  auto Start = [&](size_t Index) {
    Job J;
    J.U = Units[Index];
    std::string Base = workerOutput(TempDir, Index);
    J.Yaml = Base + ".yaml";
    J.Out = Base + ".out";
    J.Err = Base + ".err";
    std::vector<std::string> Args = {Worker};
    Args.insert(Args.end(), A.Forward.begin(), A.Forward.end());
    Args.push_back("--export-fixes=" + J.Yaml);
    if (!A.HasFixedFlags) {
      Args.push_back("-p");
      Args.push_back(DbDir);
    }
    Args.push_back(J.U.File);
    if (A.HasFixedFlags) {
      Args.push_back("--");
      Args.insert(Args.end(), A.FixedFlags.begin(), A.FixedFlags.end());
    }
    std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
    std::optional<llvm::StringRef> Redirects[] = {
        llvm::StringRef(""), llvm::StringRef(J.Out), llvm::StringRef(J.Err)};
    if (Progress)
      llvm::errs() << "[" << (Index + 1) << "/" << Units.size() << "] "
                   << relativePath(J.U.File, Root) << "\n";
    bool Failed = false;
    J.Process = llvm::sys::ExecuteNoWait(Worker, Refs, std::nullopt, Redirects,
                                         0, &J.ExecError, &Failed);
    if (Failed) {
      J.Process.ReturnCode = -1;
      collect(J, R, Sources);
      ++Done;
      return;
    }
    Running.push_back(std::move(J));
  };
  while (Next < Units.size() || !Running.empty()) {
    while (Next < Units.size() && Running.size() < A.Jobs)
      Start(Next++);
    bool Finished = false;
    for (size_t I = 0; I < Running.size();) {
      std::string Error;
      llvm::sys::ProcessInfo W =
          llvm::sys::Wait(Running[I].Process, /*SecondsToWait=*/0, &Error);
      if (W.Pid == llvm::sys::ProcessInfo::InvalidPid) {
        ++I;
        continue;
      }
      Running[I].Process.ReturnCode = W.ReturnCode;
      Running[I].ExecError = Error;
      collect(Running[I], R, Sources);
      Running.erase(Running.begin() + I);
      ++Done;
      Finished = true;
    }
    if (!Finished && !Running.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

} // namespace

bool wantsProjectMode(int argc, const char **argv) {
  bool HasBuildPath = false, InfoOnly = false;
  bool AnyDirectory = false;
  unsigned Sources = 0;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--")
      break;
    if (!Arg.starts_with("-") || Arg == "-") {
      ++Sources;
      AnyDirectory |= llvm::sys::fs::is_directory(Arg);
      continue;
    }
    llvm::StringRef Name = Arg.ltrim('-');
    llvm::StringRef Key = Name.split('=').first;
    if (projectOption(Key) != OptKind::None)
      return true;
    if (isInfoOption(Key))
      InfoOnly = true;
    // --fix-dry-run, --fix-unsafe: only a project run has them (--fix
    // works both ways: clang-tidy's on named sources).
    if (FixOptions::isProjectOnlyFlag(Key))
      return true;
    if (Key == "p")
      HasBuildPath = true;
    if (takesSeparateValue(Key) && !Name.contains('=') && I + 1 < argc)
      ++I;
  }
  if (InfoOnly)
    return false;
  return (HasBuildPath && Sources == 0) || AnyDirectory;
}

int runProjectMode(int argc, const char **argv) {
  ProjectArgs A;
  if (std::optional<int> Code = parseArgs(argc, argv, A))
    return *Code;
  if (A.Jobs == 0)
    A.Jobs = std::max(1u, std::thread::hardware_concurrency());

  ReportOptions Options;
  Options.SourceRoot = absolute(A.SourceRoot.empty() ? "." : A.SourceRoot);
  if (!llvm::sys::fs::is_directory(Options.SourceRoot))
    return usageError("the --source-root '" + A.SourceRoot +
                      "' is not a directory");
  while (Options.SourceRoot.size() > 1 && Options.SourceRoot.back() == '/')
    Options.SourceRoot.pop_back();
  Options.Docs = DocLinks::resolve(
      argv[0], reinterpret_cast<void *>(&runProjectMode), A.DocUrlBase);
  Options.Version = COROGUARD_VERSION;

  Baseline Base;
  if (A.BaselineIn) {
    std::string Error;
    if (!readBaseline(*A.BaselineIn, Base, Error))
      return usageError(Error);
  }

  std::string DbDir;
  std::vector<Unit> Units;
  if (std::optional<int> Code = collectUnits(A, DbDir, Units))
    return *Code;

  std::string Worker;
  if (std::optional<std::string> Override =
          llvm::sys::Process::GetEnv("COROGUARD_WORKER"))
    Worker = *Override; // tests: a worker that crashes on purpose
  else
    Worker = llvm::sys::fs::getMainExecutable(
        argv[0], reinterpret_cast<void *>(&runProjectMode));

  llvm::SmallString<128> TempDir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("coroguard", TempDir))
    return usageError("cannot create a temporary directory: " + EC.message());

  // A .clang-tidy that turns every coro-* check off is named once for the
  // run, here; the workers leave it to the coordinator.
  std::vector<std::string> Files;
  for (const Unit &U : Units)
    Files.push_back(U.File);
  noteConfigsDisablingCoroChecks(A.Forward, Files);
  ::setenv(NoConfigNoticeEnv, "1", /*overwrite=*/1);

  bool Progress = A.Progress == 1 ||
                  (A.Progress == -1 && llvm::sys::Process::StandardErrIsDisplayed());
  Report R;
  SourceCache Sources;
  R.TranslationUnits = Units.size();
  runWorkers(A, DbDir, Units, TempDir, Worker, Progress, Options.SourceRoot, R,
             Sources);
  if (A.Fixes.enabled()) {
    ProjectFixes Fixes(A.Fixes);
    for (size_t I = 0; I < Units.size(); ++I)
      Fixes.addTranslationUnitFile(workerOutput(TempDir, I) + ".yaml");
    Fixes.apply(Options.SourceRoot, Sources, R, llvm::outs(), llvm::errs());
  }
  llvm::sys::fs::remove_directories(TempDir);

  // A bad configuration is reported by every worker: keep one.
  std::set<std::string> ConfigMessages;
  llvm::erase_if(R.Failures, [&](const Failure &E) {
    return E.Kind == "config-error" &&
           !ConfigMessages.insert(E.Message).second;
  });
  R.finalise(Sources, Options);

  if (A.BaselineOut) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(*A.BaselineOut, EC, llvm::sys::fs::OF_Text);
    if (EC)
      return usageError("cannot write the baseline '" + *A.BaselineOut +
                        "': " + EC.message());
    writeBaseline(R, Options, OS);
  }
  if (A.BaselineIn)
    applyBaseline(R, Base, Options);

  {
    std::error_code EC;
    std::optional<llvm::raw_fd_ostream> File;
    if (A.Output) {
      File.emplace(*A.Output, EC, llvm::sys::fs::OF_Text);
      if (EC)
        return usageError("cannot write '" + *A.Output + "': " + EC.message());
    }
    llvm::raw_ostream &OS = File ? static_cast<llvm::raw_ostream &>(*File)
                                 : llvm::outs();
    if (A.Format == "json")
      writeJson(R, Options, OS);
    else if (A.Format == "sarif")
      writeSarif(R, Options, Sources, OS);
    else
      writeText(R, Options, OS);
    OS.flush();
  }

  // Failures go to stderr too, unless the text report already printed them
  // there.
  if (A.Format != "text" || A.Output) {
    Report OnlyFailures;
    OnlyFailures.Failures = R.Failures;
    writeText(OnlyFailures, Options, llvm::errs());
  }

  unsigned Warnings = 0, Errors = 0;
  for (const Finding &F : R.Findings)
    ++(F.Severity == "error" ? Errors : Warnings);
  if (!A.Quiet) {
    llvm::errs() << "coroguard: " << R.TranslationUnits << " translation unit"
                 << (R.TranslationUnits == 1 ? "" : "s") << ", " << Warnings
                 << " warning" << (Warnings == 1 ? "" : "s") << ", " << Errors
                 << " error" << (Errors == 1 ? "" : "s");
    if (A.BaselineIn)
      llvm::errs() << ", " << R.SuppressedByBaseline
                   << " suppressed by the baseline";
    if (!R.Failures.empty())
      llvm::errs() << "; " << R.Failures.size() << " could not be analysed";
    llvm::errs() << "\n";
  }

  if (!R.Failures.empty())
    return 2;
  if (A.BaselineOut)
    return 0; // the findings were just recorded as accepted
  bool Fail = (A.FailOn == "warning" && (Warnings + Errors) > 0) ||
              (A.FailOn == "error" && Errors > 0);
  return Fail ? 1 : 0;
}

} // namespace coroguard
