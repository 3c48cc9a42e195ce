//===--- TidyConfig.cpp - coroguard ---------------------------------------===//
//
// The clang-tidy configuration of a run (see TidyConfig.h).
//
//===----------------------------------------------------------------------===//

#include "TidyConfig.h"
#include "CoroguardModule.h"
#include "TidyArgs.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "utils/LLVMCompat.h"
#include "utils/SessionOptions.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include <set>

namespace coroguard {

using clang::tidy::ClangTidyOptions;
using clang::tidy::ClangTidyOptionsProvider;

TidyCommandLine TidyCommandLine::scan(llvm::ArrayRef<std::string> Args) {
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

namespace {

/// "file:line:col: message" of a YAML diagnostic (columns 1-based).
std::string describe(const llvm::SMDiagnostic &D) {
  std::string Where = D.getFilename().str();
  if (D.getLineNo() > 0)
    Where += ":" + std::to_string(D.getLineNo()) + ":" +
             std::to_string(D.getColumnNo() + 1);
  return Where + ": " + D.getMessage().str();
}

/// parseConfiguration that keeps its first message instead of printing it.
llvm::ErrorOr<ClangTidyOptions> parseQuietly(llvm::MemoryBufferRef Text,
                                             std::string &FirstError) {
  llvm::ErrorOr<ClangTidyOptions> Parsed =
      clang::tidy::parseConfigurationWithDiags(
          Text, [&](const llvm::SMDiagnostic &D) {
            if (FirstError.empty())
              FirstError = describe(D);
          });
  if (!Parsed && FirstError.empty())
    FirstError = Text.getBufferIdentifier().str() + ": " +
                 Parsed.getError().message();
  return Parsed;
}

/// One of clang-tidy's options providers with a quiet .clang-tidy reader: a
/// file that does not parse is read as empty (no Checks; the search for
/// parent files stops there) and recorded in \p Malformed with its first
/// error.
template <typename Provider> class QuietProvider final : public Provider {
public:
  template <typename... Args>
  explicit QuietProvider(std::map<std::string, std::string> &Malformed,
                         Args &&...A)
      : Provider(std::forward<Args>(A)...) {
    this->ConfigHandlers.clear();
    this->ConfigHandlers.emplace_back(
        ".clang-tidy",
        [&Malformed](
            llvm::MemoryBufferRef Text) -> llvm::ErrorOr<ClangTidyOptions> {
          std::string Error;
          llvm::ErrorOr<ClangTidyOptions> Parsed = parseQuietly(Text, Error);
          if (Parsed)
            return Parsed;
          Malformed.emplace(Text.getBufferIdentifier().str(), Error);
          return ClangTidyOptions();
        });
  }
};

/// Collects the messages of the configuration diagnostics that building the
/// checks reports.
class ConfigDiagnostics final : public clang::DiagnosticConsumer {
public:
  std::vector<std::string> Messages;
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Warning)
      return;
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    llvm::StringRef Message(Text);
    Message.consume_back(" [clang-tidy-config]"); // the check's tag
    Messages.push_back(Message.str());
  }
};

/// The configuration sources of \p File that set check options, last first
/// (the one whose value won, most likely).
std::string optionSources(ClangTidyOptionsProvider &Provider,
                          llvm::StringRef File) {
  std::string Names;
  auto Raw = Provider.getRawOptions(File);
  for (auto It = Raw.rbegin(); It != Raw.rend(); ++It)
    if (!It->first.CheckOptions.empty() &&
        It->second != ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary) {
      Names = It->second;
      break;
    }
  return Names;
}

/// A key for a configuration: two files with equal keys build equal checks.
std::string configurationKey(const ClangTidyOptions &Opts) {
  std::string Key = Opts.Checks.value_or("");
  std::vector<std::pair<std::string, std::string>> Options;
  for (const auto &Entry : Opts.CheckOptions)
    Options.emplace_back(Entry.getKey().str(), Entry.getValue().Value);
  llvm::sort(Options);
  for (const auto &[Name, Value] : Options)
    Key += '\0' + Name + '\0' + Value;
  return Key;
}

/// The messages building the enabled coro-* checks under \p Opts reports.
std::vector<std::string> validateCheckOptions(const ClangTidyOptions &Opts,
                                              llvm::StringRef File) {
  clang::tidy::ClangTidyContext Context(
      std::make_unique<clang::tidy::DefaultOptionsProvider>(
          clang::tidy::ClangTidyGlobalOptions(), Opts));
  ConfigDiagnostics Consumer;
  std::unique_ptr<clang::DiagnosticsEngine> Engine =
      clang::tidy::coro::compat::makeContextDiagnostics(Context, Consumer);
  Context.setCurrentFile(File);
  clang::tidy::ClangTidyCheckFactories Factories;
  clang::tidy::coro::addModuleCheckFactories(Factories);
  auto Checks = Factories.createChecks(&Context);
  (void)Checks;
  // The hidden coroguard.* options, from the table the checks' dispatcher
  // reads them with.
  std::vector<std::string> Hidden;
  clang::tidy::coro::readSessionOptions(Opts.CheckOptions, Hidden);
  for (std::string &M : Hidden)
    Consumer.Messages.push_back(std::move(M));
  return std::move(Consumer.Messages);
}

} // namespace

