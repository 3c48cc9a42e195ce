// The runtime rejects, at compile time, a callback whose task the loop would
// drop (asyncio's "coroutine was never awaited" for call_soon(coro)).
// RUN: not %clangxx -std=c++20 -fsyntax-only -I%src_root/runtime/include -DBAD_CALL_SOON %s 2>&1 | FileCheck %s
// RUN: not %clangxx -std=c++20 -fsyntax-only -I%src_root/runtime/include -DBAD_CALL_LATER %s 2>&1 | FileCheck %s
// RUN: not %clangxx -std=c++20 -fsyntax-only -I%src_root/runtime/include -DBAD_THREADSAFE %s 2>&1 | FileCheck %s
// RUN: %clangxx -std=c++20 -fsyntax-only -I%src_root/runtime/include %s
// CHECK: coroguard: this callback returns a coroutine task; the event loop calls callbacks and drops what they return
#include <coroguard/coroguard.hpp>
#include <chrono>

coroguard::task<> work() { co_return; }

void schedule(coroguard::event_loop &loop) {
#if defined(BAD_CALL_SOON)
  loop.call_soon([] { return work(); });
#elif defined(BAD_CALL_LATER)
  loop.call_later(std::chrono::milliseconds(1), []() -> coroguard::task<> { co_return; });
#elif defined(BAD_THREADSAFE)
  loop.call_soon_threadsafe(work);
#else
  loop.call_soon([&loop] { loop.create_task(work()); });
  loop.call_later(std::chrono::milliseconds(1), [] {});
#endif
}
