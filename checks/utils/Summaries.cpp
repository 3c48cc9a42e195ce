//===--- Summaries.cpp - coroguard -----------------------------------------===//

#include "utils/Summaries.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#ifndef COROGUARD_VERSION
#error "COROGUARD_VERSION is set by checks/CMakeLists.txt"
#endif

namespace clang::tidy::coro {

using nlohmann::json;

static constexpr const char *FormatName = "coroguard-summaries";

std::uint64_t hashContent(llvm::StringRef Content) {
  return llvm::xxh3_64bits(Content);
}

//===-- JSON ---------------------------------------------------------------===//

namespace {
/// The files a unit's places and inputs name, each written once: a place is
/// [file index, line, column]. (The paths were most of a summary's size.)
class FileTable {
public:
  unsigned index(const std::string &Path) {
    auto [It, New] = Index.try_emplace(Path, Paths.size());
    if (New)
      Paths.push_back(Path);
    return It->second;
  }
  json point(const SummaryPoint &P) {
    return json::array({index(P.File), P.Line, P.Column});
  }
  json paths() const { return json(Paths); }

private:
  llvm::StringMap<unsigned> Index;
  std::vector<std::string> Paths;
};
} // namespace

static const char *fateName(TaskParamFate F) {
  switch (F) {
  case TaskParamFate::Consumes:
    return "consumes";
  case TaskParamFate::Stores:
    return "stores";
  case TaskParamFate::Drops:
    return "drops";
  }
  return "consumes";
}

static json functionJSON(const FunctionSummary &F, FileTable &Files) {
  json J = {{"usr", F.USR}, {"name", F.Name}, {"def", Files.point(F.Def)}};
  if (F.Coroutine)
    J["coroutine"] = true;
  if (F.RunsLoop)
    J["runsLoop"] = true;
  if (F.EndsOn) {
    json W = {{"at", Files.point(F.EndsOn->At)},
              {"kind", F.EndsOn->Pool ? "pool" : "blocking"}};
    if (!F.EndsOn->Executor.empty())
      W["executor"] = F.EndsOn->Executor;
    J["endsOn"] = std::move(W);
  }
  if (F.Blocks) {
    json B = {{"leaf", F.Blocks->Leaf}, {"at", Files.point(F.Blocks->At)}};
    if (!F.Blocks->Suggestion.empty())
      B["suggestion"] = F.Blocks->Suggestion;
    J["blocks"] = std::move(B);
  }
  if (!F.Calls.empty()) {
    json Calls = json::array();
    for (const SummaryCall &C : F.Calls)
      // The callee's name is in its own entry.
      Calls.push_back({{"usr", C.Callee}, {"at", Files.point(C.At)}});
    J["calls"] = std::move(Calls);
  }
  if (!F.TaskParams.empty()) {
    json Params = json::array();
    for (const SummaryTaskParam &P : F.TaskParams)
      Params.push_back({{"index", P.Index},
                        {"fate", fateName(P.Fate)},
                        {"at", Files.point(P.At)}});
    J["taskParams"] = std::move(Params);
  }
  return J;
}

std::string summariesToJSON(llvm::ArrayRef<UnitSummary> Units) {
  json Doc = {{"format", FormatName},
              {"version", SummaryFormatVersion},
              {"tool", COROGUARD_VERSION}};
  json UnitsJ = json::array();
  for (const UnitSummary &U : Units) {
    FileTable Files;
    json J = {{"file", Files.index(U.File)}};
    json Inputs = json::array();
    for (const SummaryInput &I : U.Inputs)
      Inputs.push_back(
          {Files.index(I.Path), llvm::utohexstr(I.Hash), I.Size, I.MTime});
    J["inputs"] = std::move(Inputs);
    json Functions = json::array();
    for (const FunctionSummary &F : U.Functions)
      if (!F.empty()) // absent and empty are read alike
        Functions.push_back(functionJSON(F, Files));
    J["functions"] = std::move(Functions);
    if (!U.HandOffs.empty()) {
      json HandOffs = json::array();
      for (const SummaryHandOff &H : U.HandOffs)
        HandOffs.push_back({{"usr", H.Callee},
                            {"name", H.Name},
                            {"api", H.Api},
                            {"at", Files.point(H.At)},
                            {"thread", H.Thread}});
      J["handoffs"] = std::move(HandOffs);
    }
    if (U.SetsNonBlocking)
      J["nonblocking"] = true;
    J["files"] = Files.paths();
    UnitsJ.push_back(std::move(J));
  }
  Doc["units"] = std::move(UnitsJ);
  // Compact: summaries are machine-read, and their size counts (issue 19:
  // at most 5% of the object files).
  return Doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {
/// Reads a summary document. Exceptions are off (LLVM's flags), and
/// nlohmann-json aborts where it would throw: every type is checked before
/// it is read, and the first problem is kept as the error.
class Reader {
public:
  std::string Error;

  bool document(const json &Doc, std::vector<UnitSummary> &Out) {
    const json *Units = member(Doc, "units", json::value_t::array);
    if (!Units)
      return false;
    for (const json &U : *Units) {
      UnitSummary Unit;
      if (!unit(U, Unit))
        return false;
      Out.push_back(std::move(Unit));
    }
    return true;
  }

private:
  bool fail(std::string Why) {
    if (Error.empty())
      Error = std::move(Why);
    return false;
  }
  const json *member(const json &J, const char *Key, json::value_t Type) {
    if (!J.is_object()) {
      fail(std::string("an entry holding \"") + Key + "\" is not an object");
      return nullptr;
    }
    auto It = J.find(Key);
    if (It == J.end()) {
      fail(std::string("\"") + Key + "\" is missing");
      return nullptr;
    }
    const bool Ok = It->type() == Type ||
                    (Type == json::value_t::number_unsigned &&
                     It->is_number_integer() && *It >= 0);
    if (!Ok) {
      fail(std::string("\"") + Key + "\" has the wrong type");
      return nullptr;
    }
    return &*It;
  }
  bool string(const json &J, const char *Key, std::string &Out) {
    const json *V = member(J, Key, json::value_t::string);
    if (!V)
      return false;
    Out = V->get<std::string>();
    return true;
  }
  bool optionalString(const json &J, const char *Key, std::string &Out) {
    return !J.contains(Key) || string(J, Key, Out);
  }
  bool flag(const json &J, const char *Key, bool &Out) {
    if (!J.contains(Key))
      return true;
    const json *V = member(J, Key, json::value_t::boolean);
    if (!V)
      return false;
    Out = V->get<bool>();
    return true;
  }
  /// The current unit's file table.
  std::vector<std::string> Files;
  bool file(const json &J, std::string &Out) {
    if (!J.is_number_unsigned() || J.get<std::uint64_t>() >= Files.size())
      return fail("a file index is not one of the unit's \"files\"");
    Out = Files[J.get<std::size_t>()];
    return true;
  }
  bool point(const json &J, SummaryPoint &P) {
    if (!J.is_array() || J.size() != 3 || !J[1].is_number_unsigned() ||
        !J[2].is_number_unsigned())
      return fail("a place is not [file, line, column]");
    if (!file(J[0], P.File))
      return false;
    P.Line = J[1].get<unsigned>();
    P.Column = J[2].get<unsigned>();
    return true;
  }
  bool point(const json &J, const char *Key, SummaryPoint &P) {
    const json *V = member(J, Key, json::value_t::array);
    return V && point(*V, P);
  }
  bool function(const json &J, FunctionSummary &F) {
    if (!string(J, "usr", F.USR) || !string(J, "name", F.Name) ||
        !point(J, "def", F.Def) || !flag(J, "coroutine", F.Coroutine) ||
        !flag(J, "runsLoop", F.RunsLoop))
      return false;
    if (J.contains("endsOn")) {
      const json *W = member(J, "endsOn", json::value_t::object);
      SummarySwitch Switch;
      std::string Kind;
      if (!W || !point(*W, "at", Switch.At) || !string(*W, "kind", Kind) ||
          !optionalString(*W, "executor", Switch.Executor))
        return false;
      if (Kind != "pool" && Kind != "blocking")
        return fail("unknown executor kind '" + Kind + "'");
      Switch.Pool = Kind == "pool";
      F.EndsOn = std::move(Switch);
    }
    if (J.contains("blocks")) {
      const json *B = member(J, "blocks", json::value_t::object);
      SummaryBlock Block;
      if (!B || !string(*B, "leaf", Block.Leaf) ||
          !optionalString(*B, "suggestion", Block.Suggestion) ||
          !point(*B, "at", Block.At))
        return false;
      F.Blocks = std::move(Block);
    }
    if (J.contains("calls")) {
      const json *Calls = member(J, "calls", json::value_t::array);
      if (!Calls)
        return false;
      for (const json &C : *Calls) {
        SummaryCall Call;
        if (!string(C, "usr", Call.Callee) || !point(C, "at", Call.At))
          return false;
        F.Calls.push_back(std::move(Call));
      }
    }
    if (J.contains("taskParams")) {
      const json *Params = member(J, "taskParams", json::value_t::array);
      if (!Params)
        return false;
      for (const json &P : *Params) {
        SummaryTaskParam Param;
        std::string Fate;
        const json *Index = member(P, "index", json::value_t::number_unsigned);
        if (!Index || !string(P, "fate", Fate) || !point(P, "at", Param.At))
          return false;
        Param.Index = Index->get<unsigned>();
        if (Fate == "consumes")
          Param.Fate = TaskParamFate::Consumes;
        else if (Fate == "stores")
          Param.Fate = TaskParamFate::Stores;
        else if (Fate == "drops")
          Param.Fate = TaskParamFate::Drops;
        else
          return fail("unknown task parameter fate '" + Fate + "'");
        F.TaskParams.push_back(std::move(Param));
      }
    }
    return true;
  }
  bool unit(const json &J, UnitSummary &U) {
    const json *Table = member(J, "files", json::value_t::array);
    if (!Table)
      return false;
    Files.clear();
    for (const json &F : *Table) {
      if (!F.is_string())
        return fail("a unit's \"files\" holds something else than paths");
      Files.push_back(F.get<std::string>());
    }
    const json *Main = member(J, "file", json::value_t::number_unsigned);
    if (!Main || !file(*Main, U.File))
      return false;
    const json *Inputs = member(J, "inputs", json::value_t::array);
    if (!Inputs)
      return false;
    for (const json &I : *Inputs) {
      if (!I.is_array() || I.size() != 4 || !I[1].is_string() ||
          !I[2].is_number_unsigned() || !I[3].is_number_integer())
        return fail("an input is not [file, hash, size, mtime]");
      SummaryInput In;
      if (!file(I[0], In.Path))
        return false;
      In.Size = I[2].get<std::uint64_t>();
      In.MTime = I[3].get<std::int64_t>();
      if (llvm::StringRef(I[1].get_ref<const std::string &>())
              .getAsInteger(16, In.Hash))
        return fail("an input hash is not hexadecimal");
      U.Inputs.push_back(std::move(In));
    }
    const json *Functions = member(J, "functions", json::value_t::array);
    if (!Functions)
      return false;
    for (const json &FJ : *Functions) {
      FunctionSummary F;
      if (!function(FJ, F))
        return false;
      U.Functions.push_back(std::move(F));
    }
    if (J.contains("handoffs")) {
      const json *HandOffs = member(J, "handoffs", json::value_t::array);
      if (!HandOffs)
        return false;
      for (const json &H : *HandOffs) {
        SummaryHandOff HO;
        if (!string(H, "usr", HO.Callee) || !string(H, "name", HO.Name) ||
            !string(H, "api", HO.Api) || !point(H, "at", HO.At) ||
            !flag(H, "thread", HO.Thread))
          return false;
        U.HandOffs.push_back(std::move(HO));
      }
    }
    return flag(J, "nonblocking", U.SetsNonBlocking);
  }
};
} // namespace

bool summariesFromJSON(llvm::StringRef Text, std::vector<UnitSummary> &Out,
                       std::string &Error) {
  json Doc = json::parse(Text.begin(), Text.end(), nullptr,
                         /*allow_exceptions=*/false);
  if (Doc.is_discarded()) {
    Error = "not JSON";
    return false;
  }
  auto Format = Doc.is_object() ? Doc.find("format") : Doc.end();
  if (!Doc.is_object() || Format == Doc.end() || !Format->is_string() ||
      *Format != FormatName) {
    Error = "not a coroguard summary file (no \"format\": \"" +
            std::string(FormatName) + "\")";
    return false;
  }
  auto Version = Doc.find("version");
  auto Tool = Doc.find("tool");
  if (Version == Doc.end() || !Version->is_number_integer() ||
      *Version != SummaryFormatVersion) {
    Error = "summary format version " +
            (Version == Doc.end() ? std::string("?") : Version->dump()) +
            " (written by coroguard " +
            (Tool != Doc.end() && Tool->is_string() ? Tool->get<std::string>()
                                                    : std::string("?")) +
            "); this coroguard reads version " +
            std::to_string(SummaryFormatVersion) +
            ": summarise again (delete the directory, or rebuild with the "
            "plugin)";
    return false;
  }
  Reader R;
  std::vector<UnitSummary> Units;
  if (!R.document(Doc, Units)) {
    Error = "malformed summary: " + R.Error;
    return false;
  }
  for (UnitSummary &U : Units)
    Out.push_back(std::move(U));
  return true;
}

static constexpr llvm::StringLiteral CompressedMagic = "CGSZ";

std::string encodeSummaries(llvm::ArrayRef<UnitSummary> Units) {
  std::string Text = summariesToJSON(Units);
  if (!llvm::compression::zlib::isAvailable())
    return Text;
  llvm::SmallVector<uint8_t, 0> Compressed;
  llvm::compression::zlib::compress(llvm::arrayRefFromStringRef(Text),
                                    Compressed);
  std::string Out(CompressedMagic);
  char Size[8];
  llvm::support::endian::write64le(Size, Text.size());
  Out.append(Size, sizeof(Size));
  Out.append(reinterpret_cast<const char *>(Compressed.data()),
             Compressed.size());
  return Out;
}

bool decodeSummaries(llvm::StringRef Bytes, std::vector<UnitSummary> &Out,
                     std::string &Error) {
  if (!Bytes.starts_with(CompressedMagic))
    return summariesFromJSON(Bytes, Out, Error);
  if (Bytes.size() < CompressedMagic.size() + 8) {
    Error = "a compressed summary is cut short";
    return false;
  }
  if (!llvm::compression::zlib::isAvailable()) {
    Error = "a compressed summary, and this coroguard was built without zlib";
    return false;
  }
  const uint64_t Size = llvm::support::endian::read64le(
      Bytes.data() + CompressedMagic.size());
  if (Size > (uint64_t(1) << 32)) {
    Error = "a compressed summary claims an impossible size";
    return false;
  }
  llvm::SmallVector<uint8_t, 0> Text;
  if (llvm::Error E = llvm::compression::zlib::decompress(
          llvm::arrayRefFromStringRef(
              Bytes.drop_front(CompressedMagic.size() + 8)),
          Text, Size)) {
    Error = "a compressed summary does not decompress: " +
            llvm::toString(std::move(E));
    return false;
  }
  return summariesFromJSON(llvm::toStringRef(Text), Out, Error);
}

bool writeSummaryFile(llvm::StringRef Path, llvm::ArrayRef<UnitSummary> Units,
                      std::string &Error) {
  const std::string Text = encodeSummaries(Units);
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
      Error = "cannot create '" + Dir.str().str() + "': " + EC.message();
      return false;
    }
  // A temporary file beside the target, renamed over it: a reader (another
  // compile of the build, a project run) sees the old file or the new one.
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%%%";
  int FD = -1;
  llvm::SmallString<256> Temp;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Model, FD, Temp)) {
    Error = "cannot write '" + Path.str() + "': " + EC.message();
    return false;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.flush();
    if (OS.has_error()) {
      Error = "cannot write '" + Path.str() + "': " + OS.error().message();
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    Error = "cannot write '" + Path.str() + "': " + EC.message();
    llvm::sys::fs::remove(Temp);
    return false;
  }
  return true;
}

