// A coroutine frame that outlives what it refers to (C++ only: asyncio keeps
// referenced objects alive). greet() keeps a reference to its parameter;
// make_greeting() passes a temporary std::string, destroyed at the end of
// the return statement, and the lazy task runs later, when the loop awaits
// it. coro-dangling-reference reports the call at compile time:
//
//   warning: the temporary bound to parameter 'name' is destroyed at the end
//   of the full-expression, before lazy coroutine 'greet' uses it: the task
//   is returned [coro-dangling-reference]
//
// The runtime cannot see it (the read looks like any other); built with
// -fsanitize=address and run with ASAN_OPTIONS=detect_stack_use_after_return=1,
// it shows AddressSanitizer's report: stack-use-after-return (the string
// object was in make_greeting's frame, which returned).
// Built and tested only with AddressSanitizer (docs/runtime.md, "Finding
// dangling frames with AddressSanitizer"); the fix is `std::string name`.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <string>

coroguard::task<std::size_t> greet(const std::string &name) {
  co_await coroguard::sleep(std::chrono::milliseconds(1));
  std::printf("hello, %s\n", name.c_str());
  co_return name.size();
}

coroguard::task<std::size_t> make_greeting() {
  return greet(std::string(
      "a name long enough to live on the heap, not in the string itself"));
}

int main() {
  coroguard::event_loop loop;
  std::size_t n = loop.run_until_complete(make_greeting());
  std::printf("%zu characters\n", n);
}
