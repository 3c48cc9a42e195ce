// Private helpers of the runtime implementation.
#pragma once
#include <exception>
#include <source_location>
#include <string>

namespace coroguard {
class event_loop;
namespace detail {

/// "ns::func" from a source_location::function_name().
std::string short_function_name(const char* pretty);
/// "<file>:<line>" of the call that created a coroutine, from the ramp addresses captured by
/// task_base (see task_base's constructor). "<unknown>" when it cannot be symbolised.
std::string call_site(const std::source_location& def, void* ramp_pc, void* return_address);
/// "function at file:line" (or "symbol+0xoff in module") for one code address.
std::string describe_pc(void* pc);
/// The exception's dynamic type, demangled, with its what(): `std::runtime_error("boom")`
/// (asyncio shows `RuntimeError('boom')`); `int` for a non-class exception.
std::string describe_exception(std::exception_ptr e);
/// True when the environment variable `name` is set to a non-empty value other than "0"
/// (COROGUARD_DEBUG, COROGUARD_DEBUG_ALL_REPORTS).
bool env_flag(const char* name) noexcept;
/// Logs through the coroguard logger (never throws).
void log_safe(int level, const std::string& msg) noexcept;
/// Debug flag of the loop (or of the environment when there is no loop).
bool debug_for(const event_loop* loop) noexcept;
/// The loop running on this thread.
event_loop* running_loop() noexcept;
/// True while `loop` exists (for cleanup paths that may run after a loop was destroyed).
bool loop_alive(const event_loop* loop) noexcept;

}  // namespace detail
}  // namespace coroguard
