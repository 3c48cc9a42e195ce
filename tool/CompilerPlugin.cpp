//===--- CompilerPlugin.cpp - coroguard -----------------------------------===//
//
// libcoroguard-plugin.so: the coro-* checks inside a normal compile.
//
//   clang++ -fplugin=libcoroguard-plugin.so -c file.cpp
//   clang++ -Xclang -load -Xclang libcoroguard-plugin.so \
//           -Xclang -add-plugin -Xclang coroguard -c file.cpp
//
// The plugin action hosts clang-tidy's own machinery (ClangTidyContext with
// a FileOptionsProvider, ClangTidyASTConsumerFactory,
// ClangTidyDiagnosticConsumer) on the compiler's AST, so .clang-tidy files,
// CheckOptions, NOLINT / NOLINTNEXTLINE / NOLINTBEGIN..END, HeaderFilterRegex
// and WarningsAsErrors behave as with `clang-tidy` or the coroguard CLI.
// The findings are collected during the AST pass and then reported through
// the compiler's own DiagnosticsEngine, as
//   file.cpp:19:3: warning: <message> [coro-never-awaited]
// Custom diagnostics are not subject to -Werror / -w in clang, so the plugin
// applies them itself: -Werror makes every finding an error
// ("[coro-never-awaited,-Werror]"), WarningsAsErrors from .clang-tidy makes
// the matching ones errors ("[...,-warnings-as-errors]"), -w drops warnings.
//
// Only coroguard's own checks exist in the plugin (the module registry of the
// statically linked clang-tidy library holds just our module), and the
// static analyzer (`clang-analyzer-*`) is always off: a `.clang-tidy` that
// enables other checks is honoured for the coro-* part only.
//
// Plugin arguments (-fplugin-arg-coroguard-<arg>, or
// -Xclang -plugin-arg-coroguard -Xclang <arg>):
//   checks=<glob>              appended to the Checks glob (like -checks=)
//   warnings-as-errors=<glob>  appended to WarningsAsErrors (like
//                              --warnings-as-errors=)
//   header-filter=<regex>      overrides HeaderFilterRegex (default '.*':
//                              every non-system header, like compiler warnings)
//   summaries=<dir>            also write the translation unit's summary
//                              (checks/utils/Summaries.h) to
//                              <dir>/<stem>-<hash>.cgsum, <hash> 16 hex digits
//                              of xxh3 of the main file's absolute path; <dir>
//                              (relative to the compiler's working directory)
//                              is created when missing. The build then leaves
//                              the summaries behind for `coroguard -p build
//                              --summary-dir=<dir>` (or for
//                              coroguard.SummaryDirectory in a .clang-tidy,
//                              read by every front end) at no extra parse.
//
//===----------------------------------------------------------------------===//

#include "utils/Summaries.h"
#include "utils/LLVMCompat.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/StaticAnalyzer/Core/AnalyzerOptions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy {
// Defined next to the module's registration (checks/CoroguardTidyModule.cpp).
extern volatile int CoroguardModuleAnchorSource;
} // namespace clang::tidy

namespace clang::tidy::coro {
namespace {

[[maybe_unused]] const int ModuleAnchor = CoroguardModuleAnchorSource;

//===-- Reporting through the compiler ------------------------------------===//

/// Everything the clang-tidy side of one compile needs, owned together.
/// Declared as the first base of PluginConsumer so that it outlives the
/// checks and the MatchFinder (held by the MultiplexConsumer base).
struct TidyState {
  std::unique_ptr<ClangTidyContext> Context;
  std::unique_ptr<ClangTidyDiagnosticConsumer> Collector;
  std::unique_ptr<DiagnosticsEngine> Engine;
};

class PluginConsumer : private TidyState, public MultiplexConsumer {
public:
  PluginConsumer(TidyState State, std::unique_ptr<ASTConsumer> Checks,
                 CompilerInstance &CI)
      : TidyState(std::move(State)),
        MultiplexConsumer(consumers(std::move(Checks))), CI(CI) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    Collector->BeginSourceFile(CI.getLangOpts(), &CI.getPreprocessor());
    MultiplexConsumer::HandleTranslationUnit(Ctx); // runs the matchers
    Collector->EndSourceFile();
    report(Collector->take());
  }

private:
  static std::vector<std::unique_ptr<ASTConsumer>>
  consumers(std::unique_ptr<ASTConsumer> C) {
    std::vector<std::unique_ptr<ASTConsumer>> V;
    V.push_back(std::move(C));
    return V;
  }

