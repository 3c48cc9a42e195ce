// TCP streams on loopback: the echo server, client reads/writes, cancellation of I/O waits.
#include "support.hpp"

#include <sys/socket.h>
#include <unistd.h>

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
