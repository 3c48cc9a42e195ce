// Async generators of other libraries (declarations only, enough to call
// their operations) and a project's own generator type, for the
// coro-unclosed-async-generator, coro-async-generator-outside-loop and
// coro-concurrent-generator-use tests. Coroutines in the tests are
// demo::task (demo_task.h).
#pragma once
#include "demo_task.h"
#include <coroutine>
#include <optional>

namespace agmock {
/// An awaitable that yields T.
template <typename T> struct ready {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T(); }
};
} // namespace agmock

// cppcoro: `co_await gen.begin()`, `co_await ++it`; no asynchronous close
// (the destructor destroys the frame).
namespace cppcoro {
template <typename T> class async_generator {
public:
  struct iterator {
    agmock::ready<iterator> operator++();
    T &operator*() const;
    bool operator==(const iterator &) const;
  };
  async_generator() = default;
  async_generator(async_generator &&) noexcept = default;
  ~async_generator() {}
  agmock::ready<iterator> begin();
  iterator end() noexcept;
};
template <typename... A> demo::task<void> when_all(A &&...);
template <typename A> void sync_wait(A &&);
} // namespace cppcoro

// folly: `co_await gen.next()` gives a NextResult; no asynchronous close.
namespace folly::coro {
template <typename Ref> struct NextResult {
  explicit operator bool() const noexcept;
  bool has_value() const noexcept;
  Ref operator*();
};
template <typename Ref, typename Value = Ref> class AsyncGenerator {
public:
  AsyncGenerator() = default;
  AsyncGenerator(AsyncGenerator &&) noexcept = default;
  ~AsyncGenerator() {}
  agmock::ready<NextResult<Ref>> next();
};
template <typename A> auto blockingWait(A &&) { return 0; }
template <typename... A> demo::task<void> collectAll(A &&...);
} // namespace folly::coro

// QCoro: `co_await gen.begin()`; no asynchronous close.
namespace QCoro {
template <typename T> class AsyncGenerator {
public:
  struct iterator {
    agmock::ready<iterator> operator++();
    T &operator*() const;
  };
  AsyncGenerator() = default;
  AsyncGenerator(AsyncGenerator &&) noexcept = default;
  ~AsyncGenerator() {}
  agmock::ready<iterator> begin();
};
} // namespace QCoro

// A project's own generator, made known through the GeneratorTypes option:
// `pull` advances it, `shutdown` closes it; `mylib::closing` is its aclosing.
namespace mylib {
template <typename T> class Stream {
public:
  Stream() = default;
  Stream(Stream &&) noexcept = default;
  ~Stream() {}
  agmock::ready<std::optional<T>> pull();
  demo::task<void> shutdown();
  bool done() const;
};
template <typename T, typename Body>
demo::task<void> closing(Stream<T> &, Body);
template <typename A> void spawn(A &&);
template <typename A> int drive(A &&);
} // namespace mylib
