//===--- CheckEnablement.cpp - coroguard ----------------------------------===//
//
// The notice that a .clang-tidy file turns every coro-* check off (see
// CheckEnablement.h).
//
//===----------------------------------------------------------------------===//

#include "CoroguardModule.h"
#include "TidyArgs.h"
#include "CheckEnablement.h"

#include "clang-tidy/ClangTidyOptions.h"
#include "clang-tidy/GlobList.h"
#include "utils/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace coroguard {
namespace {

using clang::tidy::ClangTidyOptions;
using clang::tidy::ClangTidyOptionsProvider;
using clang::tidy::GlobList;

/// The name the coroguard module is registered under
/// (checks/CoroguardTidyModule.cpp).

/// What of clang-tidy's command line shapes the Checks of a run.
struct TidyCommandLine {
  std::optional<std::string> Checks, Config, ConfigFile;
  std::vector<std::string> Sources;
  bool InfoOnly = false; // --help, --list-checks, --dump-config, ...
};

TidyCommandLine scan(llvm::ArrayRef<std::string> Args) {
  TidyCommandLine CL;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--")
      break; // compiler flags follow
    if (!Arg.starts_with("-") || Arg == "-") {
      CL.Sources.push_back(Arg.str());
      continue;
    }
    llvm::StringRef Name = Arg.ltrim('-');
    auto [Key, Inline] = Name.split('=');
    std::optional<std::string> Value;
    if (Name.contains('='))
      Value = Inline.str();
    else if (takesSeparateValue(Key) && I + 1 < Args.size())
      Value = Args[++I];
    if (isInfoOption(Key))
      CL.InfoOnly = true;
    else if (Key == "checks")
      CL.Checks = Value;
    else if (Key == "config")
      CL.Config = Value;
    else if (Key == "config-file")
      CL.ConfigFile = Value;
  }
  return CL;
}

/// parseConfiguration without its messages: the run itself reports a
/// configuration that does not parse.
llvm::ErrorOr<ClangTidyOptions> parseSilently(llvm::MemoryBufferRef Text) {
  return clang::tidy::parseConfigurationWithDiags(
      Text, [](const llvm::SMDiagnostic &) {});
}

/// One of clang-tidy's options providers with a silent .clang-tidy reader: a
/// file that does not parse is read as empty (no Checks; the search for
/// parent files stops there) and recorded in \p Malformed.
template <typename Provider> class SilentProvider final : public Provider {
public:
  template <typename... Args>
  explicit SilentProvider(std::set<std::string> &Malformed, Args &&...A)
      : Provider(std::forward<Args>(A)...) {
    this->ConfigHandlers.clear();
    this->ConfigHandlers.emplace_back(
        ".clang-tidy",
        [&Malformed](
            llvm::MemoryBufferRef Text) -> llvm::ErrorOr<ClangTidyOptions> {
          llvm::ErrorOr<ClangTidyOptions> Parsed = parseSilently(Text);
          if (Parsed)
            return Parsed;
          Malformed.insert(Text.getBufferIdentifier().str());
          return ClangTidyOptions();
        });
  }
};

/// The options provider clangTidyMain builds for \p CL (its
/// createOptionsProvider): clang-tidy's defaults with the modules' (coro-*
/// from ours), -config / -config-file, -checks as the override. Null when
/// clang-tidy would refuse the command line (it says why itself).
std::unique_ptr<ClangTidyOptionsProvider>
makeProvider(const TidyCommandLine &CL, std::set<std::string> &Malformed) {
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  ClangTidyOptions Overrides;
  if (CL.Checks)
    Overrides.Checks = *CL.Checks;
  if (CL.Config && CL.ConfigFile)
    return nullptr;
  std::unique_ptr<llvm::MemoryBuffer> ConfigText;
  if (CL.ConfigFile) {
    auto Text = llvm::MemoryBuffer::getFile(*CL.ConfigFile);
    if (!Text)
      return nullptr;
    ConfigText = std::move(*Text);
  } else if (CL.Config) {
    ConfigText = llvm::MemoryBuffer::getMemBufferCopy(*CL.Config,
                                                      "<command-line-config>");
  }
  if (ConfigText) {
    llvm::ErrorOr<ClangTidyOptions> Config =
        parseSilently(ConfigText->getMemBufferRef());
    if (!Config)
      return nullptr;
    return std::make_unique<SilentProvider<clang::tidy::ConfigOptionsProvider>>(
        Malformed, clang::tidy::ClangTidyGlobalOptions(), std::move(Defaults),
        std::move(*Config), std::move(Overrides));
  }
  return std::make_unique<SilentProvider<clang::tidy::FileOptionsProvider>>(
      Malformed, clang::tidy::ClangTidyGlobalOptions(), std::move(Defaults),
      std::move(Overrides));
}

