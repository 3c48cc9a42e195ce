// coro-blocking-call, families beyond coro-blocking-call.cpp's: output to a
// file stream (`<<`, write, put, flush, seekp, close) — never to std::cout,
// std::cerr, a stringstream or an `std::ostream&` of unknown origin, nor a
// `std::byte` shift; a zero timeout in milliseconds (`poll(.., 0)`) polls;
// synchronous bridges of Boost.Cobalt, async_simple's Future, seastar's
// future::get/get0/wait; shutting a thread pool down (libcoro's
// thread_pool::shutdown and scheduler::shutdown, the bundled runtime's
// thread_pool_executor::shutdown and event_loop::shutdown_default_executor)
// joins its threads. The same calls in main and in a std::thread lambda are
// fine.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs -I %src_root/runtime/include
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs -I %src_root/runtime/include
#include "blocking_bridges.h"
#include "demo_task.h"
#include "blocking_libcoro_net.h"
#include "libcoro.h"
#include "seastar.h"
#include <coroguard/coroguard.hpp>
#include <cstddef>
#include <fstream>
#include <iostream>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/epoll.h>
#include <thread>

class Journal : public std::ofstream {
public:
  using std::ofstream::ofstream;
};

coroguard::task<> output(std::ostream &any, std::ofstream &log,
                         Journal &journal, const std::string &s) {
  std::ofstream out;
  out << 42;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_ostream::operator<<' in coroutine 'output' stalls the event loop thread; use 'run_in_executor' for file I/O [coro-blocking-call]
  out << s;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::operator<<' in coroutine 'output'
  log << "line\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::operator<<' in coroutine 'output'
  log.write(s.data(), 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_ostream::write' in coroutine 'output'
  log.put('x');
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_ostream::put' in coroutine 'output'
  log.flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_ostream::flush' in coroutine 'output'
  log.seekp(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_ostream::seekp' in coroutine 'output'
  log.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_ofstream::close' in coroutine 'output'
  std::fstream both;
  both << 1.5;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_ostream::operator<<' in coroutine 'output'
  journal << 'c';
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::operator<<' in coroutine 'output'
  // Console, memory and unknown streams are not judged.
  std::cout << 42 << s << std::endl;
  std::cerr.write(s.data(), 1);
  std::clog.flush();
  std::ostringstream text;
  text << s;
  text.put('y');
  any << s;
  any.flush();
  // Nor is a std::byte shift, an operator of namespace std too.
  std::byte b{1};
  b = b << 1;
  b = b >> 1;
  b >>= 1;
  (void)b;
  co_return;
}

coroguard::task<> polls(pollfd *fds, epoll_event *events, int epfd) {
  // A zero timeout polls.
  poll(fds, 1, 0);
  epoll_wait(epfd, events, 4, 0);
  poll(fds, 1, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll' in coroutine 'polls'
  co_return;
}

// Synchronous bridges.
demo::task<void> bridges(boost::cobalt::thread &worker,
                         async_simple::Future<int> future,
                         async_simple::Future<int> &other) {
  boost::cobalt::run(boost::cobalt::task<int>{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::cobalt::run' in coroutine 'bridges' stalls the event loop thread; use 'co_await' on the task instead of a synchronous bridge
  worker.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::cobalt::thread::join' in coroutine 'bridges' stalls the event loop thread; use an awaitable ('co_await' the result) or move the wait off the loop thread with 'run_in_executor'
  int v = std::move(future).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'async_simple::Future::get' in coroutine 'bridges'
  other.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'async_simple::Future::wait' in coroutine 'bridges'
  (void)other.hasResult();
  (void)worker.joinable();
  (void)v;
  co_return;
}

seastar::future<> sea_user(seastar::future<int> f, seastar::future<int> g,
                           seastar::future<int> h) {
  (void)f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'seastar::future::get' in coroutine 'sea_user'
  (void)g.get0();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'seastar::future::get0' in coroutine 'sea_user'
  h.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'seastar::future::wait' in coroutine 'sea_user'
  (void)h.available();
  co_return;
}

// Shutting a pool down joins its threads.
coro::task<void> lc_stop(coro::thread_pool &tp, coro::scheduler &s) {
  tp.shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coro::thread_pool::shutdown' in coroutine 'lc_stop' stalls the event loop thread; use a shutdown after the event loop has stopped (it joins the pool's threads) [coro-blocking-call]
  s.shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coro::scheduler::shutdown' in coroutine 'lc_stop'
  co_return;
}
coroguard::task<> cg_stop(coroguard::thread_pool_executor &pool,
                          coroguard::event_loop &loop) {
  pool.shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coroguard::thread_pool_executor::shutdown' in coroutine 'cg_stop' stalls the event loop thread; use a shutdown after the event loop has stopped (it joins the pool's threads) [coro-blocking-call]
  pool.shutdown(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coroguard::thread_pool_executor::shutdown' in coroutine 'cg_stop'
  loop.shutdown_default_executor();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coroguard::event_loop::shutdown_default_executor' in coroutine 'cg_stop'
  co_return;
}

// Outside the loop's coroutines, blocking is the point.
int main() {
  std::ofstream out("/tmp/coroguard-families");
  out << 1 << std::endl;
  out.flush();
  boost::cobalt::run(boost::cobalt::task<int>{});
  coroguard::thread_pool_executor pool;
  std::thread worker([&out] {
    out.write("x", 1);
    out.close();
  });
  worker.join();
  pool.shutdown();
  return 0;
}
