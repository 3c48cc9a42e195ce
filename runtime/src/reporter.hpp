// The reporter: the runtime's pitfall reports (never awaited, exception never retrieved,
// generators destroyed while suspended, slow callbacks) are formatted and symbolised on its
// own thread, never on the loop thread. The loop thread only captures what a report needs —
// the coroutine's source_location, raw return addresses, the exception_ptr — and enqueues it
// (a few hundred nanoseconds), so a report can neither stall the loop nor show up as a slow
// callback.
//
// Repeats are de-duplicated, as Python's warnings show a warning once per location: the first
// report of a kind from one creation site is logged in full; the next ones are counted and
// summarised ("... (200 times from this site)") every few seconds while they keep coming, on
// flush_reports() (event_loop::close() calls it) and at exit. COROGUARD_DEBUG_ALL_REPORTS=1
// or set_report_repeats(true) logs each.
#pragma once
#include <coroguard/event_loop.hpp>
#include <coroguard/log.hpp>

#include <cstdint>
#include <functional>
#include <source_location>
#include <string>

namespace coroguard::detail {

struct report {
  log_level level = log_level::warning;
  /// The family of the report, for de-duplication ("never awaited"); empty: never
  /// de-duplicated (each one is logged).
  std::string kind;
  /// Where the reported object was created: the coroutine's definition and the raw addresses of
  /// the call that created it (task_base's ramp addresses). Together with kind, the key of
  /// de-duplication.
  std::source_location def{};
  void* ramp_pc = nullptr;
  void* return_address = nullptr;
  /// Builds the message on the reporter thread (symbolising is allowed there).
  std::function<std::string()> format;
};

/// The default exception handler's report of `ctx`: the exception described now (on the calling
/// thread), the rest formatted on the reporter thread.
report exception_report(const exception_context& ctx, log_level level);
/// The default handler's report of `ctx`, through the reporter thread (de-duplicated by the
/// task's creation site when it has one). Never throws.
void report_exception_context(const exception_context& ctx, log_level level) noexcept;
/// Enqueues a report (never throws; the reporter thread starts on first use).
void submit_report(report r) noexcept;
/// Runs, once per process, the code paths a report takes on the loop thread (rethrowing an
/// exception to describe it, demangling its type), whose first run costs tens of microseconds.
/// Called when a loop is made, so that the first report costs no more than the thousandth.
void warm_up_reports() noexcept;
/// Starts the reporter thread ahead of the first report (a loop entering debug mode does), so
/// that no report pays for starting it.
void start_reporter() noexcept;

}  // namespace coroguard::detail