static bool readOne(llvm::StringRef File, std::vector<UnitSummary> &Out,
                    std::string &Error) {
  auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/false);
  if (!Buf) {
    Error = "cannot read '" + File.str() + "': " + Buf.getError().message();
    return false;
  }
  std::string Why;
  if (!decodeSummaries((*Buf)->getBuffer(), Out, Why)) {
    Error = "'" + File.str() + "': " + Why;
    return false;
  }
  return true;
}

/// The summary files of \p Dir, sorted (temporary files being written are
/// left out).
static bool summaryFilesIn(llvm::StringRef Dir, std::vector<std::string> &Files,
                           std::string &Error) {
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef P = It->path();
    if ((P.ends_with(SummaryFileExtension) || P.ends_with(".json")) &&
        It->type() != llvm::sys::fs::file_type::directory_file)
      Files.push_back(P.str());
  }
  if (EC) {
    Error = "cannot read the summary directory '" + Dir.str() +
            "': " + EC.message();
    return false;
  }
  llvm::sort(Files);
  return true;
}

bool readSummaries(llvm::StringRef PathOrDir, std::vector<UnitSummary> &Out,
                   std::string &Error) {
  if (!llvm::sys::fs::exists(PathOrDir)) {
    Error = "the summary directory '" + PathOrDir.str() + "' does not exist";
    return false;
  }
  if (!llvm::sys::fs::is_directory(PathOrDir))
    return readOne(PathOrDir, Out, Error);
  std::vector<std::string> Files;
  if (!summaryFilesIn(PathOrDir, Files, Error))
    return false;
  for (const std::string &F : Files)
    if (!readOne(F, Out, Error))
      return false;
  return true;
}

