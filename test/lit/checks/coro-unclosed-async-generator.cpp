// coro-unclosed-async-generator on coroguard::async_generator (the real
// runtime): every early exit (break, co_return, return, goto, throw), several
// exits, the silence rules (exhaustion, closed after the loop on every path,
// aclosing, moved, returned, passed on, captured), nested generators, control
// flow rather than textual order, templates (reported once), NOLINT.
// RUN: %check_coroguard %s coro-unclosed-async-generator %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-unclosed-async-generator %t.load -- -- -std=c++20 -I %S/../../../runtime/include
// Without the built-in generator table nothing here is a generator.
// RUN: %check_coroguard --check-suffix=NOPRESET %s coro-unclosed-async-generator %t.nopreset -- \
// RUN:   --config="{CheckOptions: {UsePresetGeneratorTypes: false}}" -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <stdexcept>
#include <utility>

using coroguard::async_generator;
using coroguard::task;

async_generator<int> rows();
async_generator<int, int> accumulator();
bool stop(int);
void use(int);
task<void> consume(async_generator<int> g);
task<void> drain(async_generator<int> &g);

// ---- early exits ----------------------------------------------------------

task<void> break_exit() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended by an early exit from the loop that advances it and is never closed: its cleanup does not run here but later, when the event loop finalizes it; co_await 'g.aclose()' on every path out of the loop, or iterate it inside 'coroguard::aclosing(g, ...)' [coro-unclosed-async-generator]
  while (auto v = co_await g.next()) {
    if (stop(*v))
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here; 'g' reaches the end of its scope without 'aclose()'
    use(*v);
  }
}

task<int> coreturn_exit() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = co_await g.next())
    if (stop(*v))
      co_return *v;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'co_return' leaves the loop here
  co_return 0;
}

// A plain function that drives the generator on a loop it runs itself.
int return_exit(coroguard::event_loop &loop) {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = loop.run_until_complete(g.next()))
    if (stop(*v))
      return *v;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'return' leaves the loop here
  return 0;
}

task<void> goto_exit() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = co_await g.next()) {
    if (stop(*v))
      goto done;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'goto' leaves the loop here
  }
  co_await g.aclose();
done:
  use(0);
}

task<void> throw_exit() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = co_await g.next()) {
    if (*v < 0)
      throw std::runtime_error("negative");
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'throw' leaves the loop here
  }
}

task<void> several_exits() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  for (;;) {
    auto v = co_await g.next();
    if (!v)
      break; // exhausted: not an early exit
    if (*v == 1)
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
    if (*v == 2)
      co_return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'co_return' leaves the loop here
  }
}

task<void> do_while_exit() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  std::optional<int> v;
  do {
    v = co_await g.next();
    if (v && stop(*v))
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
  } while (v);
}

// Closed on one path only: the other reaches the end of the scope.
task<void> closed_on_one_path(bool tidy) {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
  if (tidy)
    co_await g.aclose();
}

// A close whose task is dropped never runs.
task<void> dropped_close() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
  (void)g.aclose();
}

// Inspections do not let the generator escape; asend/athrow advance it.
task<void> inspect_and_send() {
  auto acc = accumulator();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'acc' is left suspended
  (void)co_await acc.next();
  for (int i = 0; i < 10; ++i) {
    if (acc.finished())
      break; // exhausted (a `finished` predicate): not an early exit
    auto total = co_await acc.asend(i);
    if (total && *total > 100)
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
  }
}

// ---- nested generators are checked independently --------------------------

task<void> nested() {
  auto outer = rows();
  while (auto o = co_await outer.next()) {
    auto inner = rows();
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: async generator 'inner' is left suspended
    while (auto i = co_await inner.next())
      if (*i > *o)
        break;
    // CHECK-NOTES: :[[@LINE-1]]:9: note: 'break' leaves the loop here
  }
}

task<void> nested_outer_leaks() {
  auto outer = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'outer' is left suspended
  while (auto o = co_await outer.next()) {
    auto inner = rows();
    while (auto i = co_await inner.next())
      if (*i > *o)
        break;
    co_await inner.aclose();
    if (stop(*o))
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
  }
}

// ---- templates: one report per template line -----------------------------

template <typename T> task<void> templated() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = co_await g.next())
    if (T(*v) > T(1))
      break;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
}
template task<void> templated<int>();
template task<void> templated<long>();

// A class derived from the generator is one.
struct numbered : async_generator<int> {
  using async_generator<int>::async_generator;
};
numbered numbers();
task<void> derived() {
  auto g = numbers();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
}

// ---- silent ---------------------------------------------------------------

