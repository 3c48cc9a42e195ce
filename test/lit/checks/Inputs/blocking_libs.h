// Mocks of the synchronous bridges of libraries without a mock of their own
// (async_simple, libunifex, stdexec, Qt/QCoro socket waits), for
// coro-blocking-call.
#pragma once
namespace async_simple::coro {
template <typename L> auto syncAwait(L &&) { return 0; }
} // namespace async_simple::coro
namespace unifex {
template <typename S> auto sync_wait(S &&) { return 0; }
} // namespace unifex
namespace stdexec {
template <typename S> auto sync_wait(S &&) { return 0; }
} // namespace stdexec
class QIODevice {
public:
  virtual ~QIODevice() = default;
  virtual bool waitForReadyRead(int msecs) { return msecs > 0; }
};
class QAbstractSocket : public QIODevice {
public:
  bool waitForConnected(int msecs = 30000) { return msecs > 0; }
  bool waitForReadyRead(int msecs = 30000) override { return msecs > 0; }
};
class QTcpSocket : public QAbstractSocket {};
