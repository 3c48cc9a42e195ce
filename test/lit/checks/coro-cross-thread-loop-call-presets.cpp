// Presets (off by default): Boost.Asio / Asio I/O objects and libuv.
// RUN: %check_coroguard --check-suffix=ON %s coro-cross-thread-loop-call %t.on -- \
// RUN:   --config="{CheckOptions: {coro-cross-thread-loop-call.Presets: 'asio;libuv'}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load --check-suffix=ON %s coro-cross-thread-loop-call %t.on.load -- \
// RUN:   --config="{CheckOptions: {coro-cross-thread-loop-call.Presets: 'asio;libuv'}}" -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --check-suffix=ASIO %s coro-cross-thread-loop-call %t.asio -- \
// RUN:   --config="{CheckOptions: {coro-cross-thread-loop-call.Presets: 'asio'}}" -- -std=c++20 -I %S/Inputs
// Off: no diagnostics at all.
// RUN: %check_coroguard %s coro-cross-thread-loop-call %t.off -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-cross-thread-loop-call %t.off.load -- -- -std=c++20 -I %S/Inputs
#include "crossthread_asio.h"
#include "crossthread_uv.h"
#include <thread>
#include <utility>

// --- Asio -------------------------------------------------------------------

void asio_shared_objects(asio::io_context &io, asio::ip::tcp::socket &sock,
                         boost::asio::steady_timer &timer) {
  std::thread t([&] {
    sock.async_read_some(0, [](int, unsigned long) {});
    // CHECK-MESSAGES-ON: :[[@LINE-1]]:10: warning: 'asio::basic_stream_socket::async_read_some' is not thread-safe, but this call runs on another thread; use asio::post(obj.get_executor(), ...) (or the object's strand) [coro-cross-thread-loop-call]
    // CHECK-MESSAGES-ASIO: :[[@LINE-2]]:10: warning: 'asio::basic_stream_socket::async_read_some' is not thread-safe
    sock.close();
    // CHECK-MESSAGES-ON: :[[@LINE-1]]:10: warning: 'asio::basic_socket::close' is not thread-safe
    // CHECK-MESSAGES-ASIO: :[[@LINE-2]]:10: warning: 'asio::basic_socket::close' is not thread-safe
    timer.expires_after(5);
    // CHECK-MESSAGES-ON: :[[@LINE-1]]:11: warning: 'boost::asio::basic_waitable_timer::expires_after' is not thread-safe
    // CHECK-MESSAGES-ASIO: :[[@LINE-2]]:11: warning: 'boost::asio::basic_waitable_timer::expires_after' is not thread-safe
    // The safe way, and thread-safe or read-only members.
    asio::post(sock.get_executor(), [&] { sock.close(); });
    (void)sock.is_open();
  });
  t.join();
}

void asio_safe_patterns(asio::io_context &io) {
  // io_context::run from several threads is legal.
  std::thread a([&] { io.run(); });
  std::thread b([&] { io.run(); });
  // A socket moved into the thread belongs to it.
  asio::ip::tcp::socket s(io);
  std::thread c([s = std::move(s)]() mutable { s.write_some(1); s.close(); });
  // A socket created inside the thread.
  std::thread d([&io] {
    asio::ip::tcp::socket mine(io);
    mine.write_some(1);
  });
  // A thread that runs the io_context is an I/O thread.
  asio::steady_timer timer(io);
  std::thread e([&] {
    timer.async_wait([](int) {});
    io.run();
  });
  a.join(); b.join(); c.join(); d.join(); e.join();
}

void session(asio::ip::tcp::socket sock) { sock.write_some(1); }
void blocking_server(asio::io_context &io) {
  asio::ip::tcp::socket s(io);
  std::thread(session, std::move(s)).detach();
}

// --- libuv ------------------------------------------------------------------

void timer_cb(uv_timer_t *) {}
void async_cb(uv_async_t *) {}

void uv_worker(void *arg) {
  auto *timer = static_cast<uv_timer_t *>(arg);
  uv_timer_start(timer, timer_cb, 10, 0);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'uv_timer_start' is not thread-safe, but this call runs on another thread; use 'uv_async_send' [coro-cross-thread-loop-call]
  uv_close(reinterpret_cast<uv_handle_t *>(timer), nullptr);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'uv_close' is not thread-safe
}

struct shared_state {
  uv_loop_t *loop;
  uv_async_t async;
  uv_mutex_t mutex;
};

void uv_notifier(void *arg) {
  auto *st = static_cast<shared_state *>(arg);
  // Thread-safe: uv_async_send, and the thread and sync helpers.
  uv_mutex_lock(&st->mutex);
  uv_async_send(&st->async);
  uv_mutex_unlock(&st->mutex);
  (void)uv_hrtime();
  (void)uv_strerror(0);
  // A synchronous file system call (no callback) does not use the loop.
  uv_fs_t req;
  uv_fs_open(st->loop, &req, "/tmp/x", 0, 0, nullptr);
  uv_fs_req_cleanup(&req);
  // With a callback it is queued on the loop.
  uv_fs_open(st->loop, &req, "/tmp/x", 0, 0, [](uv_fs_t *) {});
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'uv_fs_open' is not thread-safe
  uv_stop(st->loop);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: 'uv_stop' is not thread-safe
}

void uv_own_loop(void *) {
  // A thread with its own loop.
  uv_loop_t loop;
  uv_loop_init(&loop);
  uv_timer_t t;
  uv_timer_init(&loop, &t);
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
}

void start_uv(uv_timer_t *timer, shared_state *st) {
  uv_thread_t a, b, c;
  uv_thread_create(&a, uv_worker, timer);
  uv_thread_create(&b, uv_notifier, st);
  uv_thread_create(&c, uv_own_loop, nullptr);
  uv_async_init(st->loop, &st->async, async_cb);
  // On the loop's own thread: nothing to report.
  uv_timer_start(timer, timer_cb, 10, 0);
}
