#include <coroguard/net.hpp>

#include "internal.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <coroguard/log.hpp>
#include <coroguard/sleep.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>
#include <vector>

namespace coroguard {

namespace detail {

fd_wait::~fd_wait() { unregister(); }

bool fd_wait::await_ready() noexcept {
  root_ = t_current_task;
  if (root_ && root_->take_cancel_request()) return cancelled_ = true;
  return false;
}

void fd_wait::await_suspend(std::coroutine_handle<> h) {
  loop_ = &get_running_loop();
  h_ = h;
  auto fire = [this] {
    unregister();
    if (root_) root_->clear_cancel_hook(this);
    loop_->schedule_resume(h_, root_);
  };
  if (write_)
    loop_->add_writer(fd_, fire);
  else
    loop_->add_reader(fd_, fire);
  registered_ = true;
  if (root_) root_->set_cancel_hook(&on_cancel, this);
}

void fd_wait::await_resume() {
  if (root_) root_->clear_cancel_hook(this);
  if (cancelled_) throw cancelled_error();
}

void fd_wait::on_cancel(void* self) noexcept {
  auto* w = static_cast<fd_wait*>(self);
  if (!w->registered_) return;  // already woken up: the request stays for the next await
  w->unregister();
  w->root_->take_cancel_request();
  w->cancelled_ = true;
  w->loop_->schedule_resume(w->h_, w->root_);
}

void fd_wait::unregister() noexcept {
  if (!registered_) return;
  registered_ = false;
  try {
    // A frame can outlive its loop (a handle kept past close()): check before touching it.
    if (loop_ && loop_alive(loop_) && !loop_->is_closed()) {
      if (write_)
        loop_->remove_writer(fd_);
      else
        loop_->remove_reader(fd_);
    }
  } catch (...) {
  }
}

struct server_state {
  int fd = -1;
  std::uint16_t port = 0;
  connection_handler handler;
  task_handle<void> acceptor;
  std::size_t accepted = 0;
  bool serving = false;
  std::vector<std::coroutine_handle<>> closed_waiters;

