//===--- ProfileTable.cpp - coroguard -------------------------------------===//

#include "ProfileTable.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace coroguard {

namespace {
struct Times {
  double Wall = 0, User = 0, Sys = 0;
};
} // namespace

bool printProfileTable(llvm::StringRef Dir, llvm::raw_ostream &OS) {
  std::map<std::string, Times> Checks;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".json"))
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(It->path());
    if (!Buffer)
      continue;
    nlohmann::json Root = nlohmann::json::parse(
        (*Buffer)->getBuffer().begin(), (*Buffer)->getBuffer().end(), nullptr,
        /*allow_exceptions=*/false);
    if (Root.is_discarded() || !Root.contains("profile") ||
        !Root["profile"].is_object())
      continue;
    for (const auto &[Key, Value] : Root["profile"].items()) {
      llvm::StringRef K(Key);
      if (!Value.is_number() || !K.consume_front("time.clang-tidy."))
        continue;
      auto [Check, Kind] = K.rsplit('.');
      Times &T = Checks[Check.str()];
      double V = Value.get<double>();
      if (Kind == "wall")
        T.Wall += V;
      else if (Kind == "user")
        T.User += V;
      else if (Kind == "sys")
        T.Sys += V;
    }
  }
  if (Checks.empty())
    return false;
  // The shared entry becomes what the coro-* checks' own times leave of it.
  auto Shared = Checks.find("coroguard");
  if (Shared != Checks.end()) {
    Times Rest = Shared->second;
    for (const auto &[Name, T] : Checks)
      if (llvm::StringRef(Name).starts_with("coro-")) {
        Rest.Wall -= T.Wall;
        Rest.User -= T.User;
        Rest.Sys -= T.Sys;
      }
    Checks.erase(Shared);
    Checks["coroguard (shared walk)"] = {std::max(Rest.Wall, 0.0),
                                         std::max(Rest.User, 0.0),
                                         std::max(Rest.Sys, 0.0)};
  }
  std::vector<std::pair<std::string, Times>> Rows(Checks.begin(), Checks.end());
  std::sort(Rows.begin(), Rows.end(), [](const auto &A, const auto &B) {
    return A.second.Wall > B.second.Wall ||
           (A.second.Wall == B.second.Wall && A.first < B.first);
  });
  Times Total;
  for (const auto &Row : Rows) {
    Total.Wall += Row.second.Wall;
    Total.User += Row.second.User;
    Total.Sys += Row.second.Sys;
  }
  auto Cell = [](double V, double All) {
    return llvm::format("   %8.4f (%5.1f%%)", V, All > 0 ? 100 * V / All : 0.0);
  };
  OS << "coroguard: check profile, summed over the run (seconds):\n"
     << "    ---User Time---   --User+System--    ---Wall Time---  --- Name "
        "---\n";
  auto Print = [&](const Times &T, llvm::StringRef Name) {
    OS << Cell(T.User, Total.User) << Cell(T.User + T.Sys, Total.User + Total.Sys)
       << Cell(T.Wall, Total.Wall) << "  " << Name << "\n";
  };
  for (const auto &[Name, T] : Rows)
    Print(T, Name);
  Print(Total, "Total");
  return true;
}

} // namespace coroguard
