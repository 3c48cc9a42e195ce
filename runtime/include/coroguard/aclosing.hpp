// coroguard/aclosing.hpp — aclosing(gen, body): C++'s `async with aclosing(gen)`.
//
//   co_await coroguard::aclosing(gen, [](auto& g) -> coroguard::task<void> {
//     while (auto v = co_await g.next()) if (*v > 10) co_return;   // early exit is fine
//   });
//
// Awaits body(gen), then always awaits gen.aclose() (also when body throws), so the
// generator's cleanup runs deterministically right there. Rethrows body's exception.
#pragma once
#include <exception>
#include <utility>

#include "async_generator.hpp"

namespace coroguard {

/// `gen` must outlive the returned task (it usually is a local of the awaiting coroutine).
template <class T, class Send, class Body>
task<void> aclosing(async_generator<T, Send>& gen, Body body) {
  std::exception_ptr err;
  try {
    co_await body(gen);
  } catch (...) {
    err = std::current_exception();
  }
  co_await gen.aclose();
  if (err) std::rethrow_exception(err);
}

namespace detail {
template <class T, class Send, class Body>
task<void> aclosing_owned(async_generator<T, Send> gen, Body body) {
  co_await coroguard::aclosing(gen, std::move(body));
}
}  // namespace detail

/// Takes ownership of a temporary generator.
template <class T, class Send, class Body>
task<void> aclosing(async_generator<T, Send>&& gen, Body body) {
  return detail::aclosing_owned(std::move(gen), std::move(body));
}

}  // namespace coroguard
