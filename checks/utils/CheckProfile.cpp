//===--- CheckProfile.cpp - coroguard -------------------------------------===//

#include "utils/CheckProfile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <string>
#include <vector>

namespace clang::tidy::coro {

void CheckProfile::report() {
  if (!Enabled || Records.empty())
    return;
  std::vector<std::pair<std::string, llvm::TimeRecord>> Sorted;
  for (const auto &Entry : Records)
    Sorted.emplace_back(Entry.getKey().str(), Entry.getValue());
  Records.clear();
  std::sort(Sorted.begin(), Sorted.end(), [](const auto &A, const auto &B) {
    return A.second.getWallTime() > B.second.getWallTime() ||
           (A.second.getWallTime() == B.second.getWallTime() &&
            A.first < B.first);
  });

  if (auto Storage = Context.getProfileStorageParams()) {
    // Beside clang-tidy's file (which it names with its own time stamp
    // when it writes it, after this).
    llvm::SmallString<256> Dir(
        llvm::sys::path::parent_path(Storage->StoreFilename));
    llvm::SmallString<256> Model(Dir);
    llvm::sys::path::append(
        Model, "coroguard-%%%%%%%%-" +
                   llvm::sys::path::filename(Storage->SourceFilename) +
                   ".json");
    llvm::SmallString<256> Path;
    int FD = -1;
    std::error_code EC = llvm::sys::fs::create_directories(Dir);
    if (!EC)
      EC = llvm::sys::fs::createUniqueFile(Model, FD, Path,
                                           llvm::sys::fs::OF_Text);
    if (EC) {
      llvm::errs() << "coroguard: cannot write the check profile '" << Path
                   << "': " << EC.message() << "\n";
      return;
    }
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    std::string Source = Storage->SourceFilename;
    if (!llvm::json::isUTF8(Source))
      Source = llvm::json::fixUTF8(Source);
    OS << "{\n\"file\": " << llvm::json::Value(Source) << ",\n"
       << "\"profile\": {\n";
    bool First = true;
    for (const auto &[Name, T] : Sorted)
      for (auto [Kind, Value] :
           {std::pair<const char *, double>("wall", T.getWallTime()),
            {"user", T.getUserTime()},
            {"sys", T.getSystemTime()}}) {
        OS << (First ? "" : ",\n") << "\t\"time.clang-tidy." << Name << "."
           << Kind << "\": " << llvm::format("%.16e", Value);
        First = false;
      }
    OS << "\n}\n}\n";
    return;
  }

  llvm::TimeRecord Total;
  for (const auto &Entry : Sorted)
    Total += Entry.second;
  auto Cell = [](double Value, double All) {
    return llvm::format("   %7.4f (%5.1f%%)", Value,
                        All > 0 ? 100.0 * Value / All : 0.0);
  };
  llvm::raw_ostream &OS = llvm::errs();
  OS << "===-------------------------------------------------------------------"
        "------===\n"
     << "              coroguard checks profiling (the 'coroguard' entry, by "
        "check)\n"
     << "===-------------------------------------------------------------------"
        "------===\n"
     << "   ---User Time---   --User+System--   ---Wall Time---  --- Name "
        "---\n";
  auto Row = [&](const llvm::TimeRecord &T, llvm::StringRef Name) {
    OS << Cell(T.getUserTime(), Total.getUserTime())
       << Cell(T.getProcessTime(), Total.getProcessTime())
       << Cell(T.getWallTime(), Total.getWallTime()) << "  " << Name << "\n";
  };
  for (const auto &[Name, T] : Sorted)
    Row(T, Name);
  Row(Total, "Total");
  OS << "\n";
}

} // namespace clang::tidy::coro
