//===--- FixSafety.cpp - coroguard ----------------------------------------===//
//
// Which fix-its of the coro-* checks keep the program's behaviour ("safe",
// applied by `coroguard --fix`) and which change it ("unsafe", applied only
// with --fix-unsafe). One table, decided by what each fix does; the check
// pages under docs/checks/ repeat each line ("Fix safety: ...").
//
//===----------------------------------------------------------------------===//

#include "CoroguardModule.h"
#include "clang/Basic/CharInfo.h"

namespace clang::tidy::coro {
namespace {

/// `call_soon_threadsafe`: a single identifier, the whole replacement.
bool isSingleIdentifier(llvm::ArrayRef<std::string> Texts) {
  return Texts.size() == 1 && !Texts[0].empty() &&
         isAsciiIdentifierStart(Texts[0][0]) &&
         llvm::all_of(Texts[0], [](char C) { return isAsciiIdentifierContinue(C); });
}

} // namespace

FixSafety fixSafety(llvm::StringRef Check,
                    llvm::ArrayRef<std::string> ReplacementTexts) {
  // clang-tidy's own checks and the compiler's fix-its: --fix applies them
  // all, and so do we.
  if (!Check.starts_with("coro-"))
    return FixSafety::Safe;

  // Inserts `co_await` before a discarded call: the coroutine's body, which
  // never ran, now runs (its side effects and exceptions), and the caller
  // suspends there.
  if (Check == "coro-never-awaited")
    return FixSafety::Unsafe;

  // Replaces `std::this_thread::sleep_for(d)` with
  // `co_await coroguard::sleep(d)`: the coroutine suspends instead of
  // blocking its thread, so other work on that thread now interleaves at
  // this point (and the coroutine may resume on another thread).
  if (Check == "coro-blocking-call")
    return FixSafety::Unsafe;

  if (Check == "coro-cross-thread-loop-call") {
    // Renames the member call to the loop's thread-safe counterpart
    // (`loop.call_soon(f)` -> `loop.call_soon_threadsafe(f)`, or the
    // counterpart a LoopMethods entry names): the same callback is queued
    // on the same loop, only the hand-off is synchronised. The original is
    // a data race, i.e. undefined behaviour, so nothing defined changes:
    // safe.
    if (isSingleIdentifier(ReplacementTexts))
      return FixSafety::Safe;
    // Rewrites `loop.create_task(c)` into `run_coroutine_threadsafe(c, loop)`:
    // another function, whose result (a future, discarded) now carries the
    // coroutine's outcome and exceptions instead of the task: unsafe.
    return FixSafety::Unsafe;
  }

  // coro-async-generator-outside-loop, coro-concurrent-generator-use,
  // coro-dangling-reference (its fix is a note: changing a parameter's type
  // changes every caller), coro-unclosed-async-generator and
  // coro-unobserved-task offer no fix-it;
  // a future check's fix is unsafe until it is given an entry here.
  return FixSafety::Unsafe;
}

} // namespace clang::tidy::coro
