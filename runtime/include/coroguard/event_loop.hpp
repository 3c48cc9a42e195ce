// coroguard/event_loop.hpp — event_loop: the asyncio-style event loop (epoll based).
//
//   coroguard::event_loop loop;
//   loop.call_soon([] { std::puts("hi"); });
//   auto h = loop.create_task(main_task());
//   loop.run_until_complete(h);
//   loop.close();
//
// Not thread-safe, except call_soon_threadsafe(). In debug mode (set_debug(true),
// COROGUARD_DEBUG=1, run(..., {.debug = true})) every non-thread-safe method called from a
// thread other than the running loop's throws "Non-thread-safe operation invoked on an event
// loop other than the current one", slow callbacks are logged with where they were stuck,
// and a loop destroyed without close() warns "unclosed event loop" (always).
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <source_location>
#include <string>
#include <type_traits>
#include <utility>

#include "detail/callback.hpp"
#include "detail/task_base.hpp"
#include "errors.hpp"
#include "instrumentation.hpp"
#include "task.hpp"
#include "task_handle.hpp"

namespace coroguard {

class event_loop;
class executor;
template <class R>
class executor_future;

namespace detail {
struct watchdog;
/// The loop running on this thread (see get_running_loop()).
inline constinit thread_local event_loop* t_running_loop = nullptr;
struct timer_node {
  std::chrono::steady_clock::time_point when;
  std::uint32_t refs = 1;
  bool cancelled = false;
  bool fired = false;
  event_loop* loop = nullptr;
  callback cb;
};
struct asyncgen_base;
struct loop_impl;
}  // namespace detail

/// What the exception handler receives (asyncio's context dict).
struct exception_context {
  std::string message;           // e.g. "Task exception was never retrieved"
  std::exception_ptr exception;  // may be null
  std::string source;            // what was running / which task, with its location
  /// Debug mode, for a task's report: "<file>:<line>" of the call that created the task ("" when
  /// not known). Symbolising takes milliseconds the first time: the default handler does it on
  /// the reporter thread; a handler that calls this on the loop thread pays for it there.
  std::string created_at() const;

  // The creation site, raw (filled by the runtime; the de-duplication key of the report).
  std::source_location site_definition{};
  void* site_ramp_pc = nullptr;
  void* site_return_address = nullptr;
  bool site_in_debug = false;  // created_at() answers (debug mode)
};

/// Returned by call_later/call_at: cancel() before it fires to drop the callback.
class timer_handle {
 public:
  timer_handle() noexcept = default;
  explicit timer_handle(detail::timer_node* n) noexcept : n_(n) {}
  timer_handle(const timer_handle& o) noexcept : n_(o.n_) {
    if (n_) ++n_->refs;
  }
  timer_handle(timer_handle&& o) noexcept : n_(std::exchange(o.n_, nullptr)) {}
  timer_handle& operator=(timer_handle o) noexcept {
    std::swap(n_, o.n_);
    return *this;
  }
  ~timer_handle();
  /// Cancels the callback (no-op once it ran). Loop thread only.
  void cancel() noexcept;
  bool cancelled() const noexcept { return n_ && n_->cancelled; }
  std::chrono::steady_clock::time_point when() const noexcept { return n_->when; }

 private:
  detail::timer_node* n_ = nullptr;
};

class event_loop {
 public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;
  using duration = clock::duration;
  using exception_handler = std::function<void(event_loop&, const exception_context&)>;

