#include <coroguard/log.hpp>

#include <cstdio>

#include "internal.hpp"

namespace coroguard {

const char* to_string(log_level level) noexcept {
  switch (level) {
    case log_level::debug: return "DEBUG";
    case log_level::info: return "INFO";
    case log_level::warning: return "WARNING";
    case log_level::error: return "ERROR";
    case log_level::critical: return "CRITICAL";
  }
  return "LOG";
}

void stderr_sink::write(log_level level, std::string_view message) {
  std::string line = "coroguard: ";
  line += to_string(level);
  line += ": ";
  line += message;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void function_sink::write(log_level level, std::string_view message) {
  std::lock_guard lock(mutex_);
  fn_(level, message);
}

async_sink::async_sink(std::shared_ptr<log_sink> target, std::size_t capacity)
    : target_(target ? std::move(target) : std::make_shared<stderr_sink>()), capacity_(capacity) {
  thread_ = std::thread([this] { drain(); });
}

async_sink::~async_sink() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void async_sink::write(log_level level, std::string_view message) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= capacity_) {
      ++dropped_;
      return;
    }
    queue_.emplace_back(level, std::string(message));
    ++enqueued_;
  }
  cv_.notify_one();
}

void async_sink::flush() {
  std::unique_lock lock(mutex_);
  std::uint64_t target = enqueued_;
  idle_cv_.wait(lock, [&] { return written_ >= target || stop_; });
  lock.unlock();
  target_->flush();
}

std::uint64_t async_sink::dropped() const noexcept {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void async_sink::drain() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    while (!queue_.empty()) {
      auto rec = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      try {
        target_->write(rec.first, rec.second);
      } catch (...) {
      }
      lock.lock();
      ++written_;
    }
    idle_cv_.notify_all();
    if (stop_) return;
  }
}

logger::logger() : sink_(std::make_shared<stderr_sink>()), level_(static_cast<std::uint8_t>(log_level::info)) {}

void logger::set_level(log_level level) noexcept { level_.store(static_cast<std::uint8_t>(level), std::memory_order_relaxed); }
log_level logger::level() const noexcept { return static_cast<log_level>(level_.load(std::memory_order_relaxed)); }

std::shared_ptr<log_sink> logger::set_sink(std::shared_ptr<log_sink> sink) {
  if (!sink) sink = std::make_shared<stderr_sink>();
  std::lock_guard lock(mutex_);
  std::swap(sink_, sink);
  return sink;
}

std::shared_ptr<log_sink> logger::sink() const {
  std::lock_guard lock(mutex_);
  return sink_;
}

void logger::log(log_level level, std::string_view message) {
  if (!enabled_for(level)) return;
  std::shared_ptr<log_sink> s = sink();
  s->write(level, message);
}

logger& get_logger() {
  static logger* instance = new logger();  // leaked: usable during static destruction
  return *instance;
}

namespace detail {
void log_safe(int level, const std::string& msg) noexcept {
  try {
    get_logger().log(static_cast<log_level>(level), msg);
  } catch (...) {
  }
}
}  // namespace detail

}  // namespace coroguard
