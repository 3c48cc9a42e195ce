// coro-blocking-call on Qt's blocking APIs in a QCoro coroutine: the
// waitFor... family of local sockets, SSL sockets, serial ports (overrides
// of QIODevice's), TCP and local servers; waiting for a QFuture's results or
// through a QFutureWatcher (declared in its base class, named through the
// watcher); QtConcurrent's blocking functions; QThreadPool::waitForDone,
// QSemaphore::acquire, QWaitCondition::wait; QThread's sleeps; nested event
// loops (QEventLoop::exec, QDialog::exec and its overrides); QProcess::execute
// and QHostInfo::fromName. A zero timeout in milliseconds polls (servers'
// waitForNewConnection() defaults to it); try-variants, non-blocking
// counterparts and the same calls in main or a std::thread lambda are fine.
// RUN: %check_coroguard %s coro-blocking-call %t -- -- -std=c++20 -I %S/Inputs
// RUN: %check_coroguard --channel=load %s coro-blocking-call %t.load -- -- -std=c++20 -I %S/Inputs
#include "blocking_qt.h"
#include "qcoro.h"
#include <thread>

QCoro::Task<void> sockets(QLocalSocket &local, QSslSocket &ssl,
                          QSerialPort &port, QTcpServer &server,
                          QLocalServer &localServer) {
  local.waitForConnected(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QLocalSocket::waitForConnected' in coroutine 'sockets' stalls the event loop thread; use the QCoro awaitable ('co_await qCoro(object).waitFor...()') [coro-blocking-call]
  local.waitForReadyRead();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QLocalSocket::waitForReadyRead' in coroutine 'sockets'
  ssl.waitForEncrypted();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QSslSocket::waitForEncrypted' in coroutine 'sockets'
  port.waitForReadyRead(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QSerialPort::waitForReadyRead' in coroutine 'sockets'
  server.waitForNewConnection(-1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QTcpServer::waitForNewConnection' in coroutine 'sockets'
  localServer.waitForNewConnection(5000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QLocalServer::waitForNewConnection' in coroutine 'sockets'
  // A zero timeout polls: explicit, or the servers' default.
  local.waitForReadyRead(0);
  ssl.waitForEncrypted(0);
  server.waitForNewConnection();
  localServer.waitForNewConnection(0);
  co_return;
}

QCoro::Task<void> futures(QFuture<int> f, QFutureWatcher<int> &watcher,
                          int (&values)[4]) {
  int r = f.result();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'QFuture::result' in coroutine 'futures' stalls the event loop thread; use 'co_await' on the QFuture (QCoro) instead of a blocking wait for it [coro-blocking-call]
  r += f.resultAt(1) + f.results() + f.takeResult();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'QFuture::resultAt'
  // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: blocking call to 'QFuture::results'
  // CHECK-MESSAGES: :[[@LINE-3]]:38: warning: blocking call to 'QFuture::takeResult'
  watcher.waitForFinished();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QFutureWatcher::waitForFinished' in coroutine 'futures'
  QtConcurrent::blockingMap(values, [](int &v) { v *= 2; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QtConcurrent::blockingMap' in coroutine 'futures'
  // Not blocking: asking, and the asynchronous counterpart.
  (void)f.isFinished();
  (void)watcher.isFinished();
  QFuture<int> mapped = QtConcurrent::map(values, [](int &v) { v += 1; });
  (void)mapped;
  (void)r;
  co_return;
}

QCoro::Task<void> threads(QThreadPool &pool, QSemaphore &sem,
                          QWaitCondition &cond, QMutex &mutex,
                          QThread &thread) {
  pool.waitForDone();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QThreadPool::waitForDone' in coroutine 'threads' stalls the event loop thread; use an awaitable ('co_await' the result) or move the wait off the loop thread with 'run_in_executor'
  sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QSemaphore::acquire' in coroutine 'threads'
  cond.wait(&mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QWaitCondition::wait' in coroutine 'threads'
  thread.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QThread::wait' in coroutine 'threads'
  QThread::msleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QThread::msleep' in coroutine 'threads' stalls the event loop thread; use an awaitable timer ('co_await' a sleep of your runtime)
  QThread::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QThread::sleep' in coroutine 'threads'
  // Not blocking: a try, a zero timeout, a release.
  (void)sem.tryAcquire();
  pool.waitForDone(0);
  sem.release();
  co_return;
}

QCoro::Task<void> loops(QEventLoop &loop, QMessageBox &box, QDialog &dialog) {
  loop.exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QEventLoop::exec' in coroutine 'loops' stalls the event loop thread; use 'co_await' on the signal or operation (QCoro) instead of a nested event loop [coro-blocking-call]
  box.exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QMessageBox::exec' in coroutine 'loops'
  dialog.open();
  QProcess::execute("make");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QProcess::execute' in coroutine 'loops' stalls the event loop thread; use 'run_in_executor' (or an asynchronous process API)
  QHostInfo::fromName("example.org");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'QHostInfo::fromName' in coroutine 'loops' stalls the event loop thread; use an asynchronous resolver, or 'run_in_executor'
  QHostInfo::lookupHost("example.org", [](const QHostInfo &) {});
  co_return;
}

// Outside the loop's coroutines, blocking is the point.
int main() {
  QLocalSocket local;
  local.waitForConnected();
  QThreadPool pool;
  pool.waitForDone();
  QFuture<int> f;
  std::thread worker([&f, &local] {
    (void)f.result();
    local.waitForReadyRead();
    QThread::msleep(5);
  });
  worker.join();
  QEventLoop loop;
  return loop.exec();
}
