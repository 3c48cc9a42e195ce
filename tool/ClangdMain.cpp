//===--- ClangdMain.cpp - coroguard ---------------------------------------===//
//
// coroguard-clangd: clangd with the coroguard module linked in, so editors
// show coro-* diagnostics live, with nothing to configure.
//
// Stock clangd would drop our checks three ways, so three clangd functions
// are wrapped at link time (ld's --wrap=<symbol>, set in tool/CMakeLists.txt:
// every call from clangd's own objects goes to __wrap_<symbol>, which calls
// the original as __real_<symbol>). All three have the same signature in
// LLVM 19 and 22.
//  - isFastTidyCheck: clangd runs only checks on its measured "fast" list
//    unless `.clangd` sets `FastCheckFilter: Loose`, and drops the others
//    without a word. The coro-* checks answer "fast": measured as clangd
//    measures its own list (bench/clangd/run.sh, clangd --check-tidy-time),
//    each adds at most a few percent of an AST build, under clangd's 8% bar
//    (docs/evaluation.md); every other check keeps clangd's answer.
//  - getTidyOptionsForFile: with no `.clang-tidy` and no `.clangd`, clangd
//    enables a fixed list of checks. "coro-*" is put *first* in the check
//    list of every file, so a later glob of the user's -- `.clang-tidy`
//    `Checks: '-*,...'` or `.clangd` `Remove: [coro-*]` -- still wins, as in
//    the coroguard CLI (the module's default). Nothing is added when clang-tidy
//    is off (`--clang-tidy=false`).
//  - toJSON(PublishDiagnosticsParams): clangd links every clang-tidy
//    diagnostic to clang.llvm.org/extra/clang-tidy/checks/<module>/<check>,
//    which does not exist for ours; coro-* links go to coroguard's page
//    instead (tool/DocLinks.h: --doc-url-base, COROGUARD_DOCS_URL, or the
//    installed docs).
//
//===----------------------------------------------------------------------===//

#include "CoroguardModule.h"
#include "DocLinks.h"
#include "Version.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>

namespace clang::clangd {
// Declared in clang-tools-extra/clangd/tool/ClangdMain.h, which Debian does
// not install.
int clangdMain(int argc, char *argv[]);
// From clangd's TidyProvider.h and Protocol.h (not installed either).
struct PublishDiagnosticsParams;
using TidyProviderRef = llvm::function_ref<void(tidy::ClangTidyOptions &,
                                                llvm::StringRef)>;
} // namespace clang::clangd

namespace clang::tidy {
extern volatile int CoroguardModuleAnchorSource;
} // namespace clang::tidy

[[maybe_unused]] static int CoroguardModuleAnchorDestination =
    clang::tidy::CoroguardModuleAnchorSource;

using clang::clangd::PublishDiagnosticsParams;
using clang::clangd::TidyProviderRef;
using clang::tidy::ClangTidyOptions;

// The originals, under the names --wrap gives them.
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
ClangTidyOptions
realGetTidyOptionsForFile(TidyProviderRef Provider,
                          llvm::StringRef Filename) __asm__(
    "__real__ZN5clang6clangd21getTidyOptionsForFileEN4llvm12function_"
    "refIFvRNS_4tidy16ClangTidyOptionsENS1_9StringRefEEEES6_");
llvm::json::Value
realPublishDiagnosticsToJSON(const PublishDiagnosticsParams &Params) __asm__(
    "__real__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");

namespace {

llvm::cl::opt<std::string> DocUrlBase(
    "doc-url-base",
    llvm::cl::desc("coroguard: base URL of the coro-* check pages that "
                   "diagnostics link to (default: the installed pages; "
                   "with {check}, a template of the whole URI)"),
    llvm::cl::init(""));

const char *Argv0 = "coroguard-clangd";

/// Resolved on first use: by then clangdMain has parsed --doc-url-base.
const coroguard::DocLinks &docs() {
  static const coroguard::DocLinks Links = coroguard::DocLinks::resolve(
      Argv0, reinterpret_cast<void *>(&docs), DocUrlBase);
  return Links;
}

} // namespace

std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) {
  if (clang::tidy::coro::isRegisteredCheck(Check))
    return true;
  return realIsFastTidyCheck(Check);
}

ClangTidyOptions wrapGetTidyOptionsForFile(TidyProviderRef Provider,
                                           llvm::StringRef Filename) __asm__(
    "__wrap__ZN5clang6clangd21getTidyOptionsForFileEN4llvm12function_"
    "refIFvRNS_4tidy16ClangTidyOptionsENS1_9StringRefEEEES6_");
ClangTidyOptions wrapGetTidyOptionsForFile(TidyProviderRef Provider,
                                           llvm::StringRef Filename) {
  ClangTidyOptions Opts = realGetTidyOptionsForFile(Provider, Filename);
  if (Provider) {
    std::string Checks = "coro-*";
    if (Opts.Checks && !Opts.Checks->empty())
      Checks += "," + *Opts.Checks;
    Opts.Checks = std::move(Checks);
  }
  return Opts;
}

llvm::json::Value
wrapPublishDiagnosticsToJSON(const PublishDiagnosticsParams &Params) __asm__(
    "__wrap__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");
llvm::json::Value
wrapPublishDiagnosticsToJSON(const PublishDiagnosticsParams &Params) {
  llvm::json::Value V = realPublishDiagnosticsToJSON(Params);
  llvm::json::Object *O = V.getAsObject();
  llvm::json::Array *Diags = O ? O->getArray("diagnostics") : nullptr;
  if (!Diags)
    return V;
  for (llvm::json::Value &D : *Diags) {
    llvm::json::Object *DO = D.getAsObject();
    if (!DO)
      continue;
    std::optional<llvm::StringRef> Code = DO->getString("code");
    llvm::json::Object *Description = DO->getObject("codeDescription");
    if (Code && Description && clang::tidy::coro::isRegisteredCheck(*Code))
      (*Description)["href"] = docs().checkPage(*Code);
  }
  return V;
}

int main(int argc, char *argv[]) {
  // clangd installs its own version printer, which prints clangd's version
  // only: name coroguard first.
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--version" || Arg == "-version") {
      llvm::outs() << COROGUARD_VERSION_LINE("coroguard-clangd") << "\n";
      llvm::outs().flush();
    }
  }
  Argv0 = argv[0];
  return clang::clangd::clangdMain(argc, argv);
}
