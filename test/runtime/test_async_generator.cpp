// async_generator: next/asend/athrow/aclose, aclosing, already-running, finalization.
#include "support.hpp"

#include <string>
#include <vector>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {
async_generator<int> count_to(int n, std::vector<std::string>* log = nullptr) {
  try {
    for (int i = 1; i <= n; ++i) {
      co_await sleep(0ms);
      co_yield i;
    }
  } catch (const generator_exit&) {
    if (log) log->push_back("generator_exit");
    throw;
  }
  if (log) log->push_back("exhausted");
}

async_generator<int> with_async_cleanup(std::vector<std::string>* log) {
  try {
    for (int i = 0;; ++i) co_yield i;
  } catch (const generator_exit&) {
    log->push_back("closing");
  }
  co_await sleep(1ms);  // async cleanup after generator_exit
  log->push_back("closed");
}

async_generator<int, int> accumulator() {
  int total = 0;
  for (;;) {
    int v = co_yield total;
    total += v;
  }
}

async_generator<int> stubborn() {
  for (;;) {
    try {
      co_yield 1;
    } catch (const generator_exit&) {
      // wrongly keeps going
    }
  }
}

async_generator<int> slow_gen() {
  co_await sleep(20ms);
  co_yield 1;
}
}  // namespace

TEST(AsyncGenerator, NextUntilExhausted) {
  std::vector<std::string> log;
  auto body = [](std::vector<std::string>* l) -> task<int> {
    auto g = count_to(3, l);
    int sum = 0;
    while (auto v = co_await g.next()) sum += *v;
    EXPECT_TRUE(g.finished());
    EXPECT_FALSE(co_await g.next()) << "stays exhausted";
    co_return sum;
  };
  EXPECT_EQ(run(body(&log)), 6);
  EXPECT_EQ(log, (std::vector<std::string>{"exhausted"}));
}

TEST(AsyncGenerator, AsendDeliversTheValueOfCoYield) {
  auto body = []() -> task<int> {
    auto g = accumulator();
    EXPECT_EQ(*co_await g.next(), 0);
    EXPECT_EQ(*co_await g.asend(5), 5);
    EXPECT_EQ(*co_await g.asend(10), 15);
    auto n = co_await g.next();  // next() sends Send{} == 0
    co_await g.aclose();
    co_return *n;
  };
  EXPECT_EQ(run(body()), 15);
}

TEST(AsyncGenerator, AsendOnAJustStartedGeneratorThrows) {
  auto body = []() -> task<void> {
    auto g = accumulator();
    EXPECT_THROW((void)co_await g.asend(1), std::logic_error);
    co_return;
  };
  run(body());
}

TEST(AsyncGenerator, AthrowThrowsAtTheYield) {
  auto body = []() -> task<std::string> {
    auto g = []() -> async_generator<std::string> {
      std::string msg;
      try {
        co_yield "first";
      } catch (const std::runtime_error& e) {
        msg = std::string("handled ") + e.what();
      }
      co_yield msg;
    }();
    EXPECT_EQ(*co_await g.next(), "first");
    auto v = co_await g.athrow(std::make_exception_ptr(std::runtime_error("x")));
    EXPECT_FALSE(co_await g.next());
    co_return *v;
  };
  EXPECT_EQ(run(body()), "handled x");
}

TEST(AsyncGenerator, AthrowUnhandledPropagates) {
  auto body = []() -> task<void> {
    auto g = count_to(5);
    (void)co_await g.next();
    EXPECT_THROW((void)co_await g.athrow(std::make_exception_ptr(std::runtime_error("y"))), std::runtime_error);
    EXPECT_TRUE(g.finished());
  };
  run(body());
}

TEST(AsyncGenerator, AcloseRunsAsyncCleanupAtTheYield) {
  std::vector<std::string> log;
  auto body = [](std::vector<std::string>* l) -> task<void> {
    auto g = with_async_cleanup(l);
    (void)co_await g.next();
    (void)co_await g.next();
    co_await g.aclose();
    l->push_back("after aclose");
    EXPECT_TRUE(g.finished());
    co_await g.aclose();  // idempotent
  };
  run(body(&log));
  EXPECT_EQ(log, (std::vector<std::string>{"closing", "closed", "after aclose"}));
}

TEST(AsyncGenerator, AcloseOnUnstartedOrFinishedIsANoop) {
  auto body = []() -> task<void> {
    auto g = count_to(1);
    co_await g.aclose();
    EXPECT_FALSE(co_await g.next());
  };
  run(body());
}

TEST(AsyncGenerator, YieldingAfterGeneratorExitFails) {
  cgtest::log_capture logs;
  auto body = []() -> task<void> {
    auto g = stubborn();
    (void)co_await g.next();
    bool threw = false;
    try {
      co_await g.aclose();
    } catch (const std::runtime_error& e) {
      threw = std::string(e.what()) == "async generator ignored generator_exit";
    }
    EXPECT_TRUE(threw);
  };
  run(body());
}

