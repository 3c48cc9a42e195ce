// A C++17 helper library (no coroutines can be written here): summarised all
// the same, so a coroutine of another file that calls it is judged.
#include <chrono>
#include <thread>

namespace legacy {
void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
} // namespace legacy
