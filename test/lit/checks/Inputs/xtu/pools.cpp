#include "pools.h"

coroguard::task<void> to_pool(exe::Workers &w) { co_await w.hop(); }
coroguard::task<void> to_blocking(exe::BlockingPool &b) { co_await b.hop(); }
coroguard::task<void> round_trip(exe::Workers &w, coroguard::event_loop &l) {
  co_await w.hop();
  co_await exe::LoopHop{l};
}
coroguard::task<void> maybe_pool(exe::Workers &w, bool go) {
  if (go)
    co_await w.hop();
}
coroguard::task<void> stays() { co_return; }
