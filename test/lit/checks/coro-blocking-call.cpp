// coro-blocking-call: every family of blocking calls in a coroutine of the
// bundled runtime (sleeping, waiting, blocking I/O and system calls, file
// streams and std::cin, synchronous bridges), the fix-it to
// 'co_await coroguard::sleep(d)', zero-duration polls, what is never
// flagged (std::cout, stringstreams, comments and strings, main), NOLINT,
// and templates reported once.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %src_root/runtime/include
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %src_root/runtime/include
#include <coroguard/coroguard.hpp>
#include <barrier>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore>
#include <sstream>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <time.h>
#include <unistd.h>

using namespace std::chrono_literals;

coroguard::task<> sleeping() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleeping' stalls the event loop thread; use 'co_await coroguard::sleep(...)' [coro-blocking-call]
  // CHECK-FIXES: {{^}}  co_await coroguard::sleep(10ms);{{$}}
  std::this_thread::sleep_for(std::chrono::milliseconds(5 + 5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await coroguard::sleep(std::chrono::milliseconds(5 + 5));{{$}}
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until' in coroutine 'sleeping' stalls the event loop thread; use 'co_await coroguard::sleep(...)'
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'sleeping'
  usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  timespec ts{0, 1000};
  nanosleep(&ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'nanosleep'
  // A sleep whose value is used, or in a catch handler, gets no fix-it
  // ('co_await' is not allowed in a handler).
  try {
  } catch (...) {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for'
    // CHECK-FIXES: {{^}}    std::this_thread::sleep_for(1ms);{{$}}
  }
  // Zero-length sleeps do not block.
  std::this_thread::sleep_for(0s);
  co_await coroguard::sleep(1ms);
}

coroguard::task<int> waiting(std::future<int> f, std::shared_future<int> sf,
                             std::thread &t, std::condition_variable &cv,
                             std::condition_variable_any &cva, std::mutex &m,
                             std::latch &l, std::barrier<> &b,
                             std::counting_semaphore<4> &sem,
                             std::binary_semaphore &bin, pthread_t pt) {
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::thread::join' in coroutine 'waiting' stalls the event loop thread; use an awaitable ('co_await' the result) or move the wait off the loop thread with 'run_in_executor'
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'std::future::get'
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait'
  f.wait_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait_for'
  f.wait_until(std::chrono::system_clock::now());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait_until'
  v += sf.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::shared_future::get'
  sf.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::shared_future::wait'
  // Non-blocking polls: a compile-time zero duration.
  if (f.wait_for(0s) == std::future_status::ready)
    ++v;
  (void)f.wait_for(std::chrono::seconds(0));
  (void)sf.wait_for(std::chrono::milliseconds::zero());
  (void)f.wait_for(std::chrono::seconds::zero() + 0ms);
  std::unique_lock lock(m);
  cv.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::condition_variable::wait'
  cv.wait(lock, [] { return true; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::condition_variable::wait'
  cv.wait_for(lock, 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::condition_variable::wait_for'
  (void)cv.wait_for(lock, 0ms);
  cva.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::condition_variable_any::wait'
  cva.wait_until(lock, std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::condition_variable_any::wait_until'
  // try_lock, try_acquire, try_wait are not waits.
  if (m.try_lock())
    m.unlock();
  (void)sem.try_acquire();
  (void)l.try_wait();
  l.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::latch::wait'
  l.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::latch::arrive_and_wait'
  b.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::barrier::arrive_and_wait'
  sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::counting_semaphore::acquire'
  bin.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::counting_semaphore::acquire'
  (void)sem.try_acquire_for(0s);
  pthread_join(pt, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_join'
  int status = 0;
  waitpid(-1, &status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitpid'
  co_return v;
}

coroguard::task<> io(int fd, char *buf, sockaddr *addr, socklen_t len) {
  read(fd, buf, 10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'io' stalls the event loop thread; use asynchronous I/O, or 'run_in_executor' for the blocking call
  write(fd, buf, 10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write'
  ::recv(fd, buf, 10, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  send(fd, buf, 10, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'send'
  accept(fd, addr, &len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'accept'
  connect(fd, addr, len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'connect'
  pollfd p{fd, POLLIN, 0};
  poll(&p, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll'
  select(0, nullptr, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'select'
  epoll_event ev[4];
  epoll_wait(fd, ev, 4, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'epoll_wait'
  addrinfo *res = nullptr;
  getaddrinfo("example.com", "80", nullptr, &res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getaddrinfo' in coroutine 'io' stalls the event loop thread; use an asynchronous resolver, or 'run_in_executor'
  gethostbyname("example.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gethostbyname'
  FILE *file = std::fopen("/tmp/x", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'fopen' in coroutine 'io' stalls the event loop thread; use 'run_in_executor' for file I/O
  fread(buf, 1, 10, file);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fread'
  fgets(buf, 10, file);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fgets'
  std::system("ls");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'system' in coroutine 'io' stalls the event loop thread; use 'run_in_executor' (or an asynchronous process API)
  popen("ls", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'popen'
  // Console output is accepted everywhere.
  std::printf("done\n");
  std::puts("done");
  co_return;
}

coroguard::task<> streams(std::istream &any, std::string &s) {
  std::ifstream in("/etc/hosts");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking construction of 'std::basic_ifstream' in coroutine 'streams' stalls the event loop thread; use 'run_in_executor' for file I/O
  std::ofstream out{"/tmp/out"};
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking construction of 'std::basic_ofstream'
  std::fstream later;
  later.open("/tmp/later");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_fstream::open'
  int x = 0;
  in >> x;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_istream::operator>>'
  in >> s;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::operator>>'
  std::getline(in, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  std::cin >> x;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_istream::operator>>'
  std::getline(std::cin, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline' in coroutine 'streams' stalls the event loop thread; use asynchronous I/O, or 'run_in_executor' for the blocking call
  // In-memory streams and streams of unknown origin are not judged.
  std::stringstream ss("1 2");
  ss >> x;
  std::getline(ss, s);
  any >> x;
  std::getline(any, s);
  std::istringstream iss{s};
  iss >> s;
  // Console output is accepted.
  std::cout << "x = " << x << std::endl;
  std::cerr << "error\n";
  co_return;
}

// Synchronous bridges of the bundled runtime inside a coroutine deadlock.
coroguard::task<int> answer() { co_return 42; }
coroguard::task<> bridges(coroguard::event_loop &loop) {
  coroguard::run(answer());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coroguard::run' in coroutine 'bridges' stalls the event loop thread; use 'co_await' on the task instead of a synchronous bridge
  coroguard::runner r;
  r.run(answer());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coroguard::runner::run'
  loop.run_until_complete(answer());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coroguard::event_loop::run_until_complete'
  loop.run_forever();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'coroguard::event_loop::run_forever'
  int v = co_await answer();
  (void)v;
}

// Comments and strings that mention std::this_thread::sleep_for(1s) are not
// calls.
coroguard::task<> quiet() {
  const char *doc = "std::this_thread::sleep_for(1s); usleep(5)";
  (void)doc;
  // std::this_thread::sleep_for(1s);
  co_await coroguard::sleep(1ms);
}

// NOLINT silences one finding.
coroguard::task<> suppressed() {
  std::this_thread::sleep_for(1ms); // NOLINT(coro-blocking-call)
  co_return;
}

// A template coroutine: reported once, at the template's line.
template <typename T> coroguard::task<T> generic(std::future<T> f) {
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get' in coroutine 'generic' stalls
}
template coroguard::task<int> generic(std::future<int>);
template coroguard::task<long> generic(std::future<long>);

// The same calls in ordinary functions and main are not reported: they
// block by design there.
int main() {
  std::this_thread::sleep_for(1ms);
  coroguard::run(bridges(*static_cast<coroguard::event_loop *>(nullptr)));
  std::promise<int> p;
  p.set_value(1);
  return p.get_future().get();
}
