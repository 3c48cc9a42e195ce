//===--- CiFormats.cpp - coroguard ----------------------------------------===//

#include "CiFormats.h"
#include "DocLinks.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SHA256.h"
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace coroguard {

namespace {

std::string fileOf(const Finding &F) { return F.Loc ? F.Loc->File : F.Unit; }

//--- GitHub workflow commands ------------------------------------------===//

/// The message of a workflow command (GitHub's escapeData).
std::string escapeData(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}

/// A property value of a workflow command (GitHub's escapeProperty).
std::string escapeProperty(llvm::StringRef S) {
  std::string Out;
  for (char C : escapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

std::string where(const std::optional<Location> &L,
                  const ReportOptions &Options) {
  if (!L)
    return "";
  std::string W = relativePath(L->File, Options.SourceRoot);
  if (L->Line)
    W += ":" + std::to_string(L->Line) + ":" + std::to_string(L->Column);
  return W + ": ";
}

//--- XML -------------------------------------------------------------===//

std::string xml(llvm::StringRef S) {
  std::string Out;
  for (unsigned char C : S) {
    switch (C) {
    case '&': Out += "&amp;"; break;
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '"': Out += "&quot;"; break;
    case '\'': Out += "&apos;"; break;
    default:
      // XML 1.0 allows no control characters but tab and line breaks.
      if (C < 0x20 && C != '\t' && C != '\n' && C != '\r')
        Out += "?";
      else
        Out += static_cast<char>(C);
    }
  }
  return Out;
}

std::string findingText(const Finding &F, const ReportOptions &Options) {
  std::string Text = where(F.Loc, Options) + F.Severity + ": " + F.Message +
                     " [" + F.Check + "]";
  for (const Note &N : F.Notes)
    Text += "\n" + where(N.Loc, Options) + "note: " + N.Message;
  return Text;
}

} // namespace

void writeGithub(const Report &R, const ReportOptions &Options,
                 llvm::raw_ostream &OS) {
  for (const Finding &F : R.Findings) {
    OS << "::" << (F.Severity == "error" ? "error" : "warning") << " ";
    std::vector<std::string> Props;
    if (!fileOf(F).empty())
      Props.push_back("file=" +
                      escapeProperty(relativePath(fileOf(F), Options.SourceRoot)));
    if (F.Loc && F.Loc->Line) {
      Props.push_back("line=" + std::to_string(F.Loc->Line));
      Props.push_back("col=" + std::to_string(F.Loc->Column));
    }
    Props.push_back("title=" + escapeProperty(F.Check));
    OS << llvm::join(Props, ",") << "::";
    std::string Message = F.Message;
    for (const Note &N : F.Notes)
      Message += "\nnote: " + where(N.Loc, Options) + N.Message;
    OS << escapeData(Message) << "\n";
  }
  for (const Failure &E : R.Failures) {
    OS << "::error ";
    if (!E.File.empty())
      OS << "file=" << escapeProperty(relativePath(E.File, Options.SourceRoot))
         << ",";
    OS << "title=coroguard " << escapeProperty(E.Kind) << "::";
    std::string Message = E.Message;
    for (const Note &N : E.FirstErrors)
      Message += "\n" + where(N.Loc, Options) + "error: " + N.Message;
    OS << escapeData(Message) << "\n";
  }
}

void writeGitlab(const Report &R, const ReportOptions &Options,
                 llvm::raw_ostream &OS) {
  using Json = nlohmann::ordered_json;
  Json Issues = Json::array();
  auto Fingerprint = [](llvm::StringRef A, llvm::StringRef B,
                        llvm::StringRef C) {
    llvm::SHA256 Hash;
    for (llvm::StringRef Part : {A, B, C}) {
      Hash.update(Part);
      Hash.update(llvm::StringRef("\0", 1));
    }
    auto Digest = Hash.final();
    return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest), /*LowerCase=*/true);
  };
  for (const Finding &F : R.Findings) {
    std::string Path = relativePath(fileOf(F), Options.SourceRoot);
    Json I = Json::object();
    I["description"] = F.Message;
    I["check_name"] = F.Check;
    // Stable across line moves (the context hash), unique in the report.
    I["fingerprint"] = Fingerprint(F.Check, Path, F.fingerprint());
    I["severity"] = F.Severity == "error" ? "critical" : "major";
    I["location"] = {{"path", Path},
                     {"lines", {{"begin", F.Loc && F.Loc->Line ? F.Loc->Line
                                                               : 1u}}}};
    Issues.push_back(std::move(I));
  }
  for (const Failure &E : R.Failures) {
    std::string Path =
        E.File.empty() ? "." : relativePath(E.File, Options.SourceRoot);
    Json I = Json::object();
    I["description"] = E.Message;
    I["check_name"] = "coroguard-" + E.Kind;
    I["fingerprint"] = Fingerprint(E.Kind, Path, E.Message);
    I["severity"] = "blocker";
    I["location"] = {{"path", Path}, {"lines", {{"begin", 1}}}};
    Issues.push_back(std::move(I));
  }
  OS << Issues.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

void writeJunit(const Report &R, const ReportOptions &Options,
                const std::vector<std::string> &Units, llvm::raw_ostream &OS) {
  std::map<std::string, std::vector<const Finding *>> ByUnit;
  for (const Finding &F : R.Findings)
    ByUnit[F.Unit].push_back(&F);
  std::map<std::string, const Failure *> FailureOf;
  std::vector<const Failure *> Unattached; // configuration errors
  for (const Failure &E : R.Failures) {
    if (E.File.empty())
      Unattached.push_back(&E);
    else
      FailureOf[E.File] = &E;
  }
  unsigned Tests = Units.size() + Unattached.size();
  unsigned Failures = R.Findings.size();
  unsigned Errors = R.Failures.size();
  OS << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
     << "<testsuites name=\"coroguard\" tests=\"" << Tests << "\" failures=\""
     << Failures << "\" errors=\"" << Errors << "\">\n"
     << "  <testsuite name=\"coroguard\" tests=\"" << Tests
     << "\" failures=\"" << Failures << "\" errors=\"" << Errors << "\">\n";
  for (const std::string &U : Units) {
    OS << "    <testcase classname=\"coroguard\" name=\""
       << xml(relativePath(U, Options.SourceRoot)) << "\"";
    auto Found = ByUnit.find(U);
    auto Failed = FailureOf.find(U);
    if (Found == ByUnit.end() && Failed == FailureOf.end()) {
      OS << "/>\n";
      continue;
    }
    OS << ">\n";
    if (Found != ByUnit.end())
      for (const Finding *F : Found->second)
        OS << "      <failure type=\"" << xml(F->Check) << "\" message=\""
           << xml(F->Message) << "\">" << xml(findingText(*F, Options))
           << "</failure>\n";
    if (Failed != FailureOf.end())
      OS << "      <error type=\"" << xml(Failed->second->Kind)
         << "\" message=\"" << xml(Failed->second->Message) << "\"/>\n";
    OS << "    </testcase>\n";
  }
  for (const Failure *E : Unattached)
    OS << "    <testcase classname=\"coroguard\" name=\"configuration\">\n"
       << "      <error type=\"" << xml(E->Kind) << "\" message=\""
       << xml(E->Message) << "\"/>\n    </testcase>\n";
  OS << "  </testsuite>\n</testsuites>\n";
}

void writeStatistics(const Report &R, llvm::raw_ostream &OS) {
  std::map<std::string, unsigned> Counts;
  for (const Finding &F : R.Findings)
    ++Counts[F.Check];
  std::vector<std::pair<std::string, unsigned>> Rows(Counts.begin(),
                                                     Counts.end());
  std::stable_sort(Rows.begin(), Rows.end(), [](const auto &A, const auto &B) {
    return A.second > B.second;
  });
  size_t Width = 5;
  for (const auto &Row : Rows)
    Width = std::max(Width, Row.first.size());
  OS << "coroguard: findings per check:\n";
  for (const auto &[Check, Count] : Rows)
    OS << "  " << llvm::left_justify(Check, Width) << " "
       << llvm::format_decimal(Count, 6) << "\n";
  OS << "  " << llvm::left_justify("total", Width) << " "
     << llvm::format_decimal(R.Findings.size(), 6) << "\n";
}

} // namespace coroguard
