// coroguard/gather.hpp — gather(...) / when_all(...): run tasks concurrently, await them all.
//
//   auto [a, b] = co_await coroguard::gather(fetch(1), fetch(2));   // std::tuple
//   std::vector<int> v = co_await coroguard::gather(std::move(tasks));
//
// Each task is scheduled on the running loop (create_task) and all are awaited. When some
// fail, gather waits for all of them (no task is left running) and then rethrows the first
// exception in argument order. task<void> results appear as std::monostate. Cancelling the
// gathering task cancels the children.
#pragma once
#include <array>
#include <exception>
#include <tuple>
#include <variant>
#include <vector>

#include "event_loop.hpp"

namespace coroguard {

namespace detail {
template <class T>
using non_void_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
non_void_t<T> handle_value(task_handle<T>& h) {
  if constexpr (std::is_void_v<T>) {
    h.result();
    return {};
  } else {
    return h.result();
  }
}

template <class Handles>
task<void> wait_all(Handles& bases) {
  try {
    for (task_base* b : bases) co_await done_awaiter{b};
  } catch (const cancelled_error&) {
    for (task_base* b : bases) b->cancel();
    throw;
  }
  std::exception_ptr first;
  for (task_base* b : bases) {
    if (!b->exception_) continue;
    b->retrieved_ = true;
    if (!first) first = b->exception_;
  }
  if (first) std::rethrow_exception(first);
}
}  // namespace detail

template <class... Ts>
task<std::tuple<detail::non_void_t<Ts>...>> gather(task<Ts>... tasks) {
  event_loop& loop = get_running_loop();
  std::tuple<task_handle<Ts>...> handles{loop.create_task(std::move(tasks))...};
  std::array<detail::task_base*, sizeof...(Ts)> bases =
      std::apply([](auto&... h) { return std::array<detail::task_base*, sizeof...(Ts)>{h.base()...}; }, handles);
  co_await detail::wait_all(bases);
  co_return std::apply(
      [](auto&... h) { return std::tuple<detail::non_void_t<Ts>...>{detail::handle_value(h)...}; }, handles);
}

template <class T>
task<std::vector<detail::non_void_t<T>>> gather(std::vector<task<T>> tasks) {
  event_loop& loop = get_running_loop();
  std::vector<task_handle<T>> handles;
  std::vector<detail::task_base*> bases;
  handles.reserve(tasks.size());
  for (auto& t : tasks) {
    handles.push_back(loop.create_task(std::move(t)));
    bases.push_back(handles.back().base());
  }
  co_await detail::wait_all(bases);
  std::vector<detail::non_void_t<T>> out;
  out.reserve(handles.size());
  for (auto& h : handles) out.push_back(detail::handle_value(h));
  co_return out;
}

/// Same as gather (cppcoro's name).
template <class... Ts>
auto when_all(task<Ts>... tasks) {
  return gather(std::move(tasks)...);
}
template <class T>
auto when_all(std::vector<task<T>> tasks) {
  return gather(std::move(tasks));
}

}  // namespace coroguard
