//===--- Report.cpp - coroguard -------------------------------------------===//
//
// Writers for the whole-project report (text, JSON, SARIF 2.1.0) and the
// baseline. The JSON schema and the SARIF mapping are documented in
// docs/cli.md; change them only together with that page and the version.
//
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "CheckDescriptions.h"
#include "CoroguardModule.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
#include <algorithm>
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace coroguard {

using OJson = nlohmann::ordered_json;

//===----------------------------------------------------------------------===//
// Sources
//===----------------------------------------------------------------------===//

const std::string *SourceCache::contents(llvm::StringRef File) {
  auto [It, Inserted] = Files.try_emplace(File.str());
  if (Inserted) {
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (Buffer)
      It->second = (*Buffer)->getBuffer().str();
  }
  return It->second ? &*It->second : nullptr;
}

Location SourceCache::locate(llvm::StringRef File, unsigned Offset) {
  Location L;
  L.File = File.str();
  L.Offset = Offset;
  const std::string *Text = contents(File);
  if (!Text || Offset > Text->size())
    return L;
  L.Line = 1 + std::count(Text->begin(), Text->begin() + Offset, '\n');
  std::string::size_type LineStart =
      Offset == 0 ? std::string::npos : Text->rfind('\n', Offset - 1);
  L.Column = LineStart == std::string::npos ? Offset + 1 : Offset - LineStart;
  return L;
}

std::string SourceCache::lineText(llvm::StringRef File, unsigned Line) {
  const std::string *Text = contents(File);
  if (!Text || Line == 0)
    return "";
  std::string::size_type Start = 0;
  for (unsigned I = 1; I < Line; ++I) {
    Start = Text->find('\n', Start);
    if (Start == std::string::npos)
      return "";
    ++Start;
  }
  std::string::size_type End = Text->find('\n', Start);
  return Text->substr(Start, End == std::string::npos ? End : End - Start);
}

std::string relativePath(llvm::StringRef Path, llvm::StringRef Root) {
  if (!Root.empty() && Path.size() > Root.size() + 1 &&
      Path.starts_with(Root) && Path[Root.size()] == '/')
    return Path.substr(Root.size() + 1).str();
  return Path.str();
}

namespace {

/// Whitespace runs collapsed to one space, trimmed: indentation and
/// reformatting do not change a finding's identity.
std::string normalise(llvm::StringRef Line) {
  std::string Out;
  bool Space = false;
  for (char C : Line.trim()) {
    if (llvm::isSpace(C)) {
      Space = true;
      continue;
    }
    if (Space && !Out.empty())
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

std::string contextHash(const Finding &F, const std::string &RelFile,
                        SourceCache &Sources) {
  std::string Line =
      F.Loc ? normalise(Sources.lineText(F.Loc->File, F.Loc->Line)) : "";
  llvm::SHA256 Hash;
  for (const std::string &Part : {F.Check, RelFile, Line, F.Message}) {
    Hash.update(Part);
    Hash.update(llvm::StringRef("\0", 1));
  }
  std::array<uint8_t, 32> Digest = Hash.final();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest).take_front(8),
                     /*LowerCase=*/true);
}

std::string fileOf(const Finding &F) { return F.Loc ? F.Loc->File : ""; }

auto sortKey(const Finding &F) {
  return std::make_tuple(fileOf(F), F.Loc ? F.Loc->Line : 0u,
                         F.Loc ? F.Loc->Column : 0u, F.Check, F.Message);
}

std::string displayCheck(const Finding &F) {
  // As clang-tidy prints it: a check's warning promoted by
  // --warnings-as-errors is an error.
  if (F.Severity == "error" && !llvm::StringRef(F.Check).starts_with("clang-diagnostic-"))
    return F.Check + ",-warnings-as-errors";
  return F.Check;
}

void printLocation(llvm::raw_ostream &OS, const std::optional<Location> &L) {
  if (!L)
    return;
  OS << L->File << ":";
  if (L->Line)
    OS << L->Line << ":" << L->Column << ":";
  OS << " ";
}

} // namespace

void Report::finalise(SourceCache &Sources, const ReportOptions &Options) {
  // Equal keys (one header diagnostic from several TUs) order by their notes
  // so that the one kept does not depend on which worker finished first.
  auto NotesKey = [](const Finding &F) {
    std::vector<std::string> Keys;
    for (const Note &N : F.Notes)
      Keys.push_back(N.Message + (N.Loc ? N.Loc->File : ""));
    return Keys;
  };
  std::sort(Findings.begin(), Findings.end(),
            [&](const Finding &A, const Finding &B) {
              if (sortKey(A) != sortKey(B))
                return sortKey(A) < sortKey(B);
              return NotesKey(A) < NotesKey(B);
            });
  std::vector<Finding> Unique;
  for (Finding &F : Findings) {
    if (!Unique.empty() && sortKey(Unique.back()) == sortKey(F)) {
      ++DuplicatesMerged;
      // An error (warnings-as-errors in one TU's configuration) wins.
      if (F.Severity == "error")
        Unique.back().Severity = "error";
      if (F.Unit < Unique.back().Unit)
        Unique.back().Unit = F.Unit;
      continue;
    }
    Unique.push_back(std::move(F));
  }
  Findings = std::move(Unique);
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Findings) {
    F.ContextHash =
        contextHash(F, relativePath(fileOf(F), Options.SourceRoot), Sources);
    F.Occurrence = Seen[F.ContextHash]++;
  }
  std::sort(Failures.begin(), Failures.end(),
            [](const Failure &A, const Failure &B) { return A.File < B.File; });
}

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

