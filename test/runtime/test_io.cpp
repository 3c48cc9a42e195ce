// TCP streams on loopback: the echo server, client reads/writes, cancellation of I/O waits.
#include "support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include <memory>
#include <string>

using namespace coroguard;
using namespace std::chrono_literals;

namespace {
task<void> echo(tcp_stream s) {
  char buf[4096];
  for (int i = 0; i < 10000; ++i) {  // bounded
    std::size_t n = co_await s.read_some(buf, sizeof buf);
    if (n == 0) co_return;
    co_await s.write_all(std::string_view(buf, n));
  }
}

task<std::string> round_trip(std::uint16_t port, std::string msg) {
  tcp_stream c = co_await open_connection("127.0.0.1", port);
  // Write concurrently with reading: the echo comes back while we are still sending.
  auto writer = get_running_loop().create_task([](tcp_stream* s, std::string m) -> task<void> {
    co_await s->write_all(m);
    s->shutdown_write();
  }(&c, msg));
  std::string got;
  char buf[4096];
  for (int i = 0; i < 10000; ++i) {  // bounded
    std::size_t n = co_await c.read_some(buf, sizeof buf);
    if (n == 0) break;
    got.append(buf, n);
  }
  co_await writer;
  co_return got;
}
}  // namespace

TEST(Tcp, EchoServerOnLoopback) {
  auto body = []() -> task<void> {
    tcp_server server = co_await start_server(echo, "127.0.0.1", 0);
    EXPECT_NE(server.port(), 0);
    EXPECT_TRUE(server.is_serving());
    EXPECT_EQ(co_await round_trip(server.port(), "hello"), "hello");
    std::string big(1 << 20, 'x');  // larger than the socket buffers: exercises write waits
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    auto [a, b, c] = co_await gather(round_trip(server.port(), "one"), round_trip(server.port(), "two"),
                                     round_trip(server.port(), big));
    EXPECT_EQ(a, "one");
    EXPECT_EQ(b, "two");
    EXPECT_EQ(c, big);
    EXPECT_EQ(server.connections_accepted(), 4u);
    server.close();
    EXPECT_FALSE(server.is_serving());
    co_await server.serve_forever();  // returns once closed
    bool refused = false;
    try {
      (void)co_await open_connection("127.0.0.1", server.port());
    } catch (const std::system_error&) {
      refused = true;
    }
    EXPECT_TRUE(refused);
  };
  run(body());
}

TEST(Tcp, ReadCanBeCancelledByTimeout) {
  auto body = []() -> task<void> {
    tcp_server server = co_await start_server(
        [](tcp_stream s) -> task<void> {
          co_await sleep(200ms);  // says nothing for a while
          s.close();
        },
        "127.0.0.1", 0);
    tcp_stream c = co_await open_connection("127.0.0.1", server.port());
    char buf[16];
    bool timed_out = false;
    try {
      (void)co_await wait_for(c.read_some(buf, sizeof buf), 20ms);
    } catch (const timeout_error&) {
      timed_out = true;
    }
    EXPECT_TRUE(timed_out);
    // The stream still works after the cancelled wait.
    EXPECT_EQ(co_await c.read_some(buf, sizeof buf), 0u);
    server.close();
  };
  run(body());
}

TEST(Tcp, BadAddressesAreRejected) {
  auto body = []() -> task<void> {
    bool threw = false;
    try {
      (void)co_await open_connection("not-an-ip", 1);
    } catch (const std::invalid_argument&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
  };
  run(body());
}

TEST(Tcp, PendingReadCanOutliveItsLoop) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
  auto stream = std::make_unique<tcp_stream>(sv[0]);
  task_handle<std::size_t> h;
  {
    cgtest::log_capture logs;
    auto loop = std::make_unique<event_loop>();
    h = loop->create_task([](tcp_stream* s) -> task<std::size_t> {
      char buf[8];
      co_return co_await s->read_some(buf, sizeof buf);  // never gets data
    }(stream.get()));
    loop->run_until_complete([]() -> task<void> { co_await sleep(5ms); }());
    loop->close();  // "Task was destroyed but it is pending!": the handle keeps the frame
    loop.reset();
    EXPECT_TRUE(logs.contains("pending")) << logs.all();
  }
  EXPECT_TRUE(h.done());
  EXPECT_TRUE(h.cancelled());
  h = task_handle<std::size_t>();  // destroys the frame (and its fd wait) after the loop is gone
  ::close(sv[1]);
}

// Faults do not take the server down.