  SourceLocation locationOf(llvm::StringRef Path, unsigned Offset) const {
    if (Path.empty())
      return {};
    SourceManager &SM = CI.getSourceManager();
    OptionalFileEntryRef File = SM.getFileManager().getOptionalFileRef(Path);
    if (!File)
      return {};
    FileID FID = SM.translateFile(*File);
    if (FID.isInvalid())
      return {};
    return SM.getLocForStartOfFile(FID).getLocWithOffset(Offset);
  }

  void addDetails(DiagnosticBuilder &B,
                  const tooling::DiagnosticMessage &Msg) const {
    for (const tooling::FileByteRange &R : Msg.Ranges) {
      SourceLocation Begin = locationOf(R.FilePath, R.FileOffset);
      if (Begin.isValid())
        B << CharSourceRange::getCharRange(Begin,
                                           Begin.getLocWithOffset(R.Length));
    }
    for (const auto &FileFixes : Msg.Fix)
      for (const tooling::Replacement &Fix : FileFixes.second) {
        SourceLocation Begin = locationOf(Fix.getFilePath(), Fix.getOffset());
        if (Begin.isInvalid())
          continue;
        B << FixItHint::CreateReplacement(
            CharSourceRange::getCharRange(
                Begin, Begin.getLocWithOffset(Fix.getLength())),
            Fix.getReplacementText());
      }
  }

  void report(const std::vector<ClangTidyError> &Errors) {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // clang-tidy's filter (SystemHeaders, HeaderFilterRegex) already decided
    // which findings to show: keep the compiler's own system-header
    // suppression from second-guessing it (SystemHeaders: true).
    const bool SuppressSystem = Diags.getSuppressSystemWarnings();
    Diags.setSuppressSystemWarnings(false);
    for (const ClangTidyError &E : Errors) {
      DiagnosticsEngine::Level Level = DiagnosticsEngine::Warning;
      std::string Tag = E.DiagnosticName;
      switch (E.DiagLevel) {
      case tooling::Diagnostic::Error:
        Level = DiagnosticsEngine::Error;
        break;
      case tooling::Diagnostic::Remark:
        Level = DiagnosticsEngine::Remark;
        break;
      case tooling::Diagnostic::Warning:
        if (E.IsWarningAsError) { // WarningsAsErrors in .clang-tidy
          Level = DiagnosticsEngine::Error;
          Tag += ",-warnings-as-errors";
        } else if (Diags.getIgnoreAllWarnings()) { // -w
          continue;
        } else if (Diags.getWarningsAsErrors()) { // -Werror
          Level = DiagnosticsEngine::Error;
          Tag += ",-Werror";
        }
        break;
      }
      unsigned ID;
      switch (Level) {
      case DiagnosticsEngine::Error:
        ID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0 [%1]");
        break;
      case DiagnosticsEngine::Remark:
        ID = Diags.getCustomDiagID(DiagnosticsEngine::Remark, "%0 [%1]");
        break;
      default:
        ID = Diags.getCustomDiagID(DiagnosticsEngine::Warning, "%0 [%1]");
        break;
      }
      {
        DiagnosticBuilder B = Diags.Report(
            locationOf(E.Message.FilePath, E.Message.FileOffset), ID);
        B << E.Message.Message << Tag;
        addDetails(B, E.Message);
      }
      const unsigned NoteID =
          Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
      for (const tooling::DiagnosticMessage &Note : E.Notes) {
        DiagnosticBuilder B =
            Diags.Report(locationOf(Note.FilePath, Note.FileOffset), NoteID);
        B << Note.Message;
        addDetails(B, Note);
      }
    }
    Diags.setSuppressSystemWarnings(SuppressSystem);
  }