task<void> exhausted() {
  auto g = rows();
  while (auto v = co_await g.next())
    use(*v);
  auto h = rows();
  for (;;) {
    auto v = co_await h.next();
    if (!v.has_value())
      break;
    use(*v);
  }
  auto k = rows();
  while (true) {
    std::optional<int> v = co_await k.next();
    if (v == std::nullopt)
      co_return;
  }
}

// The break after each inner loop is reached only once the generator is
// exhausted (the inner loop's test failed).
task<void> assigned_in_condition(int rounds) {
  auto g = rows();
  std::optional<int> v;
  for (int i = 0; i < rounds; ++i) {
    while ((v = co_await g.next()))
      use(*v);
    break;
  }
  auto h = rows();
  for (int i = 0; i < rounds; ++i) {
    for (auto w = co_await h.next(); w; w = co_await h.next())
      use(*w);
    break;
  }
}

task<void> closed_after_loop() {
  auto g = rows();
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  co_await g.aclose();
}

task<void> closed_before_each_exit() {
  auto g = rows();
  while (auto v = co_await g.next()) {
    if (stop(*v)) {
      co_await g.aclose();
      co_return;
    }
  }
}

task<void> closed_by_aclosing_after() {
  auto g = rows();
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  co_await coroguard::aclosing(g, [](auto &) -> task<void> { co_return; });
}

task<void> inside_aclosing() {
  auto g = rows();
  co_await coroguard::aclosing(g, [](auto &gen) -> task<void> {
    while (auto v = co_await gen.next())
      if (stop(*v))
        co_return;
  });
  co_await coroguard::aclosing(rows(), [](auto &gen) -> task<void> {
    while (auto v = co_await gen.next())
      if (stop(*v))
        break;
  });
}

task<void> moved_on() {
  auto g = rows();
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  co_await consume(std::move(g));
}

async_generator<int> returned(coroguard::event_loop &loop) {
  auto g = rows();
  while (auto v = loop.run_until_complete(g.next()))
    if (stop(*v))
      break;
  return g;
}

task<void> passed_by_reference() {
  auto g = rows();
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  co_await drain(g);
}

task<void> captured() {
  auto g = rows();
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  auto finish = [&]() -> task<void> { co_await g.aclose(); };
  co_await finish();
}

// Breaks that leave an inner switch or a loop that does not advance it.
task<void> inner_breaks() {
  auto g = rows();
  while (auto v = co_await g.next()) {
    switch (*v) {
    case 1:
      break;
    default:
      use(*v);
    }
    for (int i = 0; i < *v; ++i)
      if (i == 3)
        break;
  }
}

// A throw caught inside the loop does not leave it.
task<void> caught_throw() {
  auto g = rows();
  while (auto v = co_await g.next()) {
    try {
      if (*v < 0)
        throw std::runtime_error("negative");
    } catch (const std::exception &) {
      use(0);
    }
  }
}

// A throw that leaves the loop into a handler of this function, and a close
// after the try on every path.
task<void> thrown_then_closed() {
  auto g = rows();
  bool failed = false;
  try {
    while (auto v = co_await g.next())
      if (*v < 0)
        throw std::runtime_error("negative");
  } catch (const std::exception &) {
    failed = true;
  }
  co_await g.aclose();
  use(failed);
}

// Thrown past the handlers of the try: leaves the function.
struct not_a_std_exception {};
task<void> thrown_past_handlers() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  try {
    while (auto v = co_await g.next())
      if (*v < 0)
        throw not_a_std_exception{};
    // CHECK-NOTES: :[[@LINE-1]]:9: note: 'throw' leaves the loop here
  } catch (const std::exception &) {
  }
  co_await g.aclose();
}

// The same, without the close: the handler leads to the end of the scope.
task<void> thrown_not_closed() {
  auto g = rows();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'g' is left suspended
  try {
    while (auto v = co_await g.next())
      if (*v < 0)
        throw std::runtime_error("negative");
    // CHECK-NOTES: :[[@LINE-1]]:9: note: 'throw' leaves the loop here
  } catch (const std::exception &) {
    use(0);
  }
}

// Advanced once, or never, outside a loop: no early exit from a loop.
task<void> not_in_a_loop() {
  auto g = rows();
  auto v = co_await g.next();
  if (v)
    co_return;
  auto unused = rows();
}

// Only locals: a member or a parameter is closed by whoever owns it.
struct holder {
  async_generator<int> gen;
  task<void> run() {
    while (auto v = co_await gen.next())
      if (stop(*v))
        break;
  }
};
task<void> parameter(async_generator<int> g) {
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
  co_await g.aclose();
}

task<void> suppressed() {
  auto g = rows(); // NOLINT(coro-unclosed-async-generator)
  while (auto v = co_await g.next())
    if (stop(*v))
      break;
}
