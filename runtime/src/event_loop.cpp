#include <coroguard/async_generator.hpp>
#include <coroguard/event_loop.hpp>
#include <coroguard/executor.hpp>
#include <coroguard/log.hpp>
#include <coroguard/run.hpp>

#include <execinfo.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "internal.hpp"
#include "reporter.hpp"

namespace coroguard {

namespace {
using detail::t_running_loop;

constexpr const char* k_wrong_thread =
    "Non-thread-safe operation invoked on an event loop other than the current one";

std::string seconds(std::chrono::steady_clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", std::chrono::duration<double>(d).count());
  return buf;
}

// ---- stall capture (Seastar-style): the watchdog thread signals the stuck loop thread ----
struct stack_capture {
  void* frames[32];
  std::atomic<int> count{-1};
  // The task being stepped when the stall was caught (copied in the signal handler: a
  // source_location is a pointer to static data, so this is async-signal-safe).
  std::source_location task_loc;
  bool has_task = false;
};
constinit thread_local stack_capture* t_capture = nullptr;

extern "C" void coroguard_capture_handler(int) {
  int saved = errno;
  if (stack_capture* c = t_capture) {
    if (detail::task_base* t = detail::t_current_task) {
      c->task_loc = t->location();
      c->has_task = true;
    } else {
      c->has_task = false;
    }
    c->count.store(backtrace(c->frames, 32), std::memory_order_release);
  }
  errno = saved;
}

constexpr int k_capture_signal = SIGURG;

void install_capture_handler() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = coroguard_capture_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(k_capture_signal, &sa, nullptr);
    void* warm[2];
    backtrace(warm, 2);  // loads libgcc_s outside the signal handler
    return true;
  }();
  (void)installed;
}

// ---- signals: self-pipe shared by the loop that installed handlers ----
std::atomic<int> g_signal_write_fd{-1};
extern "C" void coroguard_signal_handler(int signum) {
  int saved = errno;
  int fd = g_signal_write_fd.load(std::memory_order_relaxed);
  if (fd >= 0) {
    unsigned char b = static_cast<unsigned char>(signum);
    ssize_t r = ::write(fd, &b, 1);
    (void)r;
  }
  errno = saved;
}

}  // namespace

namespace detail {

namespace {
std::mutex g_loops_mutex;
std::unordered_set<const event_loop*>& live_loops() {
  static auto* s = new std::unordered_set<const event_loop*>();
  return *s;
}
}  // namespace

bool loop_alive(const event_loop* loop) noexcept {
  std::lock_guard lock(g_loops_mutex);
  return live_loops().count(loop) != 0;
}

event_loop* running_loop() noexcept { return t_running_loop; }

bool debug_for(const event_loop* loop) noexcept { return loop ? loop->get_debug() : debug_from_environment(); }

void schedule_resume(event_loop& loop, std::coroutine_handle<> h, task_base* root) { loop.schedule_resume(h, root); }

struct timer_entry {
  std::chrono::steady_clock::time_point when;
  std::uint64_t seq;
  timer_node* node;
  bool operator>(const timer_entry& o) const noexcept { return when != o.when ? when > o.when : seq > o.seq; }
};

struct io_entry {
  std::function<void()> reader, writer;
  std::uint32_t reader_gen = 0, writer_gen = 0;
  std::uint32_t events = 0;
  bool registered = false;
};

struct watchdog {
  std::thread thread;
  std::mutex mutex;
  std::condition_variable cv;
  bool stop = false;
  std::atomic<std::uint64_t> current{0};   // dispatch sequence, 0 = not dispatching
  std::atomic<std::uint64_t> stalled{0};   // sequence found stuck
  std::atomic<std::int64_t> since_ns{0};   // estimated start of the stuck dispatch
  std::atomic<std::int64_t> threshold_ns{0};
  pthread_t target{};
  stack_capture capture;
};

struct loop_impl {
  int epoll_fd = -1;
  int wake_fd = -1;
  std::mutex ts_mutex;
  callback_buffer ts_queue;
  bool ts_closed = false;
  std::vector<timer_entry> timers;
  std::uint64_t timer_seq = 0;
  std::unordered_map<int, io_entry> io;
  std::unordered_map<int, std::function<void()>> signals;
  std::unordered_map<int, struct sigaction> old_actions;
  int sig_pipe[2] = {-1, -1};
  std::unique_ptr<thread_pool_executor> default_executor;
  task_base* tasks = nullptr;
  std::size_t live_tasks = 0;
  std::uint64_t next_task_id = 1;
  asyncgen_base* gens = nullptr;
  std::unique_ptr<watchdog> wd;
  std::vector<epoll_event> events = std::vector<epoll_event>(128);
  pthread_t thread{};
  std::atomic<pid_t> thread_tid{0};  // the running loop's thread, for wrong-thread reports

