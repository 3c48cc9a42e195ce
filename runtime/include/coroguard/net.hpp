// coroguard/net.hpp — non-blocking TCP streams on the loop's epoll (asyncio streams).
//
//   auto server = co_await coroguard::start_server(
//       [](coroguard::tcp_stream s) -> coroguard::task<void> {
//         char buf[4096];
//         while (std::size_t n = co_await s.read_some(buf, sizeof buf))
//           co_await s.write_all(std::string_view(buf, n));
//       }, "127.0.0.1", 0);
//   auto client = co_await coroguard::open_connection("127.0.0.1", server.port());
//
// IPv4 only; host is a dotted quad or "localhost". All operations are cancellable.
// A stream must outlive its pending read/write tasks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "event_loop.hpp"

namespace coroguard {

namespace detail {
/// Waits until fd is readable (or writable). Cancellable.
class fd_wait {
 public:
  fd_wait(int fd, bool write) noexcept : fd_(fd), write_(write) {}
  fd_wait(const fd_wait&) = delete;
  fd_wait& operator=(const fd_wait&) = delete;
  ~fd_wait();
  bool await_ready() noexcept;
  void await_suspend(std::coroutine_handle<> h);
  void await_resume();

 private:
  static void on_cancel(void* self) noexcept;
  void unregister() noexcept;
  int fd_;
  bool write_;
  bool registered_ = false;
  bool cancelled_ = false;
  event_loop* loop_ = nullptr;
  task_base* root_ = nullptr;
  std::coroutine_handle<> h_;
};
}  // namespace detail

/// A connected, non-blocking TCP socket. Move-only; closes the socket on destruction.
class tcp_stream {
 public:
  tcp_stream() noexcept = default;
  explicit tcp_stream(int fd) noexcept : fd_(fd) {}
  tcp_stream(tcp_stream&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  tcp_stream& operator=(tcp_stream&& o) noexcept;
  ~tcp_stream() { close(); }

  /// Reads at least one byte (waiting as needed); 0 means end of stream.
  task<std::size_t> read_some(char* data, std::size_t size);
  /// Writes everything (waiting for the socket to drain as needed).
  task<void> write_all(std::string_view data);
  /// Half-closes the sending side (the peer reads end of stream).
  void shutdown_write() noexcept;
  void close() noexcept;
  bool is_open() const noexcept { return fd_ >= 0; }
  int native_handle() const noexcept { return fd_; }

 private:
  int fd_ = -1;
};

namespace detail {
struct server_state;
}

/// A listening socket whose accept loop runs as a task on the loop.
class tcp_server {
 public:
  tcp_server() noexcept = default;
  explicit tcp_server(std::shared_ptr<detail::server_state> s) noexcept : s_(std::move(s)) {}
  tcp_server(tcp_server&&) noexcept = default;
  tcp_server& operator=(tcp_server&&) noexcept = default;
  ~tcp_server();

  /// The bound port (useful with port 0).
  std::uint16_t port() const noexcept;
  /// Stops accepting and closes the listening socket (running connection handlers continue).
  void close() noexcept;
  bool is_serving() const noexcept;
  /// Waits until close() is called.
  task<void> serve_forever();
  /// Number of accepted connections so far.
  std::size_t connections_accepted() const noexcept;

 private:
  std::shared_ptr<detail::server_state> s_;
};

using connection_handler = std::function<task<void>(tcp_stream)>;

/// Connects to host:port (IPv4).
task<tcp_stream> open_connection(std::string host, std::uint16_t port);
/// Listens on host:port (port 0 = any free port) and runs handler(stream) as a task for each
/// accepted connection. Bind to "127.0.0.1" for local-only services.
task<tcp_server> start_server(connection_handler handler, std::string host, std::uint16_t port);

}  // namespace coroguard
