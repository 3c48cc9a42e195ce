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
#include "AtomicFile.h"
#include "TidyConfig.h"
#include "CompileFlags.h"
#include "ProfileTable.h"
#include "CiFormats.h"
#include "ProgramSummaries.h"

#include "CoroguardModule.h"

#include "clang-tidy/GlobList.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <nlohmann/json.hpp>
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#ifndef COROGUARD_VERSION
#define COROGUARD_VERSION "0.0.0"
#endif

namespace coroguard {
namespace {

/// The signal that asked the run to stop (SIGINT, SIGTERM, SIGHUP), or 0.
/// The coordinator polls it between worker checks: it stops the workers,
/// removes its temporary files and dies of the same signal, leaving no
/// report, baseline or fixes behind.
volatile std::sig_atomic_t PendingSignal = 0;

extern "C" void onStopSignal(int Signal) { PendingSignal = Signal; }

void catchStopSignals() {
  for (int Signal : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction Action {};
    Action.sa_handler = onStopSignal;
    sigemptyset(&Action.sa_mask);
    sigaction(Signal, &Action, nullptr);
  }
}

/// Re-raises the pending signal with its default action (the process ends
/// as killed by it: exit status 128 + signal in a shell).
[[noreturn]] void dieOfPendingSignal() {
  int Signal = PendingSignal;
  llvm::errs() << "coroguard: interrupted (signal " << Signal
               << "); no report written\n";
  std::signal(Signal, SIG_DFL);
  std::raise(Signal);
  std::_Exit(128 + Signal);
}

/// Our options, with or without a value. Everything else is clang-tidy's
/// and goes to the workers unchanged.
enum class OptKind { None, Value, Flag };

OptKind projectOption(llvm::StringRef Name) {
  if (Name == "format" || Name == "o" || Name == "output" || Name == "j" ||
      Name == "jobs" || Name == "baseline" || Name == "write-baseline" ||
      Name == "fail-on" || Name == "source-root" || Name == "doc-url-base" ||
      Name == "summary-cache" || Name == "summary-dir" ||
      Name == "summary-index-out")
    return OptKind::Value;
  if (Name == "progress" || Name == "no-progress" ||
      Name == "baseline-strict" || Name == "statistics" ||
      Name == "no-summaries")
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
  bool BaselineStrict = false;
  bool Statistics = false;
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
  bool NoSummaries = false;                // --no-summaries
  std::optional<std::string> SummaryCache; // --summary-cache=DIR
  std::optional<std::string> SummaryDir;   // --summary-dir=DIR
  std::optional<std::string> SummaryIndexOut; // --summary-index-out=FILE
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
      if (Key == "baseline-strict")
        A.BaselineStrict = true;
      else if (Key == "statistics")
        A.Statistics = true;
      else if (Key == "progress")
        A.Progress = 1;
      else if (Key == "no-progress")
        A.Progress = 0;
      else if (Key == "no-summaries")
        A.NoSummaries = true;
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
        if (!llvm::is_contained({"text", "json", "sarif", "github", "gitlab",
                                 "junit"},
                                Value))
          return usageError("unknown --format '" + Value +
                            "': expected text, json, sarif, github, gitlab "
                            "or junit");
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
      } else if (Key == "summary-cache" || Key == "summary-dir") {
        if (Value.empty())
          return usageError("'" + Arg + "' needs a directory");
        (Key == "summary-cache" ? A.SummaryCache : A.SummaryDir) = Value;
      } else if (Key == "summary-index-out") {
        if (Value.empty())
          return usageError("'" + Arg + "' needs a file");
        A.SummaryIndexOut = Value;
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
  if (A.NoSummaries && (A.SummaryCache || A.SummaryDir || A.SummaryIndexOut))
    return usageError(std::string("--no-summaries cannot be combined with ") +
                      (A.SummaryDir     ? "--summary-dir"
                       : A.SummaryCache ? "--summary-cache"
                                        : "--summary-index-out") +
                      ": the run would not use summaries");
  return std::nullopt;
}

/// \p From's bytes written to \p To through a temporary file: a reader sees
/// the old file or the whole new one.
llvm::Error copyAtomically(llvm::StringRef From, llvm::StringRef To) {
  auto Buf = llvm::MemoryBuffer::getFile(From, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read '%s'",
                                   From.str().c_str());
  auto File = AtomicFile::create(To);
  if (!File)
    return File.takeError();
  (*File)->os() << (*Buf)->getBuffer();
  return (*File)->commit();
}

bool hasFile(llvm::StringRef Dir, llvm::StringRef Name) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Name);
  return llvm::sys::fs::exists(P);
}

