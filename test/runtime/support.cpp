#include "support.hpp"

namespace cgtest {

// Reports reach the logger from the reporter thread: every read flushes them first, and each
// capture starts with a fresh de-duplication history (one test's site is not another's repeat).
log_capture::log_capture() {
  coroguard::reset_report_history();
  previous_ = coroguard::get_logger().set_sink(std::make_shared<coroguard::function_sink>(
      [this](coroguard::log_level level, std::string_view msg) {
        std::lock_guard lock(mutex_);
        messages_.push_back(std::string(coroguard::to_string(level)) + ": " + std::string(msg));
      }));
}

log_capture::~log_capture() {
  coroguard::flush_reports();
  coroguard::get_logger().set_sink(previous_);
}

std::vector<std::string> log_capture::messages() const {
  coroguard::flush_reports();
  std::lock_guard lock(mutex_);
  return messages_;
}

std::string log_capture::all() const {
  coroguard::flush_reports();
  std::lock_guard lock(mutex_);
  std::string s;
  for (auto& m : messages_) s += m + "\n";
  return s;
}

int log_capture::count(const std::string& needle) const {
  coroguard::flush_reports();
  std::lock_guard lock(mutex_);
  int n = 0;
  for (auto& m : messages_)
    if (m.find(needle) != std::string::npos) ++n;
  return n;
}

void log_capture::clear() {
  coroguard::flush_reports();
  std::lock_guard lock(mutex_);
  messages_.clear();
}

}  // namespace cgtest
