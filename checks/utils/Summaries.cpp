//===--- Summaries.cpp - coroguard -----------------------------------------===//

#include "utils/Summaries.h"
#include "llvm/ADT/DenseMap.h"
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
#include <tuple>
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
  if (F.NeverReturns)
    J["neverReturns"] = true;
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
  if (!F.FrameRefs.empty()) {
    json Refs = json::array();
    for (const SummaryFrameRef &R : F.FrameRefs) {
      json E = {{"index", R.Index},
                {"lazy", R.Lazy},
                {"coroutine", R.Coroutine},
                {"param", R.Param},
                {"first", Files.point(R.First)}};
      if (R.Later)
        E["later"] = Files.point(*R.Later);
      Refs.push_back(std::move(E));
    }
    J["frameRefs"] = std::move(Refs);
  }
  return J;
}

static json handOffJSON(const SummaryHandOff &H, FileTable &Files) {
  return {{"usr", H.Callee},
          {"name", H.Name},
          {"api", H.Api},
          {"at", Files.point(H.At)},
          {"thread", H.Thread}};
}

static std::string compactJSON(const json &J) {
  return J.dump(-1, ' ', false, json::error_handler_t::replace);
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
        HandOffs.push_back(handOffJSON(H, Files));
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
  return compactJSON(Doc);
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

  /// One entry of a program index: a function, a hand-off or a unit's
  /// files, whose places index \p UnitFiles.
  bool functionEntry(const json &J, const std::vector<std::string> &UnitFiles,
                     FunctionSummary &F) {
    Files = UnitFiles;
    return function(J, F);
  }
  bool handOffEntry(const json &J, const std::vector<std::string> &UnitFiles,
                    SummaryHandOff &H) {
    Files = UnitFiles;
    return handOff(J, H);
  }
  bool unitEntry(const json &J, UnitSummary &U,
                 std::vector<std::string> &UnitFiles) {
    if (!fileTable(J) || !mainFile(J, U))
      return false;
    UnitFiles = Files;
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
        !flag(J, "runsLoop", F.RunsLoop) ||
        !flag(J, "neverReturns", F.NeverReturns))
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
    if (J.contains("frameRefs")) {
      const json *Refs = member(J, "frameRefs", json::value_t::array);
      if (!Refs)
        return false;
      for (const json &R : *Refs) {
        SummaryFrameRef Ref;
        const json *Index = R.is_object() && R.contains("index")
                                ? &R["index"]
                                : nullptr;
        const json *Lazy = member(R, "lazy", json::value_t::boolean);
        if (!Index || !Index->is_number_integer() || !Lazy ||
            !string(R, "coroutine", Ref.Coroutine) ||
            !string(R, "param", Ref.Param) || !point(R, "first", Ref.First))
          return fail("malformed frame reference");
        Ref.Index = Index->get<int>();
        Ref.Lazy = Lazy->get<bool>();
        if (R.contains("later")) {
          SummaryPoint Later;
          if (!point(R, "later", Later))
            return false;
          Ref.Later = std::move(Later);
        }
        F.FrameRefs.push_back(std::move(Ref));
      }
    }
    return true;
  }
  bool handOff(const json &H, SummaryHandOff &HO) {
    return string(H, "usr", HO.Callee) && string(H, "name", HO.Name) &&
           string(H, "api", HO.Api) && point(H, "at", HO.At) &&
           flag(H, "thread", HO.Thread);
  }
  bool fileTable(const json &J) {
    const json *Table = member(J, "files", json::value_t::array);
    if (!Table)
      return false;
    Files.clear();
    for (const json &F : *Table) {
      if (!F.is_string())
        return fail("a unit's \"files\" holds something else than paths");
      Files.push_back(F.get<std::string>());
    }
    return true;
  }
  bool mainFile(const json &J, UnitSummary &U) {
    const json *Main = member(J, "file", json::value_t::number_unsigned);
    return Main && file(*Main, U.File);
  }
  bool unit(const json &J, UnitSummary &U) {
    if (!fileTable(J) || !mainFile(J, U))
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
        if (!handOff(H, HO))
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

static constexpr llvm::StringLiteral IndexMagic = "CGPI";

bool decodeSummaries(llvm::StringRef Bytes, std::vector<UnitSummary> &Out,
                     std::string &Error) {
  if (Bytes.starts_with(IndexMagic)) {
    Error = "a program index (a project run's merged summaries, read by "
            "coroguard.SummaryDirectory only), not a summary file";
    return false;
  }
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

//===-- The program index --------------------------------------------------===//

namespace {
namespace endian = llvm::support::endian;

/// The sizes of the index's table entries and of its fixed header.
constexpr size_t UnitEntry = 12, FunctionEntry = 24, CallEntry = 16,
                 HandOffEntry = 24, FixedHeader = 40;
/// Where the checksum starts (after the magic, the version and itself).
constexpr size_t ChecksumFrom = 16;

void put32(std::string &Out, uint32_t V) {
  char B[4];
  endian::write32le(B, V);
  Out.append(B, 4);
}
void put64(std::string &Out, uint64_t V) {
  char B[8];
  endian::write64le(B, V);
  Out.append(B, 8);
}
} // namespace

std::string encodeProgramIndex(llvm::ArrayRef<UnitSummary> Units) {
  // The records, then the tables pointing into them.
  std::string Data;
  struct Record {
    uint64_t Off;
    uint32_t Len;
  };
  auto Add = [&](const json &J) {
    Record R{Data.size(), 0};
    Data += compactJSON(J);
    R.Len = static_cast<uint32_t>(Data.size() - R.Off);
    return R;
  };
  struct Fn {
    uint64_t Hash;
    uint32_t Unit;
    Record R;
    const FunctionSummary *F;
  };
  struct HandOff {
    uint64_t Hash;
    uint32_t Unit;
    Record R;
    uint32_t Seq; ///< its place in the units' order
  };
  std::vector<Record> UnitRecords;
  std::vector<Fn> Fns;
  std::vector<HandOff> HandOffs;
  llvm::StringMap<bool> Defined;
  bool NonBlocking = false;
  for (uint32_t UI = 0; UI < Units.size(); ++UI) {
    const UnitSummary &U = Units[UI];
    FileTable Files;
    const unsigned Main = Files.index(U.File);
    for (const FunctionSummary &F : U.Functions)
      // The first definition of a function, as the store answers.
      if (Defined.try_emplace(F.USR, true).second)
        Fns.push_back({hashContent(F.USR), UI, Add(functionJSON(F, Files)), &F});
    for (const SummaryHandOff &H : U.HandOffs)
      HandOffs.push_back({hashContent(H.Callee), UI, Add(handOffJSON(H, Files)),
                          static_cast<uint32_t>(HandOffs.size())});
    NonBlocking |= U.SetsNonBlocking;
    UnitRecords.push_back(Add(json{{"file", Main}, {"files", Files.paths()}}));
  }
  // Sorted by hash; within a hash, in the units' order.
  auto ByHash = [](const auto &A, const auto &B) {
    return std::tie(A.Hash, A.Seq) < std::tie(B.Hash, B.Seq);
  };
  std::vector<uint32_t> Order(Fns.size());
  for (uint32_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  llvm::sort(Order, [&](uint32_t A, uint32_t B) {
    return std::tie(Fns[A].Hash, A) < std::tie(Fns[B].Hash, B);
  });
  std::vector<uint32_t> Slot(Fns.size()); // a function's entry in the table
  for (uint32_t I = 0; I < Order.size(); ++I)
    Slot[Order[I]] = I;
  struct Call {
    uint64_t Hash;
    uint32_t Caller, Index, Seq;
  };
  std::vector<Call> Calls;
  for (uint32_t I = 0; I < Fns.size(); ++I)
    for (uint32_t C = 0; C < Fns[I].F->Calls.size(); ++C)
      Calls.push_back({hashContent(Fns[I].F->Calls[C].Callee), Slot[I], C,
                       static_cast<uint32_t>(Calls.size())});
  llvm::sort(Calls, ByHash);
  llvm::sort(HandOffs, ByHash);

  const llvm::StringRef Tool = COROGUARD_VERSION;
  const uint64_t DataStart =
      FixedHeader + Tool.size() + UnitRecords.size() * UnitEntry +
      Fns.size() * FunctionEntry + Calls.size() * CallEntry +
      HandOffs.size() * HandOffEntry;
  std::string Out;
  Out.reserve(DataStart + Data.size());
  Out += IndexMagic;
  put32(Out, SummaryFormatVersion);
  put64(Out, 0); // the checksum, below
  put32(Out, NonBlocking ? 1 : 0);
  put32(Out, UnitRecords.size());
  put32(Out, Fns.size());
  put32(Out, Calls.size());
  put32(Out, HandOffs.size());
  put32(Out, Tool.size());
  Out += Tool;
  for (const Record &R : UnitRecords) {
    put64(Out, DataStart + R.Off);
    put32(Out, R.Len);
  }
  for (uint32_t I : Order) {
    put64(Out, Fns[I].Hash);
    put32(Out, Fns[I].Unit);
    put64(Out, DataStart + Fns[I].R.Off);
    put32(Out, Fns[I].R.Len);
  }
  for (const Call &C : Calls) {
    put64(Out, C.Hash);
    put32(Out, C.Caller);
    put32(Out, C.Index);
  }
  for (const HandOff &H : HandOffs) {
    put64(Out, H.Hash);
    put32(Out, H.Unit);
    put64(Out, DataStart + H.R.Off);
    put32(Out, H.R.Len);
  }
  Out += Data;
  endian::write64le(&Out[8],
                    hashContent(llvm::StringRef(Out).drop_front(ChecksumFrom)));
  return Out;
}

/// A program index read lazily: the tables in the mapped file, and the
/// entries decoded so far (kept: the store hands out pointers to them).
struct SummaryStore::Lazy {
  std::unique_ptr<llvm::MemoryBuffer> Buffer;
  std::string Name;
  uint32_t NumUnits = 0, NumFunctions = 0, NumCalls = 0, NumHandOffs = 0;
  const char *UnitTable = nullptr, *FunctionTable = nullptr,
             *CallTable = nullptr, *HandOffTable = nullptr;

  struct DecodedUnit {
    UnitSummary Unit; ///< its file only
    std::vector<std::string> Files;
    bool Ok = false;
  };
  std::deque<DecodedUnit> Units;
  llvm::DenseMap<uint32_t, DecodedUnit *> UnitAt;
  std::deque<FunctionSummary> Functions;
  llvm::DenseMap<uint32_t, const FunctionSummary *> FunctionAt;
  bool Warned = false;

  llvm::StringRef record(const char *Entry) const {
    return Buffer->getBuffer().substr(endian::read64le(Entry),
                                      endian::read32le(Entry + 8));
  }

  /// The entries of a table (of \p Count entries of \p Size bytes) whose
  /// hash is \p Hash: [first, last).
  static std::pair<uint32_t, uint32_t> range(const char *Table, uint32_t Count,
                                             size_t Size, uint64_t Hash) {
    auto HashAt = [&](uint32_t I) { return endian::read64le(Table + I * Size); };
    uint32_t Lo = 0, Hi = Count;
    while (Lo < Hi) {
      uint32_t Mid = Lo + (Hi - Lo) / 2;
      if (HashAt(Mid) < Hash)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    uint32_t End = Lo;
    while (End < Count && HashAt(End) == Hash)
      ++End;
    return {Lo, End};
  }

  /// An entry that does not decode: the file passed its checksum, so this
  /// is a writer's bug; said once, and the entry is taken as absent.
  void malformed(const std::string &Why) {
    if (Warned)
      return;
    Warned = true;
    llvm::errs() << "coroguard: warning: the summary index '" << Name
                 << "' has an entry that does not decode (" << Why
                 << "); it is ignored\n";
  }

  std::optional<json> parse(llvm::StringRef Text) {
    json J = json::parse(Text.begin(), Text.end(), nullptr,
                         /*allow_exceptions=*/false);
    if (J.is_discarded()) {
      malformed("not JSON");
      return std::nullopt;
    }
    return J;
  }

  DecodedUnit *unit(uint32_t I) {
    auto [It, New] = UnitAt.try_emplace(I, nullptr);
    if (!New)
      return It->second;
    DecodedUnit &U = Units.emplace_back();
    It->second = &U;
    if (I >= NumUnits)
      return &U;
    if (std::optional<json> J = parse(record(UnitTable + I * UnitEntry))) {
      Reader R;
      U.Ok = R.unitEntry(*J, U.Unit, U.Files);
      if (!U.Ok)
        malformed(R.Error);
    }
    return &U;
  }

  const FunctionSummary *function(uint32_t I) {
    if (auto It = FunctionAt.find(I); It != FunctionAt.end())
      return It->second;
    const FunctionSummary *Out = nullptr;
    const char *Entry = FunctionTable + I * FunctionEntry;
    DecodedUnit *U = unit(endian::read32le(Entry + 8));
    if (U->Ok)
      if (std::optional<json> J = parse(record(Entry + 12))) {
        FunctionSummary F;
        Reader R;
        if (R.functionEntry(*J, U->Files, F))
          Out = &Functions.emplace_back(std::move(F));
        else
          malformed(R.Error);
      }
    FunctionAt[I] = Out;
    return Out;
  }

  const UnitSummary *unitOfFunction(uint32_t I) {
    DecodedUnit *U = unit(endian::read32le(FunctionTable + I * FunctionEntry + 8));
    return U->Ok ? &U->Unit : nullptr;
  }
};

SummaryStore::~SummaryStore() = default;

std::shared_ptr<const SummaryStore>
SummaryStore::fromIndex(std::unique_ptr<llvm::MemoryBuffer> Buffer,
                        llvm::StringRef Name, std::string &Error) {
  llvm::StringRef B = Buffer->getBuffer();
  auto Bad = [&](const std::string &Why) {
    Error = "'" + Name.str() + "': " + Why;
    return nullptr;
  };
  if (B.size() < FixedHeader || !B.starts_with(IndexMagic))
    return Bad("not a coroguard program index");
  const char *P = B.data();
  const uint32_t Version = endian::read32le(P + 4);
  if (endian::read64le(P + 8) != hashContent(B.drop_front(ChecksumFrom)))
    return Bad("the program index is damaged (its checksum does not match)");
  const uint32_t ToolSize = endian::read32le(P + 36);
  if (FixedHeader + uint64_t(ToolSize) > B.size())
    return Bad("the program index is cut short");
  if (Version != SummaryFormatVersion)
    return Bad("summary format version " + std::to_string(Version) +
               " (written by coroguard " +
               B.substr(FixedHeader, ToolSize).str() +
               "); this coroguard reads version " +
               std::to_string(SummaryFormatVersion) + ": run it again");
  auto L = std::make_unique<Lazy>();
  L->Name = Name.str();
  L->NumUnits = endian::read32le(P + 20);
  L->NumFunctions = endian::read32le(P + 24);
  L->NumCalls = endian::read32le(P + 28);
  L->NumHandOffs = endian::read32le(P + 32);
  const uint64_t Tables = uint64_t(L->NumUnits) * UnitEntry +
                          uint64_t(L->NumFunctions) * FunctionEntry +
                          uint64_t(L->NumCalls) * CallEntry +
                          uint64_t(L->NumHandOffs) * HandOffEntry;
  const uint64_t TablesAt = FixedHeader + ToolSize;
  if (TablesAt + Tables > B.size())
    return Bad("the program index is cut short");
  L->UnitTable = P + TablesAt;
  L->FunctionTable = L->UnitTable + L->NumUnits * UnitEntry;
  L->CallTable = L->FunctionTable + uint64_t(L->NumFunctions) * FunctionEntry;
  L->HandOffTable = L->CallTable + uint64_t(L->NumCalls) * CallEntry;
  // Every record within the file, every table sorted, every reference in
  // range: a lookup can then trust the tables.
  const uint64_t DataAt = TablesAt + Tables;
  auto RecordOk = [&](const char *Entry) {
    const uint64_t Off = endian::read64le(Entry);
    return Off >= DataAt && Off + endian::read32le(Entry + 8) <= B.size();
  };
  for (uint32_t I = 0; I < L->NumUnits; ++I)
    if (!RecordOk(L->UnitTable + I * UnitEntry))
      return Bad("a unit's entry points outside the program index");
  auto Sorted = [](const char *Table, uint32_t Count, size_t Size) {
    for (uint32_t I = 1; I < Count; ++I)
      if (endian::read64le(Table + (I - 1) * Size) >
          endian::read64le(Table + I * Size))
        return false;
    return true;
  };
  if (!Sorted(L->FunctionTable, L->NumFunctions, FunctionEntry) ||
      !Sorted(L->CallTable, L->NumCalls, CallEntry) ||
      !Sorted(L->HandOffTable, L->NumHandOffs, HandOffEntry))
    return Bad("a table of the program index is not sorted");
  for (uint32_t I = 0; I < L->NumFunctions; ++I) {
    const char *E = L->FunctionTable + I * FunctionEntry;
    if (endian::read32le(E + 8) >= L->NumUnits || !RecordOk(E + 12))
      return Bad("a function's entry points outside the program index");
  }
  for (uint32_t I = 0; I < L->NumCalls; ++I)
    if (endian::read32le(L->CallTable + I * CallEntry + 8) >= L->NumFunctions)
      return Bad("a call's entry names no function of the program index");
  for (uint32_t I = 0; I < L->NumHandOffs; ++I) {
    const char *E = L->HandOffTable + I * HandOffEntry;
    if (endian::read32le(E + 8) >= L->NumUnits || !RecordOk(E + 12))
      return Bad("a hand-off's entry points outside the program index");
  }
  L->Buffer = std::move(Buffer);
  std::shared_ptr<SummaryStore> Store(new SummaryStore());
  Store->NonBlocking = endian::read32le(P + 16) & 1;
  Store->Index = std::move(L);
  return Store;
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
  if (!Index) {
    auto It = ByUSR.find(USR);
    return It == ByUSR.end() ? nullptr : It->second;
  }
  std::lock_guard<std::mutex> Guard(LazyLock);
  return findLocked(USR);
}

const FunctionSummary *SummaryStore::findLocked(llvm::StringRef USR) const {
  auto [It, New] = ByUSR.try_emplace(USR, nullptr);
  if (!New)
    return It->second;
  auto [First, Last] = Lazy::range(Index->FunctionTable, Index->NumFunctions,
                                   FunctionEntry, hashContent(USR));
  for (uint32_t I = First; I < Last; ++I)
    if (const FunctionSummary *F = Index->function(I); F && F->USR == USR) {
      It->second = F;
      break;
    }
  return It->second;
}

llvm::ArrayRef<SummaryHandOff>
SummaryStore::handOffsOf(llvm::StringRef USR) const {
  std::unique_lock<std::mutex> Guard(LazyLock, std::defer_lock);
  if (Index) {
    Guard.lock();
    auto [It, New] = HandOffs.try_emplace(USR);
    if (!New)
      return It->second;
    auto [First, Last] = Lazy::range(Index->HandOffTable, Index->NumHandOffs,
                                     HandOffEntry, hashContent(USR));
    for (uint32_t I = First; I < Last; ++I) {
      const char *Entry = Index->HandOffTable + I * HandOffEntry;
      Lazy::DecodedUnit *U = Index->unit(endian::read32le(Entry + 8));
      if (!U->Ok)
        continue;
      std::optional<json> J = Index->parse(Index->record(Entry + 12));
      SummaryHandOff H;
      Reader R;
      if (!J || !R.handOffEntry(*J, U->Files, H)) {
        if (J)
          Index->malformed(R.Error);
        continue;
      }
      if (H.Callee == USR)
        It->second.push_back(std::move(H));
    }
    return It->second;
  }
  auto It = HandOffs.find(USR);
  if (It == HandOffs.end())
    return {};
  return It->second;
}

llvm::ArrayRef<SummaryCaller>
SummaryStore::callersOf(llvm::StringRef USR) const {
  if (Index) {
    std::lock_guard<std::mutex> Guard(LazyLock);
    auto [It, New] = Callers.try_emplace(USR);
    if (!New)
      return It->second;
    auto [First, Last] = Lazy::range(Index->CallTable, Index->NumCalls,
                                     CallEntry, hashContent(USR));
    for (uint32_t I = First; I < Last; ++I) {
      const char *Entry = Index->CallTable + I * CallEntry;
      const uint32_t Caller = endian::read32le(Entry + 8);
      const uint32_t Call = endian::read32le(Entry + 12);
      const FunctionSummary *F = Index->function(Caller);
      const UnitSummary *U = Index->unitOfFunction(Caller);
      if (F && U && Call < F->Calls.size() && F->Calls[Call].Callee == USR)
        It->second.push_back({F, &F->Calls[Call], U});
    }
    return It->second;
  }
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
  // A program index (a project run's second phase) is mapped and read
  // lazily; anything else is read whole.
  if (!llvm::sys::fs::is_directory(PathOrDir)) {
    auto Buf = llvm::MemoryBuffer::getFile(PathOrDir, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!Buf) {
      Error = "cannot read '" + PathOrDir.str() +
              "': " + Buf.getError().message();
      return nullptr;
    }
    if ((*Buf)->getBuffer().starts_with(IndexMagic)) {
      std::shared_ptr<const SummaryStore> Store =
          SummaryStore::fromIndex(std::move(*Buf), PathOrDir, Error);
      if (!Store)
        return nullptr;
      L.Stamps = std::move(Stamps);
      L.Store = std::move(Store);
      return L.Store;
    }
  }
  std::vector<UnitSummary> Units;
  if (!readSummaries(PathOrDir, Units, Error))
    return nullptr;
  L.Stamps = std::move(Stamps);
  L.Store = std::make_shared<SummaryStore>(std::move(Units));
  return L.Store;
}

} // namespace clang::tidy::coro