  void close() noexcept {
    serving = false;
    if (acceptor && !acceptor.done()) acceptor.cancel();
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  }
};

namespace {
[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

sockaddr_in make_addr(const std::string& host, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  std::string h = host == "localhost" || host.empty() ? "127.0.0.1" : host;
  if (::inet_pton(AF_INET, h.c_str(), &a.sin_addr) != 1) throw std::invalid_argument("not an IPv4 address: " + host);
  return a;
}

int make_socket() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw_errno("socket");
  return fd;
}

/// accept4 errors that concern the connection being accepted, not the listening socket: Linux
/// reports pending network errors of the new socket there (accept(2): "treat them like EAGAIN
/// by retrying").
bool accept_error_is_transient(int e) noexcept {
  switch (e) {
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
    case EPERM:  // a firewall rule refused it
      return true;
    default:
      return false;
  }
}

task<void> accept_loop(std::shared_ptr<server_state> s) {
  // The state holds our handle and we hold the state: drop our handle when the loop ends.
  struct unlink {
    server_state* s;
    ~unlink() { s->acceptor = task_handle<void>(); }
  } guard{s.get()};
  // Out of descriptors (or memory): the pending connection stays in the backlog, so waiting
  // for readability would spin. Back off (100 ms doubling to 1 s, asyncio waits 1 s), log once
  // per episode, and serve again when descriptors free up.
  auto backoff = std::chrono::milliseconds(0);
  while (s->serving && s->fd >= 0) {
    int c = ::accept4(s->fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (c < 0) {
      const int e = errno;
      if (e == EINTR) continue;
      if (e == EAGAIN || e == EWOULDBLOCK) {
        co_await fd_wait(s->fd, false);
        continue;
      }
      if (accept_error_is_transient(e)) continue;  // that connection failed, not the server
      if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) {
        if (backoff.count() == 0) {
          log_safe(static_cast<int>(log_level::error),
                   std::string("accept() on port ") + std::to_string(s->port) + " failed: " + std::strerror(e) +
                       " (" + (e == EMFILE ? "EMFILE" : e == ENFILE ? "ENFILE" : e == ENOBUFS ? "ENOBUFS" : "ENOMEM") +
                       "); the server keeps its connections and retries accepting with a back-off");
          backoff = std::chrono::milliseconds(100);
        } else {
          backoff = std::min<std::chrono::milliseconds>(backoff * 2, std::chrono::milliseconds(1000));
        }
        co_await sleep(backoff);
        continue;
      }
      throw_errno("accept4");
    }
    if (backoff.count() != 0) {
      backoff = std::chrono::milliseconds(0);
      log_safe(static_cast<int>(log_level::info),
               "accept() on port " + std::to_string(s->port) + " succeeds again: the server is serving");
    }
    int one = 1;
    ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++s->accepted;
    // Fire and forget: the frame (and its stream) goes away as soon as the handler returns;
    // a handler that throws is reported as "Task exception was never retrieved".
    (void)get_running_loop().create_task(s->handler(tcp_stream(c)));
  }
}
}  // namespace
}  // namespace detail

tcp_stream& tcp_stream::operator=(tcp_stream&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

void tcp_stream::close() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

void tcp_stream::shutdown_write() noexcept {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

task<std::size_t> tcp_stream::read_some(char* data, std::size_t size) {
  for (;;) {
    if (fd_ < 0) throw std::runtime_error("read on a closed tcp_stream");
    ssize_t n = ::recv(fd_, data, size, 0);
    if (n >= 0) co_return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      co_await detail::fd_wait(fd_, false);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == ECONNRESET) co_return 0;
    detail::throw_errno("recv");
  }
}

task<void> tcp_stream::write_all(std::string_view data) {
  std::size_t off = 0;
  while (off < data.size()) {
    if (fd_ < 0) throw std::runtime_error("write on a closed tcp_stream");
    ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n >= 0) {
      off += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      co_await detail::fd_wait(fd_, true);
      continue;
    }
    if (errno == EINTR) continue;
    detail::throw_errno("send");
  }
}

task<tcp_stream> open_connection(std::string host, std::uint16_t port) {
  sockaddr_in a = detail::make_addr(host, port);
  tcp_stream s(detail::make_socket());
  int fd = s.native_handle();
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) {
    // EINTR: the connection goes on asynchronously, as with EINPROGRESS.
    if (errno != EINPROGRESS && errno != EINTR) detail::throw_errno("connect");
    co_await detail::fd_wait(fd, true);
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) throw std::system_error(err, std::generic_category(), "connect");
  }
  co_return s;
}

task<tcp_server> start_server(connection_handler handler, std::string host, std::uint16_t port) {
  event_loop& loop = get_running_loop();
  auto s = std::make_shared<detail::server_state>();
  s->handler = std::move(handler);
  sockaddr_in a = detail::make_addr(host, port);
  s->fd = detail::make_socket();
  int one = 1;
  ::setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(s->fd, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) {
    int e = errno;
    s->close();
    throw std::system_error(e, std::generic_category(), "bind");
  }
  if (::listen(s->fd, 128) < 0) {
    int e = errno;
    s->close();
    throw std::system_error(e, std::generic_category(), "listen");
  }
  socklen_t len = sizeof a;
  ::getsockname(s->fd, reinterpret_cast<sockaddr*>(&a), &len);
  s->port = ntohs(a.sin_port);
  s->serving = true;
  s->acceptor = loop.create_task(detail::accept_loop(s));
  co_return tcp_server(std::move(s));
}

tcp_server::~tcp_server() {
  close();
  s_.reset();  // idempotent (see task_handle)
}

std::uint16_t tcp_server::port() const noexcept { return s_ ? s_->port : 0; }

void tcp_server::close() noexcept {
  if (s_) s_->close();
}

bool tcp_server::is_serving() const noexcept { return s_ && s_->serving; }

std::size_t tcp_server::connections_accepted() const noexcept { return s_ ? s_->accepted : 0; }

task<void> tcp_server::serve_forever() {
  auto s = s_;
  if (!s) co_return;
  task_handle<void> acceptor = s->acceptor;
  co_await acceptor.wait();
}

}  // namespace coroguard