void writeText(const Report &R, const ReportOptions &Options,
               llvm::raw_ostream &OS) {
  for (const Finding &F : R.Findings) {
    printLocation(OS, F.Loc);
    OS << F.Severity << ": " << F.Message << " [" << displayCheck(F) << "]\n";
    for (const Note &N : F.Notes) {
      printLocation(OS, N.Loc);
      OS << "note: " << N.Message << "\n";
    }
  }
  for (const Failure &E : R.Failures) {
    OS << (E.File.empty() ? "coroguard" : E.File) << ": error: " << E.Message
       << "\n";
    for (const Note &N : E.FirstErrors) {
      printLocation(OS, N.Loc);
      OS << "error: " << N.Message << " [clang-diagnostic-error]\n";
    }
    for (const std::string &Line : E.Output)
      OS << "    " << Line << "\n";
  }
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

namespace {

/// "file": the path relative to the source root. A JSON string is UTF-8: a
/// path that is not (a file name in another encoding) is written with its
/// invalid bytes replaced, and exactly, percent-encoded, in "uri" (a
/// relative URI reference, or a file:// URL outside the source root).
void addFile(OJson &J, llvm::StringRef File, const ReportOptions &Options) {
  std::string Rel = relativePath(File, Options.SourceRoot);
  J["file"] = Rel;
  if (!llvm::json::isUTF8(Rel))
    J["uri"] = Rel == File ? fileUrl(File) : percentEncodePath(Rel);
}

OJson jsonLocation(const std::optional<Location> &L,
                   const ReportOptions &Options) {
  OJson J = OJson::object();
  if (!L) {
    J["file"] = nullptr;
    J["line"] = nullptr;
    J["column"] = nullptr;
    return J;
  }
  addFile(J, L->File, Options);
  J["line"] = L->Line;
  J["column"] = L->Column;
  return J;
}

OJson jsonNote(const Note &N, const ReportOptions &Options) {
  OJson J = OJson::object();
  J["message"] = N.Message;
  J.update(jsonLocation(N.Loc, Options));
  return J;
}

unsigned severityCount(const Report &R, llvm::StringRef Severity) {
  return std::count_if(R.Findings.begin(), R.Findings.end(),
                       [&](const Finding &F) { return F.Severity == Severity; });
}

std::string dump(const OJson &J) {
  // Source text may hold invalid UTF-8: replace it rather than fail.
  return J.dump(2, ' ', false, OJson::error_handler_t::replace);
}

} // namespace

void writeJson(const Report &R, const ReportOptions &Options,
               llvm::raw_ostream &OS) {
  OJson Root = OJson::object();
  Root["version"] = 1;
  Root["tool"] = {{"name", "coroguard"}, {"version", Options.Version}};
  Root["source_root"] = Options.SourceRoot;
  OJson Diags = OJson::array();
  for (const Finding &F : R.Findings) {
    OJson D = OJson::object();
    D["check"] = F.Check;
    D["severity"] = F.Severity;
    D["message"] = F.Message;
    D.update(jsonLocation(F.Loc, Options));
    OJson Notes = OJson::array();
    for (const Note &N : F.Notes)
      Notes.push_back(jsonNote(N, Options));
    D["notes"] = std::move(Notes);
    OJson Fixes = OJson::array();
    for (const Replacement &Fix : F.Fixes) {
      OJson X = OJson::object();
      addFile(X, Fix.Start.File, Options);
      X["line"] = Fix.Start.Line;
      X["column"] = Fix.Start.Column;
      X["end_line"] = Fix.End.Line;
      X["end_column"] = Fix.End.Column;
      X["offset"] = Fix.Start.Offset;
      X["length"] = Fix.Length;
      X["replacement"] = Fix.Text;
      Fixes.push_back(std::move(X));
    }
    D["fixes"] = std::move(Fixes);
    D["fingerprint"] = F.fingerprint();
    Diags.push_back(std::move(D));
  }
  Root["diagnostics"] = std::move(Diags);
  OJson Errors = OJson::array();
  for (const Failure &E : R.Failures) {
    OJson X = OJson::object();
    if (E.File.empty())
      X["file"] = nullptr;
    else
      X["file"] = relativePath(E.File, Options.SourceRoot);
    X["kind"] = E.Kind;
    X["message"] = E.Message;
    OJson First = OJson::array();
    for (const Note &N : E.FirstErrors)
      First.push_back(jsonNote(N, Options));
    X["errors"] = std::move(First);
    X["output"] = E.Output;
    Errors.push_back(std::move(X));
  }
  Root["errors"] = std::move(Errors);
  Root["summary"] = {{"translation_units", R.TranslationUnits},
                     {"failed_translation_units", R.failedTranslationUnits()},
                     {"configuration_errors",
                      R.Failures.size() - R.failedTranslationUnits()},
                     {"diagnostics", R.Findings.size()},
                     {"warnings", severityCount(R, "warning")},
                     {"errors", severityCount(R, "error")},
                     {"suppressed_by_baseline", R.SuppressedByBaseline},
                     {"baseline_unmatched", R.BaselineUnmatched},
                     {"duplicates_merged", R.DuplicatesMerged}};
  OS << dump(Root) << "\n";
}

//===----------------------------------------------------------------------===//
// SARIF 2.1.0
//===----------------------------------------------------------------------===//

namespace {

OJson artifactLocation(llvm::StringRef File, const ReportOptions &Options) {
  std::string Rel = relativePath(File, Options.SourceRoot);
  if (Rel != File)
    return {{"uri", percentEncodePath(Rel)}, {"uriBaseId", "SRCROOT"}};
  return {{"uri", fileUrl(File)}};
}

/// SARIF columns count Unicode code points (run.columnKind).
unsigned codePointColumn(SourceCache &Sources, const Location &L) {
  std::string Line = Sources.lineText(L.File, L.Line);
  unsigned Column = 1;
  for (unsigned I = 0; I + 1 < L.Column && I < Line.size(); ++I)
    if ((static_cast<unsigned char>(Line[I]) & 0xC0) != 0x80)
      ++Column;
  return Column;
}

OJson region(SourceCache &Sources, const Location &L) {
  return {{"startLine", L.Line}, {"startColumn", codePointColumn(Sources, L)}};
}

OJson physicalLocation(SourceCache &Sources, const Location &L,
                       const ReportOptions &Options) {
  OJson P = {{"artifactLocation", artifactLocation(L.File, Options)}};
  if (L.Line)
    P["region"] = region(Sources, L);
  return P;
}

std::string sarifLevel(const std::string &Severity) {
  return Severity == "error" ? "error" : "warning";
}

} // namespace

void writeSarif(const Report &R, const ReportOptions &Options,
                SourceCache &Sources, llvm::raw_ostream &OS) {
  // Rules: every coro-* check of this build, then any other check that
  // reported something (a clang-tidy check the user enabled).
  std::vector<std::string> RuleIds = clang::tidy::coro::registeredCheckNames();
  std::map<std::string, unsigned> RuleIndex;
  for (unsigned I = 0; I < RuleIds.size(); ++I)
    RuleIndex[RuleIds[I]] = I;
  for (const Finding &F : R.Findings)
    if (RuleIndex.try_emplace(F.Check, RuleIds.size()).second)
      RuleIds.push_back(F.Check);

  OJson Rules = OJson::array();
  for (const std::string &Id : RuleIds) {
    CheckDescription D = describeCheck(Id, Options.Docs);
    Rules.push_back({{"id", Id},
                     {"name", Id},
                     {"shortDescription", {{"text", D.ShortDescription}}},
                     {"fullDescription", {{"text", D.FullDescription}}},
                     {"helpUri", D.HelpUri},
                     {"help", {{"text", D.FullDescription + " See " +
                                            D.HelpUri}}},
                     {"defaultConfiguration", {{"level", "warning"}}}});
  }

  OJson Results = OJson::array();
  OJson Notifications = OJson::array();
  for (const Finding &F : R.Findings) {
    if (!F.Loc || !F.Loc->Line) {
      // GitHub code scanning rejects results without a location.
      Notifications.push_back(
          {{"level", "warning"},
           {"message", {{"text", F.Message + " [" + F.Check + "]"}}}});
      continue;
    }
    OJson Res = OJson::object();
    Res["ruleId"] = F.Check;
    Res["ruleIndex"] = RuleIndex[F.Check];
    Res["level"] = sarifLevel(F.Severity);
    Res["message"] = {{"text", F.Message}};
    Res["locations"] =
        OJson::array({{{"physicalLocation",
                        physicalLocation(Sources, *F.Loc, Options)}}});
    if (!F.Notes.empty()) {
      OJson Related = OJson::array();
      unsigned Id = 1;
      for (const Note &N : F.Notes) {
        OJson Rel = {{"id", Id++}, {"message", {{"text", N.Message}}}};
        if (N.Loc)
          Rel["physicalLocation"] = physicalLocation(Sources, *N.Loc, Options);
        Related.push_back(std::move(Rel));
      }
      Res["relatedLocations"] = std::move(Related);
    }
    if (!F.Fixes.empty()) {
      // One fix with one artifactChange per file, replacements in order.
      std::map<std::string, OJson> PerFile;
      for (const Replacement &X : F.Fixes) {
        OJson Deleted = {{"startLine", X.Start.Line},
                         {"startColumn", codePointColumn(Sources, X.Start)},
                         {"endLine", X.End.Line},
                         {"endColumn", codePointColumn(Sources, X.End)}};
        OJson &Reps = PerFile[X.Start.File];
        if (Reps.is_null())
          Reps = OJson::array();
        Reps.push_back({{"deletedRegion", std::move(Deleted)},
                        {"insertedContent", {{"text", X.Text}}}});
      }
      OJson Changes = OJson::array();
      for (auto &[File, Reps] : PerFile)
        Changes.push_back({{"artifactLocation", artifactLocation(File, Options)},
                           {"replacements", std::move(Reps)}});
      Res["fixes"] = OJson::array(
          {{{"description", {{"text", "Fix-it of " + F.Check}}},
            {"artifactChanges", std::move(Changes)}}});
    }
    Res["partialFingerprints"] = {{"coroguardContextHash/v1", F.fingerprint()}};
    Results.push_back(std::move(Res));
  }

  for (const Failure &E : R.Failures) {
    std::string Text = E.Message;
    for (const Note &N : E.FirstErrors) {
      Text += "\n";
      if (N.Loc)
        Text += relativePath(N.Loc->File, Options.SourceRoot) + ":" +
                std::to_string(N.Loc->Line) + ":" +
                std::to_string(N.Loc->Column) + ": ";
      Text += "error: " + N.Message;
    }
    for (const std::string &Line : E.Output)
      Text += "\n" + Line;
    OJson Notification = {{"level", "error"},
                          {"message", {{"text", Text}}},
                          {"properties", {{"kind", E.Kind}}}};
    if (!E.File.empty())
      Notification["locations"] = OJson::array(
          {{{"physicalLocation",
             {{"artifactLocation", artifactLocation(E.File, Options)}}}}});
    Notifications.push_back(std::move(Notification));
  }

  OJson Invocation = {{"executionSuccessful", R.Failures.empty()}};
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notifications);

  OJson Run = OJson::object();
  Run["tool"] = {{"driver",
                  {{"name", "coroguard"},
                   {"version", Options.Version},
                   {"semanticVersion", Options.Version},
                   {"informationUri", Options.Docs.page("cli")},
                   {"rules", std::move(Rules)}}}};
  Run["invocations"] = OJson::array({std::move(Invocation)});
  Run["originalUriBaseIds"] = {
      {"SRCROOT", {{"uri", fileUrl(Options.SourceRoot) + "/"}}}};
  Run["columnKind"] = "unicodeCodePoints";
  Run["results"] = std::move(Results);

  OJson Log = OJson::object();
  Log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  Log["version"] = "2.1.0";
  Log["runs"] = OJson::array({std::move(Run)});
  OS << dump(Log) << "\n";
}

