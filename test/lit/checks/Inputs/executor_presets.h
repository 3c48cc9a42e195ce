// Declarations (no bodies) of the executors and executor-switching
// awaitables of libraries in the Executors and ThreadSwitchAwaitables
// defaults, for coro-blocking-call-executor-presets.cpp.
#pragma once
#include <coroutine>
#include <memory>

namespace concurrencpp {
class executor {
public:
  virtual ~executor();
};
class thread_pool_executor : public executor {};
class thread_executor : public executor {};
class background_executor : public thread_pool_executor {};
namespace details {
template <class E> struct resume_on_awaitable {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<> h);
  void await_resume() const noexcept;
};
} // namespace details
template <class E>
details::resume_on_awaitable<E> resume_on(std::shared_ptr<E> ex);
} // namespace concurrencpp

namespace cppcoro {
class io_service {};
class static_thread_pool {};
template <class S, class A> A resume_on(S &scheduler, A awaitable);
template <class S, class A> A schedule_on(S &scheduler, A awaitable);
} // namespace cppcoro
