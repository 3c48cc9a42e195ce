// The checks share one set of matchers (checks/utils/UserCodeNodes): the
// calls, constructions and local variables outside system headers are found
// once and handed to every enabled check. Each check reports the same
// alone as with the others; nothing written in a system header is shown (a
// system macro expanded in user code is user code); and clang-tidy's own
// checks in the same run, which share the match finder, still report.
// RUN: %check_coroguard %s coro-never-awaited %t -- -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/user_code_sys
// RUN: %check_coroguard --check-suffix=BLOCK %s coro-blocking-call %t.b -- -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/user_code_sys
// RUN: %check_coroguard --check-suffix=BOTH %s coro-never-awaited,coro-blocking-call %t.both -- -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/user_code_sys
// RUN: %check_coroguard --check-suffix=BOTH %s coro-never-awaited,coro-blocking-call %t.finder -- --config="{CheckOptions: {coroguard.MatchFinderNodes: true}}" -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/user_code_sys
// RUN: %check_coroguard --check-suffix=BOTH --channel=load %s coro-never-awaited,coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/user_code_sys
// RUN: %clang_tidy -load=%tidy_plugin --checks='-*,coro-never-awaited,coro-blocking-call,cppcoreguidelines-avoid-reference-coroutine-parameters' %s -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/user_code_sys 2>&1 | FileCheck %s --check-prefix=MIXED
// RUN: %clang_tidy -load=%tidy_plugin --checks='-*,coro-never-awaited,coro-blocking-call,cppcoreguidelines-avoid-reference-coroutine-parameters' %s -- -std=c++20 -I %S/Inputs -isystem %S/Inputs/user_code_sys 2>&1 | FileCheck %s --check-prefix=MIXED-COUNT
#include <sys_helpers.h>

demo::task<> step();

void discardsOne() {
  step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'step' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:3: warning: coroutine 'step' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
  // MIXED-DAG: user-code-nodes.cpp:[[@LINE-3]]:3: warning: coroutine 'step' is never awaited{{.*}}[coro-never-awaited]
  SYSLIB_DISCARD(syslib::work());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: coroutine 'syslib::work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:18: warning: coroutine 'syslib::work' is never awaited: the lazy 'demo::task<>' it returns is discarded, so its body never runs [coro-never-awaited]
  syslib::discards(); // (the discard inside is the library's)
}

demo::task<> naps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES-BLOCK: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'naps' stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime) [coro-blocking-call]
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'naps' stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime) [coro-blocking-call]
  // MIXED-DAG: user-code-nodes.cpp:[[@LINE-3]]:3: warning: blocking call to 'std::this_thread::sleep_for'{{.*}}[coro-blocking-call]
  co_await syslib::naps();
  co_await step();
}

demo::task<> keeps() {
  auto t = step();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: {{.*}}'t' holds the lazy 'demo::task<>'{{.*}} [coro-never-awaited]
  // CHECK-MESSAGES-BOTH: :[[@LINE-2]]:8: warning: {{.*}}'t' holds the lazy 'demo::task<>'{{.*}} [coro-never-awaited]
  // MIXED-DAG: user-code-nodes.cpp:[[@LINE-3]]:8: warning: {{.*}}'t' holds the lazy{{.*}}[coro-never-awaited]
  co_return;
}

demo::task<> byReference(const int &x) {
  // MIXED-DAG: user-code-nodes.cpp:[[@LINE-1]]:26: warning: coroutine parameters should not be references{{.*}}[cppcoreguidelines-avoid-reference-coroutine-parameters]
  co_await step();
}

// MIXED-COUNT: 5 warnings generated.
