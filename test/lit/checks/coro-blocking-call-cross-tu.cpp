// coro-blocking-call across translation units: a coroutine calls helpers
// defined in other files (Inputs/xtu/*.cpp), summarised first
// (coroguard.SummaryOutput + SummaryOnly), then this file is checked with the
// summaries (coroguard.SummaryDirectory). Chains crossing one or two files
// are reported with notes in those files; helpers that do not block,
// coroutines (a call only creates the frame), functions annotated
// nonblocking, virtual calls that may run an override, and descriptor I/O
// where another file makes descriptors non-blocking are not. Without the
// summaries (NOSUM) nothing crosses files.
//
// RUN: rm -rf %t.sum %t.nb && mkdir -p %t.sum %t.nb
// RUN: %coroguard %S/Inputs/xtu/net.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/net.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %coroguard %S/Inputs/xtu/disk.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/disk.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %coroguard %S/Inputs/xtu/legacy17.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.sum/legacy17.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++17 | count 0
// RUN: test -s %t.sum/legacy17.cgsum
// RUN: %coroguard %S/Inputs/xtu/sockets.cpp -checks='-*,coro-*' --config="{CheckOptions: {coroguard.SummaryOutput: %t.nb/sockets.cgsum, coroguard.SummaryOnly: true}}" -- -std=c++20 -I %src_root/runtime/include | count 0
// RUN: %check_coroguard %s coro-blocking-call %t -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.sum}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: cp %t.sum/*.cgsum %t.nb/
// RUN: %check_coroguard --check-suffix=NB %s coro-blocking-call %t.nb -- --config="{CheckOptions: {coroguard.SummaryDirectory: %t.nb}}" -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
// RUN: %check_coroguard --check-suffix=NOSUM %s coro-blocking-call %t.nosum -- -- -std=c++20 -I %src_root/runtime/include -I %S/Inputs/xtu
#include "net.h"

coroguard::task<void> serve(int fd, net::Conn &c, net::Conn *p) {
  // One file away: send_all -> wait_fd -> poll, all in net.cpp.
  net::send_all(fd, "x", 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'net::send_all' in coroutine 'serve' stalls the event loop thread: it blocks in 'poll' (net::send_all -> net::wait_fd -> poll); use asynchronous I/O, or 'run_in_executor' for the blocking call [coro-blocking-call]
  // CHECK-NOTES: net.cpp:12:3: note: 'net::send_all' ({{.*}}net.cpp:12) calls 'net::wait_fd'
  // CHECK-NOTES: net.cpp:9:3: note: 'net::wait_fd' ({{.*}}net.cpp:9) blocks in 'poll'
  // CHECK-MESSAGES-NB: :[[@LINE-4]]:3: warning: call to 'net::send_all'

  // Two files away: net.cpp's flush_all calls disk.cpp's sync_disk.
  net::flush_all(fd);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'net::flush_all' in coroutine 'serve' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (net::flush_all -> net::sync_disk -> std::this_thread::sleep_for); use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  // CHECK-NOTES: net.cpp:22:3: note: 'net::flush_all' ({{.*}}net.cpp:22) calls 'net::sync_disk'
  // CHECK-NOTES: disk.cpp:7:20: note: 'net::sync_disk' ({{.*}}disk.cpp:7) blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-NB: :[[@LINE-4]]:3: warning: call to 'net::flush_all'

  // Descriptor I/O: reported unless a file of the program makes
  // descriptors non-blocking (sockets.cpp, in the NB run).
  char buf[16];
  net::read_frame(fd, buf, 16);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'net::read_frame' in coroutine 'serve' stalls the event loop thread: it blocks in 'read' (net::read_frame -> read); use asynchronous I/O, or 'run_in_executor' for the blocking call [coro-blocking-call]
  // CHECK-NOTES: disk.cpp:8:51: note: 'net::read_frame' ({{.*}}disk.cpp:8) blocks in 'read'

  // A direct call to a function of another file that blocks itself.
  net::sync_disk();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'net::sync_disk' in coroutine 'serve' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (net::sync_disk -> std::this_thread::sleep_for); use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  // CHECK-NOTES: disk.cpp:7:20: note: 'net::sync_disk' ({{.*}}disk.cpp:7) blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-NB: :[[@LINE-3]]:3: warning: call to 'net::sync_disk'

  // A non-virtual member defined elsewhere that blocks.
  c.drain();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'net::Conn::drain' in coroutine 'serve' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (net::Conn::drain -> std::this_thread::sleep_for); use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  // CHECK-NOTES: net.cpp:31:22: note: 'net::Conn::drain' ({{.*}}net.cpp:31) blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-NB: :[[@LINE-3]]:3: warning: call to 'net::Conn::drain'

  // Not reported: a helper that computes; a coroutine (the call makes its
  // frame; its body is judged in net.cpp); a helper annotated nonblocking; a
  // virtual call that may run an override; a helper that blocks only in the
  // block that ends in `throw` (its error report).
  net::checksum("x", 1);
  net::validate(fd);
  auto t = net::fetch(fd);
  net::wait_ready(fd);
  p->close();
  // A qualified call names the body: it is followed.
  p->net::Conn::close();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'net::Conn::close' in coroutine 'serve' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (net::Conn::close -> std::this_thread::sleep_for); use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  // CHECK-NOTES: net.cpp:30:22: note: 'net::Conn::close' ({{.*}}net.cpp:30) blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-NB: :[[@LINE-3]]:3: warning: call to 'net::Conn::close'
  co_await t;
}

// A helper in a C++17 file of the program.
namespace legacy { void settle(); }
coroguard::task<void> settle_later() {
  legacy::settle();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'legacy::settle' in coroutine 'settle_later' stalls the event loop thread: it blocks in 'std::this_thread::sleep_for' (legacy::settle -> std::this_thread::sleep_for); use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  // CHECK-NOTES: legacy17.cpp:7:17: note: 'legacy::settle' ({{.*}}legacy17.cpp:7) blocks in 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-NB: :[[@LINE-3]]:3: warning: call to 'legacy::settle'
  co_return;
}

// Outside a coroutine nothing is judged, whatever the helpers do.
int plain(int fd) { return net::send_all(fd, "x", 1); }

// CHECK-MESSAGES-NOSUM-NOT: warning:
