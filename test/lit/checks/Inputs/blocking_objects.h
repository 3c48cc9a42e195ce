// Callees that are objects, and members inherited through the class a call
// is made on, for coro-blocking-call-objects.cpp (a library of our own,
// namespace lib, listed through the BlockingFunctions option).
#pragma once

namespace lib {
// Customisation-point objects: the call's callee is the class's operator().
namespace _wait {
struct _fn {
  template <typename T> int operator()(T &&) const { return 0; }
};
template <typename R> struct _fn_r {
  template <typename T> R operator()(T &&) const { return R(); }
};
} // namespace _wait
inline constexpr _wait::_fn sync_wait{};
// The same class under a name no table lists.
inline constexpr _wait::_fn poll_once{};
// A reference to a listed object, under a name of its own.
inline constexpr const _wait::_fn &wait_alias = sync_wait;
// A variable template.
template <typename R> inline constexpr _wait::_fn_r<R> sync_wait_r{};
// A lambda stored at namespace scope.
inline constexpr auto block_on = [](auto &&) { return 0; };
// A static data member.
struct runner {
  static constexpr _wait::_fn run{};
};

// Inherited members: a CRTP base and a plain base in a detail namespace.
template <typename Derived> class PoolBase {
public:
  void submit(int) {}
  void post(int) {}
};
class Pool : public PoolBase<Pool> {};
namespace detail {
class queue_base {
public:
  void push(int) {}
};
} // namespace detail
class Queue : public detail::queue_base {};
class OtherQueue : public detail::queue_base {};
} // namespace lib

// A customisation-point object at global scope.
inline constexpr lib::_wait::_fn global_wait{};
