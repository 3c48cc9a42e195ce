//===--- ClangdMain.cpp - coroguard ---------------------------------------===//
//
// coroguard-clangd: clangd with the coroguard module linked in, so editors
// show coro-* diagnostics live. clangd runs only checks it knows to be fast
// unless `.clangd` sets `Diagnostics: ClangTidy: FastCheckFilter: Loose`
// (see README.md and docs/clangd.md).
//
//===----------------------------------------------------------------------===//

namespace clang::clangd {
// Declared in clang-tools-extra/clangd/tool/ClangdMain.h, which Debian does
// not install.
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

namespace clang::tidy {
extern volatile int CoroguardModuleAnchorSource;
} // namespace clang::tidy

[[maybe_unused]] static int CoroguardModuleAnchorDestination =
    clang::tidy::CoroguardModuleAnchorSource;

int main(int argc, char *argv[]) { return clang::clangd::clangdMain(argc, argv); }
