#include "pumps.h"

static void relay() { notify(); }
void pump() { relay(); }
void loop_thread() {
  prepare();
  g_loop.run_forever();
}
void param_thread(coroguard::event_loop &loop) { notify_on(loop); }
void own_thread() {
  coroguard::event_loop own;
  notify_on(own);
}
void posting_thread() {
  g_loop.call_soon_threadsafe([] { notify_posted(); });
}
static void run_shared() { g_loop.run_forever(); }
void indirect_loop_thread() {
  prepare_indirect();
  run_shared();
}
