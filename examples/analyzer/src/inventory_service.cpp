// An inventory service on coroguard's event loop, with the mistakes
// coroguard exists to catch. `scripts/run-examples.sh` analyses this file;
// every mistake below is reported at compile time, with its line.
#include <coroguard/coroguard.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

namespace inventory {

struct Item {
  std::string sku;
  int quantity = 0;
};

class Store {
public:
  coroguard::task<Item> load(std::string sku) {
    co_await coroguard::sleep(1ms); // stands in for a database round trip
    co_return Item{sku, static_cast<int>(sku.size())};
  }

  coroguard::task<> save(Item item) {
    co_await coroguard::sleep(1ms);
    items_[item.sku] = item.quantity;
  }

  coroguard::task<> audit(std::string what) {
    co_await coroguard::sleep(1ms);
    std::printf("audit: %s\n", what.c_str());
  }

private:
  std::map<std::string, int> items_;
};

// Callbacks run by the service when it shuts down; they return nothing.
class ShutdownHooks {
public:
  void add(std::function<void()> hook) { hooks_.push_back(std::move(hook)); }
  void run() {
    for (auto &hook : hooks_)
      hook();
  }

private:
  std::vector<std::function<void()>> hooks_;
};

coroguard::task<> restock(Store &store, std::string sku, int amount) {
  Item item = co_await store.load(sku);
  item.quantity += amount;
  // BUG: the save is never awaited, so it never happens.
  store.save(item);
  co_await store.audit("restock " + sku);
}

coroguard::task<> reconcile(Store &store) {
  // BUG: the cast silences [[nodiscard]], not the bug: the audit never runs.
  (void)store.audit("reconcile started");

  // BUG: created, then only inspected; no path awaits it.
  auto pending = store.load("A-100");
  if (!pending.valid())
    std::puts("no task?");

  co_await store.audit("reconcile finished");
}

void install_hooks(ShutdownHooks &hooks, Store &store) {
  // BUG: std::function<void()> drops the task the lambda returns.
  hooks.add([&store]() -> coroguard::task<> { co_await store.audit("shutdown"); });
}

coroguard::task<> service() {
  Store store;
  ShutdownHooks hooks;
  install_hooks(hooks, store);
  co_await restock(store, "A-100", 5);
  co_await reconcile(store);
  hooks.run();
}

} // namespace inventory

int main() {
  coroguard::run(inventory::service());
  return 0;
}
