#include "reporter.hpp"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "internal.hpp"

namespace coroguard {
namespace detail {
namespace {

struct site_key {
  std::string kind;
  const char* file;
  std::uint_least32_t line;
  void* ramp_pc;
  void* return_address;
  bool operator==(const site_key& o) const noexcept {
    return kind == o.kind && line == o.line && ramp_pc == o.ramp_pc && return_address == o.return_address &&
           (file == o.file || (file && o.file && std::strcmp(file, o.file) == 0));
  }
};
struct site_hash {
  std::size_t operator()(const site_key& k) const noexcept {
    std::size_t h = std::hash<std::string>()(k.kind);
    auto mix = [&](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(k.line);
    mix(reinterpret_cast<std::size_t>(k.ramp_pc));
    mix(reinterpret_cast<std::size_t>(k.return_address));
    return h;
  }
};
struct site_state {
  log_level level = log_level::warning;
  std::string first_line;
  std::uint64_t total = 0;
  std::uint64_t shown = 0;  // the count the log has already said
};

class reporter {
 public:
  static reporter& get() {
    static reporter* r = new reporter();  // leaked: usable during static destruction
    return *r;
  }

  std::atomic<bool> show_each{env_flag("COROGUARD_DEBUG_ALL_REPORTS")};

  void start() {
    std::lock_guard lock(mutex_);
    start_locked();
  }

  void submit(report&& r) {
    if (show_each.load(std::memory_order_relaxed)) r.kind.clear();  // as asked when submitted
    {
      std::lock_guard lock(mutex_);
      start_locked();
      queue_.push_back(std::move(r));
      ++submitted_;
    }
    cv_.notify_one();
  }

  /// Waits until the reports submitted so far are logged and the repeats summarised.
  void flush(bool forget) {
    std::unique_lock lock(mutex_);
    if (!started_ || std::this_thread::get_id() == thread_.get_id()) return;
    const std::uint64_t target = submitted_;
    const std::uint64_t ticket = ++flush_requests_;
    if (forget) forget_requested_ = true;
    cv_.notify_one();
    idle_cv_.wait(lock, [&] { return (processed_ >= target && flushes_done_ >= ticket) || stopped_; });
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (!started_ || stopping_) return;
      stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  reporter() {
    // A forked child has no reporter thread (and the parent's may have held the lock): start
    // afresh there.
    pthread_atfork(nullptr, nullptr, [] {
      reporter& r = get();
      new (&r.mutex_) std::mutex();
      new (&r.cv_) std::condition_variable();
      new (&r.idle_cv_) std::condition_variable();
      new (&r.thread_) std::thread();
      r.started_ = r.stopping_ = r.stopped_ = false;
      r.processed_ = r.submitted_ = r.submitted_ - r.queue_.size();
      r.queue_.clear();
      r.flushes_done_ = r.flush_requests_;
    });
  }

  void start_locked() {
    if (started_ || stopping_) return;
    started_ = true;
    thread_ = std::thread([this] { run(); });
    std::atexit([] {
      reporter& r = get();
      r.flush(false);
      r.stop();
    });
  }

  void run() {
    constexpr auto summary_period = std::chrono::seconds(5);
    auto next_summary = std::chrono::steady_clock::now() + summary_period;
    std::unique_lock lock(mutex_);
    for (;;) {
      cv_.wait_until(lock, next_summary,
                     [&] { return stopping_ || !queue_.empty() || flushes_done_ < flush_requests_; });
      while (!queue_.empty()) {
        report r = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        handle(r);
        lock.lock();
        ++processed_;
      }
      const bool flushing = flushes_done_ < flush_requests_;
      if (flushing || stopping_ || std::chrono::steady_clock::now() >= next_summary) {
        const bool forget = forget_requested_;
        forget_requested_ = false;
        const std::uint64_t requests = flush_requests_;
        lock.unlock();
        summarise();
        if (forget) sites_.clear();
        lock.lock();
        next_summary = std::chrono::steady_clock::now() + summary_period;
        flushes_done_ = requests;
        idle_cv_.notify_all();
      }
      if (stopping_ && queue_.empty()) {
        stopped_ = true;
        idle_cv_.notify_all();
        return;
      }
    }
  }

  void handle(report& r) noexcept {
    try {
      if (r.kind.empty()) {
        log_safe(static_cast<int>(r.level), r.format ? r.format() : std::string());
        return;
      }
      site_key key{r.kind, r.def.file_name(), r.def.line(), r.ramp_pc, r.return_address};
      site_state& s = sites_[key];
      if (++s.total > 1) return;  // a repeat: counted, summarised later
      std::string msg = r.format ? r.format() : std::string();
      s.level = r.level;
      s.shown = 1;
      s.first_line = msg.substr(0, msg.find('\n'));
      log_safe(static_cast<int>(r.level), msg);
    } catch (...) {
    }
  }

  void summarise() noexcept {
    for (auto& [key, s] : sites_)
      if (s.total > s.shown) {
        log_safe(static_cast<int>(s.level),
                 s.first_line + " (" + std::to_string(s.total) + " times from this site; set "
                 "COROGUARD_DEBUG_ALL_REPORTS=1 to see each)");
        s.shown = s.total;
      }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<report> queue_;
  std::uint64_t submitted_ = 0;
  std::uint64_t processed_ = 0;
  std::uint64_t flush_requests_ = 0;
  std::uint64_t flushes_done_ = 0;
  bool forget_requested_ = false;
  bool started_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread thread_;
  // Reporter thread only.
  std::unordered_map<site_key, site_state, site_hash> sites_;
};

}  // namespace

void submit_report(report r) noexcept {
  try {
    reporter::get().submit(std::move(r));
  } catch (...) {
    // Could not enqueue (out of memory, no thread): log it here rather than lose it.
    try {
      if (r.format) log_safe(static_cast<int>(r.level), r.format());
    } catch (...) {
    }
  }
}

void warm_up_reports() noexcept {
  static std::once_flag once;
  try {
    std::call_once(once, [] {
      // The loop thread's part of an "exception never retrieved" report, built and dropped.
      exception_context ctx;
      ctx.message = "warm-up";
      ctx.source = "warm-up";
      ctx.exception = std::make_exception_ptr(std::runtime_error("warm-up"));
      ctx.site_ramp_pc = &once;
      (void)exception_report(ctx, log_level::error);
      (void)describe_exception(std::make_exception_ptr(0));
    });
  } catch (...) {
  }
}

void start_reporter() noexcept {
  try {
    reporter::get().start();
  } catch (...) {
  }
}

}  // namespace detail

void flush_reports() { detail::reporter::get().flush(false); }

void set_report_repeats(bool show_each) noexcept {
  detail::reporter::get().show_each.store(show_each, std::memory_order_relaxed);
}

void reset_report_history() { detail::reporter::get().flush(true); }

}  // namespace coroguard
