// coro-blocking-call on Asio's synchronous operations inside an
// asio::awaitable coroutine (standalone Asio and Boost.Asio): the free
// read, write, read_until, read_at, write_at and connect; socket members
// (connect and wait of basic_socket, read_some, write_some, send, receive of
// stream sockets, send_to and receive_from of datagram sockets), acceptor
// accept, resolver resolve, timer wait (waitable and deadline timers),
// ssl::stream. The asynchronous counterparts (`async_*`, co_awaited), the
// non-I/O members, and the same synchronous calls in main or in a
// std::thread lambda are not reported.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
#include "blocking_asio_sync.h"
#include <thread>

asio::awaitable<void> session(asio::ip::tcp::socket &sock,
                              asio::ip::tcp::endpoint ep, char *data) {
  auto buf = asio::buffer(data, 16);
  sock.connect(ep);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_socket::connect' in coroutine 'session' stalls the event loop thread; use asynchronous I/O, or 'run_in_executor' for the blocking call [coro-blocking-call]
  asio::error_code ec;
  sock.connect(ep, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_socket::connect' in coroutine 'session'
  sock.wait(asio::socket_base::wait_read);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_socket::wait' in coroutine 'session'
  sock.read_some(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::read_some' in coroutine 'session'
  sock.write_some(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::write_some' in coroutine 'session'
  sock.receive(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::receive' in coroutine 'session'
  sock.send(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::send' in coroutine 'session'
  asio::read(sock, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read' in coroutine 'session'
  asio::write(sock, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::write' in coroutine 'session'
  asio::read_until(sock, buf, '\n');
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read_until' in coroutine 'session'
  asio::read_at(sock, 0, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read_at' in coroutine 'session'
  asio::write_at(sock, 0, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::write_at' in coroutine 'session'
  asio::connect(sock, ep);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::connect' in coroutine 'session'
  // The asynchronous counterparts, and members that do no I/O.
  co_await sock.async_connect(ep, asio::use_awaitable);
  unsigned long n = co_await sock.async_read_some(buf, asio::use_awaitable);
  n += co_await asio::async_read(sock, buf, asio::use_awaitable);
  (void)sock.is_open();
  sock.close();
  (void)n;
}

asio::awaitable<void> servers(asio::io_context &ctx, asio::ip::udp::socket &udp,
                              asio::ip::udp::endpoint from, char *data) {
  auto buf = asio::buffer(data, 16);
  udp.send_to(buf, from);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_datagram_socket::send_to' in coroutine 'servers'
  udp.receive_from(buf, from);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_datagram_socket::receive_from' in coroutine 'servers'
  asio::ip::tcp::acceptor acceptor(ctx);
  asio::ip::tcp::socket peer(ctx);
  acceptor.accept(peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_socket_acceptor::accept' in coroutine 'servers'
  asio::ip::tcp::resolver resolver(ctx);
  resolver.resolve("example.org", "443");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::ip::basic_resolver::resolve' in coroutine 'servers' stalls the event loop thread; use an asynchronous resolver, or 'run_in_executor'
  asio::system_timer timer(ctx);
  timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_waitable_timer::wait' in coroutine 'servers' stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime)
  asio::deadline_timer deadline(ctx);
  deadline.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_deadline_timer::wait' in coroutine 'servers'
  asio::ssl::stream<asio::ip::tcp::socket> tls(ctx);
  tls.handshake(asio::ssl::stream<asio::ip::tcp::socket>::client);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::ssl::stream::handshake' in coroutine 'servers'
  tls.read_some(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::ssl::stream::read_some' in coroutine 'servers'
  // Asynchronous and non-I/O.
  co_await acceptor.async_accept(asio::use_awaitable);
  co_await resolver.async_resolve("example.org", "443", asio::use_awaitable);
  co_await timer.async_wait(asio::use_awaitable);
  (void)timer.cancel();
}

// Boost.Asio's twins.
boost::asio::awaitable<void> boost_session(boost::asio::io_context &ctx,
                                           boost::asio::ip::tcp::socket &sock,
                                           char *data) {
  auto buf = boost::asio::buffer(data, 16);
  sock.read_some(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::basic_stream_socket::read_some' in coroutine 'boost_session'
  boost::asio::write(sock, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::write' in coroutine 'boost_session'
  boost::asio::deadline_timer deadline(ctx);
  deadline.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::basic_deadline_timer::wait' in coroutine 'boost_session'
  co_await sock.async_read_some(buf, boost::asio::use_awaitable);
}

// Synchronous Asio in main and on a thread of its own is the point.
int main() {
  asio::io_context ctx;
  asio::ip::tcp::socket sock(ctx);
  char data[16];
  auto buf = asio::buffer(data, 16);
  sock.connect(asio::ip::tcp::endpoint{});
  asio::write(sock, buf);
  std::thread reader([&ctx, &sock, buf] {
    asio::read(sock, buf);
    sock.read_some(buf);
    asio::system_timer timer(ctx);
    timer.wait();
  });
  reader.join();
  boost::asio::io_context bctx;
  boost::asio::ip::tcp::socket bsock(bctx);
  bsock.write_some(boost::asio::buffer(data, 1));
  return 0;
}
