// Mock of standalone Asio's C++20 coroutine support (and, included with
// ASIO_NAMESPACE=boost::asio semantics through boost_asio.h, Boost.Asio):
// awaitable<T, Executor> has NO nested promise_type; the promise comes from a
// std::coroutine_traits partial specialisation, and it is awaitable only
// through the promise's await_transform. co_spawn, detached, use_awaitable,
// async operations returning awaitables, awaitable_operators' operator&&.
#pragma once
#include <coroutine>
#include <exception>
#include <future>
#include <type_traits>
#include <utility>

#define MOCK_ASIO_NS_OPEN namespace asio {
#define MOCK_ASIO_NS_CLOSE }
#define MOCK_ASIO_QUAL ::asio
#include "asio_impl.inc"
#undef MOCK_ASIO_NS_OPEN
#undef MOCK_ASIO_NS_CLOSE
#undef MOCK_ASIO_QUAL
