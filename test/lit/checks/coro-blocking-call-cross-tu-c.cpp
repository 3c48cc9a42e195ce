// coro-blocking-call across languages: a helper defined in a C file
// (Inputs/xtu/cwait.c), summarised like a C++ one, called from a coroutine
// through an extern "C" declaration (the USRs of C functions match). A C
// helper that does not block is not reported; without the summaries (NOSUM)
// nothing crosses files.
//
// RUN: rm -rf %t.sum && mkdir -p %t.sum
// RUN: %coroguard %S/Inputs/xtu/cwait.c -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/cwait.cgsum, coroguard.SummaryOnly: true}}" -- -std=c11 | count 0
// RUN: test -s %t.sum/cwait.cgsum
// RUN: %check_coroguard %s coro-blocking-call %t -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum}}" -- -std=c++20 -I %src_root/runtime/include
// RUN: %check_coroguard --check-suffix=NOSUM %s coro-blocking-call %t.nosum -- -- -std=c++20 -I %src_root/runtime/include
#include <coroguard/coroguard.hpp>

extern "C" int c_wait_readable(int fd);
extern "C" int c_add(int a, int b);

coroguard::task<int> wait_then_add(int fd) {
  c_wait_readable(fd);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'c_wait_readable' in coroutine 'wait_then_add' stalls the event loop thread: it blocks in 'poll' (c_wait_readable -> poll); use asynchronous I/O, or 'run_in_executor' for the blocking call [coro-blocking-call]
  // CHECK-NOTES: cwait.c:7:10: note: 'c_wait_readable' ({{.*}}cwait.c:7) blocks in 'poll'
  co_return c_add(fd, 1);
}

// CHECK-MESSAGES-NOSUM-NOT: warning:
