// Asio's synchronous operations (sockets, acceptors, resolvers, timers, free
// read/write/connect, ssl::stream) on top of the asio.h / boost_asio.h mocks,
// in both namespaces, for coro-blocking-call-asio.cpp.
#pragma once
#include "asio.h"
#include "boost_asio.h"

#define MOCK_ASIO_NS_OPEN namespace asio {
#define MOCK_ASIO_NS_CLOSE }
#include "blocking_asio_sync_impl.inc"
#undef MOCK_ASIO_NS_OPEN
#undef MOCK_ASIO_NS_CLOSE

#define MOCK_ASIO_NS_OPEN namespace boost::asio {
#define MOCK_ASIO_NS_CLOSE }
#include "blocking_asio_sync_impl.inc"
#undef MOCK_ASIO_NS_OPEN
#undef MOCK_ASIO_NS_CLOSE
