// coroguard/detail/task_base.hpp — the non-template part of every task promise:
// status, cancellation, creation site, and the bookkeeping of scheduled (root) tasks.
#pragma once
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <new>
#include <exception>
#include <source_location>
#include <string>

#include "../config.hpp"

namespace coroguard {
class event_loop;
namespace detail {

enum class task_status : std::uint8_t { created, scheduled, running, done };

/// Returns an address inside its caller (used to find the caller's caller when a coroutine
/// ramp has been inlined). Never inlined.
COROGUARD_NOINLINE void* current_pc() noexcept;

/// An address inside the function this is inlined into (free on x86-64).
COROGUARD_ALWAYS_INLINE void* here_pc() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  void* pc;
  asm volatile("leaq 0(%%rip), %0" : "=r"(pc));
  return pc;
#else
  return current_pc();
#endif
}

class task_base;

/// Coroutine frame allocation with a small per-thread cache of recently freed frames (like
/// Asio's recycling allocator): create+destroy of a task costs no malloc in steady state.
/// Frames up to 1 KiB are rounded up to 64-byte classes (always, so that TUs built with and
/// without the cache agree); the cache is off under AddressSanitizer.
#if defined(__SANITIZE_ADDRESS__)
#define COROGUARD_NO_FRAME_CACHE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COROGUARD_NO_FRAME_CACHE 1
#endif
#endif
struct frame_cache {
  static constexpr std::size_t granule = 64;
  static constexpr std::size_t classes = 16;
  static constexpr unsigned max_cached = 256;
  struct node {
    node* next;
  };
  node* heads[classes];
  unsigned counts[classes];
  bool cleanup_registered;
};
inline constinit thread_local frame_cache t_frame_cache{};
/// Frees this thread's cached frames at thread exit (registered on first use).
void register_frame_cache_cleanup() noexcept;

COROGUARD_ALWAYS_INLINE void* allocate_frame(std::size_t size) {
  const std::size_t cls = (size + frame_cache::granule - 1) / frame_cache::granule;
  if (cls < frame_cache::classes) {
#ifndef COROGUARD_NO_FRAME_CACHE
    frame_cache& fc = t_frame_cache;
    if (frame_cache::node* n = fc.heads[cls]) {
      fc.heads[cls] = n->next;
      --fc.counts[cls];
      return n;
    }
#endif
    return ::operator new(cls * frame_cache::granule);
  }
  return ::operator new(size);
}

COROGUARD_ALWAYS_INLINE void deallocate_frame(void* p, std::size_t size) noexcept {
#ifndef COROGUARD_NO_FRAME_CACHE
  const std::size_t cls = (size + frame_cache::granule - 1) / frame_cache::granule;
  if (cls < frame_cache::classes) {
    frame_cache& fc = t_frame_cache;
    if (fc.counts[cls] < frame_cache::max_cached) {
      if (!fc.cleanup_registered) register_frame_cache_cleanup();
      auto* n = static_cast<frame_cache::node*>(p);
      n->next = fc.heads[cls];
      fc.heads[cls] = n;
      ++fc.counts[cls];
      return;
    }
  }
#else
  (void)size;
#endif
  ::operator delete(p);
}

/// Intrusive node: a coroutine waiting for a scheduled task to finish.
struct task_waiter {
  task_waiter* next = nullptr;
  std::coroutine_handle<> handle;
  task_base* root = nullptr;  // the scheduled task the waiting coroutine runs in
};

/// The scheduled task currently being stepped on this thread (nullptr outside task steps).
inline constinit thread_local task_base* t_current_task = nullptr;

class task_base {
 public:
  /// Must be inlined into the coroutine ramp: captures the ramp's return address
  /// (the call that created the task) for "created at <file>:<line>", at ~1 ns.
  COROGUARD_ALWAYS_INLINE explicit task_base(std::source_location loc) noexcept
      : loc_(loc), return_address_(__builtin_return_address(0)), ramp_pc_(here_pc()) {}
  task_base(const task_base&) = delete;
  task_base& operator=(const task_base&) = delete;
  static void* operator new(std::size_t size) { return allocate_frame(size); }
  static void operator delete(void* p, std::size_t size) noexcept { deallocate_frame(p, size); }

  /// The coroutine's function name, e.g. "fetch" (qualified, without return type/params).
  std::string name() const;
  /// "<file>:<line>" of the call that created the task ("<unknown>" when not symbolisable:
  /// build with -g for file:line).
  std::string created_at() const;
  /// "<file>:<line>" of the coroutine definition.
  std::string defined_at() const;
  const std::source_location& location() const noexcept { return loc_; }
  std::uint64_t id() const noexcept { return id_; }
  task_status status() const noexcept { return status_; }
  bool done() const noexcept { return status_ == task_status::done; }
  bool cancelled() const noexcept { return cancelled_; }

  // --- scheduled-task machinery (used by event_loop and awaiters; loop thread only) ---
  void add_ref() noexcept { ++refs_; }
  void release() noexcept {
    if (--refs_ == 0) last_release();
  }
  void last_release() noexcept;
  bool cancel() noexcept;
  std::coroutine_handle<> on_root_done() noexcept;
  void report_never_awaited() noexcept;
  void set_cancel_hook(void (*fn)(void*), void* ctx) noexcept {
    hook_fn_ = fn;
    hook_ctx_ = ctx;
  }
  void clear_cancel_hook(void* ctx) noexcept {
    if (hook_ctx_ == ctx) hook_fn_ = nullptr, hook_ctx_ = nullptr;
  }
  /// Consumes a pending cancellation request (delivered as cancelled_error by the caller).
  bool take_cancel_request() noexcept {
    if (!cancel_requested_) return false;
    cancel_requested_ = false;
    return true;
  }
  void add_waiter(task_waiter* w) noexcept {
    w->next = waiters_;
    waiters_ = w;
  }
  void remove_waiter(task_waiter* w) noexcept {
    for (task_waiter** p = &waiters_; *p; p = &(*p)->next)
      if (*p == w) {
        *p = w->next;
        return;
      }
  }
  event_loop* loop() const noexcept { return loop_; }

  std::coroutine_handle<> continuation_;
  std::exception_ptr exception_;
  event_loop* loop_ = nullptr;
  task_waiter* waiters_ = nullptr;
  void (*hook_fn_)(void*) = nullptr;
  void* hook_ctx_ = nullptr;
  task_base* prev_ = nullptr;  // event_loop's list of live scheduled tasks
  task_base* next_ = nullptr;
  std::coroutine_handle<> self_;
  std::uint64_t id_ = 0;
  std::uint32_t refs_ = 0;
  task_status status_ = task_status::created;
  bool root_ = false;
  bool cancel_requested_ = false;
  bool cancelled_ = false;
  bool retrieved_ = false;
  /// Finalizes an abandoned async generator: cancel_all_tasks() spares it, so shutdown runs
  /// the generator's cleanup to completion.
  bool finalizer_ = false;
  std::source_location loc_;
  void* return_address_;
  void* ramp_pc_;
};

}  // namespace detail
}  // namespace coroguard