// Descriptor exhaustion: accept() fails with EMFILE while the process has no descriptor left.
// The server logs it once, backs off, retries, and serves the waiting client when descriptors
// free up.
TEST(TcpFaults, ServerSurvivesDescriptorExhaustion) {
  cgtest::log_capture logs;
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  auto body = [](rlimit saved) -> task<void> {
    tcp_server server = co_await start_server(echo, "127.0.0.1", 0);
    // A small limit, then fill every free descriptor.
    rlimit low = saved;
    low.rlim_cur = std::min<rlim_t>(saved.rlim_cur, 256);
    EXPECT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
    std::vector<int> fillers;
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fillers.push_back(fd);
    EXPECT_EQ(errno, EMFILE);
    EXPECT_GE(fillers.size(), 2u);
    // One descriptor for the client's socket; none left for the server's accept().
    ::close(fillers.back());
    fillers.pop_back();
    tcp_stream client = co_await open_connection("127.0.0.1", server.port());  // completes in the backlog
    co_await sleep(350ms);  // accept fails, is retried with a back-off (100, 200 ms, ...)
    EXPECT_EQ(server.connections_accepted(), 0u);
    EXPECT_TRUE(server.is_serving());
    // Free descriptors: the server accepts the waiting client and serves it.
    for (int fd : fillers) ::close(fd);
    fillers.clear();
    EXPECT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
    co_await client.write_all("still here");
    client.shutdown_write();
    std::string got;
    char buf[64];
    for (int i = 0; i < 100; ++i) {
      std::size_t n = co_await wait_for(client.read_some(buf, sizeof buf), 5s);
      if (n == 0) break;
      got.append(buf, n);
    }
    EXPECT_EQ(got, "still here");
    EXPECT_EQ(server.connections_accepted(), 1u);
    // And new clients too.
    EXPECT_EQ(co_await round_trip(server.port(), "next"), "next");
    server.close();
  };
  run(body(saved));
  ::setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(logs.count("EMFILE"), 1) << "logged once per episode, not per retry:\n" << logs.all();
  EXPECT_TRUE(logs.contains("retries accepting")) << logs.all();
  EXPECT_TRUE(logs.contains("succeeds again")) << logs.all();
}

// A peer that resets the connection in the middle of a transfer fails that connection's write
// only: the server goes on serving others.
TEST(TcpFaults, PeerResetFailsOnlyThatConnection) {
  cgtest::log_capture logs;
  struct outcome {
    int error = 0;
    bool finished = false;
  };
  auto result = std::make_shared<outcome>();
  auto flood = [result](tcp_stream s) -> task<void> {
    char first[16];
    if (co_await s.read_some(first, sizeof first) == 0) co_return;
    if (first[0] == 'f') {  // "flood": send far more than the socket buffers hold
      std::string chunk(1 << 20, 'z');
      try {
        for (int i = 0; i < 64; ++i) co_await s.write_all(chunk);
      } catch (const std::system_error& e) {
        result->error = e.code().value();
      }
      result->finished = true;
      co_return;
    }
    co_await s.write_all(std::string_view(first, 4));  // "ping" -> "ping"
  };
  auto body = [](connection_handler handler, std::shared_ptr<outcome> result) -> task<void> {
    tcp_server server = co_await start_server(handler, "127.0.0.1", 0);
    {
      tcp_stream c = co_await open_connection("127.0.0.1", server.port());
      co_await c.write_all("flood");
      char buf[4096];
      (void)co_await c.read_some(buf, sizeof buf);  // the transfer has started
      linger abortive{1, 0};                        // close with RST
      ::setsockopt(c.native_handle(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    for (int i = 0; i < 200 && !result->finished; ++i) co_await sleep(5ms);
    EXPECT_TRUE(result->finished);
    EXPECT_TRUE(result->error == ECONNRESET || result->error == EPIPE) << result->error;
    // The server still serves.
    tcp_stream c = co_await open_connection("127.0.0.1", server.port());
    co_await c.write_all("ping");
    char buf[8];
    std::size_t n = co_await wait_for(c.read_some(buf, sizeof buf), 5s);
    EXPECT_EQ(std::string(buf, n), "ping");
    EXPECT_TRUE(server.is_serving());
    server.close();
  };
  run(body(flood, result));
}

// Signals interrupt the loop's waits (epoll_wait, accept, connect, send, recv return EINTR):
// every operation is retried, nothing fails.
TEST(TcpFaults, InterruptedCallsAreRetried) {
  struct sigaction sa {}, old{};
  sa.sa_handler = [](int) {};
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR
  ASSERT_EQ(::sigaction(SIGALRM, &sa, &old), 0);
  itimerval every{{0, 200}, {0, 200}}, off{};
  ::setitimer(ITIMER_REAL, &every, nullptr);
  auto body = []() -> task<void> {
    tcp_server server = co_await start_server(echo, "127.0.0.1", 0);
    std::string big(1 << 20, 'q');
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(co_await round_trip(server.port(), big), big);
      co_await sleep(2ms);
    }
    server.close();
  };
  run(body());
  ::setitimer(ITIMER_REAL, &off, nullptr);
  ::sigaction(SIGALRM, &old, nullptr);
}
