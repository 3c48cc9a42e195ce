// When every enabled check is a coro-* check, the checks' dispatcher walks
// the user's code itself instead of the match finder
// (checks/utils/UserCodeNodes); the session option coroguard.MatchFinderNodes
// leaves the walk to the match finder. Both ways must show the checks the same nodes, in
// lambdas (captures, init-captures, bodies, nested), range-for loops (the
// loop variable is shown twice by the match finder), rewritten comparison
// operators, template instantiations, default arguments and local classes:
// the findings are the same, byte for byte.
// RUN: %coroguard --checks='-*,coro-*' %s -- -std=c++20 -I %src_root/runtime/include > %t.own 2>&1 || true
// RUN: %coroguard --checks='-*,coro-*' --config="{CheckOptions: {coroguard.MatchFinderNodes: true}}" %s -- -std=c++20 -I %src_root/runtime/include > %t.finder 2>&1 || true
// RUN: diff %t.own %t.finder
// RUN: FileCheck %s --input-file=%t.own --implicit-check-not='warning:' --implicit-check-not='error:'
#include <coroguard/coroguard.hpp>
#include <compare>
#include <thread>
#include <vector>

namespace walk {

coroguard::task<int> job(int x) { co_return x; }
coroguard::async_generator<int> numbers(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

struct Score {
  int v;
  auto operator<=>(const Score &) const = default;
};

coroguard::task<> inLambdas() {
  auto capturing = [t = job(1)]() mutable -> coroguard::task<int> {
    co_return co_await t;
  };
  co_await capturing();
  auto dropper = [](int x) -> coroguard::task<> {
    job(x);
    // CHECK: user-code-walk.cpp:[[@LINE-1]]:5: warning: coroutine 'walk::job' is never awaited{{.*}}[coro-never-awaited]
    co_return;
  };
  co_await dropper(2);
  auto outer = [] {
    return [](int y) -> coroguard::task<> {
      std::this_thread::sleep_for(std::chrono::milliseconds(y));
      // CHECK: user-code-walk.cpp:[[@LINE-1]]:7: warning: blocking call to 'std::this_thread::sleep_for'{{.*}}[coro-blocking-call]
      co_return;
    };
  };
  co_await outer()(3);
}

coroguard::task<> inLoops(std::vector<int> xs) {
  for (int x : xs) {
    job(x);
    // CHECK: user-code-walk.cpp:[[@LINE-1]]:5: warning: coroutine 'walk::job' is never awaited{{.*}}[coro-never-awaited]
  }
  std::vector<coroguard::task<int>> tasks;
  tasks.push_back(job(1));
  for (auto &t : tasks)
    co_await t;
  auto gen = numbers(3);
  if (auto v = co_await gen.next())
    (void)*v;
}

coroguard::task<bool> compares(Score a, Score b) {
  if (a < b)
    job(4);
  // CHECK: user-code-walk.cpp:[[@LINE-1]]:5: warning: coroutine 'walk::job' is never awaited{{.*}}[coro-never-awaited]
  co_return a != b;
}

template <typename T> coroguard::task<T> twice(T v) {
  job(int(v));
  // CHECK: user-code-walk.cpp:[[@LINE-1]]:3: warning: coroutine 'walk::job' is never awaited{{.*}}[coro-never-awaited]
  co_return v + v;
}

coroguard::task<> instantiates() {
  co_await twice(1);
  co_await twice(2.0);
}

coroguard::task<int> withDefault(coroguard::task<int> t = job(5)) {
  co_return co_await t;
}

coroguard::task<> localClass() {
  struct Local {
    coroguard::task<> run() {
      job(6);
      // CHECK: user-code-walk.cpp:[[@LINE-1]]:7: warning: coroutine 'walk::job' is never awaited{{.*}}[coro-never-awaited]
      co_return;
    }
  };
  co_await Local{}.run();
  co_await withDefault();
}

} // namespace walk

