#include "greeter.h"

static void consume(std::string_view) {}
static coroguard::task<> tick() { co_return; }

coroguard::task<> greet(const std::string &name) {
  co_await tick();
  consume(name);
}
coroguard::task<> greet_later(const std::string &name) { return greet(name); }
coroguard::task<> copy_greet(std::string name) {
  consume(name);
  co_return;
}
coroguard::task<> count(const std::string &name) {
  co_return;
}
coroguard::task<> session::run() {
  co_await tick();
  consume(peer);
}
coroguard::task<> log_name(const std::string &name) {
  consume(name);
  co_await tick();
}
#include <cstdlib>
void expectation_failed(const char *what) {
  consume(what);
  std::abort();
}
