//===--- SessionOptions.cpp - coroguard -----------------------------------===//

#include "utils/SessionOptions.h"
#include "llvm/ADT/StringSwitch.h"
#include <optional>

namespace clang::tidy::coro {

namespace {
constexpr llvm::StringLiteral Prefix = "coroguard.";

const HiddenOption Table[] = {
    {"coroguard.SummaryOutput", "<file>",
     "write this translation unit's summary to <file>"},
    {"coroguard.SummaryOnly", "true|false",
     "only summarise (with SummaryOutput): no check sees a node"},
    {"coroguard.SummaryDirectory", "<directory or file>",
     "the other translation units' summaries"},
    {"coroguard.MatchFinderNodes", "true|false",
     "always leave the walk to clang-tidy's match finder"},
    {"coroguard.ParentIndex", "index|clang|verify",
     "how parents are found: the per-declaration index, clang's map, or "
     "both compared"},
    {"coroguard.ParentStats", "true|false",
     "print the parent index's counts when a translation unit ends"},
    {"coroguard.ParentDebug", "true|false",
     "print each question the parent index passed to clang's map"},
};

/// clang-tidy's spellings of a boolean option.
std::optional<bool> parseBool(llvm::StringRef V) {
  return llvm::StringSwitch<std::optional<bool>>(V)
      .Cases("true", "True", "TRUE", "1", true)
      .Cases("false", "False", "FALSE", "0", false)
      .Default(std::nullopt);
}
} // namespace

llvm::ArrayRef<HiddenOption> hiddenOptions() { return Table; }

SessionOptions readSessionOptions(const ClangTidyOptions::OptionMap &Options,
                                  std::vector<std::string> &Errors) {
  SessionOptions Out;
  auto Bad = [&](llvm::StringRef Key, const std::string &Value,
                 llvm::StringRef Expected) {
    Errors.push_back("invalid option '" + Key.str() + "': '" + Value +
                     "' is not " + Expected.str());
  };
  for (const auto &Entry : Options) {
    const llvm::StringRef Key = Entry.getKey();
    if (!Key.starts_with(Prefix))
      continue;
    const std::string &Value = Entry.getValue().Value;
    auto Bool = [&](bool &Field) {
      if (std::optional<bool> B = parseBool(Value))
        Field = *B;
      else
        Bad(Key, Value, "true or false");
    };
    auto Path = [&](std::string &Field) {
      if (llvm::StringRef(Value).trim().empty())
        Bad(Key, Value, "a path");
      else
        Field = Value;
    };
    if (Key == "coroguard.SummaryOutput")
      Path(Out.SummaryOutput);
    else if (Key == "coroguard.SummaryOnly")
      Bool(Out.SummaryOnly);
    else if (Key == "coroguard.SummaryDirectory")
      Path(Out.SummaryDirectory);
    else if (Key == "coroguard.MatchFinderNodes")
      Bool(Out.MatchFinderNodes);
    else if (Key == "coroguard.ParentStats")
      Bool(Out.ParentStats);
    else if (Key == "coroguard.ParentDebug")
      Bool(Out.ParentDebug);
    else if (Key == "coroguard.ParentIndex") {
      auto Mode = llvm::StringSwitch<std::optional<ParentMode>>(Value)
                      .Case("index", ParentMode::Index)
                      .Case("clang", ParentMode::Clang)
                      .Case("verify", ParentMode::Verify)
                      .Default(std::nullopt);
      if (Mode)
        Out.Parents = *Mode;
      else
        Bad(Key, Value, "one of index, clang, verify");
    } else {
      std::string Known;
      for (const HiddenOption &O : Table)
        Known += (Known.empty() ? "" : ", ") + O.Key.str();
      Errors.push_back("unknown option '" + Key.str() + "' (the coroguard.* "
                       "options are: " + Known + ")");
    }
  }
  if (Out.SummaryOnly && Out.SummaryOutput.empty())
    Errors.push_back("invalid option 'coroguard.SummaryOnly': it needs "
                     "'coroguard.SummaryOutput'");
  return Out;
}

} // namespace clang::tidy::coro
