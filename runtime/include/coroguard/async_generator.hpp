// coroguard/async_generator.hpp — async_generator<T, Send>: asyncio's async generators.
//
//   coroguard::async_generator<int> ticks(int n) {
//     for (int i = 0; i < n; ++i) { co_await coroguard::sleep(1ms); co_yield i; }
//   }
//   auto g = ticks(3);
//   while (auto v = co_await g.next()) use(*v);     // std::optional<T>, nullopt at the end
//   co_await g.aclose();
//
// next/asend/athrow/aclose return task<...>, so they can be scheduled or gathered too.
// A second operation while one is in flight throws "asynchronous generator is already
// running" (always). aclose() throws generator_exit at the suspended co_yield so the body can
// run async cleanup; yielding again fails with "async generator ignored generator_exit".
// A generator destroyed while suspended is finalized by its loop (cleanup runs in a task,
// like asyncio's asyncgen hooks; debug mode warns to use aclose()/aclosing); loops close the
// remaining ones in shutdown_asyncgens(). A generator first iterated outside a running loop
// is reported (it cannot be finalized by a loop).
#pragma once
#include <coroutine>
#include <exception>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "event_loop.hpp"

namespace coroguard {

template <class T, class Send = void>
class async_generator;

namespace detail {

struct asyncgen_base {
  explicit asyncgen_base(std::source_location loc) noexcept : loc_(loc) {}
  asyncgen_base(const asyncgen_base&) = delete;
  asyncgen_base& operator=(const asyncgen_base&) = delete;
  ~asyncgen_base();

  std::string name() const;
  /// "asynchronous generator 'name' (defined at file:line)".
  std::string description() const;
  /// Records the running loop (asyncio's firstiter hook) or reports its absence.
  void first_iteration();
  /// Debug-mode warning when the generator object is destroyed while suspended.
  void report_unclosed(bool finalized_by_loop) const;
  /// A cleanup that raised while the loop finalized the generator: to the loop's exception
  /// handler (the logger when the loop is gone).
  static void report_finalize_error(const asyncgen_base& g, std::exception_ptr e) noexcept;

  std::coroutine_handle<> continuation_;
  std::exception_ptr exception_;      // escaped from the body
  std::exception_ptr pending_throw_;  // thrown at the suspended co_yield on resume
  event_loop* loop_ = nullptr;
  asyncgen_base* prev_ = nullptr;  // the loop's registry
  asyncgen_base* next_ = nullptr;
  task<void> (*aclose_fn_)(asyncgen_base*) = nullptr;
  std::source_location loc_;
  bool started_ = false;
  bool running_ = false;
  bool finished_ = false;
  bool registered_ = false;
};

template <class T, class Send>
class asyncgen_promise : public asyncgen_base {
 public:
  using send_t = std::conditional_t<std::is_void_v<Send>, char, Send>;
  asyncgen_promise(std::source_location loc = std::source_location::current()) noexcept : asyncgen_base(loc) {}

  async_generator<T, Send> get_return_object() noexcept;
  std::suspend_always initial_suspend() const noexcept { return {}; }

  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<asyncgen_promise> h) noexcept {
      auto& p = h.promise();
      p.finished_ = true;
      return p.continuation_ ? p.continuation_ : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };
  final_awaiter final_suspend() const noexcept { return {}; }

  struct yield_awaiter {
    asyncgen_promise* p;
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept { return p->continuation_; }
    decltype(auto) await_resume() {
      if (p->pending_throw_) std::rethrow_exception(std::exchange(p->pending_throw_, nullptr));
      if constexpr (!std::is_void_v<Send>) {
        if (p->sent_) {
          Send v = std::move(*p->sent_);
          p->sent_.reset();
          return v;
        }
        if constexpr (std::is_default_constructible_v<Send>)
          return Send{};
        else
          throw std::logic_error("async_generator resumed by next() but its Send type has no default value");
      }
    }
  };
  template <class U = T>
    requires std::is_constructible_v<T, U&&>
  yield_awaiter yield_value(U&& v) {
    value_.emplace(std::forward<U>(v));
    return yield_awaiter{this};
  }
  void return_void() const noexcept {}
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  std::optional<T> value_;
  std::optional<send_t> sent_;
};

template <class P>
struct gen_resume_awaiter {
  std::coroutine_handle<P> h;
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
    h.promise().continuation_ = caller;
    return h;
  }
  void await_resume() const noexcept {}
};

inline constexpr const char* asyncgen_running_message = "asynchronous generator is already running";

}  // namespace detail

template <class T, class Send>
class [[nodiscard]] async_generator {
 public:
  using promise_type = detail::asyncgen_promise<T, Send>;
  using handle_type = std::coroutine_handle<promise_type>;
  using value_type = T;
  using send_type = Send;

