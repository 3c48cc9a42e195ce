//===--- ProgramSummaries.cpp - coroguard ---------------------------------===//
//
// Project mode's whole-program summaries (see ProgramSummaries.h).
//
//===----------------------------------------------------------------------===//

#include "ProgramSummaries.h"
#include "AtomicFile.h"
#include "TidyArgs.h"
#include "TidyConfig.h"

#include "clang/Basic/Version.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include <algorithm>
#include <chrono>
#include <limits>

#ifndef COROGUARD_VERSION
#error "COROGUARD_VERSION is set by tool/CMakeLists.txt"
#endif

namespace coroguard {

using clang::tidy::ClangTidyOptions;
using clang::tidy::coro::UnitSummary;

namespace {

/// This executable's size and modification time ("" if unknown).
const std::string &buildIdentity() {
  static const std::string Id = [] {
    static int Anchor;
    std::string Exe = llvm::sys::fs::getMainExecutable(
        nullptr, reinterpret_cast<void *>(&Anchor));
    llvm::sys::fs::file_status St;
    if (Exe.empty() || llvm::sys::fs::status(Exe, St))
      return std::string();
    return std::to_string(St.getSize()) + ":" +
           std::to_string(St.getLastModificationTime().time_since_epoch().count());
  }();
  return Id;
}

llvm::Error failure(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// The real path when the file exists (symbolic links resolved), else the
/// absolute one: how a build's summary and a compile command name the same
/// main file.
std::string canonicalPath(llvm::StringRef Path) {
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Path, Real))
    return std::string(Real);
  return absolutePath(Path);
}

/// One of clang-tidy's arguments, split: its name without dashes, and
/// whether its value is the next argument.
struct TidyArg {
  llvm::StringRef Key;
  bool SeparateValue = false;
};

TidyArg splitArg(llvm::ArrayRef<std::string> Args, size_t I) {
  llvm::StringRef Arg = Args[I];
  if (!Arg.starts_with("-") || Arg == "-")
    return {};
  llvm::StringRef Name = Arg.ltrim('-');
  llvm::StringRef Key = Name.split('=').first;
  return {Key, takesSeparateValue(Key) && !Name.contains('=') &&
                   I + 1 < Args.size()};
}

/// Options of clang-tidy that do not change what phase 1 summarises (which
/// findings are shown, how; the configuration is keyed by its content).
bool irrelevantToSummaries(llvm::StringRef Key) {
  return Key == "checks" || Key == "config" || Key == "config-file" ||
         Key == "quiet" || Key == "header-filter" ||
         Key == "exclude-header-filter" || Key == "system-headers" ||
         Key == "line-filter" || Key == "warnings-as-errors" ||
         Key == "use-color" || Key == "enable-check-profile" ||
         Key == "store-check-profile" || Key == "format-style" ||
         Key == "export-fixes" || Key.starts_with("fix");
}

/// Whether the check option \p Key can change a summary: the coro-* checks'
/// own options and global ones, not another check's nor coroguard.*.
bool affectsSummaries(llvm::StringRef Key) {
  if (Key.starts_with("coroguard."))
    return false;
  size_t Dot = Key.find('.');
  if (Dot == llvm::StringRef::npos)
    return true;
  llvm::StringRef Check = Key.take_front(Dot);
  return Check.starts_with("coro-") || !Check.contains('-');
}

std::int64_t seconds(llvm::sys::TimePoint<> T) {
  return static_cast<std::int64_t>(llvm::sys::toTimeT(T));
}

} // namespace

//===-- WorkerConfig -------------------------------------------------------===//

