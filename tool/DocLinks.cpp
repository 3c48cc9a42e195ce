//===--- DocLinks.cpp - coroguard -----------------------------------------===//

#include "DocLinks.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

// Set by CMake: the configured docs URL (may be empty) and the extension of
// the pages the build produced.
#ifndef COROGUARD_DOCS_URL
#define COROGUARD_DOCS_URL ""
#endif
#ifndef COROGUARD_DOCS_RELDIR
#define COROGUARD_DOCS_RELDIR "../share/doc/coroguard"
#endif
#ifndef COROGUARD_DOCS_EXT
#define COROGUARD_DOCS_EXT ".md"
#endif

namespace coroguard {
namespace {

std::string withSlash(std::string S) {
  if (S.empty() || S.back() != '/')
    S += '/';
  return S;
}

} // namespace

std::string percentEncodePath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '/' || C == '-' || C == '.' || C == '_' ||
        C == '~') {
      Out += C;
    } else {
      Out += '%';
      Out += llvm::hexdigit(C >> 4, /*LowerCase=*/false);
      Out += llvm::hexdigit(C & 15, /*LowerCase=*/false);
    }
  }
  return Out;
}

std::string fileUrl(llvm::StringRef Path) {
  return "file://" + percentEncodePath(Path);
}

DocLinks DocLinks::resolve(const char *Argv0, void *MainAddr,
                           llvm::StringRef ChecksBaseOverride) {
  DocLinks L;
  L.Extension = COROGUARD_DOCS_EXT;
  llvm::StringRef Configured = COROGUARD_DOCS_URL;
  if (!Configured.empty()) {
    L.Base = withSlash(Configured.str());
  } else {
    // <prefix>/bin/<exe> -> <prefix>/share/doc/coroguard
    llvm::SmallString<256> Dir(llvm::sys::path::parent_path(
        llvm::sys::fs::getMainExecutable(Argv0, MainAddr)));
    llvm::sys::path::append(Dir, COROGUARD_DOCS_RELDIR);
    llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
    L.LocalDir = Dir.str().str();
    L.Base = withSlash(fileUrl(Dir));
    // The pages that exist decide the extension (a build without a Markdown
    // renderer ships .md only).
    llvm::SmallString<256> Probe(Dir);
    llvm::sys::path::append(Probe, "checks", "coro-never-awaited.html");
    L.Extension = llvm::sys::fs::exists(Probe) ? ".html" : ".md";
  }
  if (ChecksBaseOverride.empty())
    L.ChecksBase = L.Base + "checks/";
  else if (ChecksBaseOverride.contains("{check}"))
    L.ChecksBase = ChecksBaseOverride.str();
  else
    L.ChecksBase = withSlash(ChecksBaseOverride.str());
  return L;
}

std::string DocLinks::checkPage(llvm::StringRef Id) const {
  // A base with "{check}" is a template for the whole address, for copies
  // whose pages are named otherwise (a repository's .md sources, a site
  // without extensions): .../blob/v1/docs/checks/{check}.md
  llvm::StringRef Base(ChecksBase);
  size_t At = Base.find("{check}");
  if (At != llvm::StringRef::npos)
    return (Base.take_front(At) + Id + Base.drop_front(At + 7)).str();
  return ChecksBase + Id.str() + Extension;
}

std::string DocLinks::page(llvm::StringRef Name) const {
  return Base + Name.str() + Extension;
}

} // namespace coroguard
