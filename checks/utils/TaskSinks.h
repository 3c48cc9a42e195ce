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
//    When the task begins is a property of each start function: deferred
//    start functions schedule it and return before it runs (an asyncio-style
//    loop's create_task, a scope whose add() hands it to an executor, a
//    container that starts it with `co_await executor.schedule()`);
//    dispatching ones run it at once when called on the executor's own
//    thread, else later (Asio's co_spawn: `dispatch`); any other start
//    function is taken to run it at once, up to its first suspension
//    (cppcoro's async_scope::spawn), which is what judges fewest uses as
//    late.
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
    "coro::task_container::start;coro::task_group::start;"
    "coro::thread_pool::spawn_detached;coro::thread_pool::spawn_joinable;"
    "coro::scheduler::spawn_detached;coro::scheduler::spawn_joinable";

inline constexpr const char *DefaultDeferredStartFunctions =
    "coroguard::event_loop::create_task;"
    "folly::coro::AsyncScope::add;"
    "coro::task_container::start;coro::task_group::start;"
    "coro::thread_pool::spawn_detached;coro::thread_pool::spawn_joinable;"
    "coro::scheduler::spawn_detached;coro::scheduler::spawn_joinable";

inline constexpr const char *DefaultDispatchStartFunctions =
    "asio::co_spawn;boost::asio::co_spawn";

/// Library functions that wait for (or run) what was started, so that a
/// local the started task refers to is still alive while it runs: running
/// an executor's loop, joining a pool or a thread, waiting on a future.
/// (A user's own function is taken to possibly wait without a table.)
inline constexpr const char *DefaultWaitFunctions =
    "asio::io_context::run;asio::io_context::run_one;"
    "asio::io_context::run_for;asio::io_context::run_until;"
    "asio::io_context::poll;asio::io_context::poll_one;"
    "asio::thread_pool::join;asio::thread_pool::wait;"
    "boost::asio::io_context::run;boost::asio::io_context::run_one;"
    "boost::asio::io_context::run_for;boost::asio::io_context::run_until;"
    "boost::asio::io_context::poll;boost::asio::io_context::poll_one;"
    "boost::asio::thread_pool::join;boost::asio::thread_pool::wait;"
    "std::future::get;std::future::wait;std::future::wait_for;"
    "std::future::wait_until;std::shared_future::get;"
    "std::shared_future::wait;std::shared_future::wait_for;"
    "std::shared_future::wait_until;std::thread::join;std::jthread::join;"
    "std::latch::wait;std::latch::arrive_and_wait";

inline constexpr const char *DefaultRunFunctions =
    "coroguard::event_loop::run_until_complete;coroguard::runner::run;"
    "coroguard::run;cppcoro::sync_wait;folly::coro::blockingWait;"
    "coro::sync_wait";

} // namespace clang::tidy::coro

#endif // COROGUARD_CHECKS_UTILS_TASKSINKS_H