  CompilerInstance &CI;
};

//===-- The plugin action -------------------------------------------------===//

class CoroguardPluginAction : public PluginASTAction {
public:
  // Runs after the compiler's own action, on every compile that loads the
  // plugin: plain -fplugin= is enough (and -add-plugin coroguard is harmless).
  ActionType getActionType() override { return AddAfterMainAction; }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    for (llvm::StringRef Arg : Args) {
      if (Arg.consume_front("checks=")) {
        ExtraChecks = Arg.str();
      } else if (Arg.consume_front("warnings-as-errors=")) {
        Overrides.WarningsAsErrors = Arg.str();
      } else if (Arg.consume_front("header-filter=")) {
        Overrides.HeaderFilterRegex = Arg.str();
      } else if (Arg.consume_front("summaries=")) {
        if (Arg.empty()) {
          DiagnosticsEngine &D = CI.getDiagnostics();
          D.Report(D.getCustomDiagID(
              DiagnosticsEngine::Error,
              "coroguard plugin: 'summaries=' needs a directory"));
          return false;
        }
        SummaryDir = Arg.str();
      } else {
        DiagnosticsEngine &D = CI.getDiagnostics();
        D.Report(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "coroguard plugin: unknown argument '%0' (expected checks=<glob>, "
            "warnings-as-errors=<glob>, header-filter=<regex> or "
            "summaries=<dir>)"))
            << Arg;
        return false;
      }
    }
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef File) override {
    // Settings not given by a .clang-tidy file: our checks on, reports in
    // every non-system header, and in system headers with -Wsystem-headers
    // (what compiler warnings do).
    ClangTidyOptions Defaults;
    Defaults.Checks = "coro-*";
    Defaults.HeaderFilterRegex = ".*";
    Defaults.SystemHeaders = !CI.getDiagnostics().getSuppressSystemWarnings();
    ClangTidyOptions Forced = Overrides;
    // Appended last: never start the static analyzer inside the compile.
    Forced.Checks = (ExtraChecks.empty() ? "" : ExtraChecks + ",") +
                    "-clang-analyzer-*";
    if (!SummaryDir.empty()) {
      std::string Output = summaryOutput(CI, File);
      if (Output.empty()) // reported: the compile fails
        return std::make_unique<ASTConsumer>();
      Forced.CheckOptions["coroguard.SummaryOutput"] =
          ClangTidyOptions::ClangTidyValue(Output);
    }

    TidyState State;
    State.Context =
        std::make_unique<ClangTidyContext>(std::make_unique<FileOptionsProvider>(
            ClangTidyGlobalOptions(), std::move(Defaults), std::move(Forced),
            CI.getFileManager().getVirtualFileSystemPtr()));
    State.Collector = std::make_unique<ClangTidyDiagnosticConsumer>(
        *State.Context, /*ExternalDiagEngine=*/nullptr,
        /*RemoveIncompatibleErrors=*/true, /*GetFixesFromNotes=*/false);
    State.Engine =
        compat::makeContextDiagnostics(*State.Context, *State.Collector);

    // createASTConsumer writes the (empty) list of analyzer checkers into the
    // compiler's options; keep `clang --analyze` intact.
    AnalyzerOptions &Analyzer = CI.getAnalyzerOpts();
    auto SavedCheckers = Analyzer.CheckersAndPackages;
    ClangTidyASTConsumerFactory Factory(*State.Context);
    std::unique_ptr<ASTConsumer> Checks = Factory.createASTConsumer(CI, File);
    Analyzer.CheckersAndPackages = std::move(SavedCheckers);

    return std::make_unique<PluginConsumer>(std::move(State), std::move(Checks),
                                            CI);
  }

private:
  /// Where summaries=<dir> puts the summary of \p MainFile (empty, with an
  /// error reported, when <dir> cannot be created).
  std::string summaryOutput(CompilerInstance &CI, llvm::StringRef MainFile) {
    FileManager &FM = CI.getFileManager();
    llvm::SmallString<256> Dir(SummaryDir), Main(MainFile);
    FM.makeAbsolutePath(Dir);
    FM.makeAbsolutePath(Main);
    llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
    llvm::sys::path::remove_dots(Main, /*remove_dot_dot=*/true);
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
      DiagnosticsEngine &D = CI.getDiagnostics();
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "coroguard plugin: cannot create the summary "
                                 "directory '%0': %1"))
          << Dir << EC.message();
      return "";
    }
    llvm::sys::path::append(
        Dir, llvm::sys::path::stem(Main) + "-" +
                 llvm::utohexstr(llvm::xxh3_64bits(Main), /*LowerCase=*/true,
                                 /*Width=*/16) +
                 clang::tidy::coro::SummaryFileExtension);
    return std::string(Dir);
  }

  ClangTidyOptions Overrides;
  std::string ExtraChecks;
  std::string SummaryDir;
};

} // namespace
} // namespace clang::tidy::coro

static clang::FrontendPluginRegistry::Add<
    clang::tidy::coro::CoroguardPluginAction>
    X("coroguard", "coroguard's coro-* checks during compilation");
