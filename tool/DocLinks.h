//===--- DocLinks.h - coroguard -------------------------------------------===//
//
// Where coroguard's documentation is, for every link a front end prints: the
// `codeDescription.href` of coroguard-clangd's diagnostics and the
// `helpUri`/`informationUri` of SARIF reports. In order:
//   1. a base URL for the check pages given on the command line
//      (--doc-url-base), then
//   2. a base URL of the docs tree fixed at configure time
//      (-DCOROGUARD_DOCS_URL=https://.../docs/), then
//   3. the docs installed beside the binary: <exe>/../share/doc/coroguard/,
//      as `cmake --install`, the packages and the build tree lay them out.
// Check pages are <base>checks/<check><ext>: ".html" where the build rendered
// the pages, else ".md". A --doc-url-base containing "{check}" is a template
// for the whole address instead (.../docs/checks/{check}.md).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_DOCLINKS_H
#define COROGUARD_TOOL_DOCLINKS_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace coroguard {

class DocLinks {
public:
  /// \p Argv0 and \p MainAddr locate the running executable (as
  /// llvm::sys::fs::getMainExecutable takes them); \p ChecksBaseOverride is
  /// --doc-url-base, or empty.
  static DocLinks resolve(const char *Argv0, void *MainAddr,
                          llvm::StringRef ChecksBaseOverride = {});

  /// The page documenting check \p Id (a coro-* check).
  std::string checkPage(llvm::StringRef Id) const;
  /// A page of the docs tree, e.g. page("cli") for the command line.
  std::string page(llvm::StringRef Name) const;

  /// The installed docs directory this build looks for, or empty when a URL
  /// was configured.
  const std::string &localDirectory() const { return LocalDir; }

private:
  std::string Base;       ///< ends with '/'
  std::string ChecksBase; ///< ends with '/'
  std::string Extension;  ///< ".html" or ".md"
  std::string LocalDir;
};

/// \p Path with every byte but [A-Za-z0-9/._~-] percent-encoded (RFC 3986),
/// as a URI reference in SARIF and JSON reports.
std::string percentEncodePath(llvm::StringRef Path);

/// A file:// URL for the absolute path \p Path, percent-encoded as RFC 8089
/// and SARIF require.
std::string fileUrl(llvm::StringRef Path);

} // namespace coroguard

#endif
