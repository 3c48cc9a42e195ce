// coro-unclosed-async-generator through local references and pointers bound
// to the generator: advancing through an alias and leaving the loop early is
// the direct case; closing through the alias (or directly) silences it.
// RUN: %check_coroguard %s coro-unclosed-async-generator %t -- -- -std=c++20 -I %S/../../../runtime/include
// RUN: %check_coroguard --channel=load %s coro-unclosed-async-generator %t.load -- -- -std=c++20 -I %S/../../../runtime/include
#include <coroguard/coroguard.hpp>
#include <utility>

using coroguard::async_generator;
using coroguard::task;

async_generator<int> readings();
bool enough(int);
void record(int);
task<void> finish(async_generator<int> &g);

// ---- reported ---------------------------------------------------------------

task<void> through_pointer() {
  auto gen = readings();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'gen' is left suspended by an early exit from the loop that advances it and is never closed: its cleanup does not run here but later, when the event loop finalizes it; co_await 'gen.aclose()' on every path out of the loop, or iterate it inside 'coroguard::aclosing(gen, ...)' [coro-unclosed-async-generator]
  auto *p = &gen;
  // CHECK-NOTES: :[[@LINE-1]]:9: note: 'gen' is advanced through 'p', which points to it
  while (auto v = co_await p->next()) {
    if (enough(*v))
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here; 'gen' reaches the end of its scope without 'aclose()'
    record(*v);
  }
}

task<int> through_reference() {
  auto gen = readings();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'gen' is left suspended
  auto &r = gen;
  // CHECK-NOTES: :[[@LINE-1]]:9: note: 'gen' is advanced through 'r', which refers to it
  for (;;) {
    auto v = co_await r.next();
    if (!v)
      break; // exhausted: not an early exit
    if (enough(*v))
      co_return *v;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'co_return' leaves the loop here
  }
  co_return 0;
}

task<void> through_dereferenced_pointer() {
  auto gen = readings();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'gen' is left suspended
  async_generator<int> *p = &gen;
  // CHECK-NOTES: :[[@LINE-1]]:25: note: 'gen' is advanced through 'p', which points to it
  while (auto v = co_await (*p).next())
    if (enough(*v))
      break;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'break' leaves the loop here
}

task<void> through_forwarding_reference() {
  auto gen = readings();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: async generator 'gen' is left suspended
  auto &&r = gen;
  // CHECK-NOTES: :[[@LINE-1]]:10: note: 'gen' is advanced through 'r', which refers to it
  while (auto v = co_await r.next())
    if (enough(*v))
      co_return;
  // CHECK-NOTES: :[[@LINE-1]]:7: note: 'co_return' leaves the loop here
}

// ---- not reported -----------------------------------------------------------

// Closed through the alias, or directly, on every path out.
task<void> closed_through_alias() {
  auto gen = readings();
  auto *p = &gen;
  while (auto v = co_await p->next())
    if (enough(*v))
      break;
  co_await p->aclose();
}

task<void> closed_directly() {
  auto gen = readings();
  auto &r = gen;
  while (auto v = co_await r.next())
    if (enough(*v))
      break;
  co_await gen.aclose();
}

// Exhaustion tested through the alias.
task<void> exhausted_through_alias() {
  auto gen = readings();
  auto *p = &gen;
  for (;;) {
    if (p->finished())
      break;
    auto v = co_await p->next();
    if (v)
      record(*v);
  }
}

// The alias is handed on, or repointed: not followed.
task<void> alias_passed_on() {
  auto gen = readings();
  auto &r = gen;
  while (auto v = co_await r.next())
    if (enough(*v))
      break;
  co_await finish(r);
}

task<void> pointer_repointed(async_generator<int> &other) {
  auto gen = readings();
  auto *p = &gen;
  while (auto v = co_await p->next())
    if (enough(*v))
      break;
  p = &other;
}

// Bound, but never advanced in a loop with an early exit.
task<void> alias_without_loop() {
  auto gen = readings();
  auto &r = gen;
  if (auto v = co_await r.next())
    record(*v);
}
