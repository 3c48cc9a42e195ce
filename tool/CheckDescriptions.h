//===--- CheckDescriptions.h - coroguard ----------------------------------===//
//
// What the SARIF writer says about a check (its "rule"): a one-line and a
// full description and the page that documents it. clang-tidy has no API for
// check descriptions, so the coro-* checks are described here; any other
// check (a clang-tidy check the user enabled, a clang-diagnostic-*) gets a
// generic description and a link to LLVM's documentation.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_CHECKDESCRIPTIONS_H
#define COROGUARD_TOOL_CHECKDESCRIPTIONS_H

#include "DocLinks.h"
#include <string>

namespace coroguard {

struct CheckDescription {
  std::string Id;
  std::string ShortDescription;
  std::string FullDescription;
  std::string HelpUri;
};

/// Describes \p CheckId; coro-* checks link to their page in \p Docs.
CheckDescription describeCheck(const std::string &CheckId,
                               const DocLinks &Docs);

/// The one-line description of the coro-* check \p CheckId, or empty.
std::string shortDescription(const std::string &CheckId);

} // namespace coroguard

#endif
