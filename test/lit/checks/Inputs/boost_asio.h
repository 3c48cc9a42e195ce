// Boost.Asio flavour of asio.h: the same shapes in namespace boost::asio.
#pragma once
#include <coroutine>
#include <exception>
#include <future>
#include <type_traits>
#include <utility>

#define MOCK_ASIO_NS_OPEN namespace boost::asio {
#define MOCK_ASIO_NS_CLOSE }
#define MOCK_ASIO_QUAL ::boost::asio
#include "asio_impl.inc"
#undef MOCK_ASIO_NS_OPEN
#undef MOCK_ASIO_NS_CLOSE
#undef MOCK_ASIO_QUAL