//===----------------------------------------------------------------------===//
// Baseline
//===----------------------------------------------------------------------===//

unsigned Report::failedTranslationUnits() const {
  return llvm::count_if(
      Failures, [](const Failure &E) { return E.Kind != "config-error"; });
}

std::string relativeTo(llvm::StringRef Path, llvm::StringRef From) {
  llvm::SmallVector<llvm::StringRef> P, F;
  for (auto It = llvm::sys::path::begin(Path), E = llvm::sys::path::end(Path);
       It != E; ++It)
    P.push_back(*It);
  for (auto It = llvm::sys::path::begin(From), E = llvm::sys::path::end(From);
       It != E; ++It)
    F.push_back(*It);
  size_t Common = 0;
  while (Common < P.size() && Common < F.size() && P[Common] == F[Common])
    ++Common;
  llvm::SmallString<256> Result;
  for (size_t I = Common; I < F.size(); ++I)
    llvm::sys::path::append(Result, "..");
  for (size_t I = Common; I < P.size(); ++I)
    llvm::sys::path::append(Result, P[I]);
  return Result.empty() ? "." : std::string(Result);
}

namespace {
std::string absoluteDirOf(llvm::StringRef File) {
  llvm::SmallString<256> Dir(File);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  while (Dir.size() > 1 && Dir.back() == '/')
    Dir.pop_back();
  return std::string(Dir);
}
} // namespace

