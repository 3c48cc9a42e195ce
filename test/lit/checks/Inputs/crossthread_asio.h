// Asio and Boost.Asio I/O objects for coro-cross-thread-loop-call's asio
// preset.
#pragma once
#define XT_ASIO_NS_OPEN namespace asio {
#define XT_ASIO_NS_CLOSE }
#include "crossthread_asio_impl.inc"
#undef XT_ASIO_NS_OPEN
#undef XT_ASIO_NS_CLOSE
#define XT_ASIO_NS_OPEN namespace boost::asio {
#define XT_ASIO_NS_CLOSE }
#include "crossthread_asio_impl.inc"
#undef XT_ASIO_NS_OPEN
#undef XT_ASIO_NS_CLOSE