//===-- The program's store ------------------------------------------------===//

SummaryStore::SummaryStore(std::vector<UnitSummary> In) : Units(std::move(In)) {
  for (const UnitSummary &U : Units) {
    for (const FunctionSummary &F : U.Functions)
      ByUSR.try_emplace(F.USR, &F);
    for (const SummaryHandOff &H : U.HandOffs)
      HandOffs[H.Callee].push_back(H);
    NonBlocking |= U.SetsNonBlocking;
  }
  // The call graph backwards. A function defined in several units (an
  // inline function) counts once: its first entry, as find() answers.
  for (const UnitSummary &U : Units)
    for (const FunctionSummary &F : U.Functions)
      if (find(F.USR) == &F)
        for (const SummaryCall &C : F.Calls)
          Callers[C.Callee].push_back({&F, &C, &U});
}

const FunctionSummary *SummaryStore::find(llvm::StringRef USR) const {
  auto It = ByUSR.find(USR);
  return It == ByUSR.end() ? nullptr : It->second;
}

llvm::ArrayRef<SummaryHandOff>
SummaryStore::handOffsOf(llvm::StringRef USR) const {
  auto It = HandOffs.find(USR);
  if (It == HandOffs.end())
    return {};
  return It->second;
}

llvm::ArrayRef<SummaryCaller>
SummaryStore::callersOf(llvm::StringRef USR) const {
  auto It = Callers.find(USR);
  if (It == Callers.end())
    return {};
  return It->second;
}

