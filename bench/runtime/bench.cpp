// coroguard runtime benchmark: call_soon dispatch, task create+await, timers and
// call_soon_threadsafe, in release and debug mode, side by side with Boost.Asio's io_context
// (post, co_spawn, steady_timer) and a bare ready-queue loop. Every figure is the best of
// several runs (the machine is noisy); compare the ratios, which come from one run.
#include <coroguard/coroguard.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#ifdef COROGUARD_BENCH_ASIO
#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
namespace asio = boost::asio;
#endif

using namespace std::chrono_literals;
using clk = std::chrono::steady_clock;

namespace {

int g_repeats = 5;
double g_scale = 1.0;

long scaled(long n) { return std::max(1000L, static_cast<long>(static_cast<double>(n) * g_scale)); }

template <class F>
double best_ns_per_op(long ops, F&& body) {
  double best = 1e300;
  for (int r = 0; r < g_repeats; ++r) {
    auto t0 = clk::now();
    body();
    double ns = std::chrono::duration<double, std::nano>(clk::now() - t0).count() / static_cast<double>(ops);
    best = std::min(best, ns);
  }
  return best;
}

constexpr int k_actors = 1000;

// ---------------- bare ready-queue loop (the floor) ----------------
struct bare_loop {
  struct item {
    void (*fn)(bare_loop&, void*);
    void* ctx;
  };
  std::vector<item> ready, running;
  bool stop = false;
  void run() {
    while (!stop && !ready.empty()) {
      ready.swap(running);
      for (auto& i : running) i.fn(*this, i.ctx);
      running.clear();
    }
  }
};

void bare_step(bare_loop& l, void* ctx) {
  long& r = *static_cast<long*>(ctx);
  if (--r > 0)
    l.ready.push_back({&bare_step, ctx});
  else
    l.stop = true;
}

double bench_bare(long n) {
  return best_ns_per_op(n, [n] {
    bare_loop loop;
    loop.ready.reserve(2 * k_actors);
    loop.running.reserve(2 * k_actors);
    long remaining = n;
    for (int i = 0; i < k_actors; ++i) loop.ready.push_back({&bare_step, &remaining});
    loop.run();
  });
}

// ---------------- call_soon dispatch ----------------
struct soon_actor {
  coroguard::event_loop* loop;
  long* remaining;
  void operator()() const {
    if (--*remaining > 0)
      loop->call_soon(*this);
    else if (*remaining == 0)
      loop->stop();
  }
};

double bench_call_soon(long n, bool debug) {
  return best_ns_per_op(n, [n, debug] {
    coroguard::event_loop loop;
    loop.set_debug(debug);
    long remaining = n;
    for (int i = 0; i < k_actors; ++i) loop.call_soon(soon_actor{&loop, &remaining});
    loop.run_forever();
    loop.close();
  });
}

// ---------------- task create + await ----------------
coroguard::task<long> cg_child(long i) { co_return i; }
coroguard::task<long> cg_parent(long n) {
  long s = 0;
  for (long i = 0; i < n; ++i) s += co_await cg_child(i);
  co_return s;
}
coroguard::task<long> cg_parent_spawn(long n) {
  auto& loop = coroguard::get_running_loop();
  long s = 0;
  for (long i = 0; i < n; ++i) s += co_await loop.create_task(cg_child(i));
  co_return s;
}

double bench_task_await(long n, bool debug) {
  return best_ns_per_op(n, [n, debug] {
    long s = coroguard::run(cg_parent(n), {.debug = debug});
    if (s != n * (n - 1) / 2) std::abort();
  });
}

double bench_create_task(long n, bool debug) {
  return best_ns_per_op(n, [n, debug] {
    long s = coroguard::run(cg_parent_spawn(n), {.debug = debug});
    if (s != n * (n - 1) / 2) std::abort();
  });
}

// ---------------- timers ----------------
double bench_timers(long n, bool debug) {
  return best_ns_per_op(n, [n, debug] {
    coroguard::event_loop loop;
    loop.set_debug(debug);
    long fired = 0;
    for (long i = 0; i < n; ++i)
      loop.call_later(std::chrono::microseconds(i % 1000), [&fired, &loop, n] {
        if (++fired == n) loop.stop();
      });
    loop.run_forever();
    loop.close();
  });
}

// ---------------- call_soon_threadsafe from other threads ----------------
constexpr int k_producers = 2;

double bench_threadsafe(long n, bool debug) {
  return best_ns_per_op(n, [n, debug] {
    coroguard::event_loop loop;
    loop.set_debug(debug);
    long got = 0;
    std::vector<std::thread> producers;
    long per = n / k_producers;
    long total = per * k_producers;
    loop.call_soon([&] {
      for (int p = 0; p < k_producers; ++p)
        producers.emplace_back([&loop, &got, per, total] {
          for (long i = 0; i < per; ++i)
            loop.call_soon_threadsafe([&got, &loop, total] {
              if (++got == total) loop.stop();
            });
        });
    });
    loop.run_forever();
    for (auto& t : producers) t.join();
    loop.close();
  });
}

#ifdef COROGUARD_BENCH_ASIO
// ---------------- Asio counterparts ----------------
struct asio_actor {
  asio::io_context* ctx;
  long* remaining;
  void operator()() const {
    if (--*remaining > 0)
      asio::post(*ctx, *this);
    else if (*remaining == 0)
      ctx->stop();
  }
};

double bench_asio_post(long n) {
  return best_ns_per_op(n, [n] {
    asio::io_context ctx(1);
    long remaining = n;
    for (int i = 0; i < k_actors; ++i) asio::post(ctx, asio_actor{&ctx, &remaining});
    ctx.run();
  });
}

asio::awaitable<long> asio_child(long i) { co_return i; }
asio::awaitable<void> asio_parent(long n, long* out) {
  long s = 0;
  for (long i = 0; i < n; ++i) s += co_await asio_child(i);
  *out = s;
}
asio::awaitable<void> asio_parent_spawn(long n, long* out) {
  auto ex = co_await asio::this_coro::executor;
  long s = 0;
  for (long i = 0; i < n; ++i) s += co_await asio::co_spawn(ex, asio_child(i), asio::use_awaitable);
  *out = s;
}

double bench_asio_await(long n) {
  return best_ns_per_op(n, [n] {
    asio::io_context ctx(1);
    long s = 0;
    asio::co_spawn(ctx, asio_parent(n, &s), asio::detached);
    ctx.run();
    if (s != n * (n - 1) / 2) std::abort();
  });
}

double bench_asio_spawn(long n) {
  return best_ns_per_op(n, [n] {
    asio::io_context ctx(1);
    long s = 0;
    asio::co_spawn(ctx, asio_parent_spawn(n, &s), asio::detached);
    ctx.run();
    if (s != n * (n - 1) / 2) std::abort();
  });
}

double bench_asio_timers(long n) {
  return best_ns_per_op(n, [n] {
    asio::io_context ctx(1);
    std::vector<std::unique_ptr<asio::steady_timer>> timers;
    timers.reserve(static_cast<std::size_t>(n));
    long fired = 0;
    for (long i = 0; i < n; ++i) {
      timers.push_back(std::make_unique<asio::steady_timer>(ctx, std::chrono::microseconds(i % 1000)));
      timers.back()->async_wait([&fired](const boost::system::error_code&) { ++fired; });
    }
    ctx.run();
    if (fired != n) std::abort();
  });
}

double bench_asio_threadsafe(long n) {
  return best_ns_per_op(n, [n] {
    asio::io_context ctx(1);
    auto guard = asio::make_work_guard(ctx);
    long got = 0;
    long per = n / k_producers;
    long total = per * k_producers;
    std::vector<std::thread> producers;
    for (int p = 0; p < k_producers; ++p)
      producers.emplace_back([&ctx, &got, &guard, per, total] {
        for (long i = 0; i < per; ++i)
          asio::post(ctx, [&got, &guard, total] {
            if (++got == total) guard.reset();
          });
      });
    ctx.run();
    for (auto& t : producers) t.join();
  });
}
#endif

struct row {
  std::string name;
  double rel, dbg, asio;  // asio < 0: not measured
};

void print(const std::vector<row>& rows, double bare) {
  std::printf("\n%-36s %11s %11s %9s %11s %13s\n", "figure (ns per operation)", "coroguard", "debug", "dbg/rel",
              "asio", "asio/coroguard");
  for (const auto& r : rows) {
    std::printf("%-36s %11.1f %11.1f %8.2fx", r.name.c_str(), r.rel, r.dbg, r.dbg / r.rel);
    if (r.asio > 0)
      std::printf(" %11.1f %12.2fx\n", r.asio, r.asio / r.rel);
    else
      std::printf(" %11s %13s\n", "-", "-");
  }
  std::printf("%-36s %11.1f\n", "bare ready-queue loop", bare);
  const row& soon = rows[0];
  std::printf("\ntargets:\n");
  std::printf("  call_soon vs bare ready-queue loop: %.2fx (target <= 1.5x)\n", soon.rel / bare);
  if (soon.asio > 0) std::printf("  Asio post vs call_soon: %.2fx (target >= 3x)\n", soon.asio / soon.rel);
  bool none_slower = true;
  double worst_dbg = 0;
  for (const auto& r : rows) {
    if (r.asio > 0 && r.rel > r.asio) none_slower = false;
    worst_dbg = std::max(worst_dbg, r.dbg / r.rel);
  }
  std::printf("  figures slower than Asio: %s\n", none_slower ? "none" : "some (see table)");
  std::printf("  worst debug/release ratio: %.2fx (target <= 1.3x)\n", worst_dbg);
}

// ---- the cost of a report on the loop thread ----
// A debug-mode report (never awaited, exception never retrieved) costs the loop thread only
// capturing what it needs; the reporter thread formats and symbolises it (the first symbolising
// of a process reads the debug info: hundreds of milliseconds). Measured: the first report of
// the process and the 1000th (a repeat from the same creation site), in microseconds.
coroguard::task<void> never_started() { co_return; }
coroguard::task<void> fails_at_once() {
  co_await coroguard::sleep(std::chrono::milliseconds(0));
  throw std::runtime_error("lost");
}

struct report_figures {
  double never_first = 0, never_1000 = 0, lost_first = 0, lost_1000 = 0, drain_ms = 0;
} g_reports;

void bench_reports() {
  using us = std::chrono::duration<double, std::micro>;
  // The reports are made and formatted, but not printed among the figures.
  const coroguard::log_level saved = coroguard::get_logger().level();
  coroguard::get_logger().set_level(coroguard::log_level::critical);
  coroguard::event_loop loop;
  loop.set_debug(true);
  std::vector<double> never(1000), lost(1000);
  std::vector<coroguard::task_handle<void>> handles;
  loop.run_until_complete([](std::vector<double>& never, std::vector<coroguard::task_handle<void>>& hs) -> coroguard::task<void> {
    for (std::size_t i = 0; i < never.size(); ++i) {
      auto t = never_started();  // NOLINT(coro-never-awaited): the report being measured
      auto t0 = clk::now();
      t = coroguard::task<void>();  // destroyed unstarted: "was never awaited"
      never[i] = us(clk::now() - t0).count();
    }
    for (int i = 0; i < 1000; ++i) hs.push_back(coroguard::get_running_loop().create_task(fails_at_once()));
    co_await coroguard::sleep(std::chrono::milliseconds(5));
  }(never, handles));
  loop.run_until_complete([](std::vector<double>& lost, std::vector<coroguard::task_handle<void>>& hs) -> coroguard::task<void> {
    for (std::size_t i = 0; i < hs.size(); ++i) {
      auto t0 = clk::now();
      hs[i] = coroguard::task_handle<void>();  // last handle: "Task exception was never retrieved"
      lost[i] = us(clk::now() - t0).count();
    }
    co_return;
  }(lost, handles));
  auto t0 = clk::now();
  loop.close();  // waits for the reporter thread to log everything
  g_reports = {never[0], never[999], lost[0], lost[999],
               std::chrono::duration<double, std::milli>(clk::now() - t0).count()};
  coroguard::get_logger().set_level(saved);
}

void bench_reports_print() {
  const report_figures& r = g_reports;
  std::printf("\nreport cost on the loop thread (debug mode, measured first in the process; microseconds):\n");
  std::printf("  never awaited:              first %8.1f   1000th %8.1f\n", r.never_first, r.never_1000);
  std::printf("  exception never retrieved:  first %8.1f   1000th %8.1f\n", r.lost_first, r.lost_1000);
  std::printf("  the reporter thread formatted and symbolised the 2000 reports off the loop in %.1f ms\n",
              r.drain_ms);
  const double worst = std::max(std::max(r.never_first, r.never_1000), std::max(r.lost_first, r.lost_1000));
  std::printf("  worst report cost on the loop thread: %.1f us (target < 50 us)\n", worst);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) {
      g_scale = 0.1;
      g_repeats = 3;
    } else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) {
      g_repeats = std::max(1, std::atoi(argv[++i]));
    }
  }
  // Keep debug-mode reports (if any) off the table.
  coroguard::get_logger().set_level(coroguard::log_level::error);
  std::printf("coroguard runtime benchmark (best of %d runs each%s)\n", g_repeats,
#ifdef COROGUARD_BENCH_ASIO
              ""
#else
              "; Boost not found: no Asio columns"
#endif
  );
  // First: the first report of the process is the cold one. COROGUARD_BENCH_NO_REPORTS=1 skips it.
  if (!std::getenv("COROGUARD_BENCH_NO_REPORTS")) bench_reports();
  const long n_soon = scaled(10'000'000), n_task = scaled(2'000'000), n_spawn = scaled(1'000'000),
             n_timer = scaled(500'000), n_ts = scaled(2'000'000);
  std::vector<row> rows;
  double bare = bench_bare(n_soon);
  auto asio_or = [](auto f) {
#ifdef COROGUARD_BENCH_ASIO
    return f();
#else
    (void)f;
    return -1.0;
#endif
  };
  rows.push_back({"call_soon dispatch (1000 callbacks)", bench_call_soon(n_soon, false), bench_call_soon(n_soon, true),
                  asio_or([&] {
#ifdef COROGUARD_BENCH_ASIO
                    return bench_asio_post(n_soon);
#else
                    return -1.0;
#endif
                  })});
  rows.push_back({"task create+await (nested co_await)", bench_task_await(n_task, false), bench_task_await(n_task, true),
                  asio_or([&] {
#ifdef COROGUARD_BENCH_ASIO
                    return bench_asio_await(n_task);
#else
                    return -1.0;
#endif
                  })});
  rows.push_back({"create_task+await (vs co_spawn)", bench_create_task(n_spawn, false), bench_create_task(n_spawn, true),
                  asio_or([&] {
#ifdef COROGUARD_BENCH_ASIO
                    return bench_asio_spawn(n_spawn);
#else
                    return -1.0;
#endif
                  })});
  rows.push_back({"timers (call_later vs steady_timer)", bench_timers(n_timer, false), bench_timers(n_timer, true),
                  asio_or([&] {
#ifdef COROGUARD_BENCH_ASIO
                    return bench_asio_timers(n_timer);
#else
                    return -1.0;
#endif
                  })});
  rows.push_back({"call_soon_threadsafe (2 producers)", bench_threadsafe(n_ts, false), bench_threadsafe(n_ts, true),
                  asio_or([&] {
#ifdef COROGUARD_BENCH_ASIO
                    return bench_asio_threadsafe(n_ts);
#else
                    return -1.0;
#endif
                  })});
  print(rows, bare);
  if (!std::getenv("COROGUARD_BENCH_NO_REPORTS")) bench_reports_print();
  return 0;
}