std::string Baseline::key(const Finding &F, llvm::StringRef Root,
                          SourceCache &Sources) {
  std::string Rel = relativePath(fileOf(F), Root);
  std::string Key = F.Check;
  Key += '\0';
  Key += Rel;
  Key += '\0';
  // The hash covers the file's path relative to the report's root; the
  // baseline's root may be another directory.
  Key += contextHash(F, Rel, Sources);
  return Key;
}

bool readBaseline(llvm::StringRef Path, Baseline &Out, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Error = "cannot read the baseline '" + Path.str() +
            "': " + Buffer.getError().message();
    return false;
  }
  // No exceptions in this build: parse without them and check every type.
  OJson Root = OJson::parse((*Buffer)->getBuffer().begin(),
                            (*Buffer)->getBuffer().end(), nullptr,
                            /*allow_exceptions=*/false);
  auto Bad = [&](const std::string &Why) {
    Error = "invalid baseline '" + Path.str() + "': " + Why;
    return false;
  };
  if (Root.is_discarded())
    return Bad("not valid JSON");
  if (!Root.is_object() || !Root.contains("version") ||
      !Root["version"].is_number_integer())
    return Bad("expected an object with \"version\": 1");
  if (Root["version"].get<int>() != 1)
    return Bad("unsupported version " + Root["version"].dump() +
               " (this coroguard reads version 1)");
  if (!Root.contains("findings") || !Root["findings"].is_array())
    return Bad("expected a \"findings\" array");
  if (Root.contains("root")) {
    if (!Root["root"].is_string())
      return Bad("\"root\" is not a string");
    llvm::SmallString<256> Dir(absoluteDirOf(Path));
    llvm::sys::path::append(Dir, Root["root"].get<std::string>());
    llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
    while (Dir.size() > 1 && Dir.back() == '/')
      Dir.pop_back();
    Out.Root = std::string(Dir);
  }
  unsigned Index = 0;
  for (const OJson &E : Root["findings"]) {
    if (!E.is_object())
      return Bad("finding " + std::to_string(Index) + " is not an object");
    for (const char *Field : {"check", "file", "hash"})
      if (!E.contains(Field) || !E[Field].is_string())
        return Bad("finding " + std::to_string(Index) + " has no string \"" +
                   Field + "\"");
    std::string Key = E["check"].get<std::string>();
    Key += '\0';
    Key += E["file"].get<std::string>();
    Key += '\0';
    Key += E["hash"].get<std::string>();
    ++Out.Counts[Key];
    ++Index;
  }
  return true;
}

