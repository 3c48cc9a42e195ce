// coro-dangling-reference across files: coroutines (and a function returning
// one's task) declared here, defined in greeter.cpp.
#include "coroguard/event_loop.hpp"
#include <string>
#include <string_view>

coroguard::task<> greet(const std::string &name);
coroguard::task<> greet_later(const std::string &name); // not a coroutine
coroguard::task<> copy_greet(std::string name);
coroguard::task<> count(const std::string &name); // never uses it

struct session {
  std::string peer;
  coroguard::task<> run();
};

coroguard::task<> log_name(const std::string &name); // uses it before any await

// A test helper's failure path: never returns (it aborts).
void expectation_failed(const char *what);
