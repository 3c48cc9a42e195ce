// coro-dangling-reference with Asio's co_spawn (the mock is included as a
// system header, as the real one is): when the spawned coroutine begins
// (co_spawn dispatches: at once from a coroutine or a handler on the
// executor's thread, later from an ordinary function), its result awaited
// or waited for in place, and a coroutine lambda handed to it as a
// function object, whose captures by reference outlive nothing.
// RUN: %check_coroguard %s coro-dangling-reference %t -- -- -std=c++20 -isystem %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-dangling-reference %t.load -- -- -std=c++20 -isystem %S/Inputs
#include <asio.h>
#include <grpc_like.h>
#include <string>
#include <utility>

asio::awaitable<void> tick() { co_return; }
void consume(const std::string &) {}

// Reads its reference at once, before its first suspension.
asio::awaitable<void> send(const std::string &m) {
  consume(m);
  co_await tick();
}
// Reads it only after a suspension.
asio::awaitable<void> send_later(const std::string &m) {
  co_await tick();
  consume(m);
}

// --- When the spawned coroutine begins --------------------------------------

// From an ordinary function (main, a test, a server's start()): co_spawn
// dispatches to an executor this thread is not running, so the coroutine
// begins after the full-expression, and even its first read is too late.
void from_plain(asio::io_context &ctx) {
  asio::co_spawn(ctx, send(std::string("x")), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: the temporary bound to parameter 'm' is destroyed at the end of the full-expression, before lazy coroutine 'send' uses it: the task is started by 'asio::co_spawn' [coro-dangling-reference]
}
// From a thread pool's user, kept in a future waited for later: the
// temporary died with the spawning statement (a known bug's shape).
void into_future(asio::thread_pool &pool) {
  auto f = asio::co_spawn(pool, send("x"), asio::use_future);
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: the temporary bound to parameter 'm' is destroyed at the end of the full-expression, before lazy coroutine 'send' uses it: the task is started by 'asio::co_spawn' [coro-dangling-reference]
  f.get();
}
// From a coroutine on the executor: dispatched in place, it runs at once to
// its first suspension while the temporary lives; only a later read dangles.
asio::awaitable<void> from_coroutine(asio::io_context &ctx) {
  asio::co_spawn(ctx, send(std::string("x")), asio::detached);
  asio::co_spawn(ctx, send_later(std::string("x")), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: the temporary bound to parameter 'm' is destroyed at the end of the full-expression, before lazy coroutine 'send_later' uses it: the task is started by 'asio::co_spawn' [coro-dangling-reference]
  co_return;
}
// From a completion handler (a lambda): the same.
void from_handler(asio::io_context &ctx, asio::steady_timer &t) {
  t.async_wait([&ctx](auto) {
    asio::co_spawn(ctx, send(std::string("x")), asio::detached);
  });
}

// --- The spawn's own result waited for in place ------------------------------

asio::awaitable<void> awaited_in_place(asio::io_context &ctx) {
  co_await asio::co_spawn(ctx, send(std::string("x")), asio::use_awaitable);
}
void future_got_in_place(asio::thread_pool &pool) {
  asio::co_spawn(pool, send(std::string("x")), asio::use_future).get();
}
// A local, and a wait for it later in its scope: the future, the pool
// joined, the loop run.
void local_then_future(asio::thread_pool &pool) {
  std::string s = "x";
  auto f = asio::co_spawn(pool, send(s), asio::use_future);
  f.get();
}
void local_then_join(asio::thread_pool &pool) {
  std::string s = "x";
  asio::co_spawn(pool, send(s), asio::detached);
  pool.join();
}
int main_like() {
  asio::io_context ctx;
  std::string s = "x";
  asio::co_spawn(ctx, send_later(s), asio::detached);
  ctx.run();
  return 0;
}
// Any library's context the task was handed to, driven later in the scope
// (a non-const member call on it: its run()); a const query does not drive
// it, nor does handing it another task.
int library_context_run() {
  rpclib::context grpc_context;
  std::string s = "x";
  asio::co_spawn(grpc_context, send_later(s), asio::detached);
  grpc_context.run();
  return 0;
}
bool library_context_queried(rpclib::context &grpc_context) {
  std::string s = "x";
  asio::co_spawn(grpc_context, send_later(s), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'send_later' uses it through parameter 'm': the task is started by 'asio::co_spawn' [coro-dangling-reference]
  asio::co_spawn(grpc_context.get_executor(), tick(), asio::detached);
  return grpc_context.is_stopped();
}
// No wait in the local's scope.
void local_no_wait(asio::io_context &ctx) {
  std::string s = "x";
  asio::co_spawn(ctx, send(s), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'send' uses it through parameter 'm': the task is started by 'asio::co_spawn' [coro-dangling-reference]
}

// --- A coroutine lambda handed over as a function object ---------------------

// co_spawn keeps its own copy of the closure and calls it later: captures
// by copy are that copy's; captures by reference still name the caller's
// locals, gone when the function returns.
void by_reference(asio::io_context &ctx) {
  std::string msg = "hi";
  asio::co_spawn(ctx, [&]() -> asio::awaitable<void> {
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'msg' is destroyed at the end of its scope, before the coroutine lambda that 'asio::co_spawn' calls uses it through a capture by reference: the task is started by 'asio::co_spawn' [coro-dangling-reference]
    co_await send(msg);
  }, asio::detached);
}
void explicit_capture(asio::io_context &ctx, int port) {
  std::string host = "localhost";
  asio::co_spawn(ctx, [&host, port]() -> asio::awaitable<void> {
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'host' is destroyed at the end of its scope, before the coroutine lambda that 'asio::co_spawn' calls uses it through a capture by reference: the task is started by 'asio::co_spawn' [coro-dangling-reference]
    (void)port;
    co_await send(host);
  }, asio::detached);
}
void named_closure(asio::io_context &ctx) {
  std::string msg = "hi";
  auto session = [&msg]() -> asio::awaitable<void> { co_await send(msg); };
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'msg' is destroyed at the end of its scope, before the coroutine lambda that 'asio::co_spawn' calls uses it through a capture by reference: the task is started by 'asio::co_spawn' [coro-dangling-reference]
  asio::co_spawn(ctx, std::move(session), asio::detached);
}
// By a by-value parameter of the spawning function: gone when it returns.
void parameter_by_reference(asio::io_context &ctx, std::string name) {
  asio::co_spawn(ctx, [&name]() -> asio::awaitable<void> {
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'name' is destroyed at the end of its scope, before the coroutine lambda that 'asio::co_spawn' calls uses it through a capture by reference: the task is started by 'asio::co_spawn' [coro-dangling-reference]
    co_await send(name);
  }, asio::detached);
}

// Safe: by copy; a reference parameter (its referent is the caller's); a
// capture the body does not use; the loop run while the local lives; the
// spawn awaited in place; a lambda that is not a coroutine.
void by_copy(asio::io_context &ctx) {
  std::string msg = "hi";
  asio::co_spawn(ctx, [msg]() -> asio::awaitable<void> { co_await send(msg); },
                 asio::detached);
}
void reference_parameter(asio::io_context &ctx, const std::string &msg) {
  asio::co_spawn(ctx, [&msg]() -> asio::awaitable<void> { co_await send(msg); },
                 asio::detached);
}
void unused_capture(asio::io_context &ctx) {
  std::string msg = "hi";
  asio::co_spawn(ctx, [&msg]() -> asio::awaitable<void> { co_await tick(); },
                 asio::detached);
}
int run_in_scope() {
  asio::io_context ctx;
  std::string msg = "hi";
  asio::co_spawn(ctx, [&]() -> asio::awaitable<void> { co_await send(msg); },
                 asio::detached);
  ctx.run();
  return 0;
}
asio::awaitable<void> spawn_awaited(asio::io_context &ctx) {
  std::string msg = "hi";
  co_await asio::co_spawn(ctx, send(msg), asio::use_awaitable);
}
// In place, from a coroutine: the read before the first suspension is in
// time; the local's scope still ends before a later one.
asio::awaitable<void> lambda_from_coroutine(asio::io_context &ctx) {
  std::string msg = "hi";
  asio::co_spawn(ctx, [&]() -> asio::awaitable<void> {
    consume(msg);
    co_return;
  }, asio::detached);
  co_return;
}