void writeBaseline(const Report &R, const ReportOptions &Options,
                   llvm::StringRef BaselinePath, llvm::raw_ostream &OS) {
  OJson Findings = OJson::array();
  for (const Finding &F : R.Findings) {
    OJson E = OJson::object();
    E["check"] = F.Check;
    E["file"] = relativePath(fileOf(F), Options.SourceRoot);
    E["hash"] = F.ContextHash;
    // For people reading the file; matching uses check, file and hash only.
    E["line"] = F.Loc ? F.Loc->Line : 0;
    E["message"] = F.Message;
    Findings.push_back(std::move(E));
  }
  OJson Root = OJson::object();
  Root["version"] = 1;
  Root["tool"] = "coroguard";
  // The files below are relative to this directory, itself relative to the
  // baseline's own: the baseline matches from any checkout and directory.
  Root["root"] = relativeTo(Options.SourceRoot, absoluteDirOf(BaselinePath));
  Root["findings"] = std::move(Findings);
  OS << dump(Root) << "\n";
}

unsigned applyBaseline(Report &R, Baseline B, const ReportOptions &Options,
                       SourceCache &Sources) {
  std::vector<Finding> Kept;
  llvm::StringRef Root = B.Root.empty() ? llvm::StringRef(Options.SourceRoot)
                                        : llvm::StringRef(B.Root);
  for (Finding &F : R.Findings) {
    auto It = B.Counts.find(Baseline::key(F, Root, Sources));
    if (It != B.Counts.end() && It->second > 0) {
      --It->second;
      ++R.SuppressedByBaseline;
      continue;
    }
    Kept.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);
  unsigned Unmatched = 0;
  for (const auto &Entry : B.Counts)
    Unmatched += Entry.second;
  R.BaselineUnmatched = Unmatched;
  return Unmatched;
}

} // namespace coroguard