  event_loop* owner = nullptr;
  void start_watchdog(event_loop& loop);
  void stop_watchdog() noexcept;
};

namespace {
void resume_thunk(callback& c, bool run) {
  if (!run) return;
  void* addr;
  task_base* t;
  std::memcpy(&addr, c.storage, sizeof addr);
  std::memcpy(&t, c.storage + sizeof addr, sizeof t);
  if (t && t->status_ == task_status::scheduled) {
    if (t->cancel_requested_) {  // cancelled before its first step: never runs
      t->cancel_requested_ = false;
      t->cancelled_ = true;
      t->exception_ = std::make_exception_ptr(cancelled_error());
      t->on_root_done();
      return;
    }
    t->status_ = task_status::running;
  }
  task_base* saved = t_current_task;
  t_current_task = t;
  std::coroutine_handle<>::from_address(addr).resume();
  t_current_task = saved;
}

}  // namespace

void loop_impl::start_watchdog(event_loop& loop) {
  if (wd) return;
  install_capture_handler();
  wd = std::make_unique<watchdog>();
  loop.wd_ = wd.get();
  wd->target = pthread_self();
  wd->threshold_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(loop.slow_callback_duration()).count());
  t_capture = &wd->capture;
  watchdog* w = wd.get();
  w->thread = std::thread([w] {
    using namespace std::chrono;
    std::uint64_t last = 0;
    steady_clock::time_point first_seen{};
    bool reported = false;
    std::unique_lock lock(w->mutex);
    for (;;) {
      nanoseconds threshold(w->threshold_ns.load(std::memory_order_relaxed));
      nanoseconds period = std::clamp<nanoseconds>(threshold / 8, milliseconds(1), milliseconds(50));
      if (w->cv.wait_for(lock, period, [w] { return w->stop; })) return;
      std::uint64_t s = w->current.load(std::memory_order_relaxed);
      auto now = steady_clock::now();
      if (s == 0) {
        last = 0;
        continue;
      }
      if (s != last) {
        last = s;
        first_seen = now;
        reported = false;
        continue;
      }
      if (!reported && now - first_seen >= threshold - period) {
        reported = true;
        w->since_ns.store(duration_cast<nanoseconds>((first_seen - period / 2).time_since_epoch()).count(),
                          std::memory_order_relaxed);
        w->capture.count.store(-1, std::memory_order_relaxed);
        pthread_kill(w->target, k_capture_signal);
        for (int i = 0; i < 50 && w->capture.count.load(std::memory_order_acquire) < 0; ++i) {
          lock.unlock();
          std::this_thread::sleep_for(milliseconds(1));
          lock.lock();
        }
        w->stalled.store(s, std::memory_order_release);
      }
    }
  });
}

void loop_impl::stop_watchdog() noexcept {
  if (!wd) return;
  {
    std::lock_guard lock(wd->mutex);
    wd->stop = true;
  }
  wd->cv.notify_all();
  wd->thread.join();
  if (t_capture == &wd->capture) t_capture = nullptr;
  wd.reset();
  owner->wd_ = nullptr;
}

}  // namespace detail

using detail::callback;
using detail::task_base;
using detail::task_status;

// ---- timer_handle ----
timer_handle::~timer_handle() {
  detail::timer_node* n = std::exchange(n_, nullptr);  // idempotent (see task_handle)
  if (n && --n->refs == 0) delete n;
}

void timer_handle::cancel() noexcept {
  if (!n_ || n_->cancelled || n_->fired) return;
  n_->cancelled = true;
  n_->cb.invoke(n_->cb, false);
  if (n_->loop) n_->loop->timer_cancelled();
}