  async_generator() noexcept = default;
  explicit async_generator(handle_type h) noexcept : h_(h) {
    h_.promise().aclose_fn_ = [](detail::asyncgen_base* b) {
      return close_op(handle_type::from_promise(static_cast<promise_type&>(*b)));
    };
  }
  async_generator(async_generator&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  async_generator& operator=(async_generator&& o) noexcept {
    if (this != &o) {
      destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~async_generator() { destroy(); }

  /// The next value, or nullopt when the generator is exhausted.
  task<std::optional<T>> next() { return step(checked(), std::nullopt, nullptr); }
  /// Resumes the suspended co_yield with `v` as its value (Send must not be void; the
  /// generator must have been started with next()).
  template <class S = Send>
    requires(!std::is_void_v<S>)
  task<std::optional<T>> asend(S v) {
    return step(checked(), std::optional<typename promise_type::send_t>(std::move(v)), nullptr);
  }
  /// Throws `e` at the suspended co_yield; gives the next yielded value (or nullopt).
  task<std::optional<T>> athrow(std::exception_ptr e) { return step(checked(), std::nullopt, std::move(e)); }
  /// Throws generator_exit at the suspended co_yield and runs the generator's cleanup.
  task<void> aclose() { return close_op(checked()); }

  bool valid() const noexcept { return static_cast<bool>(h_); }
  /// True once the body returned, threw, or was closed.
  bool finished() const noexcept { return h_.promise().finished_; }
  bool running() const noexcept { return h_.promise().running_; }

 private:
  handle_type checked() const {
    if (!h_) throw invalid_state_error("empty coroguard::async_generator");
    return h_;
  }

  static task<std::optional<T>> step(handle_type h, std::optional<typename promise_type::send_t> v,
                                     std::exception_ptr thr) {
    auto& p = h.promise();
    if (p.running_) throw std::runtime_error(detail::asyncgen_running_message);
    if (p.finished_) {
      if (thr) std::rethrow_exception(thr);
      co_return std::nullopt;
    }
    if (!p.started_) {
      if (thr) {
        p.finished_ = true;
        std::rethrow_exception(thr);
      }
      if (v) throw std::logic_error("can't send a value to a just-started async generator; call next() first");
      p.started_ = true;
      p.first_iteration();
    }
    p.sent_ = std::move(v);
    p.pending_throw_ = std::move(thr);
    p.running_ = true;
    co_await detail::gen_resume_awaiter<promise_type>{h};
    p.running_ = false;
    if (p.finished_) {
      if (p.exception_) std::rethrow_exception(std::exchange(p.exception_, nullptr));
      co_return std::nullopt;
    }
    std::optional<T> out = std::move(p.value_);
    p.value_.reset();
    co_return out;
  }

  static task<void> close_op(handle_type h) {
    auto& p = h.promise();
    if (p.running_) throw std::runtime_error(detail::asyncgen_running_message);
    if (!p.started_ || p.finished_) {
      p.finished_ = true;
      co_return;
    }
    p.pending_throw_ = std::make_exception_ptr(generator_exit{});
    p.sent_.reset();
    p.running_ = true;
    co_await detail::gen_resume_awaiter<promise_type>{h};
    p.running_ = false;
    if (!p.finished_) {
      p.value_.reset();
      throw std::runtime_error("async generator ignored generator_exit");
    }
    if (std::exception_ptr e = std::exchange(p.exception_, nullptr)) {
      bool is_exit = false;
      try {
        std::rethrow_exception(e);
      } catch (const generator_exit&) {
        is_exit = true;
      } catch (...) {
      }
      if (!is_exit) std::rethrow_exception(e);
    }
  }

  /// Owns a generator frame handed to the loop (destroys it even if the finalizer task is
  /// cancelled before it runs).
  struct frame_owner {
    handle_type h;
    explicit frame_owner(handle_type hh) noexcept : h(hh) {}
    frame_owner(frame_owner&& o) noexcept : h(std::exchange(o.h, {})) {}
    frame_owner& operator=(frame_owner&&) = delete;
    ~frame_owner() {
      if (handle_type x = std::exchange(h, {})) x.destroy();
    }
  };

  static task<void> finalize(frame_owner owner) {
    std::exception_ptr err;
    try {
      co_await close_op(owner.h);
    } catch (...) {
      err = std::current_exception();
    }
    if (err) detail::asyncgen_base::report_finalize_error(owner.h.promise(), err);
  }

  void destroy() noexcept {
    if (!h_) return;
    auto& p = h_.promise();
    if (p.started_ && !p.finished_ && !p.running_) {
      event_loop* loop = p.loop_;
      event_loop* current = try_get_running_loop();
      if (loop && loop->accepting_work() && (current == loop || (!current && !loop->is_running()))) {
        p.report_unclosed(true);
        try {
          task_handle<void> f = loop->create_task(finalize(frame_owner(std::exchange(h_, {}))));
          f.base()->finalizer_ = true;  // shutdown runs it; cancel_all_tasks() spares it
          return;
        } catch (...) {
        }
      } else {
        p.report_unclosed(false);
      }
    }
    if (h_) h_.destroy();
    h_ = {};
  }

  handle_type h_;
};

namespace detail {
template <class T, class Send>
async_generator<T, Send> asyncgen_promise<T, Send>::get_return_object() noexcept {
  return async_generator<T, Send>(std::coroutine_handle<asyncgen_promise>::from_promise(*this));
}
}  // namespace detail

}  // namespace coroguard