  event_loop();
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  // ---- scheduling callbacks ----
  /// Runs f() on a later iteration, in FIFO order.
  template <class F>
  void call_soon(F&& f, std::source_location where = std::source_location::current()) {
    if (COROGUARD_UNLIKELY(checks_) && (closed_ || detail::t_running_loop != this)) check_call("call_soon", where);
    detail::callback& c = ready_.push();
    if constexpr (detail::callback::fits_inline<std::decay_t<F>>) {
      c.set(std::forward<F>(f), where);
    } else {
      try {
        c.set(std::forward<F>(f), where);
      } catch (...) {
        ready_.pop_back();
        throw;
      }
    }
  }
  /// Runs f() after `delay`.
  template <class Rep, class Period, class F>
  timer_handle call_later(std::chrono::duration<Rep, Period> delay, F&& f,
                          std::source_location where = std::source_location::current()) {
    if (COROGUARD_UNLIKELY(checks_) && (closed_ || detail::t_running_loop != this)) check_call("call_later", where);
    return call_at(time() + std::chrono::duration_cast<duration>(delay), std::forward<F>(f), where);
  }
  /// Runs f() at `when` (a steady_clock time point, see time()).
  template <class F>
  timer_handle call_at(time_point when, F&& f, std::source_location where = std::source_location::current()) {
    if (COROGUARD_UNLIKELY(checks_) && (closed_ || detail::t_running_loop != this)) check_call("call_at", where);
    detail::callback c;
    c.set(std::forward<F>(f), where);
    detail::timer_node* n = add_timer(when, c);
    ++n->refs;  // the handle's reference (the heap holds the other)
    return timer_handle(n);
  }
  /// Thread-safe: schedules f() on this loop from any thread (wakes the loop up).
  /// Throws std::runtime_error if the loop is closed.
  template <class F>
  void call_soon_threadsafe(F&& f, std::source_location where = std::source_location::current()) {
    detail::callback c;
    c.set(std::forward<F>(f), where);
    push_threadsafe(c);
  }

  // ---- tasks ----
  /// Schedules the task; its first step runs on a later iteration.
  template <class T>
  task_handle<T> create_task(task<T> t, std::source_location where = std::source_location::current()) {
    check_call("create_task", where);  // before taking ownership: a rejected task is destroyed normally
    auto h = t.release();
    if (!h) throw invalid_state_error("create_task: empty task");
    auto& p = h.promise();
    if (p.status_ != detail::task_status::created) throw invalid_state_error("create_task: task already started");
    p.self_ = h;
    adopt_task(p);
    return task_handle<T>(&p);
  }
  /// Runs the loop until the task is done; returns its result or rethrows.
  template <class T>
  T run_until_complete(task<T> t) {
    auto h = create_task(std::move(t));
    return run_until_complete(h);
  }
  template <class T>
  T run_until_complete(task_handle<T>& h) {
    run_until_done(h.base());
    if constexpr (std::is_void_v<T>)
      h.result();
    else
      return h.result();
  }
  template <class T>
  T run_until_complete(task_handle<T>&& h) {
    return run_until_complete(h);
  }
  /// Runs until stop() is called.
  void run_forever();
  /// Makes run_forever/run_until_complete return after the current iteration.
  void stop() noexcept;
  /// Cancels timers, drops pending callbacks, destroys pending tasks ("Task was destroyed but
  /// it is pending!"), shuts the default executor down. Idempotent; not while running.
  void close();
  bool is_running() const noexcept { return running_.load(std::memory_order_relaxed); }
  bool is_closed() const noexcept { return closed_; }
  /// The loop's clock (steady_clock::now()).
  time_point time() const noexcept { return clock::now(); }

  // ---- I/O (level-triggered, epoll) ----
  /// Calls f() whenever fd is readable (until remove_reader). Replaces a previous reader.
  void add_reader(int fd, std::function<void()> f, std::source_location where = std::source_location::current());
  bool remove_reader(int fd, std::source_location where = std::source_location::current());
  void add_writer(int fd, std::function<void()> f, std::source_location where = std::source_location::current());
  bool remove_writer(int fd, std::source_location where = std::source_location::current());

  // ---- signals (main thread only) ----
  void add_signal_handler(int signum, std::function<void()> f, std::source_location where = std::source_location::current());
  bool remove_signal_handler(int signum, std::source_location where = std::source_location::current());

  // ---- async generators and executors ----
  /// Closes (aclose) every async generator first iterated on this loop that is still open.
  task<void> shutdown_asyncgens();
  /// Runs f() on `ex` (nullptr = the loop's default thread pool) and returns an awaitable of
  /// its result. Defined in <coroguard/executor.hpp>.
  template <class F>
  executor_future<std::invoke_result_t<std::decay_t<F>&>> run_in_executor(executor* ex, F&& f,
                                                                         std::source_location where = std::source_location::current());
  /// The default thread pool (created on first use).
  executor& default_executor();
  /// Waits for the default executor's jobs and joins its threads.
  void shutdown_default_executor();

