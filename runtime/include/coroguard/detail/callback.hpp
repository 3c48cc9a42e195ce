// coroguard/detail/callback.hpp — the type-erased, trivially relocatable ready-queue slot.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <source_location>
#include <type_traits>
#include <utility>

namespace coroguard::detail {

class task_base;

/// True for coroutine return types (anything with a nested promise_type):
/// a callback returning one would have its task dropped, never awaited.
template <class R, class = void>
struct returns_coroutine : std::false_type {};
template <class R>
struct returns_coroutine<R, std::void_t<typename R::promise_type>> : std::true_type {};

/// One entry of the ready queue: 48 bytes, trivially copyable, so queues grow by memcpy.
/// Small trivially copyable callables (up to 32 bytes) live inline; anything else is boxed
/// on the heap. invoke(c, true) runs and destroys the callable; invoke(c, false) only
/// destroys it. A task step is a slot whose storage holds {coroutine address, task_base*}
/// (see event_loop::resume_callback).
struct callback {
  static constexpr std::size_t inline_size = 32;
  using invoke_fn = void (*)(callback&, bool run);

  invoke_fn invoke;
  std::source_location where;  // call site of call_soon & co (debug reports)
  alignas(8) unsigned char storage[inline_size];

  template <class F>
  static constexpr bool fits_inline =
      sizeof(F) <= inline_size && alignof(F) <= 8 && std::is_trivially_copyable_v<F>;

  template <class F>
  void set(F&& fn, std::source_location loc) {
    using D = std::decay_t<F>;
    static_assert(!returns_coroutine<std::invoke_result_t<D&>>::value,
                  "coroguard: this callback returns a coroutine task; the event loop calls "
                  "callbacks and drops what they return, so the task would never be awaited and "
                  "its body would never run. Schedule it instead: loop.create_task(work()), or "
                  "call_soon([&] { loop.create_task(work()); })");
    where = loc;
    if constexpr (fits_inline<D>) {
      ::new (static_cast<void*>(storage)) D(std::forward<F>(fn));
      invoke = [](callback& c, bool run) {
        if (run) (*std::launder(reinterpret_cast<D*>(c.storage)))();
      };
    } else {
      D* p = new D(std::forward<F>(fn));
      std::memcpy(storage, &p, sizeof p);
      invoke = [](callback& c, bool run) {
        D* q;
        std::memcpy(&q, c.storage, sizeof q);
        std::unique_ptr<D> owner(q);
        if (run) (*q)();
      };
    }
  }
};
static_assert(sizeof(callback) == 48);
static_assert(std::is_trivially_copyable_v<callback>);

/// A growable array of callbacks (memcpy relocation, capacity kept across clear()).
class callback_buffer {
 public:
  callback_buffer() = default;
  callback_buffer(const callback_buffer&) = delete;
  callback_buffer& operator=(const callback_buffer&) = delete;
  ~callback_buffer() { std::free(data_); }

  callback& push() {
    if (size_ == cap_) grow();
    return data_[size_++];
  }
  void append(const callback_buffer& other) {
    reserve(size_ + other.size_);
    if (other.size_) std::memcpy(static_cast<void*>(data_ + size_), other.data_, other.size_ * sizeof(callback));
    size_ += other.size_;
  }
  void reserve(std::size_t n) {
    if (n <= cap_) return;
    std::size_t c = cap_ ? cap_ : 64;
    while (c < n) c *= 2;
    auto* p = static_cast<callback*>(std::realloc(static_cast<void*>(data_), c * sizeof(callback)));
    if (!p) throw std::bad_alloc();
    data_ = p;
    cap_ = c;
  }
  callback* data() noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  void clear() noexcept { size_ = 0; }
  void pop_back() noexcept { --size_; }
  /// Destroys (without running) every pending callable.
  void discard() noexcept {
    for (std::size_t i = 0; i < size_; ++i) data_[i].invoke(data_[i], false);
    size_ = 0;
  }
  void swap(callback_buffer& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(cap_, o.cap_);
  }

 private:
  void grow() { reserve(cap_ ? cap_ * 2 : 64); }
  callback* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t cap_ = 0;
};

}  // namespace coroguard::detail
