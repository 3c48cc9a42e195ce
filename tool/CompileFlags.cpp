//===--- CompileFlags.cpp - coroguard -------------------------------------===//

#include "CompileFlags.h"

#include "clang/Basic/Version.h"
#if CLANG_VERSION_MAJOR >= 22
#include "clang/Options/Options.h"
#else
#include "clang/Driver/Options.h"
#endif
#include "llvm/ADT/StringRef.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Option/Option.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <set>

namespace coroguard {

namespace {
const llvm::opt::OptTable &driverOptions() {
#if CLANG_VERSION_MAJOR >= 22
  return clang::getDriverOptTable();
#else
  return clang::driver::getDriverOptTable();
#endif
}

bool isMsvcStyle(const std::vector<std::string> &Command) {
  llvm::StringRef Stem = llvm::sys::path::stem(Command.front());
  if (Stem.equals_insensitive("cl") || Stem.equals_insensitive("clang-cl"))
    return true;
  for (const std::string &A : Command)
    if (A == "--driver-mode=cl")
      return true;
  return false;
}
} // namespace

std::vector<std::string>
dropUnknownCompilerFlags(std::vector<std::string> &Command) {
  std::vector<std::string> Dropped;
  if (Command.size() < 2 || isMsvcStyle(Command))
    return Dropped;
  std::vector<const char *> Args;
  for (size_t I = 1; I < Command.size(); ++I)
    Args.push_back(Command[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  llvm::opt::InputArgList Parsed = driverOptions().ParseArgs(
      Args, MissingIndex, MissingCount,
#if CLANG_VERSION_MAJOR >= 22
      llvm::opt::Visibility(clang::options::ClangOption)
#else
      llvm::opt::Visibility(clang::driver::options::ClangOption)
#endif
  );
  std::set<unsigned> Remove; // indices into Command
  for (const llvm::opt::Arg *A : Parsed) {
    if (A->getOption().getKind() != llvm::opt::Option::UnknownClass)
      continue;
    Remove.insert(A->getIndex() + 1);
  }
  if (Remove.empty())
    return Dropped;
  std::vector<std::string> Kept;
  for (size_t I = 0; I < Command.size(); ++I) {
    if (Remove.count(I))
      Dropped.push_back(Command[I]);
    else
      Kept.push_back(Command[I]);
  }
  Command = std::move(Kept);
  return Dropped;
}

std::vector<std::string> dropUnknownTailFlags(std::vector<std::string> &Tail) {
  bool StartsWithCompiler =
      !Tail.empty() && !llvm::StringRef(Tail.front()).starts_with("-");
  std::vector<std::string> Command;
  if (!StartsWithCompiler)
    Command.push_back("clang++");
  Command.insert(Command.end(), Tail.begin(), Tail.end());
  std::vector<std::string> Dropped = dropUnknownCompilerFlags(Command);
  Tail.assign(Command.begin() + (StartsWithCompiler ? 0 : 1), Command.end());
  return Dropped;
}

void noteDroppedFlags(const std::vector<std::string> &Dropped,
                      unsigned Commands) {
  if (Dropped.empty())
    return;
  llvm::errs() << "coroguard: note: the compile commands hold flags clang "
                  "does not know (made for another compiler?); dropped from "
               << Commands << " command" << (Commands == 1 ? "" : "s")
               << ": ";
  for (size_t I = 0; I < Dropped.size() && I < 8; ++I)
    llvm::errs() << (I ? " " : "") << Dropped[I];
  if (Dropped.size() > 8)
    llvm::errs() << " (and " << Dropped.size() - 8 << " more)";
  llvm::errs() << "\n";
}

} // namespace coroguard