llvm::Expected<WorkerConfig>
WorkerConfig::create(llvm::ArrayRef<std::string> Forward) {
  WorkerConfig W;
  std::optional<std::string> ConfigText, ConfigName;
  for (size_t I = 0; I < Forward.size(); ++I) {
    TidyArg A = splitArg(Forward, I);
    llvm::StringRef Arg = Forward[I];
    auto Value = [&]() -> std::string {
      if (A.SeparateValue)
        return Forward[I + 1];
      return Arg.ltrim('-').split('=').second.str();
    };
    bool ForSummaries = true, ForAnalysis = true;
    if (A.Key == "config" || A.Key == "config-file") {
      std::string V = Value();
      if (A.Key == "config") {
        ConfigText = V;
        ConfigName = "-config";
      } else {
        auto Text = llvm::MemoryBuffer::getFile(V, /*IsText=*/true);
        if (!Text)
          return failure("cannot read the -config-file '" + V +
                         "': " + Text.getError().message());
        ConfigText = (*Text)->getBuffer().str();
        ConfigName = V;
      }
      ForSummaries = ForAnalysis = false;
    } else if (A.Key == "checks" || A.Key == "enable-check-profile" ||
               A.Key == "store-check-profile") {
      ForSummaries = false;
    }
    size_t Count = A.SeparateValue ? 2 : 1;
    for (size_t J = I; J < I + Count; ++J) {
      if (ForAnalysis)
        W.Rest.push_back(Forward[J]);
      if (ForSummaries)
        W.SummaryRest.push_back(Forward[J]);
    }
    I += Count - 1;
  }
  if (ConfigText) {
    std::string FirstError;
    llvm::ErrorOr<ClangTidyOptions> Parsed =
        clang::tidy::parseConfigurationWithDiags(
            llvm::MemoryBufferRef(*ConfigText, *ConfigName),
            [&](const llvm::SMDiagnostic &D) {
              if (FirstError.empty())
                FirstError = D.getMessage().str();
            });
    if (!Parsed)
      return failure("invalid configuration " + *ConfigName + ": " +
                     (FirstError.empty() ? Parsed.getError().message()
                                         : FirstError));
    W.Base = std::move(*Parsed);
  } else {
    // The .clang-tidy files, read as clang-tidy reads them without -config,
    // with the options merged on top.
    W.Base.InheritParentConfig = true;
  }
  return W;
}

std::vector<std::string> WorkerConfig::args(const CheckOptionList &Options,
                                            bool SummaryPhase) const {
  std::vector<std::string> Args = SummaryPhase ? SummaryRest : Rest;
  ClangTidyOptions Config = Base;
  for (const auto &[Key, Value] : Options)
    Config.CheckOptions[Key] = clang::tidy::ClangTidyOptions::ClangTidyValue(Value);
  if (SummaryPhase)
    Args.push_back("-checks=-*,coro-*");
  Args.push_back("-config=" + clang::tidy::configurationAsText(Config));
  return Args;
}

//===-- SummaryKeys --------------------------------------------------------===//

struct SummaryKeys::Impl {
  std::unique_ptr<clang::tooling::CompilationDatabase> Db;
  std::vector<std::string> FixedFlags;
  std::string WorkingDir;
  std::string Forward; // the arguments that matter, \0-separated
  std::unique_ptr<TidyConfig> Config;
};

SummaryKeys::SummaryKeys(llvm::ArrayRef<std::string> Forward,
                         llvm::StringRef DbDir,
                         llvm::ArrayRef<std::string> FixedFlags,
                         llvm::StringRef WorkingDir)
    : I(std::make_unique<Impl>()) {
  if (!DbDir.empty()) {
    std::string Error;
    // As the workers' clang-tidy reads it: response files expanded,
    // commands inferred for files it does not list.
    I->Db = clang::tooling::CompilationDatabase::loadFromDirectory(DbDir, Error);
  }
  I->FixedFlags = FixedFlags.vec();
  I->WorkingDir = WorkingDir.str();
  for (size_t J = 0; J < Forward.size(); ++J) {
    TidyArg A = splitArg(Forward, J);
    size_t Count = A.SeparateValue ? 2 : 1;
    if (!irrelevantToSummaries(A.Key))
      for (size_t K = J; K < J + Count; ++K)
        I->Forward += Forward[K] + '\0';
    J += Count - 1;
  }
  I->Config = std::make_unique<TidyConfig>(TidyCommandLine::scan(Forward));
}

SummaryKeys::~SummaryKeys() = default;

std::string SummaryKeys::key(llvm::StringRef File) {
  llvm::SHA256 Hash;
  auto Add = [&](llvm::StringRef S) {
    Hash.update(S);
    Hash.update(llvm::StringRef("\0", 1));
  };
  Add("coroguard-summary-key");
  Add(COROGUARD_VERSION);
  // The build of coroguard too (its executable's size and time): a rebuild
  // with other rules, or an upgrade that keeps the version string, must not
  // reuse summaries made by the previous one.
  Add(buildIdentity());
  Add(CLANG_VERSION_STRING);
  Add(File);
  if (I->Db) {
    for (const clang::tooling::CompileCommand &C :
         I->Db->getCompileCommands(File)) {
      Add("command");
      Add(C.Directory);
      Add(C.Filename);
      for (const std::string &Arg : C.CommandLine)
        Add(Arg);
    }
  } else {
    Add("fixed");
    Add(I->WorkingDir);
    for (const std::string &Arg : I->FixedFlags)
      Add(Arg);
  }
  Add("tidy");
  Hash.update(I->Forward);
  if (clang::tidy::ClangTidyOptionsProvider *P = I->Config->provider()) {
    ClangTidyOptions Opts = P->getOptions(File);
    Add("extra-args");
    for (const auto *List : {&Opts.ExtraArgsBefore, &Opts.ExtraArgs}) {
      if (*List)
        for (const std::string &Arg : **List)
          Add(Arg);
      Add("|");
    }
    std::vector<std::pair<std::string, std::string>> Options;
    for (const auto &E : Opts.CheckOptions)
      if (affectsSummaries(E.getKey()))
        Options.emplace_back(E.getKey().str(), E.getValue().Value);
    llvm::sort(Options);
    Add("options");
    for (const auto &[Key, Value] : Options) {
      Add(Key);
      Add(Value);
    }
  }
  auto Digest = Hash.final();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest).take_front(16),
                     /*LowerCase=*/true);
}

