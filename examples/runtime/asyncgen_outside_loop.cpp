// "first iterated outside a running event loop": async generators are finalized by the loop
// they were first iterated on (asyncio's firstiter hook). Iterating one from a coroutine that
// does not run on a coroguard loop (here: a hand-driven coroutine type) is reported, because
// no loop could run its async cleanup if it were dropped half-way.
//
// This variant is caught only at run time: the generator is created inside a coroutine (of a
// foreign type). coroguard's static check coro-async-generator-outside-loop reports the
// compile-time-visible variant, a generator created and advanced in a plain function
// (`runner.run(g.next())` in main); see docs/checks/coro-async-generator-outside-loop.md.
#include <coroguard/coroguard.hpp>

#include <coroutine>
#include <cstdio>
#include <exception>

// A minimal foreign coroutine type, resumed by hand.
struct manual {
  struct promise_type {
    manual get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> h;
};

coroguard::async_generator<int> numbers() {
  co_yield 1;
  co_yield 2;
}

manual consume() {
  auto g = numbers();
  while (auto v = co_await g.next()) std::printf("got %d\n", *v);
}

int main() {
  manual m = consume();  // BUG: not run by a coroguard loop (use coroguard::run(...))
  m.h.resume();
  m.h.destroy();
  return 0;
}