TidyConfig::TidyConfig(const TidyCommandLine &CL) {
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  ClangTidyOptions Overrides;
  if (CL.Checks)
    Overrides.Checks = *CL.Checks;
  if (CL.Config && CL.ConfigFile) {
    CommandLineProblem = "-config and -config-file are mutually exclusive; "
                         "give one of them";
    return;
  }
  std::unique_ptr<llvm::MemoryBuffer> ConfigText;
  if (CL.ConfigFile) {
    auto Text = llvm::MemoryBuffer::getFile(*CL.ConfigFile);
    if (!Text) {
      CommandLineProblem = "cannot read the -config-file '" + *CL.ConfigFile +
                           "': " + Text.getError().message();
      return;
    }
    ConfigText = std::move(*Text);
  } else if (CL.Config) {
    ConfigText = llvm::MemoryBuffer::getMemBufferCopy(*CL.Config, "-config");
  }
  if (ConfigText) {
    std::string Error;
    llvm::ErrorOr<ClangTidyOptions> Config =
        parseQuietly(ConfigText->getMemBufferRef(), Error);
    if (!Config) {
      CommandLineProblem = "invalid configuration: " + Error;
      return;
    }
    Provider = std::make_unique<QuietProvider<clang::tidy::ConfigOptionsProvider>>(
        Malformed, clang::tidy::ClangTidyGlobalOptions(), std::move(Defaults),
        std::move(*Config), std::move(Overrides));
    return;
  }
  Provider = std::make_unique<QuietProvider<clang::tidy::FileOptionsProvider>>(
      Malformed, clang::tidy::ClangTidyGlobalOptions(), std::move(Defaults),
      std::move(Overrides));
}

std::vector<std::string> TidyConfig::problems(llvm::ArrayRef<std::string> Files,
                                              bool CheckOptions) {
  std::vector<std::string> Found;
  auto Add = [&](std::string P) {
    if (!llvm::is_contained(Found, P))
      Found.push_back(std::move(P));
  };
  if (CommandLineProblem || !Provider) {
    if (CommandLineProblem)
      Add(*CommandLineProblem);
    return Found;
  }
  std::set<std::string> Validated;
  for (const std::string &File : Files) {
    if (!llvm::sys::fs::exists(File))
      continue; // the run reports it
    bool Broken = false;
    for (const auto &[Options, Source] : Provider->getRawOptions(File)) {
      auto It = Malformed.find(Source);
      if (It != Malformed.end()) {
        Add("invalid configuration file " + It->second);
        Broken = true;
      }
    }
    if (Broken || !CheckOptions)
      continue;
    ClangTidyOptions Opts = Provider->getOptions(File);
    if (!Validated.insert(configurationKey(Opts)).second)
      continue;
    std::vector<std::string> Messages = validateCheckOptions(Opts, File);
    if (Messages.empty())
      continue;
    std::string Where = optionSources(*Provider, File);
    for (const std::string &M : Messages)
      Add(Where.empty() ? M : M + " (set in " + Where + ")");
  }
  return Found;
}

} // namespace coroguard