TEST(AsyncGenerator, SecondOperationWhileOneIsInFlightThrows) {
  auto body = []() -> task<void> {
    auto g = slow_gen();
    auto first = get_running_loop().create_task(g.next());
    co_await sleep(1ms);  // first is now suspended inside the generator
    for (int op = 0; op < 3; ++op) {
      bool threw = false;
      try {
        if (op == 0) (void)co_await g.next();  // NOLINT(coro-concurrent-generator-use): under test
        if (op == 1) (void)co_await g.athrow(std::make_exception_ptr(std::runtime_error("z")));
        if (op == 2) co_await g.aclose();
      } catch (const std::runtime_error& e) {
        threw = std::string(e.what()) == "asynchronous generator is already running";
      }
      EXPECT_TRUE(threw) << "op " << op;
    }
    EXPECT_EQ(*co_await first, 1);
    co_await g.aclose();
  };
  run(body());
}

TEST(AsyncGenerator, NotInFlightMeansNoError) {
  auto body = []() -> task<int> {
    auto g = count_to(3);
    int a = *co_await g.next();
    int b = *co_await g.next();  // sequential: fine
    co_await g.aclose();
    co_return a + b;
  };
  EXPECT_EQ(run(body()), 3);
}

TEST(AsyncGenerator, AclosingClosesOnEarlyExitAndOnException) {
  std::vector<std::string> log;
  auto body = [](std::vector<std::string>* l) -> task<void> {
    auto g = with_async_cleanup(l);
    co_await aclosing(g, [](auto& gen) -> task<void> {
      while (auto v = co_await gen.next())
        if (*v == 2) co_return;
    });
    l->push_back("after first");
    auto g2 = with_async_cleanup(l);
    bool threw = false;
    try {
      co_await aclosing(g2, [](auto& gen) -> task<void> {
        (void)co_await gen.next();
        throw std::runtime_error("body failed");
      });
    } catch (const std::runtime_error&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
    l->push_back("after second");
    co_await aclosing(with_async_cleanup(l), [](auto& gen) -> task<void> { (void)co_await gen.next(); });
  };
  run(body(&log));
  EXPECT_EQ(log, (std::vector<std::string>{"closing", "closed", "after first", "closing", "closed", "after second",
                                           "closing", "closed"}));
}

TEST(AsyncGenerator, DestroyedWhileSuspendedIsFinalizedByTheLoop) {
  cgtest::log_capture logs;
  std::vector<std::string> log;
  auto body = [](std::vector<std::string>* l) -> task<void> {
    {
      auto g = with_async_cleanup(l);
      (void)co_await g.next();
    }  // dropped without aclose
    l->push_back("dropped");
    co_await sleep(10ms);
    l->push_back("later");
  };
  run(body(&log));
  EXPECT_EQ(log, (std::vector<std::string>{"dropped", "closing", "closed", "later"}));
  if (!debug_from_environment()) {
    EXPECT_FALSE(logs.contains("aclose")) << "the warning is debug-mode only: " << logs.all();
  }
}

TEST(AsyncGenerator, DebugModeWarnsToUseAclose) {
  cgtest::log_capture logs;
  std::vector<std::string> log;
  auto body = [](std::vector<std::string>* l) -> task<void> {
    {
      auto g = with_async_cleanup(l);
      (void)co_await g.next();
    }
    co_await sleep(10ms);
  };
  run(body(&log), {.debug = true});
  EXPECT_EQ(log, (std::vector<std::string>{"closing", "closed"}));
  EXPECT_TRUE(logs.contains("was destroyed while suspended")) << logs.all();
  EXPECT_TRUE(logs.contains("aclose()")) << logs.all();
  EXPECT_TRUE(logs.contains("aclosing")) << logs.all();
}

TEST(AsyncGenerator, ShutdownAsyncgensClosesOpenGenerators) {
  std::vector<std::string> log;
  auto g = std::make_unique<async_generator<int>>();
  auto body = [](std::vector<std::string>* l, async_generator<int>* out) -> task<void> {
    *out = with_async_cleanup(l);
    (void)co_await out->next();
    l->push_back("main done");
  };
  run(body(&log, g.get()));  // run() calls shutdown_asyncgens before closing the loop
  EXPECT_EQ(log, (std::vector<std::string>{"main done", "closing", "closed"}));
  EXPECT_TRUE(g->finished());
}

// Shutdown keeps the promise "the event loop finalizes it in a task": a generator dropped
// as the very last thing the main task does is finalized (its awaiting cleanup runs, once)
// before run() returns; cancel_all_tasks() does not cancel the finalizer.
namespace {
async_generator<int> counted_cleanup(int* closings, int* cleanups) {
  try {
    for (int i = 0;; ++i) co_yield i;
  } catch (const generator_exit&) {
    ++*closings;
  }
  co_await sleep(5ms);  // awaiting cleanup: needs more loop iterations
  ++*cleanups;
}
}  // namespace

TEST(AsyncGenerator, DroppedAtTheEndOfTheMainTaskIsFinalizedBeforeRunReturns) {
  for (bool debug : {false, true}) {
    cgtest::log_capture logs;
    int closings = 0, cleanups = 0;
    auto body = [](int* c, int* d) -> task<void> {
      auto g = counted_cleanup(c, d);
      (void)co_await g.next();
    };  // g dropped as the main task returns
    run(body(&closings, &cleanups), {.debug = debug});
    EXPECT_EQ(closings, 1) << "debug=" << debug;
    EXPECT_EQ(cleanups, 1) << "debug=" << debug;
    EXPECT_FALSE(logs.contains("destroyed but it is pending")) << logs.all();
  }
}

TEST(AsyncGenerator, RunnerCloseFinalizesAGeneratorDroppedByTheLastRun) {
  int closings = 0, cleanups = 0;
  {
    runner r;
    auto body = [](int* c, int* d) -> task<int> {
      auto g = counted_cleanup(c, d);
      co_return *co_await g.next();
    };
    EXPECT_EQ(r.run(body(&closings, &cleanups)), 0);
    // The finalizer may not have run yet; close() must run it to completion.
    r.close();
    EXPECT_EQ(closings, 1);
    EXPECT_EQ(cleanups, 1);
  }
  EXPECT_EQ(closings, 1);
  EXPECT_EQ(cleanups, 1);
}

TEST(AsyncGenerator, DroppedInACallbackIsFinalizedBeforeRunReturns) {
  int closings = 0, cleanups = 0;
  struct holder {
    std::unique_ptr<async_generator<int>> g;
  } h;
  auto body = [](holder* hp, int* c, int* d) -> task<void> {
    hp->g = std::make_unique<async_generator<int>>(counted_cleanup(c, d));
    (void)co_await hp->g->next();
    // A callback drops the generator; the main task ends on the next iteration, before
    // the finalizer's awaiting cleanup is done.
    get_running_loop().call_soon([hp] { hp->g.reset(); });
    co_await sleep(0ms);
    EXPECT_TRUE(hp->g == nullptr);
  };
  run(body(&h, &closings, &cleanups));
  EXPECT_EQ(closings, 1);
  EXPECT_EQ(cleanups, 1);
}

TEST(AsyncGenerator, CancelAllTasksSparesFinalizers) {
  int closings = 0, cleanups = 0;
  event_loop loop;
  auto body = [](event_loop* l, int* c, int* d) -> task<void> {
    {
      auto g = counted_cleanup(c, d);
      (void)co_await g.next();
    }  // finalizer task created here
    l->cancel_all_tasks();  // cancels this task at its next await, not the finalizer
    co_await sleep(30ms);
  };
  auto t = loop.create_task(body(&loop, &closings, &cleanups));
  EXPECT_THROW(loop.run_until_complete(t), cancelled_error);
  EXPECT_EQ(cleanups, 0);
  loop.run_until_complete([]() -> task<void> { co_await sleep(20ms); }());
  EXPECT_EQ(closings, 1);
  EXPECT_EQ(cleanups, 1);
  loop.close();
}

TEST(AsyncGenerator, AFailingCleanupGoesToTheExceptionHandler) {
  std::vector<std::string> seen;
  auto failing = []() -> async_generator<int> {
    try {
      co_yield 1;
    } catch (const generator_exit&) {
    }
    co_await sleep(1ms);
    throw std::runtime_error("cleanup broke");
  };
  runner r;
  r.get_loop().set_exception_handler([&](event_loop&, const exception_context& ctx) {
    std::string what;
    try {
      if (ctx.exception) std::rethrow_exception(ctx.exception);
    } catch (const std::exception& e) {
      what = e.what();
    }
    seen.push_back(ctx.message + " | " + what);
  });
  auto body = [](auto make) -> task<void> {
    auto g = make();
    (void)co_await g.next();
  };
  r.run(body(failing));
  r.close();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NE(seen[0].find("an error occurred during closing of asynchronous generator"), std::string::npos) << seen[0];
  EXPECT_NE(seen[0].find("cleanup broke"), std::string::npos) << seen[0];
}

TEST(AsyncGenerator, FirstIteratedOutsideARunningLoopIsReported) {
  cgtest::log_capture logs;
  // A foreign coroutine type resumed by hand, with no event loop anywhere.
  struct manual {
    struct promise_type {
      manual get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
      std::suspend_always initial_suspend() noexcept { return {}; }
      std::suspend_always final_suspend() noexcept { return {}; }
      void return_void() {}
      void unhandled_exception() { std::terminate(); }
    };
    std::coroutine_handle<promise_type> h;
  };
  int got = 0;
  auto drive = [](int* out) -> manual {
    auto g = []() -> async_generator<int> { co_yield 5; }();
    auto v = co_await g.next();
    *out = *v;
  };
  manual m = drive(&got);
  m.h.resume();
  EXPECT_TRUE(m.h.done());
  m.h.destroy();
  EXPECT_EQ(got, 5);
  EXPECT_TRUE(logs.contains("first iterated outside a running event loop")) << logs.all();

  logs.clear();
  auto inside = []() -> task<void> {
    auto g = []() -> async_generator<int> { co_yield 5; }();
    (void)co_await g.next();
    co_await g.aclose();
  };
  run(inside());
  EXPECT_FALSE(logs.contains("outside a running event loop")) << logs.all();
}
