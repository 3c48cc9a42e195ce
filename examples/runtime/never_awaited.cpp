// "coroutine '...' was never awaited": a lazy task that is created and dropped never runs.
// Output (stderr):
//   coroguard: WARNING: coroutine 'fetch_config' was never awaited
//     created at .../never_awaited.cpp:NN
#include <coroguard/coroguard.hpp>

#include <cstdio>

coroguard::task<int> fetch_config() {
  std::puts("fetching config");  // never printed
  co_return 1;
}

coroguard::task<void> amain() {
  (void)fetch_config();  // BUG: should be `co_await fetch_config();` (the cast silences nodiscard; coro-never-awaited still reports it)
  std::puts("main done (fetch_config never ran)");
  co_return;
}

int main() {
  coroguard::run(amain());
  return 0;
}
