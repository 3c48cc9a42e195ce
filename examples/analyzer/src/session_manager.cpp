// A chat server's session manager: coroutines that keep a reference to what
// their caller passed. coroguard reports the task that outlives the object
// it refers to (coro-dangling-reference) and leaves the correct shapes
// alone: a reference awaited while the object lives, a copy taken by value.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono_literals;

namespace sessions {

// Keeps a reference to the user's name: fine while the caller awaits it.
coroguard::task<> greet(const std::string &user) {
  co_await coroguard::sleep(1ms);
  std::printf("welcome, %s\n", user.c_str());
}

// Takes its own copy: safe to start and leave running.
coroguard::task<> audit(std::string user) {
  co_await coroguard::sleep(1ms);
  std::printf("audit: %s logged in\n", user.c_str());
}

class Manager {
public:
  explicit Manager(coroguard::event_loop &loop) : loop_(loop) {}

  void on_login(std::string_view name) {
    std::string user(name);
    // 'user' dies when on_login returns; the loop runs greet after that.
    running_.push_back(loop_.create_task(greet(user)));
    running_.push_back(loop_.create_task(audit(user))); // audit owns a copy
  }

  coroguard::task<> on_login_awaited(std::string_view name) {
    std::string user(name);
    co_await greet(user); // awaited while 'user' lives
    for (auto &task : running_)
      co_await task;
  }

private:
  coroguard::event_loop &loop_;
  std::vector<coroguard::task_handle<void>> running_;
};

} // namespace sessions

int main() {
  coroguard::event_loop loop;
  sessions::Manager manager(loop);
  manager.on_login("ada");
  loop.run_until_complete(manager.on_login_awaited("grace"));
  return 0;
}