/// \p Dir's compile_commands.json; null with \p Error set when unreadable.
std::unique_ptr<clang::tooling::JSONCompilationDatabase>
loadDatabase(llvm::StringRef Dir, std::string &Error) {
  llvm::SmallString<256> Json(Dir);
  llvm::sys::path::append(Json, "compile_commands.json");
  std::string Why;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromFile(
      Json, Why, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    Error = "cannot read '" + Json.str().str() + "': " + Why;
  return Db;
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
  std::string File;      // absolute, as the database names it
  std::string Directory; // the command's directory (relative paths in the
                         // worker's diagnostics are relative to it)
};

/// The translation units to analyse, and those of the whole program (every
/// entry of the database, and the files named that it does not list: what
/// phase 1 summarises); an exit code on error.
std::optional<int> collectUnits(const ProjectArgs &A, std::string &DbDir,
                                std::vector<Unit> &Units,
                                std::vector<Unit> &Program) {
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
      Units.push_back({absolute(P), absolute(".")});
    }
    Program = Units;
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

  std::vector<Unit> DbFiles;
  if (hasFile(DbDir, "compile_commands.json")) {
    std::string Error;
    auto Db = loadDatabase(DbDir, Error);
    if (!Db)
      return usageError(Error);
    // In the database's order (getAllFiles() sorts by its own keys).
    for (const clang::tooling::CompileCommand &C : Db->getAllCompileCommands()) {
      llvm::SmallString<256> File(C.Filename);
      if (!llvm::sys::path::is_absolute(File)) {
        File = C.Directory;
        llvm::sys::path::append(File, C.Filename);
      }
      llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
      DbFiles.push_back({std::string(File), absolute(C.Directory)});
    }
  } else if (A.Paths.empty()) {
    return usageError("'" + DbDir +
                      "' has only a compile_flags.txt: name the sources to "
                      "analyse (a whole-project run needs a "
                      "compile_commands.json to list them)");
  }

  std::set<std::string> Seen, InProgram;
  auto Add = [&](const Unit &U) {
    if (Seen.insert(U.File).second)
      Units.push_back(U);
  };
  for (const Unit &U : DbFiles)
    if (InProgram.insert(U.File).second)
      Program.push_back(U);
  if (A.Paths.empty()) {
    for (const Unit &U : DbFiles)
      Add(U);
    if (Units.empty())
      return usageError("the compilation database in '" + DbDir +
                        "' lists no translation units");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, Unit>> Canonical; // canon, unit
  for (const Unit &U : DbFiles)
    Canonical.emplace_back(canonical(U.File), U);
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
      Add({absolute(P), DbDir});
  }
  if (Units.empty())
    return usageError("no translation units to analyse");
  for (const Unit &U : Units)
    if (InProgram.insert(U.File).second)
      Program.push_back(U);
  return std::nullopt;
}

/// Where worker \p Index writes (+ ".yaml", ".out", ".err").
std::string workerOutput(llvm::StringRef TempDir, size_t Index) {
  return (TempDir + "/tu" + llvm::Twine(Index)).str();
}

struct Job {
  size_t Index = 0; // in the list the pool runs
  Unit U;
  std::vector<std::string> Args; // the command line, the program first
  std::string Yaml, Out, Err;    // Out, Err: "" for none
  std::chrono::steady_clock::time_point Started;
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

/// The file a worker's diagnostic names, as a path this process can open.
/// Relative paths (a compile command with relative file names) are relative
/// to the command's directory. A name that is not valid UTF-8 reaches us
/// lossily (clang's YAML writer puts U+FFFD for each invalid sequence): it is
/// matched against the names in its directory, the U+FFFDs standing for
/// the bytes that were lost, and taken when exactly one name matches.
class PathResolver {
public:
  explicit PathResolver(const Unit &U) : U(U) {}

