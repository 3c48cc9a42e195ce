// coro-dangling-reference: a coroutine frame that refers to an object which
// dies before the coroutine uses it, when the task outlives the object.
// Every rule with the correct code beside it.
// RUN: %check_coroguard %s coro-dangling-reference %t -- -- -std=c++20 -I %src_root/runtime/include
// RUN: %check_coroguard --channel=load %s coro-dangling-reference %t.load -- -- -std=c++20 -I %src_root/runtime/include
#include "coroguard/event_loop.hpp"
#include <coroutine>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

using coroguard::task;

task<> tick() { co_return; }
void consume(std::string_view) {}

task<> greet(const std::string &name) {
  co_await tick();
  consume(name);
}
task<> view(std::string_view text) {
  consume(text);
  co_return;
}
task<> bytes(std::span<const int> data) {
  (void)data.size();
  co_return;
}
task<> raw(const char *p) {
  consume(p);
  co_return;
}
task<> number(const int &n) {
  (void)n;
  co_return;
}
task<> unused(const std::string &) { co_return; }
task<> by_value(std::string name) {
  consume(name);
  co_return;
}

// --- Temporaries and locals, by where the task goes ------------------------

task<> returned_temp() {
  return greet(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is returned [coro-dangling-reference]
}
task<> returned_literal() {
  return greet("x"); // a std::string made for the call
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is returned [coro-dangling-reference]
}
task<> returned_local() {
  std::string s = "x";
  return greet(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is returned [coro-dangling-reference]
}
task<> returned_value_param(std::string s) {
  return greet(s); // s dies when this function returns
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is returned [coro-dangling-reference]
}
task<> returned_view_temp() {
  return view(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the temporary bound to parameter 'text' is destroyed at the end of the full-expression, before lazy coroutine 'view' uses it: the task is returned [coro-dangling-reference]
}
task<> returned_span_local() {
  std::vector<int> v{1, 2};
  return bytes(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'v' is destroyed at the end of its scope, before lazy coroutine 'bytes' uses it through parameter 'data': the task is returned [coro-dangling-reference]
}
task<> returned_array_local() {
  char buf[8] = {};
  return raw(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'buf' is destroyed at the end of its scope, before lazy coroutine 'raw' uses it through parameter 'p': the task is returned [coro-dangling-reference]
}
task<> returned_c_str_temp() {
  return raw(std::string("x").c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: the temporary bound to parameter 'p' is destroyed at the end of the full-expression, before lazy coroutine 'raw' uses it: the task is returned [coro-dangling-reference]
}
task<> returned_number() {
  return number(42);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the temporary bound to parameter 'n' is destroyed at the end of the full-expression, before lazy coroutine 'number' uses it: the task is returned [coro-dangling-reference]
}

// Not reported: the caller's object, static storage, a parameter the body
// never uses, a copy the frame owns, a view copied from another view.
task<> returned_ref_param(const std::string &s) { return greet(s); }
task<> returned_view_literal() { return view("literal"); }
task<> returned_raw_literal() { return raw("literal"); }
task<> returned_unused() { return unused(std::string("x")); }
task<> returned_by_value() { return by_value(std::string("x")); }
task<> returned_view_of_view(std::string_view sv) {
  std::string_view copy = sv;
  return view(copy);
}
std::string g_name;
task<> returned_global() { return greet(g_name); }
// A reference member of a local refers to another object (cppcoro's
// `resume_on(transform.scheduler, ...)`).
struct NameRef {
  const std::string &name;
};
task<> returned_reference_member(NameRef ref) { return greet(ref.name); }
struct NameBox {
  std::string name;
};
task<> returned_value_member(NameBox box) {
  return greet(box.name);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'box' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is returned [coro-dangling-reference]
}

// Awaited where the object lives: not reported.
task<> awaited() {
  co_await greet(std::string("x"));
  co_await greet("x");
  std::string s = "y";
  co_await greet(s);
  auto t = greet(s); // same scope: s outlives t
  co_await std::move(t);
  co_await view(std::string("z"));
}

// Kept in a local task and used after the object died.
task<> local_task_temp() {
  auto t = greet(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is kept in 't' and used after that [coro-dangling-reference]
  co_await std::move(t);
}
task<> local_task_inner_scope() {
  task<> t;
  {
    std::string s = "x";
    t = greet(s);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is kept in 't' and used after that [coro-dangling-reference]
  }
  co_await std::move(t);
}
// A reference that extends the task's lifetime keeps it as a local does.
task<> local_task_extended() {
  auto &&t = greet(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is kept in 't' and used after that [coro-dangling-reference]
  co_await std::move(t);
}
task<> local_task_extended_in_scope() {
  std::string s = "x";
  const auto &t = greet(s);
  co_await std::move(const_cast<task<> &>(t));
}
// A task type made of another by a converting constructor (a type-erased
// task, a library's wrapper) holds it: where that goes.
struct erased_task {
  erased_task(task<> t) : inner(std::move(t)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  task<> inner;
};
erased_task erased_returned() {
  return greet(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is returned [coro-dangling-reference]
}
task<> erased_local() {
  erased_task t = greet(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is kept in 't' and used after that [coro-dangling-reference]
  co_await t;
}
task<> erased_awaited() {
  co_await erased_task(greet(std::string("x")));
}
// Any other class made of it is not followed (it may run the task).
struct runs_it {
  runs_it(task<> t);
};
void not_a_task() { runs_it r = greet(std::string("x")); }
task<> local_task_never_used() {
  auto t = greet(std::string("x")); // never runs: coro-never-awaited's
  co_return;
}
task<> local_task_returned() {
  std::string s = "x";
  auto t = greet(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is returned [coro-dangling-reference]
  return t;
}
task<> local_task_awaited_then_returned() {
  std::string s = "x";
  auto t = greet(s);
  co_return co_await std::move(t); // awaited first: s lives
}

// Stored in a member or a container that outlives the object.
struct Server {
  std::vector<task<>> tasks_;
  task<> pending_;
  std::string name_;

  void store_temp() {
    pending_ = greet(std::string("x"));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is stored in 'Server::pending_' [coro-dangling-reference]
  }
  void push_local() {
    std::string s = "x";
    tasks_.push_back(greet(s));
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is stored in 'Server::tasks_' [coro-dangling-reference]
  }
  // The member lives as long as the object that holds the tasks.
  void push_member() { tasks_.push_back(greet(name_)); }
  // A local container used within the object's scope.
  task<> local_container() {
    std::string s = "x";
    std::vector<task<>> mine;
    mine.push_back(greet(s));
    for (auto &t : mine)
      co_await std::move(t);
  }
};

// Started: it runs after the full-expression.
void started(coroguard::event_loop &loop) {
  loop.create_task(greet(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is started by 'coroguard::event_loop::create_task' [coro-dangling-reference]
}
void started_local(coroguard::event_loop &loop) {
  std::string s = "x";
  loop.create_task(greet(s));
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is started by 'coroguard::event_loop::create_task' [coro-dangling-reference]
}
// The loop runs later in the object's scope, while it lives.
void started_then_run(coroguard::event_loop &loop) {
  std::string s = "x";
  loop.create_task(greet(s));
  loop.run_until_complete(tick());
}
// create_task schedules the task: even a use before its first suspension
// comes after the full-expression.
void started_reads_at_once(coroguard::event_loop &loop) {
  loop.create_task(view(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: the temporary bound to parameter 'text' is destroyed at the end of the full-expression, before lazy coroutine 'view' uses it: the task is started by 'coroguard::event_loop::create_task' [coro-dangling-reference]
}
// A start function that runs the task at once, up to its first suspension
// (cppcoro's async_scope::spawn): only a use after one comes too late.
namespace cppcoro {
struct async_scope {
  template <class A> void spawn(A &&) {}
};
} // namespace cppcoro
void spawned_in_place(cppcoro::async_scope &scope) {
  scope.spawn(view(std::string("x")));
  scope.spawn(greet(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is started by 'cppcoro::async_scope::spawn' [coro-dangling-reference]
}
// Run to completion in the full-expression.
void run_to_completion(coroguard::event_loop &loop) {
  loop.run_until_complete(greet(std::string("x")));
}

// --- Coroutine lambdas -----------------------------------------------------

task<> lambda_returned(int x) {
  return [x]() -> task<> {
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the captures of this coroutine lambda are destroyed with its temporary closure at the end of the full-expression, before the coroutine uses them: the task is returned [coro-dangling-reference]
    co_await tick();
    (void)x;
  }();
}
void lambda_started(coroguard::event_loop &loop, std::string name) {
  loop.create_task([&name]() -> task<> {
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the captures of this coroutine lambda are destroyed with its temporary closure at the end of the full-expression, before the coroutine uses them: the task is started by 'coroguard::event_loop::create_task' [coro-dangling-reference]
    co_await tick();
    consume(name);
  }());
}
task<> lambda_local_returned(int x) {
  auto body = [x]() -> task<> {
    co_await tick();
    (void)x;
  };
  return body();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the captures of coroutine lambda 'body' are destroyed at the end of its scope, before the coroutine uses them: the task is returned [coro-dangling-reference]
}
// Not reported: no captures, awaited at once, a closure that outlives it.
task<> lambda_no_capture() {
  return []() -> task<> { co_await tick(); }();
}
task<> lambda_awaited(int x) {
  co_await [x]() -> task<> {
    co_await tick();
    (void)x;
  }();
}
task<> lambda_kept(int x) {
  auto body = [x]() -> task<> {
    co_await tick();
    (void)x;
  };
  co_await body();
}

// --- Member coroutines -----------------------------------------------------

struct Session {
  std::string id;
  task<> run() {
    co_await tick();
    consume(id);
  }
  task<> stateless() { co_return; }
};

task<> object_temp() {
  return Session{"x"}.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the temporary 'Session' is destroyed at the end of the full-expression, before member coroutine 'Session::run' uses it through 'this': the task is returned [coro-dangling-reference]
}
task<> object_local() {
  Session s{"x"};
  return s.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' is destroyed at the end of its scope, before member coroutine 'Session::run' uses it through 'this': the task is returned [coro-dangling-reference]
}
task<> object_no_this() { return Session{"x"}.stateless(); }
task<> object_awaited() { co_await Session{"x"}.run(); }

// --- Eager coroutines: only uses after a suspension come later --------------

struct eager {
  struct promise_type {
    eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct yield_once {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
eager copies_first(const std::string &s) {
  std::string mine = s;
  co_await yield_once{};
  consume(mine);
}
eager uses_after(const std::string &s) {
  co_await yield_once{};
  consume(s);
}
eager uses_in_loop(const std::string &s) {
  for (int i = 0; i < 3; ++i) {
    consume(s); // the second iteration comes after the suspension
    co_await yield_once{};
  }
}
std::vector<eager> g_eagers;
void eager_stored() {
  g_eagers.push_back(copies_first(std::string("x")));
  g_eagers.push_back(uses_after(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before coroutine 'uses_after' uses it: the task is stored in 'g_eagers' [coro-dangling-reference]
  uses_in_loop(std::string("y"));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before coroutine 'uses_in_loop' uses it: the task is discarded and the coroutine runs on by itself [coro-dangling-reference]
  copies_first(std::string("z"));
}
// The operand of a co_await is evaluated before the coroutine suspends: a use
// there comes first, unless it hands the object to a frame that keeps it.
struct hold {
  explicit hold(const std::string &) {}
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
task<> read(std::string s) { co_return; }
eager uses_in_first_operand(const std::string &s) {
  co_await hold(s); // the awaiter is made of it before the suspension
  co_await tick();
}
eager copies_in_first_operand(const std::string &s) {
  co_await read(s); // a copy, made before the suspension
}
eager passes_to_lazy_frame(const std::string &s) {
  co_await greet(s); // greet's frame keeps it and reads it after suspending
}
void eager_operands() {
  uses_in_first_operand(std::string("x"));
  copies_in_first_operand(std::string("x"));
  passes_to_lazy_frame(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before coroutine 'passes_to_lazy_frame' uses it: the task is discarded and the coroutine runs on by itself [coro-dangling-reference]
  std::function<task<>()> f = [] { return tick(); };
  [f]() -> eager { co_await f(); }(); // the capture is called before suspending
}

// A co_await of what is complete there does not suspend: after a test that
// it is ready, or an assertion helper whose return says so (it fails through
// a function that never returns otherwise); nor one of an awaiter whose
// await_ready is constant true.
enum class status { idle, value, error };
struct result {
  status state() const;
  bool is_ready() const;
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  int await_resume();
};
[[noreturn]] void test_failed(const char *what);
void die(const char *what) { test_failed(what); } // never returns
template <class A, class B> void check_equal(const A &a, const B &b) {
  if (a == b)
    return;
  die("not equal");
}
void check(bool c) {
  if (!c)
    throw std::logic_error("check failed");
}
void report(bool c) { // returns either way
  if (!c)
    consume("failed");
}
void recover(bool c) { // the throw is caught: returns either way
  try {
    if (!c)
      throw std::logic_error("x");
  } catch (...) {
  }
}
eager awaits_checked(result r, const std::string &s) {
  check_equal(r.state(), status::value);
  co_await r;
  consume(s);
}
eager awaits_asserted(result r, const std::string &s) {
  check(r.is_ready());
  co_await r;
  consume(s);
}
eager awaits_tested(result r, const std::string &s) {
  if (r.state() == status::idle)
    co_return;
  co_await r;
  consume(s);
}
eager awaits_never(const std::string &s) {
  co_await std::suspend_never{};
  consume(s);
}
eager awaits_reported(result r, const std::string &s) {
  report(r.is_ready());
  co_await r;
  consume(s);
}
eager awaits_recovered(result r, const std::string &s) {
  recover(r.is_ready());
  co_await r;
  consume(s);
}
eager awaits_pending(result r, const std::string &s) {
  check_equal(r.state(), status::idle); // says it is not complete
  co_await r;
  consume(s);
}
eager awaits_other(result r, result q, const std::string &s) {
  check(q.is_ready()); // another object
  co_await r;
  consume(s);
}
void checked_awaits(result r) {
  awaits_checked(r, std::string("x"));
  awaits_asserted(r, std::string("x"));
  awaits_tested(r, std::string("x"));
  awaits_never(std::string("x"));
  awaits_reported(r, std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before coroutine 'awaits_reported' uses it: the task is discarded and the coroutine runs on by itself [coro-dangling-reference]
  awaits_recovered(r, std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before coroutine 'awaits_recovered' uses it: the task is discarded and the coroutine runs on by itself [coro-dangling-reference]
  awaits_pending(r, std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before coroutine 'awaits_pending' uses it: the task is discarded and the coroutine runs on by itself [coro-dangling-reference]
  awaits_other(r, r, std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before coroutine 'awaits_other' uses it: the task is discarded and the coroutine runs on by itself [coro-dangling-reference]
}

// The promise is the one the compiler chose for the coroutine: a
// coroutine_traits specialisation may pick it by the parameter types
// (concurrencpp's executor_tag), so the task type alone does not tell.
struct picked {
  struct promise_type { // lazy by default
    picked get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct run_now_tag {};
struct picked_eager_promise : picked::promise_type {
  std::suspend_never initial_suspend() noexcept { return {}; }
};
template <class... Args> struct std::coroutine_traits<picked, run_now_tag, Args...> {
  using promise_type = picked_eager_promise;
};
picked moves_out_first(run_now_tag, const std::string &s) {
  std::string mine = s; // runs at once: copied before any suspension
  co_await yield_once{};
  consume(mine);
}
picked reads_later(const std::string &s) {
  co_await yield_once{};
  consume(s);
}
std::vector<picked> g_picked;
void promise_by_parameters() {
  g_picked.push_back(moves_out_first(run_now_tag{}, std::string("x")));
  g_picked.push_back(reads_later(std::string("x")));
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before lazy coroutine 'reads_later' uses it: the task is stored in 'g_picked' [coro-dangling-reference]
}

// A local closure whose eager tasks are dropped, then driven in its scope
// (a manual executor drained: YACLib's tests), is alive while they run.
struct manual_executor {
  void drain();
};
void eager_lambdas_drained(manual_executor &ex) {
  int done = 0;
  auto waiter = [&]() -> eager {
    co_await yield_once{};
    ++done;
  };
  std::ignore = waiter();
  waiter();
  ex.drain();
}

// --- Through functions that return the coroutine's task --------------------
// A function that is not a coroutine but passes its reference parameter (or
// its object) on to the coroutine whose task it returns keeps the reference
// as the coroutine does.

task<> greet_later(const std::string &name) { return greet(name); }
task<> greet_twice_removed(const std::string &name) { return greet_later(name); }
task<> view_of(const std::string &s) { return view(s); } // a view made of it
template <class S> task<> forwarded(S &&s) { return greet(std::forward<S>(s)); }
struct user {
  std::string name;
};
task<> greet_user(const user &u) { return greet(u.name); }
task<> greet_pointee(const std::string *p) { return greet(*p); }

task<> through_wrapper_temp() {
  return greet_later(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' (called by 'greet_later', which returns its task) uses it: the task is returned [coro-dangling-reference]
}
task<> through_two_wrappers_local() {
  std::string s = "x";
  return greet_twice_removed(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' (called by 'greet_twice_removed', which returns its task) uses it through parameter 'name': the task is returned [coro-dangling-reference]
}
task<> through_view_wrapper() {
  return view_of(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before lazy coroutine 'view' (called by 'view_of', which returns its task) uses it: the task is returned [coro-dangling-reference]
}
task<> through_forwarding_template() {
  return forwarded(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the temporary bound to parameter 's' is destroyed at the end of the full-expression, before lazy coroutine 'greet' (called by 'forwarded', which returns its task) uses it: the task is returned [coro-dangling-reference]
}
void through_member_of_param(coroguard::event_loop &loop) {
  loop.create_task(greet_user(user{"x"}));
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: the temporary bound to parameter 'u' is destroyed at the end of the full-expression, before lazy coroutine 'greet' (called by 'greet_user', which returns its task) uses it: the task is started by 'coroguard::event_loop::create_task' [coro-dangling-reference]
}
task<> through_pointer_wrapper() {
  std::string s = "x";
  return greet_pointee(&s);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' (called by 'greet_pointee', which returns its task) uses it through parameter 'p': the task is returned [coro-dangling-reference]
}
struct connection {
  std::string peer;
  task<> serve() {
    co_await tick();
    consume(peer);
  }
  task<> start() { return serve(); } // its object, passed on
  task<> copy_out() { return by_value(peer); }
};
task<> through_member_wrapper() {
  return connection{}.start();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the temporary 'connection' is destroyed at the end of the full-expression, before member coroutine 'connection::serve' (called by 'connection::start', which returns its task) uses it through 'this': the task is returned [coro-dangling-reference]
}

// Not reported: the wrapper copies (the frame owns the copy), passes
// another parameter on, or the task is awaited where the object lives.
task<> copies_on(const std::string &name) { return by_value(name); }
task<> copies_into_view_owner(std::string_view v) { return by_value(std::string(v)); }
task<> picks(const std::string &name, const std::string &other) {
  consume(name);
  return greet(other);
}
std::string g_other;
task<> through_wrapper_safe() {
  co_await greet_later(std::string("x")); // awaited in the full-expression
  std::string s = "y";
  co_await greet_twice_removed(s);
  co_await connection{}.start();
  co_await forwarded(std::string("z"));
}
task<> through_wrapper_not_kept() {
  task<> a = copies_on(std::string("x"));
  task<> b = copies_into_view_owner(std::string("y"));
  co_await std::move(a);
  co_await std::move(b);
  co_await connection{}.copy_out();
}
task<> passes_other_param() { return picks(std::string("x"), g_other); }
task<> copy_out_returned() { return connection{}.copy_out(); }

// --- Through a local reference ---------------------------------------------
// A local reference names the object it is bound to (or the temporary it
// extends): that object's scope decides.
task<> through_reference_local() {
  user u{"x"};
  const std::string &n = u.name;
  return greet(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'u' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is returned [coro-dangling-reference]
}
task<> through_extended_temporary() {
  const std::string &s = std::string("x");
  return greet(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 's' is destroyed at the end of its scope, before lazy coroutine 'greet' uses it through parameter 'name': the task is returned [coro-dangling-reference]
}
task<> reference_to_callers(const user &u, std::vector<std::string> &names) {
  const std::string &n = u.name; // the caller's object
  const std::string &first = names[0];
  co_await greet(n);
  task<> t = greet(first);
  co_await std::move(t);
}
task<> reference_to_callers_returned(const user &u) {
  const std::string &n = u.name;
  return greet(n);
}

// --- Templates report once, at the template --------------------------------

template <typename T> task<> generic_returned() {
  return greet(std::string("x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the temporary bound to parameter 'name' is destroyed at the end of the full-expression, before lazy coroutine 'greet' uses it: the task is returned [coro-dangling-reference]
}
template task<> generic_returned<int>();
template task<> generic_returned<long>();
