// coroguard/log.hpp — the `coroguard` logger: levels (default INFO) and a pluggable sink.
//
// Every report of the runtime (never awaited, exception never retrieved, slow callbacks,
// unclosed loops, ...) goes through get_logger(). A sink must be thread-safe; async_sink
// wraps another sink with a queue drained by its own thread, so a slow sink never blocks
// the event loop.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace coroguard {

enum class log_level : std::uint8_t { debug = 10, info = 20, warning = 30, error = 40, critical = 50 };

/// "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL".
const char* to_string(log_level level) noexcept;

/// Receives formatted log records. Implementations must be thread-safe.
class log_sink {
 public:
  virtual ~log_sink() = default;
  virtual void write(log_level level, std::string_view message) = 0;
  /// Blocks until every record accepted so far has been written.
  virtual void flush() {}
};

/// Writes "coroguard: LEVEL: message" lines to stderr (the default sink).
class stderr_sink final : public log_sink {
 public:
  void write(log_level level, std::string_view message) override;
};

/// Calls a function for every record (handy for tests and for bridging to other loggers).
class function_sink final : public log_sink {
 public:
  explicit function_sink(std::function<void(log_level, std::string_view)> fn) : fn_(std::move(fn)) {}
  void write(log_level level, std::string_view message) override;

 private:
  std::mutex mutex_;
  std::function<void(log_level, std::string_view)> fn_;
};

/// Non-blocking sink: write() only enqueues; a dedicated thread drains the queue into the
/// wrapped sink. When more than `capacity` records are pending, new ones are dropped and
/// counted (dropped()), so a stuck sink can never stall the loop or grow memory unboundedly.
class async_sink final : public log_sink {
 public:
  explicit async_sink(std::shared_ptr<log_sink> target, std::size_t capacity = 65536);
  ~async_sink() override;
  async_sink(const async_sink&) = delete;
  async_sink& operator=(const async_sink&) = delete;
  void write(log_level level, std::string_view message) override;
  void flush() override;
  std::uint64_t dropped() const noexcept;

 private:
  void drain();
  std::shared_ptr<log_sink> target_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::pair<log_level, std::string>> queue_;
  std::uint64_t dropped_ = 0;
  std::uint64_t enqueued_ = 0;
  std::uint64_t written_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

/// The `coroguard` logger. Thread-safe.
class logger {
 public:
  void set_level(log_level level) noexcept;
  log_level level() const noexcept;
  bool enabled_for(log_level level) const noexcept { return level >= this->level(); }
  /// Replaces the sink (nullptr restores stderr_sink). Returns the previous one.
  std::shared_ptr<log_sink> set_sink(std::shared_ptr<log_sink> sink);
  std::shared_ptr<log_sink> sink() const;
  void log(log_level level, std::string_view message);
  void debug(std::string_view m) { log(log_level::debug, m); }
  void info(std::string_view m) { log(log_level::info, m); }
  void warning(std::string_view m) { log(log_level::warning, m); }
  void error(std::string_view m) { log(log_level::error, m); }

 private:
  friend logger& get_logger();
  logger();
  mutable std::mutex mutex_;
  std::shared_ptr<log_sink> sink_;
  std::atomic<std::uint8_t> level_;
};

/// The process-wide `coroguard` logger.
logger& get_logger();

// ---- pitfall reports ----
// Reports (never awaited, exception never retrieved, generator destroyed while suspended, slow
// callbacks) are formatted and symbolised on a reporter thread, never on the loop thread, and
// reach the logger from there. A report repeated from one creation site is logged once in full,
// then counted: "... (200 times from this site)" every few seconds while repeats come, on
// flush_reports() and at exit.

/// Blocks until every report submitted so far has reached the logger, the counts of repeats
/// included. event_loop::close() calls it.
void flush_reports();
/// true: log every report, repeats included (also COROGUARD_DEBUG_ALL_REPORTS=1).
void set_report_repeats(bool show_each) noexcept;
/// Forgets which sites have been reported (their repeats are summarised first), so that the
/// next report from each site is logged in full again (tests).
void reset_report_history();

}  // namespace coroguard