bool SummaryStore::runsLoop(llvm::StringRef USR) const {
  std::vector<std::pair<const FunctionSummary *, unsigned>> Queue;
  llvm::StringMap<bool> Seen;
  if (const FunctionSummary *F = find(USR))
    Queue.push_back({F, 0});
  Seen[USR] = true;
  for (size_t I = 0; I < Queue.size() && I < 256; ++I) {
    auto [F, Depth] = Queue[I];
    if (F->RunsLoop)
      return true;
    if (Depth >= 4)
      continue;
    for (const SummaryCall &C : F->Calls)
      if (Seen.try_emplace(C.Callee, true).second)
        if (const FunctionSummary *G = find(C.Callee); G && !G->Coroutine)
          Queue.push_back({G, Depth + 1});
  }
  return false;
}

std::vector<ThreadEntry>
SummaryStore::threadsCalling(llvm::StringRef USR, llvm::StringRef ThisFile,
                             unsigned MaxCalls, unsigned Max,
                             bool SkipLoopThreads) const {
  // Breadth first up the call graph: Node i is a function that calls Next's
  // function (or the one asked about, Next < 0) at Call.
  struct Node {
    const FunctionSummary *F;
    int Next;
    const SummaryCall *Call;
    unsigned Depth;
  };
  std::vector<Node> Queue;
  llvm::StringMap<bool> Seen;
  Seen[USR] = true;
  auto Enqueue = [&](llvm::StringRef Callee, int From, unsigned Depth) {
    for (const SummaryCaller &C : callersOf(Callee)) {
      if (C.Caller->Coroutine || C.Unit->File == ThisFile ||
          !Seen.try_emplace(C.Caller->USR, true).second)
        continue;
      Queue.push_back({C.Caller, From, C.Call, Depth});
    }
  };
  std::vector<ThreadEntry> Out;
  Enqueue(USR, -1, 1);
  for (size_t I = 0; I < Queue.size() && I < 1024 && Out.size() < Max; ++I) {
    const Node N = Queue[I];
    llvm::ArrayRef<SummaryHandOff> HandOffsHere = handOffsOf(N.F->USR);
    // A function on the chain runs a loop: every hand-off of N is that
    // loop's thread (asked once per node, not per hand-off).
    bool Loop = false;
    if (SkipLoopThreads && !HandOffsHere.empty())
      for (int K = static_cast<int>(I); K >= 0 && !Loop; K = Queue[K].Next)
        Loop = runsLoop(Queue[K].F->USR);
    for (const SummaryHandOff &H : Loop ? llvm::ArrayRef<SummaryHandOff>()
                                        : HandOffsHere) {
      if (Out.size() >= Max)
        break;
      ThreadEntry E;
      E.HandOff = &H;
      E.Thread = N.F->Name;
      for (int K = static_cast<int>(I); K >= 0; K = Queue[K].Next) {
        const Node &Step = Queue[K];
        const FunctionSummary *Callee =
            Step.Next >= 0 ? Queue[Step.Next].F : nullptr;
        E.Steps.push_back({Callee ? Callee->Name : std::string(),
                           Step.Call->At});
      }
      Out.push_back(std::move(E));
    }
    if (N.Depth < MaxCalls)
      Enqueue(N.F->USR, static_cast<int>(I), N.Depth + 1);
  }
  return Out;
}

