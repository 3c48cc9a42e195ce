// Debug mode reports a late wake-up: the loop's poll returned well after its
// timeout, because the thread running the loop did not get the CPU in time
// (a loaded machine, a debugger, a stopped process, a blocking signal handler).
// Like asyncio (bpo-34849), the loop does not log every slow poll; it logs only
// a wake-up later than the timeout plus slow_callback_duration (100 ms):
//
//   coroguard: WARNING: Event loop woke up 0.550 seconds later than its timeout
//
// Here a child process stops this one for a second while the loop sleeps.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono_literals;

coroguard::task<void> amain() {
  co_await coroguard::sleep(500ms);  // a 500 ms poll that returns about 0.55 s late
  std::puts("woke up");
}

int main() {
  const pid_t parent = getpid();
  const pid_t child = fork();
  if (child == 0) {
    // Only async-signal-safe calls in the child of a (soon) threaded process.
    usleep(100'000);  // the parent is inside its 500 ms poll by now
    kill(parent, SIGSTOP);
    usleep(500'000);  // (POSIX usleep takes less than a second)
    usleep(500'000);
    kill(parent, SIGCONT);
    _exit(0);
  }
  coroguard::run(amain(), {.debug = true});
  if (child > 0) waitpid(child, nullptr, 0);
  return 0;
}