//===-- SummaryStorage -----------------------------------------------------===//

std::string defaultSummaryCache(llvm::StringRef DbDir) {
  llvm::SmallString<256> Dir(DbDir);
  llvm::sys::path::append(Dir, ".cache", "coroguard", "summaries");
  return std::string(Dir);
}

llvm::Expected<std::unique_ptr<SummaryStorage>>
SummaryStorage::open(llvm::StringRef CacheDir,
                     std::optional<std::string> BuildDir) {
  std::unique_ptr<SummaryStorage> S(new SummaryStorage());
  S->CacheDir = absolutePath(CacheDir);
  // Seconds: the inputs' recorded times are whole seconds.
  S->RunStart = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::now());
  S->RunStartSeconds = seconds(S->RunStart);

  auto Unusable = [&](const llvm::Twine &Why) {
    return failure("cannot use the summary cache '" + CacheDir + "': " + Why +
                   " (choose another with --summary-cache=DIR, or run "
                   "without summaries: --no-summaries)");
  };
  if (llvm::sys::fs::exists(S->CacheDir) &&
      !llvm::sys::fs::is_directory(S->CacheDir))
    return Unusable("it is not a directory");
  if (std::error_code EC = llvm::sys::fs::create_directories(S->CacheDir))
    return Unusable(EC.message());
  {
    llvm::SmallString<256> Model(S->CacheDir);
    llvm::sys::path::append(Model, ".probe-%%%%%%.tmp");
    int FD = -1;
    llvm::SmallString<256> Probe;
    if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Probe))
      return Unusable(EC.message());
    llvm::sys::Process::SafelyCloseFileDescriptor(FD);
    llvm::sys::fs::remove(Probe);
  }

  if (BuildDir) {
    if (!llvm::sys::fs::exists(*BuildDir))
      return failure("the --summary-dir '" + *BuildDir + "' does not exist");
    std::vector<UnitSummary> Units;
    std::string Error;
    if (!clang::tidy::coro::readSummaries(*BuildDir, Units, Error))
      return failure("invalid --summary-dir '" + *BuildDir + "': " + Error);
    for (UnitSummary &U : Units) {
      std::string Key = canonicalPath(U.File);
      S->Build.insert_or_assign(std::move(Key), std::move(U));
    }
  }
  return std::move(S);
}

SummaryStorage::~SummaryStorage() { removeProgram(); }

SummaryStorage::FileState &SummaryStorage::state(const std::string &Path) {
  auto [It, Inserted] = Files.try_emplace(Path);
  if (Inserted) {
    llvm::sys::fs::file_status St;
    if (!llvm::sys::fs::status(Path, St) &&
        St.type() == llvm::sys::fs::file_type::regular_file) {
      It->second.Exists = true;
      It->second.Size = St.getSize();
      It->second.MTime = seconds(St.getLastModificationTime());
    }
  }
  return It->second;
}

std::optional<std::uint64_t> SummaryStorage::hash(const std::string &Path) {
  FileState &S = state(Path);
  if (!S.Exists)
    return std::nullopt;
  if (!S.Hash) {
    auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer)
      return std::nullopt;
    S.Hash = clang::tidy::coro::hashContent((*Buffer)->getBuffer());
  }
  return S.Hash;
}

bool SummaryStorage::unchanged(UnitSummary &U, std::int64_t TrustBefore,
                               bool &Touched) {
  if (U.Inputs.empty())
    return false; // nothing to check it by
  for (clang::tidy::coro::SummaryInput &In : U.Inputs) {
    FileState &S = state(In.Path);
    if (!S.Exists)
      return false;
    bool SameStat = S.Size == In.Size && S.MTime == In.MTime;
    if (SameStat && In.MTime < TrustBefore)
      continue;
    std::optional<std::uint64_t> H = hash(In.Path);
    if (!H || *H != In.Hash)
      return false;
    // Same content: record the file's time now, so that the next run
    // trusts it without reading it.
    In.Size = S.Size;
    In.MTime = S.MTime;
    Touched = true;
  }
  return true;
}

