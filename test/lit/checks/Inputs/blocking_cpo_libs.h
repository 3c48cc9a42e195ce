// Synchronous bridges that real libraries declare as customisation-point
// objects, reduced to their shape: folly::coro::blocking_wait (and
// blockingWait, a reference to it), stdexec::sync_wait and
// sync_wait_with_variant, unifex::sync_wait and the variable template
// unifex::sync_wait_r. For coro-blocking-call-objects.cpp; not to be
// included with folly_coro.h or blocking_libs.h, which declare some of
// these names as functions.
#pragma once

namespace folly::coro {
struct blocking_wait_fn {
  template <typename Awaitable> int operator()(Awaitable &&) const {
    return 0;
  }
};
inline constexpr blocking_wait_fn blocking_wait{};
static constexpr blocking_wait_fn const &blockingWait = blocking_wait;
} // namespace folly::coro

namespace stdexec {
namespace __sync_wait {
struct sync_wait_t {
  template <typename Sender> int operator()(Sender &&) const { return 0; }
};
struct sync_wait_with_variant_t {
  template <typename Sender> int operator()(Sender &&) const { return 0; }
};
} // namespace __sync_wait
using __sync_wait::sync_wait_t;
using __sync_wait::sync_wait_with_variant_t;
inline constexpr sync_wait_t sync_wait{};
inline constexpr sync_wait_with_variant_t sync_wait_with_variant{};
} // namespace stdexec

namespace unifex {
namespace _sync_wait_cpo {
struct _fn {
  template <typename Sender> int operator()(Sender &&) const { return 0; }
};
} // namespace _sync_wait_cpo
inline constexpr _sync_wait_cpo::_fn sync_wait{};
namespace _sync_wait_r_cpo {
template <typename Result> struct _fn {
  template <typename Sender> Result operator()(Sender &&) const {
    return Result();
  }
};
} // namespace _sync_wait_r_cpo
template <typename Result>
inline constexpr _sync_wait_r_cpo::_fn<Result> sync_wait_r{};
} // namespace unifex