std::string summaryPath(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return P.str().str();
}

std::vector<ExternalStep>
SummaryStore::blockingChain(llvm::StringRef USR, std::string *Suggestion) const {
  std::lock_guard<std::mutex> Guard(ChainsLock);
  if (auto It = Chains.find(USR); It != Chains.end()) {
    if (Suggestion)
      *Suggestion = ChainSuggestions.lookup(USR);
    return It->second;
  }
  // Breadth first over the program's call graph: the shortest chain, as
  // within one translation unit. A coroutine is never entered (a call
  // creates its frame); cycles end at functions already seen.
  struct Node {
    const FunctionSummary *F;
    int Parent;
    const SummaryCall *Via;
  };
  std::vector<Node> Queue;
  llvm::StringMap<bool> Seen;
  std::vector<ExternalStep> Chain;
  std::string Suggest;
  if (const FunctionSummary *Start = find(USR); Start && !Start->Coroutine) {
    Queue.push_back({Start, -1, nullptr});
    Seen[USR] = true;
  }
  for (size_t I = 0; I < Queue.size() && I < 4096; ++I) {
    const FunctionSummary *F = Queue[I].F;
    if (F->Blocks) {
      Chain.push_back({F->Blocks->Leaf, F->Blocks->At});
      Suggest = F->Blocks->Suggestion;
      for (int N = static_cast<int>(I); Queue[N].Parent >= 0; N = Queue[N].Parent)
        Chain.push_back({Queue[N].F->Name, Queue[N].Via->At});
      std::reverse(Chain.begin(), Chain.end());
      break;
    }
    for (const SummaryCall &C : F->Calls) {
      if (!Seen.try_emplace(C.Callee, true).second)
        continue;
      const FunctionSummary *G = find(C.Callee);
      if (!G || G->Coroutine)
        continue;
      Queue.push_back({G, static_cast<int>(I), &C});
    }
  }
  Chains[USR] = Chain;
  ChainSuggestions[USR] = Suggest;
  if (Suggestion)
    *Suggestion = Suggest;
  return Chain;
}

