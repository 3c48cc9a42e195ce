//===--- TaskSinks.h - coroguard ----------------------------------*- C++ -*-===//
//
// The functions a task is handed to, by what they do with it: the defaults
// of the checks' StartFunctions and RunFunctions options (one home: the
// checks that ask "is this task started, or run to completion, here?" read
// the same lists, and a user's option adds to them).
//
//  - Start functions take a task and run it from now on, concurrently with
//    the caller, after they return (or at once up to its first suspension):
//    a loop's create_task, a scope's spawn, co_spawn.
//  - Run functions run what they are given (and what it started) to
//    completion before they return: sync_wait, run_until_complete.
//
// Keep docs/checks/coro-concurrent-generator-use.md and
// docs/checks/coro-dangling-reference.md in sync.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_UTILS_TASKSINKS_H
#define COROGUARD_CHECKS_UTILS_TASKSINKS_H

namespace clang::tidy::coro {

inline constexpr const char *DefaultStartFunctions =
    "coroguard::event_loop::create_task;"
    "cppcoro::async_scope::spawn;"
    "folly::coro::AsyncScope::add;"
    "asio::co_spawn;boost::asio::co_spawn;"
    "coro::task_container::start";

inline constexpr const char *DefaultRunFunctions =
    "coroguard::event_loop::run_until_complete;coroguard::runner::run;"
    "coroguard::run;cppcoro::sync_wait;folly::coro::blockingWait;"
    "coro::sync_wait";

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_TASKSINKS_H
