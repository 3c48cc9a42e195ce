#include <coroguard/executor.hpp>

#include <algorithm>

namespace coroguard {

thread_pool_executor::thread_pool_executor(unsigned threads)
    : size_(threads ? threads : std::clamp(std::thread::hardware_concurrency(), 1u, 4u)) {}

thread_pool_executor::~thread_pool_executor() { shutdown(true); }

void thread_pool_executor::submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stop_) throw std::runtime_error("cannot schedule new jobs after shutdown");
    jobs_.push_back(std::move(job));
    if (threads_.size() < size_ && jobs_.size() > 0) threads_.emplace_back([this] { worker(); });
  }
  cv_.notify_one();
}

void thread_pool_executor::shutdown(bool wait) {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    if (!wait) jobs_.clear();
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads) {
    if (t.get_id() == std::this_thread::get_id())
      t.detach();
    else
      t.join();
  }
}

void thread_pool_executor::worker() {
  std::unique_lock lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stop_ and drained
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    try {
      job();
    } catch (...) {
    }
    job = nullptr;
    lock.lock();
  }
}

}  // namespace coroguard