/// The names getRawOptions gives the sources that are not configuration
/// files (those carry the file's path).
using SourceNames = ClangTidyOptionsProvider;

bool isDefaults(llvm::StringRef Source) {
  return Source == SourceNames::OptionsSourceTypeDefaultBinary;
}

/// -checks, or -config / -config-file.
bool isCommandLine(llvm::StringRef Source) {
  return Source == SourceNames::OptionsSourceTypeCheckCommandLineOption ||
         Source == SourceNames::OptionsSourceTypeConfigCommandLineOption;
}

/// Appends \p Globs to \p List as ClangTidyOptions::mergeWith joins Checks.
void appendGlobs(std::string &List, llvm::StringRef Globs) {
  if (!List.empty())
    List += ',';
  List += Globs;
}

/// The .clang-tidy file that leaves every check of \p Names off for \p File,
/// or nothing: walks \p File's option sources in merge order and names the
/// one after which none of them was on any more, if that is a configuration
/// file and the command line does not turn them all off itself.
std::optional<std::string>
disablingConfig(ClangTidyOptionsProvider &Provider,
                const std::set<std::string> &Malformed,
                llvm::ArrayRef<std::string> Names, llvm::StringRef File) {
  std::string Merged;      // every source's Checks so far, in merge order
  std::string CommandLine; // those of -config / -config-file and -checks
  bool AnyOn = false;
  std::optional<std::string> TurnedOff; // the source that turned the last off
  for (const auto &[Options, Source] : Provider.getRawOptions(File)) {
    if (Malformed.count(Source))
      return std::nullopt; // clang-tidy's business
    if (!Options.Checks)
      continue;
    appendGlobs(Merged, *Options.Checks);
    if (isCommandLine(Source))
      appendGlobs(CommandLine, *Options.Checks);
    GlobList Enabled(Merged);
    bool On = llvm::any_of(
        Names, [&](const std::string &N) { return Enabled.contains(N); });
    if (AnyOn && !On)
      TurnedOff = Source;
    AnyOn = On;
  }
  if (AnyOn || !TurnedOff || isDefaults(*TurnedOff) ||
      isCommandLine(*TurnedOff))
    return std::nullopt;
  // -checks / -config that on their own turn every coro-* check off: the
  // user asked for it. ("*," answers "on" for a check they do not mention.)
  GlobList ByCommandLine("*," + CommandLine);
  if (llvm::none_of(Names, [&](const std::string &N) {
        return ByCommandLine.contains(N);
      }))
    return std::nullopt;
  return TurnedOff;
}

std::vector<std::string> disablingConfigs(const TidyCommandLine &CL,
                                          llvm::ArrayRef<std::string> Files) {
  std::vector<std::string> Found;
  std::set<std::string> Malformed;
  std::unique_ptr<ClangTidyOptionsProvider> Provider =
      makeProvider(CL, Malformed);
  const std::vector<std::string> &Names =
      clang::tidy::coro::registeredCheckNames();
  if (!Provider || Names.empty())
    return Found;
  for (const std::string &File : Files) {
    if (!llvm::sys::fs::exists(File))
      continue; // clang-tidy reports it
    std::optional<std::string> Config =
        disablingConfig(*Provider, Malformed, Names, File);
    if (Config && !llvm::is_contained(Found, *Config))
      Found.push_back(*Config);
  }
  return Found;
}

void printNotes(llvm::ArrayRef<std::string> Configs) {
  for (const std::string &Config : Configs)
    llvm::errs() << "coroguard: note: coro-* checks are disabled by "
                    ".clang-tidy at "
                 << Config << "; add 'coro-*' to Checks\n";
}

} // namespace

void noteConfigsDisablingCoroChecks(llvm::ArrayRef<std::string> TidyArgs,
                                    llvm::ArrayRef<std::string> Files) {
  printNotes(disablingConfigs(scan(TidyArgs), Files));
}

void noteConfigsDisablingCoroChecks(int argc, const char **argv) {
  if (llvm::sys::Process::GetEnv(NoConfigNoticeEnv))
    return;
  std::vector<std::string> Args(argv + std::min(argc, 1), argv + argc);
  TidyCommandLine CL = scan(Args);
  if (CL.InfoOnly)
    return;
  printNotes(disablingConfigs(CL, CL.Sources));
}

} // namespace coroguard