//===-- One store per directory, per process -------------------------------===//

namespace {
/// What a directory held when it was read: its files and their times.
struct Loaded {
  std::vector<std::pair<std::string, llvm::sys::TimePoint<>>> Stamps;
  std::shared_ptr<const SummaryStore> Store;
};

bool stampsOf(llvm::StringRef PathOrDir,
              std::vector<std::pair<std::string, llvm::sys::TimePoint<>>> &Out,
              std::string &Error) {
  std::vector<std::string> Files;
  if (!llvm::sys::fs::exists(PathOrDir)) {
    Error = "the summary directory '" + PathOrDir.str() + "' does not exist";
    return false;
  }
  if (llvm::sys::fs::is_directory(PathOrDir)) {
    if (!summaryFilesIn(PathOrDir, Files, Error))
      return false;
  } else {
    Files.push_back(PathOrDir.str());
  }
  for (std::string &F : Files) {
    llvm::sys::fs::file_status St;
    llvm::sys::TimePoint<> T;
    if (!llvm::sys::fs::status(F, St))
      T = St.getLastModificationTime();
    Out.emplace_back(std::move(F), T);
  }
  return true;
}
} // namespace

std::shared_ptr<const SummaryStore>
loadSummaryStore(llvm::StringRef PathOrDir, std::string &Error) {
  // The store is immutable and shared by every translation unit of the
  // process that names the same directory (clangd opens many files; a
  // project worker one): read again only when a file was added, removed or
  // rewritten. Not per-TU state: the analysis session holds the pointer.
  static std::mutex Lock;
  static std::map<std::string, Loaded> Cache;
  std::vector<std::pair<std::string, llvm::sys::TimePoint<>>> Stamps;
  if (!stampsOf(PathOrDir, Stamps, Error))
    return nullptr;
  std::lock_guard<std::mutex> Guard(Lock);
  Loaded &L = Cache[PathOrDir.str()];
  if (L.Store && L.Stamps == Stamps)
    return L.Store;
  std::vector<UnitSummary> Units;
  if (!readSummaries(PathOrDir, Units, Error))
    return nullptr;
  L.Stamps = std::move(Stamps);
  L.Store = std::make_shared<SummaryStore>(std::move(Units));
  return L.Store;
}

} // namespace clang::tidy::coro
