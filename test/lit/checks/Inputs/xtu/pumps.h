// Cross-TU inputs of coro-cross-thread-loop-call-cross-tu-callers.cpp: the
// functions defined there (which call loop methods), the thread functions
// of pumps.cpp that call them, started on threads by starts.cpp.
#pragma once
#include <coroguard/coroguard.hpp>

extern coroguard::event_loop g_loop; // defined in the test file

// Defined in the test file.
void tick();
void notify();                              // schedules on g_loop
void prepare();                             // schedules on g_loop
void notify_on(coroguard::event_loop &loop); // schedules on its argument
void on_main();                             // schedules on g_loop
void notify_posted();                       // schedules on g_loop
void prepare_indirect();                    // schedules on g_loop

// Defined in pumps.cpp, started by starts.cpp.
void pump();                                 // -> relay -> notify
void loop_thread();                          // prepare, then runs g_loop
void param_thread(coroguard::event_loop &loop); // notify_on(loop)
void own_thread();                           // notify_on(a loop of its own)
void posting_thread(); // posts a callback calling notify_posted to g_loop
void indirect_loop_thread(); // prepare_indirect, then run_shared (runs g_loop)
