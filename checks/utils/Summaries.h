//===--- Summaries.h - coroguard ----------------------------------*- C++ -*-===//
//
// Function summaries across translation units: what each function defined
// in a translation unit does that a check following calls needs to know,
// keyed by the function's USR, written per translation unit and read as one
// program.
//
// A check sees one translation unit; a coroutine that calls `net::send_all`
// defined in another .cpp sees a declaration. The summary of the .cpp that
// defines it says what the body does, by the same rules the checks apply to
// a body they can see:
//
//   - the first blocking call of its own code (the leaf, where, and the
//     suggestion of the table), and every call it makes to another user
//     function that the blocking rule would follow (by USR, with the call's
//     place): the program's call graph, so a chain may cross any number of
//     files (`run` -> `net::send_all` (net.cpp) -> `wait_fd` (poll.cpp));
//   - the loop methods it calls that are not thread-safe (which, where);
//   - whether it is a coroutine (a call only creates its frame: never
//     followed), and whether it moves the coroutine to another thread;
//   - which of its task parameters it consumes (awaits, returns, hands on),
//     stores or drops.
// and per translation unit: the functions it hands to a thread or an offload
// API (by USR, where), and whether it puts descriptors in non-blocking mode.
//
// Files. A translation unit's summary is one JSON document (nlohmann-json)
//
//   {"format": "coroguard-summaries", "version": 1, "tool": "<version>",
//    "units": [{"file": ..., "inputs": [{"path", "hash"}], "functions": [...],
//               "handoffs": [...], "nonblocking": bool}]}
//
// and a merged program is the same document with every unit. `inputs` are
// the user's files the compile read (system headers are left out: they
// change with the compiler or a package, and the cache key has the command
// and the versions) with a hash of their content: a cache checks them to
// reuse a summary without parsing again. A reader refuses another
// format or version (the message says which), so a summary directory from
// an older coroguard is an error, not a silent mix.
//
// Where they come from: `coroguard.SummaryOutput` (the project mode's first
// phase, or the compiler plugin's `summaries=DIR`) makes the dispatcher write
// the translation unit's summary at its end; `coroguard.SummaryDirectory`
// makes it read a directory of them (or one merged file, or a program index,
// read lazily: encodeProgramIndex) into a SummaryStore, which the checks ask
// through the analysis session.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_SUMMARIES_H
#define COROGUARD_CHECKS_UTILS_SUMMARIES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coro {

/// The format's version: a reader accepts exactly this one.
inline constexpr int SummaryFormatVersion = 4;

/// A place in a source file (absolute path, 1-based line and column).
struct SummaryPoint {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  bool valid() const { return !File.empty() && Line > 0; }
};

/// A call of a function body to another user function.
struct SummaryCall {
  std::string Callee; ///< the callee's USR (its name is in its entry)
  SummaryPoint At;    ///< the call, in the caller's file
};

/// A function's first blocking call of its own code.
struct SummaryBlock {
  std::string Leaf;       ///< what it calls ("poll", "std::future::get")
  std::string Suggestion; ///< the table's suggestion (may be empty)
  SummaryPoint At;
};

/// What a function does with one of its task parameters.
enum class TaskParamFate { Consumes, Stores, Drops };

struct SummaryTaskParam {
  unsigned Index = 0;
  TaskParamFate Fate = TaskParamFate::Consumes;
  SummaryPoint At; ///< where it is consumed or stored (the function for Drops)
};

/// A reference the frame of a coroutine keeps (coro-dangling-reference): a
/// reference, pointer or view parameter, or the object of a member
/// coroutine, that the coroutine's body uses; for a function that is not a
/// coroutine, one it passes on to the coroutine whose task it returns.
struct SummaryFrameRef {
  int Index = -1;        ///< the parameter; -1: the object (`this`)
  bool Lazy = true;      ///< the coroutine's promise suspends initially
  std::string Coroutine; ///< the coroutine that uses it (qualified name)
  std::string Param;     ///< its parameter's name there (empty: `this`)
  SummaryPoint First;    ///< its first use in that coroutine
  std::optional<SummaryPoint> Later; ///< its first use after a suspension
};

/// A coroutine that ends on another executor than the one it started on
/// (`co_await pool.schedule()` on every path to its end): whoever awaits it
/// continues there when its task resumes the awaiter in place.
struct SummarySwitch {
  SummaryPoint At;      ///< the switch
  bool Pool = true;     ///< a pool of workers (false: made for blocking)
  std::string Executor; ///< its class or the switching function (may be empty)
};

struct FunctionSummary {
  std::string USR;
  std::string Name;
  SummaryPoint Def;
  bool Coroutine = false;
  std::optional<SummarySwitch> EndsOn;
  std::optional<SummaryBlock> Blocks;
  std::vector<SummaryCall> Calls;
  std::vector<SummaryTaskParam> TaskParams;
  std::vector<SummaryFrameRef> FrameRefs;
  /// It runs an event loop (calls a loop's run method): a thread it is
  /// handed to is that loop's thread, and what it calls may schedule there.
  bool RunsLoop = false;
  /// It never returns normally (NormalReturns.h): every path of its body
  /// throws out of it or calls a function that never returns.
  bool NeverReturns = false;

