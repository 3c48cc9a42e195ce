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

#include <string>
#include <vector>

namespace coroguard {

struct CheckDescription {
  std::string Id;
  std::string ShortDescription;
  std::string FullDescription;
  std::string HelpUri;
};

/// The coro-* checks this build knows, in a stable order.
const std::vector<std::string> &knownCoroChecks();

/// Describes \p CheckId; coro-* pages are \p DocUrlBase + id + ".md".
CheckDescription describeCheck(const std::string &CheckId,
                               const std::string &DocUrlBase);

} // namespace coroguard

#endif