// ---- event_loop ----
event_loop::event_loop() : impl_(std::make_unique<detail::loop_impl>()) {
  auto& I = *impl_;
  I.owner = this;
  I.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (I.epoll_fd < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  I.wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (I.wake_fd < 0) {
    ::close(I.epoll_fd);
    throw std::system_error(errno, std::generic_category(), "eventfd");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = I.wake_fd;
  ::epoll_ctl(I.epoll_fd, EPOLL_CTL_ADD, I.wake_fd, &ev);
  debug_ = debug_from_environment();
  detail::warm_up_reports();
  if (debug_) detail::start_reporter();  // no report pays for starting the reporter thread
  update_flags();
  std::lock_guard lock(detail::g_loops_mutex);
  detail::live_loops().insert(this);
}

event_loop::~event_loop() {
  {
    std::lock_guard lock(detail::g_loops_mutex);
    detail::live_loops().erase(this);
  }
  if (!closed_) {
    detail::log_safe(static_cast<int>(log_level::warning),
                     "unclosed event loop: an event_loop was destroyed without close() "
                     "(use coroguard::run/runner, or call loop.close())");
    try {
      close();
    } catch (...) {
    }
  }
}

void event_loop::update_flags() noexcept {
  checks_ = debug_ || closed_;
  slow_ = debug_ || instr_ != nullptr;
}

namespace {
/// "thread 1234 ('worker')": the kernel's thread id and the thread's name.
std::string describe_thread(pid_t tid) {
  std::string s = "thread " + std::to_string(tid);
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/comm", static_cast<int>(tid));
  if (FILE* f = std::fopen(path, "r")) {
    char name[32] = "";
    if (std::fgets(name, sizeof name, f)) {
      name[std::strcspn(name, "\n")] = 0;
      if (name[0]) s += std::string(" ('") + name + "')";
    }
    std::fclose(f);
  }
  return s;
}
}  // namespace

void event_loop::check_call(const char* what, std::source_location where) const {
  if (closed_) throw std::runtime_error(std::string("Event loop is closed (") + what + ")");
  if (debug_ && running_.load(std::memory_order_relaxed) && t_running_loop != this) {
    // Log first: a thread that lets the exception escape terminates the program, and the
    // report must already say which call, where, from which thread.
    std::string call = std::string(what) + "()";
    if (where.line() != 0) call += std::string(" at ") + where.file_name() + ":" + std::to_string(where.line());
    std::string msg = std::string(k_wrong_thread) + ": " + call;
    if (where.line() != 0 && where.function_name()[0])
      msg += " (in '" + detail::short_function_name(where.function_name()) + "')";
    msg += "\n  called from " + describe_thread(static_cast<pid_t>(::syscall(SYS_gettid))) + "; the loop runs on " +
           describe_thread(impl_->thread_tid.load(std::memory_order_relaxed)) +
           ". Use call_soon_threadsafe() or run_coroutine_threadsafe() from other threads.";
    detail::log_safe(static_cast<int>(log_level::error), msg);
    throw std::runtime_error(std::string(k_wrong_thread) + " (" + call + ")");
  }
}

void event_loop::set_debug(bool enabled) {
  if (debug_ == enabled) return;
  debug_ = enabled;
  if (enabled) detail::start_reporter();  // no report pays for starting the reporter thread
  update_flags();
  if (running_.load() && t_running_loop == this) {
    if (enabled)
      impl_->start_watchdog(*this);
    else
      impl_->stop_watchdog();
  }
}

void event_loop::set_slow_callback_duration(duration d) {
  slow_duration_ = d;
  if (impl_->wd)
    impl_->wd->threshold_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
}

void event_loop::set_exception_handler(exception_handler h, std::source_location where) {
  check_call("set_exception_handler", where);
  exception_handler_ = std::move(h);
}

void event_loop::set_instrumentation(instrumentation* hooks) noexcept {
  instr_ = hooks;
  update_flags();
}

void event_loop::default_exception_handler(const exception_context& ctx) noexcept {
  // Formatted (the exception described, the creation site symbolised) on the reporter thread.
  detail::report_exception_context(ctx, log_level::error);
}

void event_loop::call_exception_handler(const exception_context& ctx) noexcept {
  if (!exception_handler_) return default_exception_handler(ctx);
  try {
    exception_handler_(*this, ctx);
  } catch (...) {
    exception_context inner;
    inner.message = "Unhandled error in exception handler";
    inner.exception = std::current_exception();
    inner.source = ctx.message;
    default_exception_handler(inner);
  }
}

void event_loop::report_callback_exception(callback& c) noexcept {
  exception_context ctx;
  try {
    ctx.exception = std::current_exception();
    ctx.message = "Exception in callback";
    ctx.source = std::string("callback scheduled at ") + c.where.file_name() + ":" + std::to_string(c.where.line()) +
                 " (" + c.where.function_name() + ")";
  } catch (...) {
  }
  call_exception_handler(ctx);
}

callback event_loop::resume_callback(std::coroutine_handle<> h, task_base* root) noexcept {
  callback c;
  c.invoke = &detail::resume_thunk;
  c.where = std::source_location();
  void* addr = h.address();
  std::memcpy(c.storage, &addr, sizeof addr);
  std::memcpy(c.storage + sizeof addr, &root, sizeof root);
  return c;
}

task_base* event_loop::step_task(const callback& c) noexcept {
  if (c.invoke != &detail::resume_thunk) return nullptr;
  task_base* t;
  std::memcpy(&t, c.storage + sizeof(void*), sizeof t);
  return t;
}

void event_loop::schedule_resume(std::coroutine_handle<> h, task_base* root) {
  if (COROGUARD_UNLIKELY(closing_ || closed_)) return;
  ready_.push() = resume_callback(h, root);
  if (COROGUARD_UNLIKELY(instr_ != nullptr) && root) instr_->on_task_scheduled(*root);
}

void event_loop::adopt_task(task_base& p) {
  auto& I = *impl_;
  p.root_ = true;
  p.loop_ = this;
  p.refs_ = 2;  // the loop (until done) + the returned handle
  p.status_ = task_status::scheduled;
  p.id_ = I.next_task_id++;
  p.next_ = I.tasks;
  if (I.tasks) I.tasks->prev_ = &p;
  I.tasks = &p;
  ++I.live_tasks;
  if (instr_) instr_->on_task_spawned(p);
  schedule_resume(p.self_, &p);
}

void event_loop::task_done(task_base& t) noexcept {
  --impl_->live_tasks;
  if (instr_) instr_->on_task_exited(t);
}

void event_loop::task_released(task_base& t) noexcept {
  auto& I = *impl_;
  if (t.prev_)
    t.prev_->next_ = t.next_;
  else if (I.tasks == &t)
    I.tasks = t.next_;
  if (t.next_) t.next_->prev_ = t.prev_;
  t.prev_ = t.next_ = nullptr;
}

std::size_t event_loop::pending_tasks() const noexcept { return impl_->live_tasks; }

void event_loop::cancel_all_tasks() noexcept {
  for (task_base* t = impl_->tasks; t; t = t->next_)
    if (!t->done() && !t->finalizer_) t->cancel();
}

task_base* event_loop::pending_task_except(const task_base* self) const noexcept {
  for (task_base* t = impl_->tasks; t; t = t->next_)
    if (t != self && !t->done()) return t;
  return nullptr;
}

detail::timer_node* event_loop::add_timer(time_point when, const callback& c) {
  auto* n = new detail::timer_node;
  n->when = when;
  n->cb = c;
  n->loop = this;
  n->refs = 1;  // the heap's reference
  auto& t = impl_->timers;
  t.push_back({when, impl_->timer_seq++, n});
  std::push_heap(t.begin(), t.end(), std::greater<>());
  return n;
}

void event_loop::register_asyncgen(detail::asyncgen_base* g) {
  auto& I = *impl_;
  g->prev_ = nullptr;
  g->next_ = I.gens;
  if (I.gens) I.gens->prev_ = g;
  I.gens = g;
}

void event_loop::unregister_asyncgen(detail::asyncgen_base* g) noexcept {
  auto& I = *impl_;
  if (g->prev_)
    g->prev_->next_ = g->next_;
  else if (I.gens == g)
    I.gens = g->next_;
  if (g->next_) g->next_->prev_ = g->prev_;
  g->prev_ = g->next_ = nullptr;
  g->registered_ = false;
}

task<void> event_loop::shutdown_asyncgens() {
  std::vector<std::pair<task_handle<void>, std::string>> closers;
  for (detail::asyncgen_base* g = impl_->gens; g; g = g->next_)
    if (g->started_ && !g->finished_ && !g->running_ && g->aclose_fn_)
      closers.emplace_back(create_task(g->aclose_fn_(g)), g->description());
  for (auto& [h, what] : closers) {
    co_await h.wait();
    if (auto e = h.exception()) {
      exception_context ctx;
      ctx.message = "an error occurred during closing of " + what;
      ctx.exception = e;
      ctx.source = what;
      call_exception_handler(ctx);
    }
  }
}

void event_loop::push_threadsafe(callback& c) {
  auto& I = *impl_;
  {
    std::lock_guard lock(I.ts_mutex);
    if (I.ts_closed) {
      c.invoke(c, false);
      throw std::runtime_error("Event loop is closed (call_soon_threadsafe)");
    }
    I.ts_queue.push() = c;
  }
  if (!wake_pending_.exchange(true)) {
    std::uint64_t one = 1;
    ssize_t r = ::write(I.wake_fd, &one, sizeof one);
    (void)r;
  }
}

// ---- I/O ----
namespace {
void update_epoll(detail::loop_impl& I, int fd, detail::io_entry& e) {
  std::uint32_t want = (e.reader ? EPOLLIN : 0u) | (e.writer ? EPOLLOUT : 0u);
  epoll_event ev{};
  ev.events = want;
  ev.data.fd = fd;
  if (!want) {
    if (e.registered) ::epoll_ctl(I.epoll_fd, EPOLL_CTL_DEL, fd, &ev);
    e.registered = false;
  } else if (!e.registered) {
    if (::epoll_ctl(I.epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
      throw std::system_error(errno, std::generic_category(), "epoll_ctl(ADD)");
    e.registered = true;
  } else if (want != e.events) {
    if (::epoll_ctl(I.epoll_fd, EPOLL_CTL_MOD, fd, &ev) < 0)
      throw std::system_error(errno, std::generic_category(), "epoll_ctl(MOD)");
  }
  e.events = want;
}
}  // namespace

void event_loop::add_reader(int fd, std::function<void()> f, std::source_location where) {
  check_call("add_reader", where);
  auto& e = impl_->io[fd];
  bool had = static_cast<bool>(e.reader);
  e.reader = std::move(f);
  ++e.reader_gen;
  update_epoll(*impl_, fd, e);
  if (!had) ++io_count_;
}

bool event_loop::remove_reader(int fd, std::source_location where) {
  check_call("remove_reader", where);
  auto it = impl_->io.find(fd);
  if (it == impl_->io.end() || !it->second.reader) return false;
  it->second.reader = nullptr;
  ++it->second.reader_gen;
  --io_count_;
  update_epoll(*impl_, fd, it->second);
  if (!it->second.writer) impl_->io.erase(it);
  return true;
}

void event_loop::add_writer(int fd, std::function<void()> f, std::source_location where) {
  check_call("add_writer", where);
  auto& e = impl_->io[fd];
  bool had = static_cast<bool>(e.writer);
  e.writer = std::move(f);
  ++e.writer_gen;
  update_epoll(*impl_, fd, e);
  if (!had) ++io_count_;
}

bool event_loop::remove_writer(int fd, std::source_location where) {
  check_call("remove_writer", where);
  auto it = impl_->io.find(fd);
  if (it == impl_->io.end() || !it->second.writer) return false;
  it->second.writer = nullptr;
  ++it->second.writer_gen;
  --io_count_;
  update_epoll(*impl_, fd, it->second);
  if (!it->second.reader) impl_->io.erase(it);
  return true;
}

namespace {
struct io_payload {
  detail::loop_impl* impl;
  int fd;
  std::uint32_t gen;
};
template <bool Write>
void io_dispatch(callback& c, bool run) {
  if (!run) return;
  io_payload p;
  std::memcpy(&p, c.storage, sizeof p);
  auto it = p.impl->io.find(p.fd);
  if (it == p.impl->io.end()) return;
  auto& e = it->second;
  if (Write ? (e.writer_gen != p.gen || !e.writer) : (e.reader_gen != p.gen || !e.reader)) return;
  std::function<void()> f = Write ? e.writer : e.reader;  // the callback may remove itself
  f();
}
}  // namespace

// ---- signals ----
void event_loop::add_signal_handler(int signum, std::function<void()> f, std::source_location where) {
  check_call("add_signal_handler", where);
  if (::getpid() != static_cast<pid_t>(::syscall(SYS_gettid)))
    throw std::runtime_error("add_signal_handler() can only be called from the main thread");
  if (signum <= 0 || signum >= NSIG || signum == SIGKILL || signum == SIGSTOP)
    throw std::invalid_argument("invalid signal number");
  auto& I = *impl_;
  if (I.sig_pipe[0] < 0) {
    if (::pipe2(I.sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    int rfd = I.sig_pipe[0];
    add_reader(rfd, [this, rfd] {
      unsigned char buf[64];
      ssize_t n;
      while ((n = ::read(rfd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; ++i) {
          auto it = impl_->signals.find(buf[i]);
          if (it != impl_->signals.end()) {
            auto fn = it->second;
            call_soon([fn] { fn(); });
          }
        }
    });
  }
  g_signal_write_fd.store(I.sig_pipe[1]);
  I.signals[signum] = std::move(f);
  struct sigaction sa {}, old{};
  sa.sa_handler = coroguard_signal_handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  if (::sigaction(signum, &sa, &old) < 0) throw std::system_error(errno, std::generic_category(), "sigaction");
  I.old_actions.emplace(signum, old);
}

bool event_loop::remove_signal_handler(int signum, std::source_location where) {
  check_call("remove_signal_handler", where);
  auto& I = *impl_;
  if (!I.signals.erase(signum)) return false;
  auto it = I.old_actions.find(signum);
  if (it != I.old_actions.end()) {
    ::sigaction(signum, &it->second, nullptr);
    I.old_actions.erase(it);
  }
  if (I.signals.empty() && I.sig_pipe[0] >= 0) {
    remove_reader(I.sig_pipe[0]);
    if (g_signal_write_fd.load() == I.sig_pipe[1]) g_signal_write_fd.store(-1);
    ::close(I.sig_pipe[0]);
    ::close(I.sig_pipe[1]);
    I.sig_pipe[0] = I.sig_pipe[1] = -1;
  }
  return true;
}

// ---- executors ----
executor& event_loop::default_executor() {
  if (!impl_->default_executor) impl_->default_executor = std::make_unique<thread_pool_executor>();
  return *impl_->default_executor;
}

void event_loop::shutdown_default_executor() {
  if (impl_->default_executor) impl_->default_executor->shutdown(true);
}

// ---- running ----
void event_loop::begin_run() {
  if (closed_) throw std::runtime_error("Event loop is closed");
  if (running_.load()) throw std::runtime_error("This event loop is already running");
  if (t_running_loop) throw std::runtime_error("Cannot run the event loop while another loop is running");
  t_running_loop = this;
  impl_->thread = pthread_self();
  impl_->thread_tid.store(static_cast<pid_t>(::syscall(SYS_gettid)), std::memory_order_relaxed);
  running_.store(true);
  stopping_ = false;
  if (debug_) impl_->start_watchdog(*this);
}

void event_loop::end_run() noexcept {
  impl_->stop_watchdog();
  running_.store(false);
  stopping_ = false;
  t_running_loop = nullptr;
}

void event_loop::run_forever() {
  begin_run();
  try {
    while (!stopping_) run_once();
  } catch (...) {
    end_run();
    throw;
  }
  end_run();
}

void event_loop::run_until_done(task_base* t) {
  begin_run();
  try {
    while (!t->done() && !stopping_) run_once();
  } catch (...) {
    end_run();
    throw;
  }
  end_run();
  if (!t->done()) throw std::runtime_error("Event loop stopped before Future completed.");
}

void event_loop::stop() noexcept { stopping_ = true; }

void event_loop::run_once() {
  auto& I = *impl_;
  using namespace std::chrono;
  // Drop cancelled timers at the top of the heap.
  auto& timers = I.timers;
  while (!timers.empty() && timers.front().node->cancelled) {
    std::pop_heap(timers.begin(), timers.end(), std::greater<>());
    timer_handle drop(timers.back().node);
    timers.pop_back();
    --cancelled_timers_;
  }
  if (cancelled_timers_ > 64 && cancelled_timers_ * 2 > timers.size()) {
    std::erase_if(timers, [](const detail::timer_entry& e) {
      if (!e.node->cancelled) return false;
      timer_handle drop(e.node);
      return true;
    });
    std::make_heap(timers.begin(), timers.end(), std::greater<>());
    cancelled_timers_ = 0;
  }

  bool have_ready = !ready_.empty() || stopping_;
  if (io_count_ > 0 || !have_ready) {
    int timeout_ms = -1;
    if (have_ready)
      timeout_ms = 0;
    else if (!timers.empty()) {
      auto d = timers.front().when - clock::now();
      timeout_ms = d <= duration::zero() ? 0 : static_cast<int>(std::min<std::int64_t>(ceil<milliseconds>(d).count(), 1 << 30));
    }
    if (instr_) instr_->on_poll_begin(milliseconds(timeout_ms));
    time_point before{};
    if (debug_) {
      before = clock::now();
      if (I.wd) I.wd->current.store(0, std::memory_order_relaxed);
    }
    int n = ::epoll_wait(I.epoll_fd, I.events.data(), static_cast<int>(I.events.size()), timeout_ms);
    int poll_errno = errno;
    if (instr_) instr_->on_poll_end();
    if (debug_ && timeout_ms >= 0) {
      // asyncio's "slow select" log was noise (bpo-34849): report only a late wake-up.
      auto late = clock::now() - before - milliseconds(timeout_ms);
      if (late > slow_duration_)
        detail::log_safe(static_cast<int>(log_level::warning),
                         "Event loop woke up " + seconds(late) + " seconds later than its timeout");
    }
    errno = poll_errno;
    if (n < 0) {
      if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "epoll_wait");
      n = 0;
    }
    for (int i = 0; i < n; ++i) {
      const epoll_event& ev = I.events[static_cast<std::size_t>(i)];
      int fd = ev.data.fd;
      if (fd == I.wake_fd) {
        std::uint64_t v;
        while (::read(I.wake_fd, &v, sizeof v) > 0) {
        }
        continue;
      }
      auto it = I.io.find(fd);
      if (it == I.io.end()) continue;
      auto& e = it->second;
      bool err = ev.events & (EPOLLERR | EPOLLHUP);
      auto push = [&](bool write, std::uint32_t gen) {
        callback& c = ready_.push();
        c.invoke = write ? &io_dispatch<true> : &io_dispatch<false>;
        c.where = std::source_location();
        io_payload p{&I, fd, gen};
        std::memcpy(c.storage, &p, sizeof p);
      };
      if (e.reader && (ev.events & EPOLLIN || err)) push(false, e.reader_gen);
      if (e.writer && (ev.events & EPOLLOUT || err)) push(true, e.writer_gen);
    }
    if (static_cast<std::size_t>(n) == I.events.size()) I.events.resize(I.events.size() * 2);
  }

  // Expired timers go to the ready queue.
  if (!timers.empty()) {
    auto now = clock::now();
    while (!timers.empty() && timers.front().when <= now) {
      std::pop_heap(timers.begin(), timers.end(), std::greater<>());
      detail::timer_node* n = timers.back().node;
      timers.pop_back();
      if (n->cancelled) {
        --cancelled_timers_;
      } else {
        n->fired = true;
        ready_.push() = n->cb;
      }
      timer_handle drop(n);
    }
  }

  // Callbacks from other threads.
  if (wake_pending_.load(std::memory_order_relaxed) && wake_pending_.exchange(false)) {
    std::lock_guard lock(I.ts_mutex);
    ready_.append(I.ts_queue);
    I.ts_queue.clear();
  }

  run_ready();
}

void event_loop::run_ready() {
  ready_.swap(running_batch_);
  callback* items = running_batch_.data();
  const std::size_t n = running_batch_.size();
  // The mode is chosen per batch: switching debug mode or instrumentation on takes effect
  // with the next batch (the watchdog pointer is re-read per item, so switching off is safe).
  if (COROGUARD_LIKELY(!slow_)) {
    for (std::size_t i = 0; i < n; ++i) {
      callback& c = items[i];
      try {
        c.invoke(c, true);
      } catch (...) {
        report_callback_exception(c);
      }
    }
  } else if (!instr_) {
    // Debug mode: one relaxed store per dispatch feeds the stall detector; no clock reads.
    std::uint64_t seq = dispatch_seq_;
    for (std::size_t i = 0; i < n; ++i) {
      callback& c = items[i];
      detail::watchdog* wd = wd_;
      if (COROGUARD_UNLIKELY(!wd)) {
        dispatch_slow(c);
        continue;
      }
      wd->current.store(++seq, std::memory_order_relaxed);
      try {
        c.invoke(c, true);
      } catch (...) {
        report_callback_exception(c);
      }
      // The task may be gone by now: report_slow describes it from the stall capture.
      // Re-read wd_: the callback may have switched debug mode off (freeing the watchdog).
      if (detail::watchdog* w = wd_; COROGUARD_UNLIKELY(w && w->stalled.load(std::memory_order_relaxed) == seq))
        report_slow(c, nullptr);
    }
    dispatch_seq_ = seq;
  } else {
    for (std::size_t i = 0; i < n; ++i) dispatch_slow(items[i]);
  }
  running_batch_.clear();
}

void event_loop::dispatch_slow(callback& c) {
  task_base* t = step_task(c);
  if (t) t->add_ref();  // keep it alive for the hooks and the report
  if (instr_ && t) instr_->on_task_step_begin(*t);
  detail::watchdog* wd = debug_ ? wd_ : nullptr;
  std::uint64_t seq = 0;
  if (wd) {
    seq = ++dispatch_seq_;
    wd->current.store(seq, std::memory_order_relaxed);
  }
  try {
    c.invoke(c, true);
  } catch (...) {
    report_callback_exception(c);
  }
  if (detail::watchdog* w = wd ? wd_ : nullptr; w && w->stalled.load(std::memory_order_relaxed) == seq)
    report_slow(c, t);
  if (t) {
    if (instr_) instr_->on_task_step_end(*t);
    t->release();
  }
}

void event_loop::report_slow(callback& c, task_base* t) noexcept {
  detail::watchdog* wd = wd_;
  if (!wd) return;
  std::atomic_thread_fence(std::memory_order_acquire);  // pairs with the watchdog's release store
  try {
    using namespace std::chrono;
    auto since = time_point(duration_cast<duration>(nanoseconds(wd->since_ns.load())));
    auto took = clock::now() - since;
    if (took >= slow_duration_) {
      std::string what;
      int count = wd->capture.count.load(std::memory_order_acquire);
      if (t)
        what = "<Task '" + t->name() + "' defined at " + t->defined_at() + ">";
      else if (step_task(c) && count >= 0 && wd->capture.has_task)
        what = "<Task '" + detail::short_function_name(wd->capture.task_loc.function_name()) + "' defined at " +
               wd->capture.task_loc.file_name() + ":" + std::to_string(wd->capture.task_loc.line()) + ">";
      else if (step_task(c))
        what = "<Task step>";
      else if (c.where.line())
        what = std::string("<Handle ") + detail::short_function_name(c.where.function_name()) + " callback at " +
               c.where.file_name() + ":" + std::to_string(c.where.line()) + ">";
      else
        what = "<Handle I/O callback>";
      std::string msg = "Executing " + what + " took " + seconds(took) + " seconds";
      // The stall stack is symbolised on the reporter thread: symbolising here would stall
      // the loop once more.
      std::vector<void*> frames;
      for (int i = 2; i < count && i < 10; ++i) frames.push_back(wd->capture.frames[i]);
      detail::report r;
      r.level = log_level::warning;
      r.format = [msg = std::move(msg), frames = std::move(frames)] {
        std::string m = msg;
        if (!frames.empty()) {
          m += "\n  stuck at:";
          for (std::size_t i = 0; i < frames.size(); ++i)
            m += "\n    #" + std::to_string(i) + " " + detail::describe_pc(frames[i]);
        }
        return m;
      };
      detail::submit_report(std::move(r));
    }
  } catch (...) {
  }
}

// ---- closing ----
void event_loop::close() {
  if (closed_) return;
  if (running_.load()) throw std::runtime_error("Cannot close a running event loop");
  if (debug_ && t_running_loop && t_running_loop != this) throw std::runtime_error(k_wrong_thread);
  auto& I = *impl_;
  closing_ = true;
  {
    std::lock_guard lock(I.ts_mutex);
    I.ts_closed = true;
  }
  // Pending tasks: destroyed without running further.
  std::vector<task_base*> pending;
  for (task_base* t = I.tasks; t; t = t->next_)
    if (!t->done()) {
      t->add_ref();
      pending.push_back(t);
    }
  for (task_base* t : pending) {
    detail::log_safe(static_cast<int>(log_level::error),
                     "Task was destroyed but it is pending!\n  task '" + t->name() + "' defined at " + t->defined_at() +
                         "\n  created at " + t->created_at());
    t->status_ = task_status::done;
    t->cancelled_ = true;
    t->waiters_ = nullptr;
    t->hook_fn_ = nullptr;
    --I.live_tasks;
  }
  for (task_base* t : pending) t->release();  // the loop's reference
  for (task_base* t : pending) t->release();  // ours: destroys the frame unless a handle remains
  ready_.discard();
  running_batch_.discard();
  {
    std::lock_guard lock(I.ts_mutex);
    I.ts_queue.discard();
  }
  for (auto& e : I.timers) {
    if (!e.node->cancelled && !e.node->fired) e.node->cb.invoke(e.node->cb, false);
    e.node->cancelled = true;
    e.node->loop = nullptr;
    timer_handle drop(e.node);
  }
  I.timers.clear();
  // Tasks still referenced by handles outlive the loop: detach them.
  for (task_base* t = I.tasks; t;) {
    task_base* next = t->next_;
    t->prev_ = t->next_ = nullptr;
    t->loop_ = nullptr;
    t = next;
  }
  I.tasks = nullptr;
  for (detail::asyncgen_base* g = I.gens; g;) {
    detail::asyncgen_base* next = g->next_;
    g->prev_ = g->next_ = nullptr;
    g->registered_ = false;
    g->loop_ = nullptr;
    g = next;
  }
  I.gens = nullptr;
  while (!I.signals.empty()) remove_signal_handler(I.signals.begin()->first);
  if (I.default_executor) I.default_executor->shutdown(true);
  ::close(I.wake_fd);
  ::close(I.epoll_fd);
  I.io.clear();
  io_count_ = 0;
  closed_ = true;
  closing_ = false;
  update_flags();
  // Every report of this loop's life reaches the log before close() returns (the reporter
  // formats them on its own thread), with the counts of repeated ones.
  flush_reports();
}

event_loop& get_running_loop() {
  if (!t_running_loop) throw std::runtime_error("no running event loop");
  return *t_running_loop;
}

event_loop* try_get_running_loop() noexcept { return t_running_loop; }

bool debug_from_environment() noexcept {
  static const bool value = detail::env_flag("COROGUARD_DEBUG");
  return value;
}

bool detail::env_flag(const char* name) noexcept {
  const char* v = std::getenv(name);
  return v && *v && std::strcmp(v, "0") != 0;
}

}  // namespace coroguard
