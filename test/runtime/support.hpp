// Test helpers: capture the coroguard logger's output.
#pragma once
#include <coroguard/coroguard.hpp>
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

namespace cgtest {

/// Installs a capturing sink for the lifetime of the object.
class log_capture {
 public:
  log_capture();
  ~log_capture();
  std::vector<std::string> messages() const;
  std::string all() const;
  /// Number of messages containing `needle`.
  int count(const std::string& needle) const;
  bool contains(const std::string& needle) const { return count(needle) > 0; }
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
  std::shared_ptr<coroguard::log_sink> previous_;
};

}  // namespace cgtest
