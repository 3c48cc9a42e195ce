// Cross-TU inputs: functions defined in the test file, started on threads
// (or not) by threads.cpp.
#pragma once
#include <coroguard/coroguard.hpp>

void worker(coroguard::event_loop &loop);     // handed to std::thread
void pooled(coroguard::event_loop &loop);     // offloaded with std::async
void called_inline(coroguard::event_loop &loop); // called on the loop's thread
void runs_own_loop(coroguard::event_loop &loop); // handed to std::thread; runs the loop
void via_helper(coroguard::event_loop &loop); // handed to std::thread; its helper calls the loop
void tick();