  /// Says nothing another translation unit could use (it does not block,
  /// calls no summarised function, ends on the loop, uses its task
  /// parameters ordinarily): such an entry is not written, as a function
  /// with no entry is treated alike.
  bool empty() const {
    return !EndsOn && !Blocks && Calls.empty() && TaskParams.empty() &&
           FrameRefs.empty() && !RunsLoop && !NeverReturns;
  }
};

/// A function handed to a thread or an offload API.
struct SummaryHandOff {
  std::string Callee; ///< USR of the function run there
  std::string Name;
  std::string Api;    ///< what it is handed to ("std::thread")
  SummaryPoint At;
  bool Thread = true; ///< a new thread (false: an offload executor)
};

/// A file of the user's the translation unit read (not a system header),
/// with a hash of its content, and its size and modification time when it
/// was read (a cache may trust an unchanged size and time, as make does, and
/// hash only the files whose time changed).
struct SummaryInput {
  std::string Path;
  std::uint64_t Hash = 0;
  std::uint64_t Size = 0;
  std::int64_t MTime = 0; ///< seconds since the epoch
};

struct UnitSummary {
  std::string File; ///< the main file, absolute
  std::vector<SummaryInput> Inputs;
  std::vector<FunctionSummary> Functions;
  std::vector<SummaryHandOff> HandOffs;
  bool SetsNonBlocking = false;
};

/// Serialisation. Errors are returned as text (the file and what is wrong).
std::string summariesToJSON(llvm::ArrayRef<UnitSummary> Units);
bool summariesFromJSON(llvm::StringRef Text, std::vector<UnitSummary> &Out,
                       std::string &Error);

/// The extension of the summary files coroguard writes.
inline constexpr llvm::StringLiteral SummaryFileExtension = ".cgsum";
/// The bytes of a summary file: the JSON document, compressed with zlib
/// behind an 12-byte header ("CGSZ", the JSON's size as 8 bytes little
/// endian) when LLVM was built with zlib, else the JSON itself. Compressed,
/// a summary is about a third of its JSON: the target is at most 5%
/// of the object files, which small objects (-O2, no debug information)
/// made hard for plain JSON, whose paths repeat from file to file.
std::string encodeSummaries(llvm::ArrayRef<UnitSummary> Units);
/// Reads either form.
bool decodeSummaries(llvm::StringRef Bytes, std::vector<UnitSummary> &Out,
                     std::string &Error);

/// Writes \p Units to \p Path atomically (a temporary file renamed over it).
bool writeSummaryFile(llvm::StringRef Path, llvm::ArrayRef<UnitSummary> Units,
                      std::string &Error);
/// Reads one file, or every summary file (`*.cgsum`, or `*.json` written by
/// hand) of a directory (recursively, in a sorted order so that results do
/// not depend on the file system).
bool readSummaries(llvm::StringRef PathOrDir, std::vector<UnitSummary> &Out,
                   std::string &Error);

/// A merged program as an index: what a project run's second phase reads.
/// Each of its units' processes asks about a few functions; parsing the whole
/// program's summaries in every one of them made the second phase's cost grow
/// with the program (0.2 s a unit at 2,000 units). The index is read lazily:
/// the file is mapped, and only the entries a unit asks for are decoded.
///
///   header:  "CGPI", u32 format version, u64 xxh3 of the rest of the file,
///            u32 flags (1: some unit sets descriptors non-blocking),
///            u32 counts of units, functions, calls, hand-offs,
///            u32 length and the bytes of the coroguard version that wrote it
///   units:     [u64 offset, u32 length] of {"file": i, "files": [...]}
///   functions: [u64 hash of the USR, u32 unit, u64 offset, u32 length] of
///              the function's JSON entry (places index the unit's files);
///              the first definition of a USR only, as SummaryStore::find
///   calls:     [u64 hash of the callee's USR, u32 caller (a function
///              entry), u32 the call's index in its "calls"]
///   hand-offs: [u64 hash of the callee's USR, u32 unit, u64 offset, u32
///              length] of the hand-off's JSON entry
/// Every table is sorted by hash (stable: the order of the units within a
/// hash, so answers come in the order the whole store gives them); numbers
/// are little endian; the hash is xxh3 of the USR, and a lookup compares the
/// USR of the decoded entry.
inline constexpr llvm::StringLiteral ProgramIndexExtension = ".cgidx";
std::string encodeProgramIndex(llvm::ArrayRef<UnitSummary> Units);

/// A step of a chain that crosses files: the call, and the function called.
struct ExternalStep {
  std::string Name; ///< the function called (or the leaf at the end)
  SummaryPoint At;  ///< the call
};