  std::string operator()(llvm::StringRef Path) {
    if (Path.empty())
      return "";
    auto [It, Inserted] = Cache.try_emplace(Path.str());
    if (Inserted)
      It->second = resolve(Path);
    return It->second;
  }

private:
  std::string resolve(llvm::StringRef Path) const {
    std::vector<std::string> Tries;
    if (llvm::sys::path::is_absolute(Path)) {
      Tries.push_back(Path.str());
    } else {
      for (llvm::StringRef Dir :
           {llvm::StringRef(U.Directory),
            llvm::sys::path::parent_path(U.File)}) {
        llvm::SmallString<256> P(Dir);
        llvm::sys::path::append(P, Path);
        llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
        Tries.push_back(std::string(P));
      }
    }
    for (const std::string &T : Tries)
      if (llvm::sys::fs::exists(T))
        return T;
    for (const std::string &T : Tries)
      if (std::optional<std::string> Found = recoverLossy(T))
        return *Found;
    return Tries.front();
  }

  static std::optional<std::string> recoverLossy(llvm::StringRef Path) {
    static constexpr llvm::StringLiteral Lost("\xEF\xBF\xBD");
    llvm::StringRef Name = llvm::sys::path::filename(Path);
    if (!Name.contains(Lost))
      return std::nullopt;
    llvm::StringRef Dir = llvm::sys::path::parent_path(Path);
    llvm::SmallVector<llvm::StringRef> Pieces;
    Name.split(Pieces, Lost);
    std::optional<std::string> Match;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      llvm::StringRef Candidate = llvm::sys::path::filename(It->path());
      if (llvm::json::isUTF8(Candidate) || !matchesPieces(Candidate, Pieces))
        continue;
      if (Match)
        return std::nullopt; // ambiguous
      Match = It->path();
    }
    return Match;
  }

  /// \p Name is Pieces[0] <lost> Pieces[1] ... <lost> Pieces[n], each lost
  /// part one or more bytes.
  static bool matchesPieces(llvm::StringRef Name,
                            llvm::ArrayRef<llvm::StringRef> Pieces) {
    if (!Name.consume_front(Pieces.front()))
      return false;
    for (size_t I = 1; I < Pieces.size(); ++I) {
      if (Name.empty())
        return false;
      Name = Name.drop_front(); // at least one lost byte
      if (I + 1 == Pieces.size())
        return Name.ends_with(Pieces[I]) && Name.size() >= Pieces[I].size();
      size_t At = Name.find(Pieces[I]);
      if (At == llvm::StringRef::npos)
        return false;
      Name = Name.drop_front(At + Pieces[I].size());
    }
    return Name.empty();
  }

  const Unit &U;
  std::map<std::string, std::string> Cache;
};

Note noteOf(const clang::tooling::DiagnosticMessage &M, SourceCache &Sources,
            PathResolver &Path) {
  Note N;
  N.Message = M.Message;
  if (!M.FilePath.empty())
    N.Loc = Sources.locate(Path(M.FilePath), M.FileOffset);
  return N;
}

