// TCP echo server on the coroguard loop, bound to 127.0.0.1 only.
//
//   echo_server [--port N]          serve until SIGINT/SIGTERM (try: nc 127.0.0.1 N)
//   echo_server --self-test N       start on a free port, run N client round trips, exit
#include <coroguard/coroguard.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace std::chrono_literals;

coroguard::task<void> handle_client(coroguard::tcp_stream stream) {
  char buf[4096];
  for (;;) {
    std::size_t n = co_await stream.read_some(buf, sizeof buf);
    if (n == 0) co_return;  // client closed
    co_await stream.write_all(std::string_view(buf, n));
  }
}

coroguard::task<std::string> client_round_trip(std::uint16_t port, std::string msg) {
  auto conn = co_await coroguard::open_connection("127.0.0.1", port);
  co_await conn.write_all(msg);
  std::string reply;
  char buf[4096];
  for (int i = 0; i < 1000 && reply.size() < msg.size(); ++i) {  // bounded
    std::size_t n = co_await conn.read_some(buf, sizeof buf);
    if (n == 0) break;
    reply.append(buf, n);
  }
  co_return reply;
}

coroguard::task<int> self_test(int rounds) {
  auto server = co_await coroguard::start_server(handle_client, "127.0.0.1", 0);
  std::printf("echo server listening on 127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  for (int i = 0; i < rounds; ++i) {
    std::string msg = "message " + std::to_string(i);
    std::string reply = co_await coroguard::wait_for(client_round_trip(server.port(), msg), 5s);
    if (reply != msg) {
      std::printf("echo self-test: mismatch: '%s' != '%s'\n", reply.c_str(), msg.c_str());
      co_return 1;
    }
  }
  server.close();
  std::printf("echo self-test: %d round trips OK\n", rounds);
  co_return 0;
}

coroguard::task<int> serve(std::uint16_t port) {
  auto& loop = coroguard::get_running_loop();
  auto server = co_await coroguard::start_server(handle_client, "127.0.0.1", port);
  std::printf("echo server listening on 127.0.0.1:%u (Ctrl-C to stop)\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  loop.add_signal_handler(SIGINT, [&server] { server.close(); });
  loop.add_signal_handler(SIGTERM, [&server] { server.close(); });
  co_await server.serve_forever();
  loop.remove_signal_handler(SIGINT);
  loop.remove_signal_handler(SIGTERM);
  std::puts("echo server stopped");
  co_return 0;
}

int main(int argc, char** argv) {
  std::uint16_t port = 8888;
  int rounds = -1;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--port") && i + 1 < argc)
      port = static_cast<std::uint16_t>(std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--self-test") && i + 1 < argc)
      rounds = std::atoi(argv[++i]);
  }
  if (rounds >= 0) return coroguard::run(self_test(rounds));
  return coroguard::run(serve(port));
}