/// A call to a function from another function's summary.
struct SummaryCaller {
  const FunctionSummary *Caller;
  const SummaryCall *Call;
  const UnitSummary *Unit; ///< where the caller is defined
};

/// A thread of another translation unit that reaches a function through
/// calls: the hand-off, and the calls from the function handed over down to
/// the function asked about (Steps[i].Name is the function called at
/// Steps[i].At; the last step calls the function asked about).
struct ThreadEntry {
  const SummaryHandOff *HandOff = nullptr;
  std::string Thread; ///< the function handed over
  std::vector<ExternalStep> Steps;
};

/// The merged summaries of a program, read only: built from the units'
/// summaries (a directory), or over a program index (encodeProgramIndex),
/// whose entries are decoded when asked for and kept.
class SummaryStore {
public:
  explicit SummaryStore(std::vector<UnitSummary> Units);
  /// A store over the program index in \p Buffer (checked: its hash, its
  /// version, every table within the file). Null with \p Error otherwise.
  static std::shared_ptr<const SummaryStore>
  fromIndex(std::unique_ptr<llvm::MemoryBuffer> Buffer, llvm::StringRef Name,
            std::string &Error);
  ~SummaryStore();

  /// The summary of the function with \p USR, or null. A function defined
  /// in several units (an inline function of a header) has the first one.
  const FunctionSummary *find(llvm::StringRef USR) const;

  /// The shortest chain of calls from the function \p USR to a blocking
  /// call, through the summaries (never through a coroutine): the first step
  /// is a call in that function's body, the last the blocking call itself
  /// (its Name is the leaf). Empty if it does not block as far as the
  /// summaries show. \p Suggestion receives the leaf's suggestion.
  std::vector<ExternalStep> blockingChain(llvm::StringRef USR,
                                          std::string *Suggestion = nullptr) const;

  /// The places that hand the function \p USR to a thread or executor.
  llvm::ArrayRef<SummaryHandOff> handOffsOf(llvm::StringRef USR) const;

  /// The calls to the function \p USR recorded in the summaries (the
  /// program's call graph read backwards).
  llvm::ArrayRef<SummaryCaller> callersOf(llvm::StringRef USR) const;

  /// The threads handed over in other units that call the function \p USR
  /// through functions of other units than \p ThisFile (whose callers the
  /// check sees): breadth first up the call graph, at most \p MaxCalls
  /// calls deep, never through a coroutine (its body runs where it is
  /// resumed, not on its caller's thread), at most \p Max entries. With
  /// \p SkipLoopThreads, a chain is left out when a function on it runs a
  /// loop (runsLoop(): the thread is then that loop's thread).
  /// Whether the function \p USR runs an event loop (FunctionSummary::
  /// RunsLoop), itself or through the functions it calls (at most four
  /// calls deep, as the summaries show them).
  bool runsLoop(llvm::StringRef USR) const;

  std::vector<ThreadEntry> threadsCalling(llvm::StringRef USR,
                                          llvm::StringRef ThisFile,
                                          unsigned MaxCalls, unsigned Max,
                                          bool SkipLoopThreads) const;

  /// Whether some unit of the program puts descriptors in non-blocking
  /// mode.
  bool anySetsNonBlocking() const { return NonBlocking; }

private:
  SummaryStore() = default;

  std::vector<UnitSummary> Units;
  /// The answers by USR. Built whole from units; over an index they are the
  /// entries decoded so far (a null function: asked, and absent), filled
  /// under LazyLock (the store is shared by the process's units).
  mutable llvm::StringMap<const FunctionSummary *> ByUSR;
  mutable llvm::StringMap<std::vector<SummaryHandOff>> HandOffs;
  mutable llvm::StringMap<std::vector<SummaryCaller>> Callers;
  bool NonBlocking = false;

  /// The index and what was decoded from it (null for a store of units).
  struct Lazy;
  std::unique_ptr<Lazy> Index;
  mutable std::mutex LazyLock;
  const FunctionSummary *findLocked(llvm::StringRef USR) const;
  /// blockingChain's answers. The store is shared by every translation
  /// unit of the process (clangd's workers analyse several at once): the
  /// cache is the one mutable part, behind its lock.
  mutable std::mutex ChainsLock;
  mutable llvm::StringMap<std::vector<ExternalStep>> Chains;
  mutable llvm::StringMap<std::string> ChainSuggestions;
};

/// The store for \p PathOrDir, read once per process and shared (immutable):
/// read again when a file in it changed. Null with \p Error on a bad file.
std::shared_ptr<const SummaryStore>
loadSummaryStore(llvm::StringRef PathOrDir, std::string &Error);

/// \p Path as summaries name files: absolute (against the working
/// directory), without `.` and `..`.
std::string summaryPath(llvm::StringRef Path);

/// The hash used for SummaryInput (xxh3 of the content).
std::uint64_t hashContent(llvm::StringRef Content);

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_SUMMARIES_H