/// Reads one worker's results into \p R.
void collect(const Job &J, Report &R, SourceCache &Sources) {
  PathResolver Path(J.U);
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
        CompileErrors.push_back(noteOf(D.Message, Sources, Path));
        continue;
      }
      if (D.DiagnosticName == "clang-tidy-config") {
        R.Failures.push_back({"", "config-error", D.Message.Message, {}, {}});
        continue;
      }
      // A compiler warning with no place in the code is about the command
      // line ("argument unused during compilation", "unknown warning
      // option"): not a finding, never the exit code; noted once.
      if (D.Message.FilePath.empty() &&
          llvm::StringRef(D.DiagnosticName).starts_with("clang-diagnostic-") &&
          D.DiagLevel != clang::tooling::Diagnostic::Error) {
        R.CommandLineWarnings.insert(D.Message.Message);
        continue;
      }
      Finding F;
      F.Unit = J.U.File;
      F.Check = D.DiagnosticName;
      F.Severity =
          D.DiagLevel == clang::tooling::Diagnostic::Error ? "error" : "warning";
      F.Message = D.Message.Message;
      if (!D.Message.FilePath.empty())
        F.Loc = Sources.locate(Path(D.Message.FilePath), D.Message.FileOffset);
      for (const clang::tooling::DiagnosticMessage &N : D.Notes)
        F.Notes.push_back(noteOf(N, Sources, Path));
      for (const auto &Entry : D.Message.Fix)
        for (const clang::tooling::Replacement &Rep : Entry.second) {
          Replacement X;
          X.Start = Sources.locate(Path(Rep.getFilePath()), Rep.getOffset());
          X.End = Sources.locate(Path(Rep.getFilePath()),
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

/// The compilation database the workers read: \p DbDir's own, or a copy in
/// \p TempDir without the flags clang's driver does not know (a database
/// made for GCC), with one note for the run naming them. The fixed flags
/// after '--' are filtered the same way.
std::string workerDatabase(ProjectArgs &A, const std::string &DbDir,
                           llvm::StringRef TempDir) {
  std::vector<std::string> Dropped;
  unsigned Commands = 0;
  auto Note = [&](std::vector<std::string> D) {
    if (D.empty())
      return;
    ++Commands;
    for (std::string &Flag : D)
      if (!llvm::is_contained(Dropped, Flag))
        Dropped.push_back(std::move(Flag));
  };
  std::string Result = DbDir;
  if (A.HasFixedFlags) {
    Note(dropUnknownTailFlags(A.FixedFlags));
  } else if (hasFile(DbDir, "compile_commands.json")) {
    std::string Error;
    auto Db = loadDatabase(DbDir, Error);
    if (!Db)
      return Result; // collectUnits read it; a race is the workers' to report
    nlohmann::json Entries = nlohmann::json::array();
    for (clang::tooling::CompileCommand &C : Db->getAllCompileCommands()) {
      Note(dropUnknownCompilerFlags(C.CommandLine));
      nlohmann::json E = {{"directory", C.Directory},
                          {"file", C.Filename},
                          {"arguments", C.CommandLine}};
      if (!C.Output.empty())
        E["output"] = C.Output;
      Entries.push_back(std::move(E));
    }
    if (!Dropped.empty()) {
      llvm::SmallString<256> Dir(TempDir);
      llvm::sys::path::append(Dir, "db");
      llvm::SmallString<256> File(Dir);
      llvm::sys::path::append(File, "compile_commands.json");
      std::error_code EC = llvm::sys::fs::create_directories(Dir);
      llvm::raw_fd_ostream OS(File, EC, llvm::sys::fs::OF_Text);
      if (!EC) {
        OS << Entries.dump(1, ' ', /*ensure_ascii=*/false,
                           nlohmann::json::error_handler_t::replace)
           << "\n";
        OS.close();
        if (!OS.has_error())
          Result = std::string(Dir);
        OS.clear_error();
      }
    }
  }
  noteDroppedFlags(Dropped, Commands);
  return Result;
}

/// Stops a run whose clang-tidy configuration is broken for any of \p Files:
/// a .clang-tidy or -config that does not parse, a coro-* check option with
/// an invalid value. Each problem is printed once.
std::optional<int> checkConfiguration(const ProjectArgs &A,
                                      llvm::ArrayRef<std::string> Files) {
  TidyConfig Config(TidyCommandLine::scan(A.Forward));
  std::vector<std::string> Problems =
      Config.problems(Files, /*CheckOptions=*/true);
  for (const std::string &P : Problems)
    llvm::errs() << "coroguard: error: " << P << "\n";
  if (Problems.empty())
    return std::nullopt;
  return 2;
}

/// Stops a run whose clang-tidy options the workers would refuse (an unknown
/// flag, a bad value): one worker checks them first (--dump-config reads the
/// whole command line and the configuration, and analyses nothing), so the
/// message is printed once instead of once per translation unit.
std::optional<int> checkWorkerCommandLine(const ProjectArgs &A,
                                          const std::string &DbDir,
                                          const Unit &First,
                                          const std::string &Worker,
                                          llvm::StringRef TempDir) {
  std::vector<std::string> Args = {Worker};
  Args.insert(Args.end(), A.Forward.begin(), A.Forward.end());
  Args.push_back("--dump-config");
  if (!A.HasFixedFlags) {
    Args.push_back("-p");
    Args.push_back(DbDir);
  }
  Args.push_back(First.File);
  if (A.HasFixedFlags) {
    Args.push_back("--");
    Args.insert(Args.end(), A.FixedFlags.begin(), A.FixedFlags.end());
  }
  std::string Err = (TempDir + "/options.err").str();
  std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef(Err)};
  std::string ExecError;
  int Code = llvm::sys::ExecuteAndWait(Worker, Refs, std::nullopt, Redirects,
                                      0, 0, &ExecError);
  if (Code == 0)
    return std::nullopt;
  if (Code < 0)
    return usageError("cannot run the analysis (" + Worker + "): " + ExecError);
  llvm::errs() << "coroguard: error: clang-tidy refuses the options of this "
                  "run:\n";
  for (const std::string &L : interestingLines(Err, 12))
    llvm::errs() << "    " << L << "\n";
  return 2;
}

/// Runs one worker per index below \p Count, at most \p Jobs at a time:
/// \p Prepare fills in the job (its unit, command line and output files),
/// \p Done is called as each one ends, also one that could not start
/// (ReturnCode -1, ExecError). On a stop signal the running workers are
/// stopped and it returns at once.
void runPool(size_t Count, unsigned Jobs, const std::string &Worker,
             llvm::function_ref<void(Job &)> Prepare,
             llvm::function_ref<void(Job &)> Done) {
  std::vector<Job> Running;
  size_t Next = 0;
  auto Start = [&](size_t Index) {
    Job J;
    J.Index = Index;
    Prepare(J);
    std::vector<llvm::StringRef> Refs(J.Args.begin(), J.Args.end());
    std::optional<llvm::StringRef> Redirects[] = {
        llvm::StringRef(""), llvm::StringRef(J.Out), llvm::StringRef(J.Err)};
    J.Started = std::chrono::steady_clock::now();
    bool Failed = false;
    J.Process = llvm::sys::ExecuteNoWait(Worker, Refs, std::nullopt, Redirects,
                                         0, &J.ExecError, &Failed);
    if (Failed) {
      J.Process.ReturnCode = -1;
      Done(J);
      return;
    }
    Running.push_back(std::move(J));
  };
  while (Next < Count || !Running.empty()) {
    if (PendingSignal) {
      for (Job &J : Running)
        ::kill(J.Process.Pid, SIGTERM);
      for (Job &J : Running)
        llvm::sys::Wait(J.Process, /*SecondsToWait=*/std::nullopt);
      return;
    }
    while (Next < Count && Running.size() < Jobs)
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
      Done(Running[I]);
      Running.erase(Running.begin() + I);
      Finished = true;
    }
    if (!Finished && !Running.empty())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

/// A worker's command line: \p TidyArgs (clang-tidy's options), then the
/// database and \p File, or \p File and the fixed compiler flags.
std::vector<std::string> workerCommand(const ProjectArgs &A,
                                       const std::string &Worker,
                                       llvm::ArrayRef<std::string> TidyArgs,
                                       const std::string &DbDir,
                                       const std::string &File) {
  std::vector<std::string> Args = {Worker};
  Args.insert(Args.end(), TidyArgs.begin(), TidyArgs.end());
  if (!A.HasFixedFlags) {
    Args.push_back("-p");
    Args.push_back(DbDir);
  }
  Args.push_back(File);
  if (A.HasFixedFlags) {
    Args.push_back("--");
    Args.insert(Args.end(), A.FixedFlags.begin(), A.FixedFlags.end());
  }
  return Args;
}

/// "[12/340][1.3s] src/net/conn.cpp" on stderr as a job ends (\p Label
/// before the count: "summary " in phase 1).
void printProgress(llvm::StringRef Label, unsigned Done, size_t Total,
                   const Job &J, const std::string &Root) {
  double Seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - J.Started)
                       .count();
  llvm::errs() << "[" << Label << Done << "/" << Total << "]["
               << llvm::format("%.1f", Seconds) << "s] "
               << relativePath(J.U.File, Root) << "\n";
}

/// Runs the workers (phase 2, or the only phase), at most \p A.Jobs at a
/// time, each with \p TidyArgs.
void runWorkers(const ProjectArgs &A, llvm::ArrayRef<std::string> TidyArgs,
                const std::string &DbDir, const std::vector<Unit> &Units,
                llvm::StringRef TempDir, const std::string &Worker,
                bool Progress, const std::string &Root, Report &R,
                SourceCache &Sources) {
  unsigned Done = 0;
  runPool(
      Units.size(), A.Jobs, Worker,
      [&](Job &J) {
        J.U = Units[J.Index];
        std::string Base = workerOutput(TempDir, J.Index);
        J.Yaml = Base + ".yaml";
        J.Out = Base + ".out";
        J.Err = Base + ".err";
        std::vector<std::string> Tidy(TidyArgs.begin(), TidyArgs.end());
        Tidy.push_back("--export-fixes=" + J.Yaml);
        J.Args = workerCommand(A, Worker, Tidy, DbDir, J.U.File);
      },
      [&](Job &J) {
        collect(J, R, Sources);
        ++Done;
        if (Progress)
          printProgress("", Done, Units.size(), J, Root);
      });
}

/// Phase 1: the summary of every translation unit of \p Program, from the
/// build's summaries, the cache, or a worker that makes it into the cache
/// (its findings, errors and crashes are not collected: phase 2 reports
/// them).
void summarise(const ProjectArgs &A, const WorkerConfig &Config,
               const std::string &DbDir, const std::vector<Unit> &Program,
               SummaryKeys &Keys, SummaryStorage &Storage,
               const std::string &Worker, bool Progress,
               const std::string &Root) {
  std::vector<std::pair<Unit, std::string>> ToMake; // unit, cache file
  for (const Unit &U : Program) {
    std::string Path = Storage.cachePath(U.File, Keys.key(U.File));
    if (!Storage.reuse(U.File, Path))
      ToMake.emplace_back(U, std::move(Path));
  }
  unsigned Done = 0;
  runPool(
      ToMake.size(), A.Jobs, Worker,
      [&](Job &J) {
        const auto &[U, Path] = ToMake[J.Index];
        J.U = U;
        Storage.prepare(Path);
        J.Args = workerCommand(A, Worker,
                               Config.args({{"coroguard.SummaryOutput", Path},
                                            {"coroguard.SummaryOnly", "true"}},
                                           /*SummaryPhase=*/true),
                               DbDir, U.File);
      },
      [&](Job &J) {
        Storage.collect(ToMake[J.Index].second);
        ++Done;
        if (Progress)
          printProgress("summary ", Done, ToMake.size(), J, Root);
      });
}

/// Whether a coro-* check is enabled for one of \p Files (else phase 1 would
/// summarise for nothing).
bool anyCoroCheckEnabled(llvm::ArrayRef<std::string> Forward,
                         llvm::ArrayRef<std::string> Files) {
  TidyConfig Config(TidyCommandLine::scan(Forward));
  clang::tidy::ClangTidyOptionsProvider *P = Config.provider();
  if (!P)
    return true;
  std::set<std::string> SeenChecks;
  for (const std::string &File : Files) {
    std::string Checks = P->getOptions(File).Checks.value_or("");
    if (!SeenChecks.insert(Checks).second)
      continue;
    clang::tidy::GlobList Globs(Checks);
    for (const std::string &Name : clang::tidy::coro::registeredCheckNames())
      if (Globs.contains(Name))
        return true;
  }
  return false;
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
  std::vector<Unit> Units, Program;
  if (std::optional<int> Code = collectUnits(A, DbDir, Units, Program))
    return *Code;

  std::string Worker;
  if (std::optional<std::string> Override =
          llvm::sys::Process::GetEnv("COROGUARD_WORKER"))
    Worker = *Override; // tests: a worker that crashes on purpose
  else
    Worker = llvm::sys::fs::getMainExecutable(
        argv[0], reinterpret_cast<void *>(&runProjectMode));

  // Everything that can be checked before the analysis is, so that a run
  // that cannot succeed stops at once, says why once, and writes nothing.
  std::vector<std::string> Files;
  for (const Unit &U : Units)
    Files.push_back(U.File);
  if (std::optional<int> Code = checkConfiguration(A, Files))
    return *Code;

  llvm::SmallString<128> TempDir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("coroguard", TempDir))
    return usageError("cannot create a temporary directory: " + EC.message());
  struct RemoveTempDir {
    llvm::SmallString<128> &Dir;
    ~RemoveTempDir() { llvm::sys::fs::remove_directories(Dir); }
  } RemoveTempDirOnExit{TempDir};

  const std::string UserDbDir = DbDir; // the cache keys' commands
  DbDir = workerDatabase(A, DbDir, TempDir);

  // The workers (and the option check) leave the configuration notice and
  // checks to the coordinator.
  ::setenv(NoConfigNoticeEnv, "1", /*overwrite=*/1);
  if (std::optional<int> Code =
          checkWorkerCommandLine(A, DbDir, Units.front(), Worker, TempDir))
    return *Code;

  // The destinations are claimed now (a temporary file beside each): an
  // unwritable path is found before the analysis, and nothing is replaced
  // until the run has succeeded.
  std::unique_ptr<AtomicFile> OutputFile, BaselineFile;
  for (auto [Path, File] : {std::pair(&A.Output, &OutputFile),
                            std::pair(&A.BaselineOut, &BaselineFile)}) {
    if (!*Path)
      continue;
    auto Created = AtomicFile::create(**Path);
    if (!Created)
      return usageError(llvm::toString(Created.takeError()));
    *File = std::move(*Created);
  }

  // Whole-program summaries (phase 1, ProgramSummaries.h): the cache and the
  // build's summaries are checked now, before the analysis. Without a
  // coro-* check enabled there is nothing to summarise for.
  std::unique_ptr<SummaryStorage> Storage;
  if (!A.NoSummaries && (A.SummaryDir || anyCoroCheckEnabled(A.Forward, Files))) {
    std::string CacheDir;
    if (A.SummaryCache)
      CacheDir = *A.SummaryCache;
    else if (!UserDbDir.empty())
      CacheDir = defaultSummaryCache(UserDbDir);
    else // compiler flags after '--': no build directory to keep it in
      CacheDir = (TempDir + "/summaries").str();
    auto Opened = SummaryStorage::open(CacheDir, A.SummaryDir);
    if (!Opened)
      return usageError(llvm::toString(Opened.takeError()));
    Storage = std::move(*Opened);
  }
  // --enable-check-profile: the workers store their profiles (clang-tidy's
  // and coroguard's per-check split) for one table at the end.
  std::string ProfileDir;
  bool Profiling = llvm::any_of(A.Forward, [](const std::string &F) {
    return llvm::StringRef(F).ltrim('-') == "enable-check-profile";
  });
  bool UserStoresProfile = llvm::any_of(A.Forward, [](const std::string &F) {
    return llvm::StringRef(F).ltrim('-').starts_with("store-check-profile");
  });
  if (Profiling && !UserStoresProfile) {
    ProfileDir = (TempDir + "/profile").str();
    A.Forward.push_back("--store-check-profile=" + ProfileDir);
  }
  catchStopSignals();

  // A .clang-tidy that turns every coro-* check off is named once for the
  // run, here; the workers leave it to the coordinator.
  noteConfigsDisablingCoroChecks(A.Forward, Files);

  bool Progress = A.Progress == 1 ||
                  (A.Progress == -1 && llvm::sys::Process::StandardErrIsDisplayed());
  auto StopIfInterrupted = [&] {
    if (!PendingSignal)
      return;
    OutputFile.reset();
    BaselineFile.reset();
    Storage.reset();
    llvm::sys::fs::remove_directories(TempDir);
    dieOfPendingSignal();
  };

  // The workers' clang-tidy options: the user's, and with summaries the
  // merged file added to their configuration.
  std::vector<std::string> TidyArgs = A.Forward;
  if (Storage) {
    auto Config = WorkerConfig::create(A.Forward);
    if (!Config)
      return usageError(llvm::toString(Config.takeError()));
    std::string Cwd = absolute(".");
    SummaryKeys Keys(A.Forward, A.HasFixedFlags ? "" : UserDbDir,
                     A.FixedFlags, Cwd);
    summarise(A, *Config, DbDir, Program, Keys, *Storage, Worker, Progress,
              Options.SourceRoot);
    StopIfInterrupted();
    const SummaryStats &S = Storage->stats();
    if (!A.Quiet) {
      llvm::errs() << "coroguard: summaries: " << S.Cached << " cached, "
                   << S.Made << " made";
      if (A.SummaryDir)
        llvm::errs() << ", " << S.FromBuild << " from the build";
      if (S.NotMade)
        llvm::errs() << ", " << S.NotMade << " could not be made";
      llvm::errs() << "\n";
    }
    auto ProgramFile = Storage->writeProgram();
    if (!ProgramFile)
      return usageError("cannot write the merged summaries: " +
                        llvm::toString(ProgramFile.takeError()));
    if (A.SummaryIndexOut)
      if (llvm::Error E = copyAtomically(*ProgramFile, *A.SummaryIndexOut))
        return usageError("cannot write --summary-index-out '" +
                          *A.SummaryIndexOut +
                          "': " + llvm::toString(std::move(E)));
    TidyArgs = Config->args({{"coroguard.SummaryDirectory", *ProgramFile}},
                            /*SummaryPhase=*/false);
  }

  Report R;
  SourceCache Sources;
  R.TranslationUnits = Units.size();
  runWorkers(A, TidyArgs, DbDir, Units, TempDir, Worker, Progress,
             Options.SourceRoot, R, Sources);
  StopIfInterrupted();
  Storage.reset(); // the merged file is no longer needed
  if (A.Fixes.enabled()) {
    ProjectFixes Fixes(A.Fixes);
    for (size_t I = 0; I < Units.size(); ++I)
      Fixes.addTranslationUnitFile(workerOutput(TempDir, I) + ".yaml");
    Fixes.apply(Options.SourceRoot, Sources, R, llvm::outs(), llvm::errs());
  }

  // A bad configuration is reported by every worker: keep one.
  std::set<std::string> ConfigMessages;
  llvm::erase_if(R.Failures, [&](const Failure &E) {
    return E.Kind == "config-error" &&
           !ConfigMessages.insert(E.Message).second;
  });
  R.finalise(Sources, Options);

  // A baseline records what the whole project reports: a run in which a
  // translation unit could not be analysed would record too little, so the
  // old baseline stays.
  bool BaselineWritten = false;
  if (BaselineFile) {
    if (!R.Failures.empty()) {
      llvm::errs() << "coroguard: error: the baseline '" << *A.BaselineOut
                   << "' was not written: not every translation unit could "
                      "be analysed (below)\n";
      BaselineFile.reset();
    } else {
      writeBaseline(R, Options, *A.BaselineOut, BaselineFile->os());
      if (llvm::Error E = BaselineFile->commit())
        return usageError(llvm::toString(std::move(E)));
      BaselineWritten = true;
    }
  }
  unsigned BaselineUnmatched = 0;
  if (A.BaselineIn)
    BaselineUnmatched = applyBaseline(R, Base, Options, Sources);

  {
    llvm::raw_ostream &OS = OutputFile ? OutputFile->os() : llvm::outs();
    if (A.Format == "json")
      writeJson(R, Options, OS);
    else if (A.Format == "sarif")
      writeSarif(R, Options, Sources, OS);
    else if (A.Format == "github")
      writeGithub(R, Options, OS);
    else if (A.Format == "gitlab")
      writeGitlab(R, Options, OS);
    else if (A.Format == "junit")
      writeJunit(R, Options, Files, OS);
    else
      writeText(R, Options, OS);
    OS.flush();
    if (OutputFile)
      if (llvm::Error E = OutputFile->commit())
        return usageError(llvm::toString(std::move(E)));
  }

  // Failures go to stderr too, unless the text report already printed them
  // there.
  if (A.Format != "text" || A.Output) {
    Report OnlyFailures;
    OnlyFailures.Failures = R.Failures;
    writeText(OnlyFailures, Options, llvm::errs());
  }

  if (!ProfileDir.empty())
    printProfileTable(ProfileDir, llvm::errs());
  if (A.Statistics)
    writeStatistics(R, llvm::errs());
  if (!R.CommandLineWarnings.empty()) {
    llvm::errs() << "coroguard: note: compiler warnings about the command "
                    "line, not the code, are not reported:";
    for (const std::string &W : R.CommandLineWarnings)
      llvm::errs() << " '" << W << "';";
    llvm::errs() << "\n";
  }
  if (BaselineUnmatched)
    llvm::errs() << "coroguard: " << (A.BaselineStrict ? "error" : "note")
                 << ": " << BaselineUnmatched << " baseline entr"
                 << (BaselineUnmatched == 1 ? "y" : "ies")
                 << " matched nothing: fixed or moved; rewrite with "
                    "--write-baseline\n";

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
    if (unsigned Failed = R.failedTranslationUnits())
      llvm::errs() << "; " << Failed << " could not be analysed";
    if (unsigned Config = R.Failures.size() - R.failedTranslationUnits())
      llvm::errs() << "; " << Config << " configuration error"
                   << (Config == 1 ? "" : "s");
    llvm::errs() << "\n";
  }

  if (!R.Failures.empty())
    return 2;
  if (BaselineWritten)
    return 0; // the findings were just recorded as accepted
  if (A.BaselineStrict && BaselineUnmatched)
    return 1;
  bool Fail = (A.FailOn == "warning" && (Warnings + Errors) > 0) ||
              (A.FailOn == "error" && Errors > 0);
  return Fail ? 1 : 0;
}

} // namespace coroguard
