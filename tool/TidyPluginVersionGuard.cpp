//===--- TidyPluginVersionGuard.cpp - coroguard ---------------------------===//
//
// A clang-tidy plugin built for one LLVM version and loaded into another
// loads, lists its checks, reports nothing and exits 0: a silent pass in CI.
// This guard runs when the plugin is loaded, compares the LLVM version it was
// built against with the host's, and stops the run with exit code 2 on a
// mismatch.
//
//===----------------------------------------------------------------------===//

#include "clang/Basic/Version.h"
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

std::string hostVersionNumber(const std::string &Full) {
  // "Debian clang version 22.1.8 (1~deb12u1)" -> "22.1.8"
  const std::string Marker = "version ";
  std::string::size_type Pos = Full.find(Marker);
  if (Pos == std::string::npos)
    return {};
  Pos += Marker.size();
  std::string::size_type End = Pos;
  while (End < Full.size() &&
         (Full[End] == '.' || (Full[End] >= '0' && Full[End] <= '9')))
    ++End;
  return Full.substr(Pos, End - Pos);
}

struct VersionGuard {
  VersionGuard() {
#ifdef COROGUARD_TEST_BUILT_FOR_VERSION
    // Only in the test build libcoroguard-tidy-mismatch-test.so.
    const std::string Built = COROGUARD_TEST_BUILT_FOR_VERSION;
#else
    const std::string Built = CLANG_VERSION_STRING;
#endif
    const std::string Host = clang::getClangFullVersion();
    if (hostVersionNumber(Host) == Built)
      return;
    std::fprintf(stderr,
                 "error: libcoroguard-tidy.so was built for LLVM %s but was "
                 "loaded into a clang-tidy of '%s'; rebuild coroguard against "
                 "that LLVM (cmake -DCOROGUARD_LLVM_VERSION=<major>) or use "
                 "the matching clang-tidy\n",
                 Built.c_str(), Host.c_str());
    std::fflush(stderr);
    std::_Exit(2);
  }
};

const VersionGuard Guard;

} // namespace
