//===--- PluginLoader.cpp - coroguard -------------------------------------===//
//
// The file a host loads: libcoroguard-tidy.so (clang-tidy -load) and
// libcoroguard-plugin.so (clang -fplugin). It holds no checks and refers to
// one symbol of the host only (clang::getClangFullVersion), so it loads into
// any clang or clang-tidy. It compares the host's version with the one it
// was built for and then loads the real library beside it (the checks),
// whose static registration adds them to the host.
//
// Why two files: a plugin built for one LLVM and loaded into another either
// fails to load on a symbol the other LLVM lacks -- clang-tidy then prints
// "-load request ignored", runs without the checks and exits 0: a silent pass
// in CI -- or loads, lists its checks and reports nothing. The loader turns
// both into a clear error and exit code 2.
//
// Compiled once per host with:
//   COROGUARD_LOADER_NAME   "libcoroguard-tidy.so"
//   COROGUARD_BUILT_FOR     "LLVM" or "clang" (what the message says it was
//                           built for)
//   COROGUARD_HOST_PREFIX   "a clang-tidy of " or ""
//   COROGUARD_HOST_ADVICE   "use the matching clang-tidy"
//   COROGUARD_IMPL_LIBRARY  the file name of the checks library, or absent
//                           (the test twins stop at the guard)
//   COROGUARD_TEST_BUILT_FOR_VERSION  test twins: claim another version
//
//===----------------------------------------------------------------------===//

#include "clang/Basic/Version.h"
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <string>

namespace {

std::string versionNumber(const std::string &Full) {
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

[[noreturn]] void fail() {
  std::fflush(stderr);
  std::_Exit(2);
}

struct Loader {
  Loader() {
#ifdef COROGUARD_TEST_BUILT_FOR_VERSION
    const std::string Built = COROGUARD_TEST_BUILT_FOR_VERSION;
#else
    const std::string Built = CLANG_VERSION_STRING;
#endif
    const std::string Host = clang::getClangFullVersion();
    if (versionNumber(Host) != Built) {
      std::fprintf(stderr,
                   "error: " COROGUARD_LOADER_NAME " was built for "
                   COROGUARD_BUILT_FOR " %s but was loaded into "
                   COROGUARD_HOST_PREFIX "'%s'; rebuild coroguard against "
                   "that LLVM (cmake -DCOROGUARD_LLVM_VERSION=<major>) or "
                   COROGUARD_HOST_ADVICE "\n",
                   Built.c_str(), Host.c_str());
      fail();
    }
#ifdef COROGUARD_IMPL_LIBRARY
    Dl_info Self;
    if (!dladdr(reinterpret_cast<void *>(&versionNumber), &Self) ||
        !Self.dli_fname) {
      std::fprintf(stderr, "error: " COROGUARD_LOADER_NAME
                           " cannot tell where it was loaded from\n");
      fail();
    }
    std::string Path = Self.dli_fname;
    std::string::size_type Slash = Path.rfind('/');
    Path = (Slash == std::string::npos ? std::string() : Path.substr(0, Slash + 1)) +
           COROGUARD_IMPL_LIBRARY;
    if (!dlopen(Path.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
      std::fprintf(stderr,
                   "error: " COROGUARD_LOADER_NAME
                   " could not load its checks from '%s': %s\n",
                   Path.c_str(), dlerror());
      fail();
    }
#endif
  }
};

const Loader Load;

} // namespace
