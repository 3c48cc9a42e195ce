//===--- Explain.cpp - coroguard ------------------------------------------===//

#include "Explain.h"
#include "CheckDescriptions.h"
#include "CoroguardModule.h"

#include <algorithm>

namespace coroguard {
namespace {

struct Page {
  const char *Id;
  const char *Markdown;
};

const Page Pages[] = {
#include "CheckDocs.inc"
};

const char *pageOf(llvm::StringRef Id) {
  for (const Page &P : Pages)
    if (Id == P.Id)
      return P.Markdown;
  return nullptr;
}

} // namespace

int explainCheck(llvm::StringRef CheckId, const DocLinks &Docs,
                 llvm::raw_ostream &OS, llvm::raw_ostream &Err) {
  const auto &Names = clang::tidy::coro::registeredCheckNames();
  if (clang::tidy::coro::isRegisteredCheck(CheckId)) {
    if (const char *Markdown = pageOf(CheckId)) {
      OS << Markdown;
      OS << "\n(" << Docs.checkPage(CheckId) << ")\n";
      return 0;
    }
    Err << "coroguard: error: this build has no page for '" << CheckId
        << "'\n";
    return 2;
  }
  Err << "coroguard: error: '" << CheckId << "' is not a coroguard check";
  std::string Best;
  unsigned BestDistance = 4; // farther than this is no suggestion
  for (const std::string &Name : Names) {
    unsigned D = CheckId.edit_distance(Name, /*AllowReplacements=*/true,
                                       BestDistance);
    if (D < BestDistance) {
      BestDistance = D;
      Best = Name;
    }
  }
  if (!Best.empty())
    Err << "; did you mean '" << Best << "'?";
  else if (!CheckId.starts_with("coro-"))
    Err << " (clang-tidy's own checks are documented at "
           "https://clang.llvm.org/extra/clang-tidy/checks/list.html)";
  Err << "\n'coroguard --list-checks' lists the coroguard checks\n";
  return 2;
}

int listChecks(llvm::raw_ostream &OS) {
  const auto &Names = clang::tidy::coro::registeredCheckNames();
  size_t Width = 0;
  for (const std::string &Name : Names)
    Width = std::max(Width, Name.size());
  OS << "coroguard checks (on by default; 'coroguard --explain <check>' "
        "prints a check's page):\n";
  for (const std::string &Name : Names) {
    std::string Short = shortDescription(Name);
    OS << "  " << Name << std::string(Width - Name.size() + 2, ' ')
       << (Short.empty() ? "(no description)" : Short) << "\n";
  }
  return 0;
}

} // namespace coroguard