bool SummaryStorage::writeStamped(llvm::StringRef Path,
                                  llvm::ArrayRef<UnitSummary> Units) {
  auto File = AtomicFile::create(Path);
  if (!File) {
    llvm::consumeError(File.takeError());
    return false;
  }
  (*File)->os() << clang::tidy::coro::encodeSummaries(Units);
  if (llvm::Error E = (*File)->commit()) {
    llvm::consumeError(std::move(E));
    return false;
  }
  int FD = -1;
  if (llvm::sys::fs::openFileForWrite(Path, FD, llvm::sys::fs::CD_OpenExisting,
                                      llvm::sys::fs::OF_Append))
    return false;
  std::error_code EC =
      llvm::sys::fs::setLastAccessAndModificationTime(FD, RunStart, RunStart);
  llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  return !EC;
}

std::string SummaryStorage::cachePath(llvm::StringRef File,
                                      llvm::StringRef Key) const {
  llvm::SmallString<256> Path(CacheDir);
  llvm::sys::path::append(Path, (llvm::sys::path::filename(File) + "-" + Key +
                                 clang::tidy::coro::SummaryFileExtension)
                                    .str());
  return std::string(Path);
}

bool SummaryStorage::reuse(llvm::StringRef File, llvm::StringRef CachePath) {
  auto It = Build.find(canonicalPath(File));
  if (It != Build.end()) {
    bool Touched = false;
    if (unchanged(It->second, std::numeric_limits<std::int64_t>::min(),
                  Touched)) {
      Kept.push_back(std::move(It->second));
      Build.erase(It);
      ++Stats.FromBuild;
      return true;
    }
  }
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(CachePath, St) || !llvm::sys::fs::exists(St))
    return false;
  std::vector<UnitSummary> Units;
  std::string Error;
  // A file this coroguard cannot read (another format) is made again.
  if (!clang::tidy::coro::readSummaries(CachePath, Units, Error) ||
      Units.size() != 1)
    return false;
  bool Touched = false;
  if (!unchanged(Units.front(), seconds(St.getLastModificationTime()), Touched))
    return false;
  if (Touched)
    writeStamped(CachePath, Units);
  Kept.push_back(std::move(Units.front()));
  ++Stats.Cached;
  return true;
}

void SummaryStorage::prepare(llvm::StringRef CachePath) {
  llvm::sys::fs::remove(CachePath);
}

void SummaryStorage::collect(llvm::StringRef CachePath) {
  std::vector<UnitSummary> Units;
  std::string Error;
  if (!llvm::sys::fs::exists(CachePath) ||
      !clang::tidy::coro::readSummaries(CachePath, Units, Error) ||
      Units.size() != 1) {
    ++Stats.NotMade;
    return;
  }
  // Its time is the run's start: an input changed after that is newer than
  // the file, and read again next time (see the header).
  int FD = -1;
  if (!llvm::sys::fs::openFileForWrite(CachePath, FD,
                                       llvm::sys::fs::CD_OpenExisting,
                                       llvm::sys::fs::OF_Append)) {
    llvm::sys::fs::setLastAccessAndModificationTime(FD, RunStart, RunStart);
    llvm::sys::Process::SafelyCloseFileDescriptor(FD);
  }
  Kept.push_back(std::move(Units.front()));
  ++Stats.Made;
}

llvm::Expected<std::string> SummaryStorage::writeProgram() {
  llvm::SmallString<256> Path(CacheDir);
  llvm::sys::path::append(
      Path, "program-" + std::to_string(llvm::sys::Process::getProcessId()) +
                clang::tidy::coro::ProgramIndexExtension);
  auto File = AtomicFile::create(Path);
  if (!File)
    return File.takeError();
  // An index, read lazily by each unit's process (Summaries.h): parsing the
  // whole program in every one of them cost time in proportion to its size.
  (*File)->os() << clang::tidy::coro::encodeProgramIndex(Kept);
  if (llvm::Error E = (*File)->commit())
    return std::move(E);
  ProgramPath = std::string(Path);
  return ProgramPath;
}

void SummaryStorage::removeProgram() {
  if (!ProgramPath.empty())
    llvm::sys::fs::remove(ProgramPath);
  ProgramPath.clear();
}

} // namespace coroguard
