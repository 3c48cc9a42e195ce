// Stand-in for C++23 std::generator (libstdc++ 12 has none): a class template
// in namespace std with a nested promise_type whose initial_suspend suspends
// and which has yield_value; not awaitable.
#pragma once
#include <coroutine>
#include <exception>

namespace std {
template <class Ref, class V = void, class Allocator = void> class generator {
public:
  struct promise_type {
    generator get_return_object() noexcept { return {}; }
    suspend_always initial_suspend() const noexcept { return {}; }
    suspend_always final_suspend() noexcept { return {}; }
    suspend_always yield_value(Ref) noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() {}
  };
  struct iterator {
    bool operator!=(const iterator &) const { return false; }
    iterator &operator++() { return *this; }
    Ref operator*() const { return Ref(); }
  };
  iterator begin() { return {}; }
  iterator end() { return {}; }
};
} // namespace std
