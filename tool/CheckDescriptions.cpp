//===--- CheckDescriptions.cpp - coroguard --------------------------------===//

#include "CheckDescriptions.h"

#include <cstring>

namespace coroguard {
namespace {

struct Entry {
  const char *Id;
  const char *Short;
  const char *Full;
};

// One entry per check of checks/CoroguardTidyModule.cpp (the lit test
// cli-explain.test fails for a registered check without one).
const Entry CoroChecks[] = {
    {"coro-never-awaited",
     "A lazy coroutine task or awaitable is created and never awaited.",
     "A lazy task (cppcoro::task, folly::coro::Task, asio::awaitable, "
     "coroguard::task, ...) is discarded, cast to void, kept in a local that "
     "is never awaited, or a coroutine lambda is handed to a void-returning "
     "callable: the coroutine frame is created and destroyed without its body "
     "ever running. The compile-time form of Python's \"coroutine was never "
     "awaited\"."},
    {"coro-blocking-call",
     "A blocking call runs on the thread that runs a coroutine.",
     "A sleep, lock wait, blocking I/O call or synchronous bridge (such as "
     "sync_wait or future::get) is evaluated inside a coroutine or an "
     "event-loop callback, so it stalls every other coroutine on that loop "
     "until it returns."},
    {"coro-cross-thread-loop-call",
     "A non-thread-safe event-loop method is called from another thread.",
     "Code that runs on another thread (a std::thread body, a thread-pool "
     "task, an offload callback) calls an event-loop method that may only be "
     "called on the loop's own thread; use the loop's thread-safe post or "
     "call_soon_threadsafe equivalent instead."},
    {"coro-dangling-reference",
     "A coroutine frame refers to an object that dies before it runs.",
     "A temporary or a local bound to a reference, pointer or view parameter "
     "of a coroutine, the captures of a temporary coroutine lambda, or the "
     "object of a member coroutine is destroyed while the task that refers "
     "to it lives on (returned, stored, started, awaited later): the "
     "coroutine reads freed memory."},
    {"coro-unobserved-task",
     "An eager task's result and exception can never be retrieved.",
     "An eager task handle is discarded or kept in a local that is never "
     "awaited, stored or passed on: the work runs, but an exception it throws "
     "is silently lost."},
    {"coro-unclosed-async-generator",
     "An async generator is abandoned without being closed.",
     "An async generator is left before it is exhausted and without being "
     "closed, so the cleanup code after its suspension point never runs "
     "deterministically."},
    {"coro-async-generator-outside-loop",
     "An async generator is used outside the event loop that drives it.",
     "An async generator is iterated or resumed from code that does not run "
     "on an event loop (a plain function or another thread), where its "
     "awaits cannot complete."},
    {"coro-concurrent-generator-use",
     "One generator is advanced by several consumers at once.",
     "The same generator or async generator is advanced concurrently from "
     "more than one coroutine or thread; generators are not re-entrant and "
     "the interleaving corrupts their state."},
};

std::string clangTidyDocUrl(const std::string &Id) {
  if (Id.rfind("clang-diagnostic-", 0) == 0)
    return "https://clang.llvm.org/docs/DiagnosticsReference.html#" +
           ("w" + Id.substr(std::strlen("clang-diagnostic-")));
  if (Id.rfind("clang-analyzer-", 0) == 0)
    return "https://clang.llvm.org/docs/analyzer/checkers.html";
  std::string::size_type Dash = Id.find('-');
  if (Dash == std::string::npos)
    return "https://clang.llvm.org/extra/clang-tidy/checks/list.html";
  return "https://clang.llvm.org/extra/clang-tidy/checks/" +
         Id.substr(0, Dash) + "/" + Id.substr(Dash + 1) + ".html";
}

} // namespace

std::string shortDescription(const std::string &CheckId) {
  for (const Entry &E : CoroChecks)
    if (CheckId == E.Id)
      return E.Short;
  return {};
}

CheckDescription describeCheck(const std::string &CheckId,
                               const DocLinks &Docs) {
  for (const Entry &E : CoroChecks)
    if (CheckId == E.Id)
      return {CheckId, E.Short, E.Full, Docs.checkPage(CheckId)};
  if (CheckId.rfind("coro-", 0) == 0)
    return {CheckId, "coroguard check " + CheckId + ".",
            "The coroguard check " + CheckId + "; see its documentation page.",
            Docs.checkPage(CheckId)};
  if (CheckId.rfind("clang-diagnostic-", 0) == 0)
    return {CheckId, "Compiler diagnostic " + CheckId + ".",
            "A diagnostic of the Clang compiler, reported through clang-tidy "
            "as " + CheckId + ".",
            clangTidyDocUrl(CheckId)};
  return {CheckId, "clang-tidy check " + CheckId + ".",
          "The clang-tidy check " + CheckId +
              ", enabled in this run; see its documentation page.",
          clangTidyDocUrl(CheckId)};
}

} // namespace coroguard
