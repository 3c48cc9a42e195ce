//===--- CiFormats.h - coroguard ------------------------------------------===//
//
// Report formats that CI systems read natively, besides text, JSON and SARIF
// (Report.h); documented in docs/cli.md:
//  - github: GitHub Actions workflow commands, one annotation per finding
//    (`::warning file=…,line=…,col=…,title=<check>::<message>`);
//  - gitlab: a GitLab Code Quality report (JSON array of issues with
//    description, check_name, fingerprint, severity, location.path,
//    location.lines.begin);
//  - junit: JUnit XML, one test case per translation unit, a failure per
//    finding it reported, an error per translation unit not analysed.
// And --statistics: findings per check.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_TOOL_CIFORMATS_H
#define COROGUARD_TOOL_CIFORMATS_H

#include "Report.h"
#include <string>
#include <vector>

namespace coroguard {

void writeGithub(const Report &R, const ReportOptions &Options,
                 llvm::raw_ostream &OS);
void writeGitlab(const Report &R, const ReportOptions &Options,
                 llvm::raw_ostream &OS);
/// \p Units: every translation unit of the run, in the run's order.
void writeJunit(const Report &R, const ReportOptions &Options,
                const std::vector<std::string> &Units, llvm::raw_ostream &OS);
/// Findings per check (most first), then the total.
void writeStatistics(const Report &R, llvm::raw_ostream &OS);

} // namespace coroguard

#endif
