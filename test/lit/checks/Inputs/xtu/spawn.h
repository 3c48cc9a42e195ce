// Cross-TU inputs: functions (spawn.cpp) that take a task and keep it, or
// drop it.
#pragma once
#include <coroguard/coroguard.hpp>
#include <vector>

void run_later(coroguard::task<void> t);   // stores it
void ignore_task(coroguard::task<void> t); // never names it
void forward_task(coroguard::task<void> &&t); // hands it on
struct Scheduler {
  void submit(coroguard::task<void> t);    // stores it in a member
  void drop(coroguard::task<void>);        // unnamed: dropped
  coroguard::task<void> kept;
  std::vector<coroguard::task<void>> queue;
};
