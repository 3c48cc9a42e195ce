//===--- CheckEnablement.cpp - coroguard ----------------------------------===//
//
// The notice that a .clang-tidy file turns every coro-* check off (see
// CheckEnablement.h).
//
//===----------------------------------------------------------------------===//

#include "CoroguardModule.h"
#include "CheckEnablement.h"
#include "TidyConfig.h"

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
disablingConfig(TidyConfig &Config, llvm::ArrayRef<std::string> Names,
                llvm::StringRef File) {
  ClangTidyOptionsProvider &Provider = *Config.provider();
  std::string Merged;      // every source's Checks so far, in merge order
  std::string CommandLine; // those of -config / -config-file and -checks
  bool AnyOn = false;
  std::optional<std::string> TurnedOff; // the source that turned the last off
  for (const auto &[Options, Source] : Provider.getRawOptions(File)) {
    if (Config.isMalformed(Source))
      return std::nullopt; // reported as a configuration error
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
  TidyConfig Config(CL);
  const std::vector<std::string> &Names =
      clang::tidy::coro::registeredCheckNames();
  if (!Config.provider() || Names.empty())
    return Found;
  for (const std::string &File : Files) {
    if (!llvm::sys::fs::exists(File))
      continue; // clang-tidy reports it
    std::optional<std::string> Disabling = disablingConfig(Config, Names, File);
    if (Disabling && !llvm::is_contained(Found, *Disabling))
      Found.push_back(*Disabling);
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
  printNotes(disablingConfigs(TidyCommandLine::scan(TidyArgs), Files));
}

void noteConfigsDisablingCoroChecks(int argc, const char **argv) {
  if (llvm::sys::Process::GetEnv(NoConfigNoticeEnv))
    return;
  std::vector<std::string> Args(argv + std::min(argc, 1), argv + argc);
  TidyCommandLine CL = TidyCommandLine::scan(Args);
  if (CL.InfoOnly)
    return;
  printNotes(disablingConfigs(CL, CL.Sources));
}

} // namespace coroguard
