// Qt's blocking APIs beyond blocking_libs.h's sockets, reduced to their
// declarations' shapes (Qt 6): local sockets and servers, SSL sockets,
// serial ports, futures and their watchers (waitForFinished declared in the
// watcher's base), the thread pool, semaphores, wait conditions, thread
// sleeps, nested event loops (QEventLoop, dialogs), QProcess::execute,
// QHostInfo::fromName, QtConcurrent's blocking functions. For
// coro-blocking-call-qt.cpp.
#pragma once
#include "blocking_libs.h"

class QLocalSocket : public QIODevice {
public:
  bool waitForConnected(int msecs = 30000) { return msecs > 0; }
  bool waitForDisconnected(int msecs = 30000) { return msecs > 0; }
  bool waitForReadyRead(int msecs = 30000) override { return msecs > 0; }
};
class QSslSocket : public QTcpSocket {
public:
  bool waitForEncrypted(int msecs = 30000) { return msecs > 0; }
};
class QSerialPort : public QIODevice {
public:
  bool waitForReadyRead(int msecs = 30000) override { return msecs > 0; }
};
class QTcpServer {
public:
  bool waitForNewConnection(int msec = 0, bool *timedOut = nullptr) {
    return msec > 0 && timedOut;
  }
  bool listen() { return true; }
};
class QLocalServer {
public:
  bool waitForNewConnection(int msec = 0, bool *timedOut = nullptr) {
    return msec > 0 && timedOut;
  }
};

template <typename T> class QFuture {
public:
  T result() const { return T(); }
  T resultAt(int) const { return T(); }
  T takeResult() { return T(); }
  int results() const { return 0; }
  void waitForFinished() {}
  bool isFinished() const { return true; }
};
class QFutureWatcherBase {
public:
  void waitForFinished() {}
  bool isFinished() const { return true; }
};
template <typename T> class QFutureWatcher : public QFutureWatcherBase {
public:
  QFuture<T> future() const { return {}; }
};

class QThreadPool {
public:
  bool waitForDone(int msecs = -1) { return msecs != 0; }
};
class QMutex {
public:
  void lock() {}
  void unlock() {}
};
class QSemaphore {
public:
  void acquire(int n = 1) { (void)n; }
  bool tryAcquire(int n = 1) { return n > 0; }
  void release(int n = 1) { (void)n; }
};
class QWaitCondition {
public:
  bool wait(QMutex *, unsigned long time = ~0ul) { return time != 0; }
  void wakeAll() {}
};
class QThread {
public:
  bool wait(unsigned long time = ~0ul) { return time != 0; }
  static void sleep(unsigned long secs) { (void)secs; }
  static void msleep(unsigned long msecs) { (void)msecs; }
  static void usleep(unsigned long usecs) { (void)usecs; }
};
class QEventLoop {
public:
  int exec(int flags = 0) { return flags; }
  void quit() {}
};
class QDialog {
public:
  virtual ~QDialog() = default;
  virtual int exec() { return 0; }
  void open() {}
};
class QMessageBox : public QDialog {
public:
  int exec() override { return 0; }
};
class QProcess {
public:
  static int execute(const char *program) { return program ? 0 : 1; }
  void start(const char *) {}
  bool waitForFinished(int msecs = 30000) { return msecs > 0; }
};
class QHostInfo {
public:
  static QHostInfo fromName(const char *) { return {}; }
  template <typename F> static int lookupHost(const char *, F &&) { return 1; }
};
namespace QtConcurrent {
template <typename Sequence, typename F> void blockingMap(Sequence &, F &&) {}
template <typename Sequence, typename F>
QFuture<int> map(Sequence &, F &&) {
  return {};
}
} // namespace QtConcurrent
