//===--- ContextOptions.h - coroguard -----------------------------*- C++
//-*-===//
//
// The check options that configure the ExecutionContextResolver, shared by
// every check that asks where code runs (coro-blocking-call,
// coro-cross-thread-loop-call, coro-async-generator-outside-loop). Read
// "local or global", so one `OffloadFunctions` entry configures them all.
//
//   OffloadFunctions       run their callable on another thread
//   LoopCallbackFunctions  run their callable later on the loop's thread
//
// Entries (FunctionNameTable syntax) add to the defaults of
// CallableSinks::defaultOffload()/defaultLoopCallback(); `-name` removes one.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_CONTEXTOPTIONS_H
#define COROGUARD_CHECKS_UTILS_CONTEXTOPTIONS_H

#include "ExecutionContext.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <string>

namespace clang::tidy::coro {

struct ContextOptions {
  std::string Offload;
  std::string LoopCallback;

  explicit ContextOptions(const ClangTidyCheck::OptionsView &Options)
      : Offload(Options.getLocalOrGlobal("OffloadFunctions", "")),
        LoopCallback(Options.getLocalOrGlobal("LoopCallbackFunctions", "")) {}

  void store(ClangTidyOptions::OptionMap &Opts,
             const ClangTidyCheck::OptionsView &Options) const {
    Options.store(Opts, "OffloadFunctions", Offload);
    Options.store(Opts, "LoopCallbackFunctions", LoopCallback);
  }

  /// The defaults, then \p ExtraOffload (a check's own additions, e.g. a
  /// preset), then the options. A malformed entry is reported through
  /// \p ReportError(option name, message) and skipped.
  template <typename ErrorFn>
  CallableSinks makeSinks(ErrorFn ReportError,
                          llvm::StringRef ExtraOffload = "") const {
    CallableSinks Sinks;
    std::string Error;
    Sinks.Offload.addFromOption(CallableSinks::defaultOffload(), Error);
    Sinks.Offload.addFromOption(ExtraOffload, Error);
    Sinks.LoopCallback.addFromOption(CallableSinks::defaultLoopCallback(),
                                     Error);
    Error.clear();
    if (!Sinks.Offload.addFromOption(Offload, Error))
      ReportError("OffloadFunctions", Error);
    Error.clear();
    if (!Sinks.LoopCallback.addFromOption(LoopCallback, Error))
      ReportError("LoopCallbackFunctions", Error);
    return Sinks;
  }
};

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_CONTEXTOPTIONS_H
