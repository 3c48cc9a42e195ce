// "unclosed event loop": an event_loop destroyed without close() (use run()/runner, or close it).
#include <coroguard/coroguard.hpp>

#include <cstdio>

coroguard::task<int> answer() { co_return 42; }

int main() {
  {
    coroguard::event_loop loop;
    std::printf("answer: %d\n", loop.run_until_complete(answer()));
  }  // BUG: no loop.close(): warns "unclosed event loop"
  {
    coroguard::event_loop loop;
    std::printf("answer: %d\n", loop.run_until_complete(answer()));
    loop.close();  // fixed
  }
  std::printf("answer: %d\n", coroguard::run(answer()));  // simplest: run() closes for you
  return 0;
}
