//===--- CoroguardMain.cpp - coroguard ------------------------------------===//
//
// The coroguard command line: clang-tidy's own driver with the coroguard
// module linked in, so it takes the same flags (-checks, -p, -fix,
// -export-fixes, -config-file, --warnings-as-errors, -- <compiler flags>) and
// prints diagnostics in the same format. coro-* checks are on by default.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy {
extern volatile int CoroguardModuleAnchorSource;
} // namespace clang::tidy

[[maybe_unused]] static int CoroguardModuleAnchorDestination =
    clang::tidy::CoroguardModuleAnchorSource;

int main(int argc, const char **argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "coroguard " COROGUARD_VERSION
          " (C++20 coroutine checks for clang-tidy)\n";
  });
  return clang::tidy::clangTidyMain(argc, argv);
}
