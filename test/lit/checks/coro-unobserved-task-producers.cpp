// coro-unobserved-task and handles that stand for no task: a function that
// can start none (no coroutine frame, no code handed on) and builds the
// handle it returns from what is no handle — a promise's getter, a factory
// of ready or failed results, also one that checks its argument with a
// noreturn failure handler — is not reported. A function that calls a
// coroutine, hands code on, cannot be read, or hands back a handle that
// already existed still is.
// RUN: %check_coroguard %s coro-unobserved-task %t -- -- -std=c++20
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <utility>

struct state {};
struct result {
  struct promise_type {
    result get_return_object() { return result{}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { error = std::current_exception(); }
    std::exception_ptr error;
  };
  result() = default;
  explicit result(std::shared_ptr<state> s) : s_(std::move(s)) {}
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() const noexcept {}
  std::shared_ptr<state> s_;
};

// --- Stands for no task: not reported ---------------------------------------

class result_promise {
public:
  void set_exception(std::exception_ptr) {}
  result get_result() {
    if (!st_)
      throw std::bad_exception();
    return result(std::move(st_));
  }

private:
  std::shared_ptr<state> st_ = std::make_shared<state>();
};

result make_failed(std::exception_ptr e) {
  auto s = std::make_shared<state>();
  result_promise p;
  p.set_exception(e);
  return result{std::move(s)};
}

// A check that ends the program (an assertion's failure handler, declared
// only and noreturn) or a noreturn thrower starts nothing either.
[[noreturn]] void fail_null();
extern "C" [[noreturn]] void abort_on(const char *what);
result make_checked(std::exception_ptr e) {
  if (!e)
    fail_null();
  if (e == nullptr)
    abort_on("null");
  auto s = std::make_shared<state>();
  return result{std::move(s)};
}

void no_task(result_promise &p) {
  p.get_result();
  make_failed(std::current_exception());
  make_checked(std::current_exception());
}

// --- A task: reported ---------------------------------------------------------

result job() { co_return; }
result start() { return job(); }

struct holder {
  result r;
  result take() { return std::move(r); }
};

result submit(std::function<void()> f); // cannot be read

void log_it(const char *what); // cannot be read, and returns
result make_logged(std::exception_ptr e) {
  log_it("made");
  auto s = std::make_shared<state>();
  return result{std::move(s)};
}

struct executor {
  virtual void post(std::function<void()> f) = 0;
};
result post_work(executor &ex) {
  ex.post([] {});
  return result{};
}

void tasks(holder &h, executor &ex) {
  start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'result' returned by 'start' is discarded
  h.take();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the eager 'result' returned by 'holder::take' is discarded
  submit([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'result' returned by 'submit' is discarded
  post_work(ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'result' returned by 'post_work' is discarded
  make_logged(std::current_exception());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the eager 'result' returned by 'make_logged' is discarded
}
