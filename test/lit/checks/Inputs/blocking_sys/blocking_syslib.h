// A library header included as a system header (-isystem): its functions'
// bodies are not followed by the transitive rule.
#pragma once
#include <thread>
namespace syslib {
inline void pause_a_bit() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
} // namespace syslib