  // ---- debug mode and error handling ----
  void set_debug(bool enabled);
  bool get_debug() const noexcept { return debug_; }
  void set_slow_callback_duration(duration d);
  template <class Rep, class Period>
  void set_slow_callback_duration(std::chrono::duration<Rep, Period> d) {
    set_slow_callback_duration(std::chrono::duration_cast<duration>(d));
  }
  duration slow_callback_duration() const noexcept { return slow_duration_; }
  /// nullptr restores the default handler (logs at ERROR through the coroguard logger).
  void set_exception_handler(exception_handler h, std::source_location where = std::source_location::current());
  const exception_handler& get_exception_handler() const noexcept { return exception_handler_; }
  void call_exception_handler(const exception_context& ctx) noexcept;
  void default_exception_handler(const exception_context& ctx) noexcept;
  void set_instrumentation(instrumentation* hooks) noexcept;
  instrumentation* get_instrumentation() const noexcept { return instr_; }
  /// Number of scheduled tasks that have not finished.
  std::size_t pending_tasks() const noexcept;
  /// Cancels every scheduled task that has not finished (used by run() and runner::close).
  void cancel_all_tasks() noexcept;
  /// A scheduled task other than `self` that has not finished, or nullptr (shutdown waits for
  /// each in turn: runner::close).
  detail::task_base* pending_task_except(const detail::task_base* self) const noexcept;

  // ---- internals shared with the other runtime headers ----
  detail::timer_node* add_timer(time_point when, const detail::callback& c);
  void schedule_resume(std::coroutine_handle<> h, detail::task_base* root);
  /// A ready-queue slot that resumes h as a step of task `root`.
  static detail::callback resume_callback(std::coroutine_handle<> h, detail::task_base* root) noexcept;
  /// The task a slot is a step of (nullptr for plain callbacks).
  static detail::task_base* step_task(const detail::callback& c) noexcept;
  void register_asyncgen(detail::asyncgen_base* g);
  void unregister_asyncgen(detail::asyncgen_base* g) noexcept;
  bool accepting_work() const noexcept { return !closed_ && !closing_; }
  /// Throws the "Non-thread-safe operation ..." error in debug mode when called from a thread
  /// other than the running loop's — after logging which call (`what` at `where`), from which
  /// thread, so that the report exists even if the exception terminates the thread — and
  /// "Event loop is closed" when closed.
  void check_call(const char* what, std::source_location where = std::source_location()) const;
  void timer_cancelled() noexcept { ++cancelled_timers_; }
  void task_done(detail::task_base& t) noexcept;
  void task_released(detail::task_base& t) noexcept;

 private:
  void adopt_task(detail::task_base& p);
  void run_until_done(detail::task_base* t);
  void run_once();
  void run_ready();
  void dispatch_slow(detail::callback& c);
  void report_slow(detail::callback& c, detail::task_base* t) noexcept;
  void push_threadsafe(detail::callback& c);
  void update_flags() noexcept;
  void begin_run();
  void end_run() noexcept;
  void report_callback_exception(detail::callback& c) noexcept;

  // hot state
  detail::callback_buffer ready_;
  detail::callback_buffer running_batch_;
  bool checks_ = false;  // debug_ || closed_: call_soon & co take the checked path
  bool slow_ = false;    // debug_ || instr_: dispatch takes the checked path
  bool debug_ = false;
  bool closed_ = false;
  bool closing_ = false;
  bool stopping_ = false;
  std::atomic<bool> running_{false};
  std::atomic<bool> wake_pending_{false};
  std::uint32_t io_count_ = 0;
  std::size_t cancelled_timers_ = 0;
  duration slow_duration_ = std::chrono::milliseconds(100);
  instrumentation* instr_ = nullptr;
  detail::watchdog* wd_ = nullptr;  // debug mode's stall detector (while running)
  std::uint64_t dispatch_seq_ = 0;
  exception_handler exception_handler_;
  std::unique_ptr<detail::loop_impl> impl_;
  friend struct detail::loop_impl;
};

/// The loop running on the current thread; throws std::runtime_error("no running event loop").
event_loop& get_running_loop();
/// The loop running on the current thread, or nullptr.
event_loop* try_get_running_loop() noexcept;

}  // namespace coroguard

#include "executor.hpp"
