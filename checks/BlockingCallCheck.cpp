//===--- BlockingCallCheck.cpp - coroguard ---------------------------------===//

#include "BlockingCallCheck.h"
#include "utils/AnalysisSession.h"
#include "utils/CoroutineTypes.h"
#include "utils/DiagnosticText.h"
#include "utils/UnitSummariser.h"
#include "utils/FunctionUses.h"
#include "utils/Parents.h"
#include "utils/LLVMCompat.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"
#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::coro {

// The suggestions of the default table (the text after `->`, printed after
// "use"). Keep docs/checks/coro-blocking-call.md in sync.
#define TIMER "an awaitable timer ('co_await' a sleep of your runtime)"
#define WAIT                                                                   \
  "an awaitable ('co_await' the result) or move the wait off the loop "        \
  "thread with 'run_in_executor'"
#define IO "asynchronous I/O, or 'run_in_executor' for the blocking call"
#define BRIDGE "'co_await' on the task instead of a synchronous bridge"
#define PROCESS "'run_in_executor' (or an asynchronous process API)"
#define RESOLVE "an asynchronous resolver, or 'run_in_executor'"
#define FILEIO "'run_in_executor' for file I/O"
#define QT "the QCoro awaitable ('co_await qCoro(object).waitFor...()')"
#define QTFUTURE                                                               \
  "'co_await' on the QFuture (QCoro) instead of a blocking wait for it"
#define QTLOOP                                                                 \
  "'co_await' on the signal or operation (QCoro) instead of a nested event "  \
  "loop"
#define SHUTDOWN                                                               \
  "a shutdown after the event loop has stopped (it joins the pool's threads)"
// Asio's synchronous operations (the asynchronous ones are `async_*`), by
// the class that declares them; in standalone Asio and in Boost.Asio.
#define ASIO_SYNC(NS)                                                          \
  NS "read -> " IO ";" NS "write -> " IO ";" NS "read_until -> " IO ";" NS     \
  "read_at -> " IO ";" NS "write_at -> " IO ";" NS "connect -> " IO ";" NS     \
  "basic_socket::connect -> " IO ";" NS "basic_socket::wait -> " IO ";" NS     \
  "basic_stream_socket::read_some -> " IO ";" NS                               \
  "basic_stream_socket::write_some -> " IO ";" NS                              \
  "basic_stream_socket::receive -> " IO ";" NS                                 \
  "basic_stream_socket::send -> " IO ";" NS                                    \
  "basic_datagram_socket::receive -> " IO ";" NS                               \
  "basic_datagram_socket::receive_from -> " IO ";" NS                          \
  "basic_datagram_socket::send -> " IO ";" NS                                  \
  "basic_datagram_socket::send_to -> " IO ";" NS                               \
  "basic_raw_socket::receive -> " IO ";" NS                                    \
  "basic_raw_socket::receive_from -> " IO ";" NS                               \
  "basic_raw_socket::send -> " IO ";" NS "basic_raw_socket::send_to -> " IO   \
  ";" NS "basic_seq_packet_socket::receive -> " IO ";" NS                      \
  "basic_seq_packet_socket::send -> " IO ";" NS                                \
  "basic_socket_acceptor::accept -> " IO ";" NS                                \
  "basic_socket_acceptor::wait -> " IO ";" NS                                  \
  "ip::basic_resolver::resolve -> " RESOLVE ";" NS                             \
  "basic_waitable_timer::wait -> " TIMER ";" NS                                \
  "basic_deadline_timer::wait -> " TIMER ";" NS                                \
  "ssl::stream::handshake -> " IO ";" NS "ssl::stream::read_some -> " IO ";"   \
  NS "ssl::stream::write_some -> " IO ";" NS "ssl::stream::shutdown -> " IO    \
  ";" NS "posix::basic_stream_descriptor::read_some -> " IO ";" NS             \
  "posix::basic_stream_descriptor::write_some -> " IO ";" NS                   \
  "posix::basic_descriptor::wait -> " IO ";" NS                                \
  "basic_serial_port::read_some -> " IO ";" NS                                 \
  "basic_serial_port::write_some -> " IO ";"

static constexpr const char *TimerSuggestion = TIMER;
static constexpr const char *RuntimeSleep = "'co_await coroguard::sleep(...)'";

const char *BlockingCallCheck::defaultBlockingFunctions() {
  return
      // Sleeping.
      "std::this_thread::sleep_for -> " TIMER ";"
      "std::this_thread::sleep_until -> " TIMER ";"
      "sleep -> " TIMER ";usleep -> " TIMER ";nanosleep -> " TIMER ";"
      "clock_nanosleep -> " TIMER ";"
      // Waiting for threads, processes, futures and synchronisation objects.
      "std::thread::join -> " WAIT ";std::jthread::join -> " WAIT ";"
      "pthread_join -> " WAIT ";waitpid -> " WAIT ";wait -> " WAIT ";"
      "std::future::get -> " WAIT ";std::future::wait -> " WAIT ";"
      "std::future::wait_for -> " WAIT ";std::future::wait_until -> " WAIT ";"
      // libstdc++ declares the waits once, in the base of both futures.
      "std::__basic_future::wait -> " WAIT
      ";std::__basic_future::wait_for -> " WAIT
      ";std::__basic_future::wait_until -> " WAIT ";"
      "std::shared_future::get -> " WAIT ";std::shared_future::wait -> " WAIT
      ";std::shared_future::wait_for -> " WAIT
      ";std::shared_future::wait_until -> " WAIT ";"
      "std::condition_variable::wait -> " WAIT
      ";std::condition_variable::wait_for -> " WAIT
      ";std::condition_variable::wait_until -> " WAIT ";"
      "std::condition_variable_any::wait -> " WAIT
      ";std::condition_variable_any::wait_for -> " WAIT
      ";std::condition_variable_any::wait_until -> " WAIT ";"
      "std::latch::wait -> " WAIT ";std::latch::arrive_and_wait -> " WAIT ";"
      "std::barrier::arrive_and_wait -> " WAIT ";"
      "std::counting_semaphore::acquire -> " WAIT
      ";std::counting_semaphore::try_acquire_for -> " WAIT
      ";std::counting_semaphore::try_acquire_until -> " WAIT ";"
      "std::atomic::wait -> " WAIT ";std::atomic_flag::wait -> " WAIT ";"
      "sem_wait -> " WAIT ";sem_timedwait -> " WAIT ";"
      "pthread_cond_wait -> " WAIT ";pthread_cond_timedwait -> " WAIT ";"
      // Blocking I/O and system calls.
      "read -> " IO ";write -> " IO ";pread -> " IO ";pwrite -> " IO ";"
      "readv -> " IO ";writev -> " IO ";"
      "recv -> " IO ";recvfrom -> " IO ";recvmsg -> " IO ";"
      "send -> " IO ";sendto -> " IO ";sendmsg -> " IO ";"
      "accept -> " IO ";accept4 -> " IO ";connect -> " IO ";"
      "poll -> " IO ";ppoll -> " IO ";select -> " IO ";pselect -> " IO ";"
      "epoll_wait -> " IO ";epoll_pwait -> " IO ";"
      "getaddrinfo -> " RESOLVE ";gethostbyname -> " RESOLVE
      ";gethostbyname2 -> " RESOLVE ";gethostbyaddr -> " RESOLVE
      ";getnameinfo -> " RESOLVE ";"
      "fopen -> " FILEIO ";fread -> " FILEIO ";fwrite -> " FILEIO
      ";fgets -> " FILEIO ";fgetc -> " FILEIO ";fscanf -> " FILEIO
      ";getline -> " FILEIO ";getdelim -> " FILEIO ";"
      "getchar -> " IO ";scanf -> " IO ";"
      "system -> " PROCESS ";popen -> " PROCESS ";pclose -> " PROCESS ";"
      // File streams (constructors that open a file, open) and extraction,
      // the latter only from std::cin or a file stream (see streamGate).
      "std::basic_fstream -> " FILEIO ";std::basic_ifstream -> " FILEIO
      ";std::basic_ofstream -> " FILEIO ";"
      "std::basic_fstream::open -> " FILEIO
      ";std::basic_ifstream::open -> " FILEIO
      ";std::basic_ofstream::open -> " FILEIO ";"
      "std::basic_istream::operator>> -> " IO ";std::operator>> -> " IO
      ";std::getline -> " IO ";std::basic_istream::getline -> " IO
      ";std::basic_istream::get -> " IO ";std::basic_istream::read -> " IO
      ";"
      // Output, only to a file stream (see streamGate), and closing one
      // (which writes what is buffered).
      "std::basic_ostream::operator<< -> " FILEIO ";std::operator<< -> " FILEIO
      ";std::basic_ostream::write -> " FILEIO ";std::basic_ostream::put -> " FILEIO
      ";std::basic_ostream::flush -> " FILEIO ";std::basic_ostream::seekp -> " FILEIO
      ";std::basic_ofstream::close -> " FILEIO ";std::basic_fstream::close -> " FILEIO
      ";"
      // Synchronous bridges: run an event loop or wait for a task.
      "coroguard::run -> " BRIDGE ";coroguard::runner::run -> " BRIDGE ";"
      "coroguard::event_loop::run_until_complete -> " BRIDGE
      ";coroguard::event_loop::run_forever -> " BRIDGE ";"
      "cppcoro::sync_wait -> " BRIDGE ";coro::sync_wait -> " BRIDGE ";"
      "folly::coro::blockingWait -> " BRIDGE ";QCoro::waitFor -> " BRIDGE ";"
      "asio::io_context::run -> " BRIDGE ";asio::io_context::run_one -> " BRIDGE
      ";asio::io_context::run_for -> " BRIDGE
      ";asio::io_context::run_until -> " BRIDGE ";"
      "boost::asio::io_context::run -> " BRIDGE
      ";boost::asio::io_context::run_one -> " BRIDGE
      ";boost::asio::io_context::run_for -> " BRIDGE
      ";boost::asio::io_context::run_until -> " BRIDGE ";"
      "async_simple::coro::syncAwait -> " BRIDGE ";unifex::sync_wait -> " BRIDGE
      ";stdexec::sync_wait -> " BRIDGE ";std::this_thread::sync_wait -> " BRIDGE
      ";drogon::sync_wait -> " BRIDGE ";"
      "concurrencpp::result::get -> " BRIDGE ";concurrencpp::result::wait -> " BRIDGE
      ";concurrencpp::result::wait_for -> " BRIDGE
      ";concurrencpp::result::wait_until -> " BRIDGE ";"
      "concurrencpp::shared_result::get -> " BRIDGE
      ";concurrencpp::shared_result::wait -> " BRIDGE
      ";concurrencpp::shared_result::wait_for -> " BRIDGE
      ";concurrencpp::shared_result::wait_until -> " BRIDGE ";"
      "folly::SemiFuture::get -> " BRIDGE ";folly::SemiFuture::wait -> " BRIDGE
      ";folly::Future::get -> " BRIDGE ";folly::Future::wait -> " BRIDGE ";"
      "seastar::future::get -> " BRIDGE ";seastar::future::get0 -> " BRIDGE
      ";seastar::future::wait -> " BRIDGE ";"
      // Customisation-point objects (matched by the object's name).
      "folly::coro::blocking_wait -> " BRIDGE ";unifex::sync_wait_r -> " BRIDGE
      ";stdexec::sync_wait_with_variant -> " BRIDGE
      ";std::this_thread::sync_wait_with_variant -> " BRIDGE ";"
      "boost::cobalt::run -> " BRIDGE ";boost::cobalt::thread::join -> " WAIT ";"
      "async_simple::Future::get -> " BRIDGE ";async_simple::Future::wait -> " BRIDGE
      ";"
      // Shutting a thread pool down joins its threads.
      "coro::thread_pool::shutdown -> " SHUTDOWN
      ";coro::io_scheduler::shutdown -> " SHUTDOWN
      ";coro::scheduler::shutdown -> " SHUTDOWN
      ";coroguard::thread_pool_executor::shutdown -> " SHUTDOWN
      ";coroguard::event_loop::shutdown_default_executor -> " SHUTDOWN ";"
      ASIO_SYNC("asio::") ASIO_SYNC("boost::asio::")
      // Qt's blocking waits (QCoro wraps them in awaitables of its own
      // classes, which are not these declarations). Overrides of
      // QIODevice's (QSerialPort, QLocalSocket, ...) match as overrides.
      "QIODevice::waitFor* -> " QT ";QAbstractSocket::waitFor* -> " QT
      ";QProcess::waitFor* -> " QT ";QThread::wait -> " QT
      ";QFuture::waitForFinished -> " QT ";"
      "QLocalSocket::waitFor* -> " QT ";QSslSocket::waitFor* -> " QT
      ";QTcpServer::waitForNewConnection -> " QT
      ";QLocalServer::waitForNewConnection -> " QT ";"
      "QFutureWatcher::waitForFinished -> " QTFUTURE ";QFuture::result -> " QTFUTURE
      ";QFuture::resultAt -> " QTFUTURE ";QFuture::results -> " QTFUTURE
      ";QFuture::takeResult -> " QTFUTURE ";QtConcurrent::blocking* -> " QTFUTURE
      ";"
      "QThreadPool::waitForDone -> " WAIT ";QSemaphore::acquire -> " WAIT
      ";QWaitCondition::wait -> " WAIT ";"
      "QThread::sleep -> " TIMER ";QThread::msleep -> " TIMER
      ";QThread::usleep -> " TIMER ";"
      "QEventLoop::exec -> " QTLOOP ";QDialog::exec -> " QTLOOP ";"
      "QProcess::execute -> " PROCESS ";QHostInfo::fromName -> " RESOLVE ";"
      "winrt::impl::consume_Windows_Foundation_IAsyncAction::get -> " BRIDGE
      ";winrt::impl::consume_Windows_Foundation_IAsyncActionWithProgress::get -> " BRIDGE
      ";winrt::impl::consume_Windows_Foundation_IAsyncOperation::get -> " BRIDGE
      ";winrt::impl::consume_Windows_Foundation_IAsyncOperationWithProgress::get -> " BRIDGE;
}

const char *BlockingCallCheck::defaultThreadSwitches() {
  // Thread pools a coroutine moves to for heavy or blocking work. Not
  // libcoro's coro::scheduler: it is the I/O event loop (even where it runs
  // tasks on its own workers, they are the threads that process the loop's
  // completions).
  return "coro::thread_pool::schedule;coro::thread_pool::yield;"
         "cppcoro::static_thread_pool::schedule;winrt::resume_background;"
         // Awaitables that resume the awaiting coroutine on the executor
         // they are given (its kind, from the Executors table, decides).
         "cppcoro::resume_on;cppcoro::schedule_on;concurrencpp::resume_on;"
         "async_simple::coro::dispatch";
}

const char *BlockingCallCheck::defaultTaskOffloads() {
  // libcoro's thread pool runs a task (or a coroutine handle) given to it on
  // one of its threads.
  return "coro::thread_pool::schedule;coro::thread_pool::resume;"
         "coro::thread_pool::spawn_joinable;coro::thread_pool::spawn_detached";
}

const char *BlockingCallCheck::defaultReadinessCallbacks() {
  return "coroguard::event_loop::add_reader;coroguard::event_loop::add_writer";
}

const char *BlockingCallCheck::defaultReadinessAwaitables() {
  // libcoro: its sockets are non-blocking (made so in its sources, another
  // translation unit) and its coroutines poll before reading.
  return "coro::scheduler::poll;coro::io_scheduler::poll;"
         "coro::net::tcp::client::poll;coro::net::tcp::server::poll;"
         "coro::net::udp::peer::poll;coro::net::tls::client::poll;"
         "coro::net::tls::server::poll";
}

#undef TIMER
#undef WAIT
#undef IO
#undef BRIDGE
#undef PROCESS
#undef RESOLVE
#undef FILEIO
#undef QT
#undef QTFUTURE
#undef QTLOOP
#undef SHUTDOWN
#undef ASIO_SYNC

BlockingCallCheck::BlockingCallCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), UserNodes(*Context),
      BlockingFunctionsOpt(Options.get("BlockingFunctions", "")),
      ContextOpts(Options),
      ThreadSwitchOpt(Options.get("ThreadSwitchAwaitables", "")),
      ReadinessOpt(Options.get("ReadinessCallbackFunctions", "")),
      ReadinessAwaitOpt(Options.get("ReadinessAwaitables", "")),
      TaskOffloadOpt(Options.get("TaskOffloadFunctions", "")),
      ExecutorsOpt(Options.getLocalOrGlobal("Executors", "")),
      CheckLoopCallbacks(Options.get("CheckLoopCallbacks", true)),
      Transitive(Options.get("Transitive", true)),
      Resolver(CallableSinks()) {
  auto Load = [this](FunctionNameTable &Table, const char *Defaults,
                     const std::string &User, const char *Option) {
    std::string Error;
    if (!Table.addDefaultsThenOption(Defaults, User, Error))
      configError(Option, Error);
  };
  Load(Blocking, defaultBlockingFunctions(), BlockingFunctionsOpt,
       "BlockingFunctions");
  Load(Readiness, defaultReadinessCallbacks(), ReadinessOpt,
       "ReadinessCallbackFunctions");
  Load(ReadinessAwait, defaultReadinessAwaitables(), ReadinessAwaitOpt,
       "ReadinessAwaitables");
  ExecutorTables Tables;
  Load(Tables.ThreadSwitch, defaultThreadSwitches(), ThreadSwitchOpt,
       "ThreadSwitchAwaitables");
  Load(Tables.TaskOffload, defaultTaskOffloads(), TaskOffloadOpt,
       "TaskOffloadFunctions");
  std::string Error;
  Tables.Executors.addFromOption(ExecutorTable::defaults(), Error);
  if (!Tables.Executors.addFromOption(ExecutorsOpt, Error))
    configError("Executors", Error);
  Resolver = ExecutionContextResolver(ContextOpts.makeSinks(
      [this](const char *Option, const std::string &Error) {
        configError(Option, Error);
      }));
  Resolver.setExecutorTables(std::move(Tables));
}

BlockingCallCheck::~BlockingCallCheck() = default;

bool BlockingCallCheck::configError(StringRef Option,
                                    const std::string &Error) {
  configurationDiag("invalid '%0' option: %1", DiagnosticIDs::Error)
      << Option << Error;
  return false;
}

void BlockingCallCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsOpt);
  ContextOpts.store(Opts, Options);
  Options.store(Opts, "ThreadSwitchAwaitables", ThreadSwitchOpt);
  Options.store(Opts, "ReadinessCallbackFunctions", ReadinessOpt);
  Options.store(Opts, "ReadinessAwaitables", ReadinessAwaitOpt);
  Options.store(Opts, "TaskOffloadFunctions", TaskOffloadOpt);
  Options.store(Opts, "Executors", ExecutorsOpt);
  Options.store(Opts, "CheckLoopCallbacks", CheckLoopCallbacks);
  Options.store(Opts, "Transitive", Transitive);
}

void BlockingCallCheck::startUnit(AnalysisSession &S) {
  Blocking.forgetAnswers();
  Readiness.forgetAnswers();
  ReadinessAwait.forgetAnswers();
  Resolver.reset(S);
  Follower.reset(S);
  AwaitsReadiness.clear();
  Annotations.clear();
  Facts.clear();
  Reported.clear();
  PatternHits.clear();
  JudgedInInstances.clear();
  Completed.reset(S);
  NonBlockingScanned = false;
  NonBlockingFds = false;
}

void BlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  UserNodes.subscribe(*Finder, *this, *this,
                      UserCodeNodes::Calls | UserCodeNodes::Constructions);
}

//===----------------------------------------------------------------------===//
// What blocks by itself.
//===----------------------------------------------------------------------===//


/// Calls the compiler makes for `co_await` and the coroutine frame, which
/// the check leaves to what they are part of.
static bool isCoroutineMachinery(const FunctionDecl *FD) {
  if (FD->getOverloadedOperator() == OO_Coawait ||
      FD->getOverloadedOperator() == OO_New ||
      FD->getOverloadedOperator() == OO_Delete)
    return true;
  if (!FD->getDeclName().isIdentifier())
    return false;
  return llvm::StringSwitch<bool>(FD->getName())
      .Cases("await_ready", "await_suspend", "await_resume", "await_transform",
             true)
      .Cases("initial_suspend", "final_suspend", "get_return_object",
             "unhandled_exception", true)
      .Cases("return_value", "return_void", "yield_value",
             "get_return_object_on_allocation_failure", true)
      .Default(false);
}

bool BlockingCallCheck::hasAnnotation(const FunctionDecl *FD,
                                      Annotation Which) {
  if (!FD)
    return false;
  auto [It, New] = Annotations.try_emplace(FD, 0);
  if (New) {
    unsigned Bits = 0;
    for (unsigned Round = 0; FD && Round < 2; ++Round) {
      for (const FunctionDecl *Redecl : FD->redecls())
        for (const auto *A : Redecl->specific_attrs<AnnotateAttr>()) {
          if (A->getAnnotation() == "coroguard::nonblocking")
            Bits |= NonBlockingNote;
          else if (A->getAnnotation() == "coroguard::blocking")
            Bits |= BlockingNote;
        }
      FD = FD->getTemplateInstantiationPattern();
    }
    It->second = Bits;
  }
  return It->second & Which;
}

static const CXXRecordDecl *classOf(const Expr *E) {
  return E ? recordOf(E->getType()) : nullptr;
}

/// For the stream functions of the table: the stream they read from or
/// write to, and whether it is known to block. std::cin and file streams
/// block (output only to file streams: std::cout and std::cerr are
/// accepted); any other stream (a std::stringstream, an `std::istream&` or
/// `std::ostream&` parameter bound to who knows what) is not judged.
enum class StreamGate { NotAStream, Blocks, Silent };

/// A file stream class, or a class derived from one.
static bool isFileStream(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return false;
  std::string Class = qualifiedName(RD);
  if (Class == "std::basic_ifstream" || Class == "std::basic_fstream" ||
      Class == "std::basic_ofstream")
    return true;
  if (StringRef(Class).starts_with("std::"))
    return false;
  const CXXRecordDecl *Def = RD->getDefinition();
  if (!Def)
    return false;
  for (const CXXBaseSpecifier &Base : Def->bases())
    if (isFileStream(recordOf(Base.getType()), Depth + 1))
      return true;
  return false;
}

static StreamGate streamGate(const Expr &E, const FunctionDecl &FD) {
  const Expr *Stream = nullptr;
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  bool IsStreamMember = false;
  if (MD && !isa<CXXConstructorDecl>(MD)) {
    std::string Class = qualifiedName(MD->getParent());
    IsStreamMember = Class == "std::basic_istream" ||
                     Class == "std::basic_ostream" ||
                     Class == "std::basic_iostream";
  }
  if (IsStreamMember) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&E))
      Stream = MC->getImplicitObjectArgument();
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&E);
             Op && Op->getNumArgs() > 0)
      Stream = Op->getArg(0);
  } else if (!MD && FD.getNumParams() > 0) {
    const CXXRecordDecl *First = recordOf(FD.getParamDecl(0)->getType());
    std::string Class = First ? qualifiedName(First) : "";
    if (Class != "std::basic_istream" && Class != "std::basic_iostream" &&
        Class != "std::basic_ostream") {
      // `std::operator<<`/`>>` on something else: a `std::byte` shift.
      if (FD.getOverloadedOperator() == OO_LessLess ||
          FD.getOverloadedOperator() == OO_GreaterGreater)
        return StreamGate::Silent;
      return StreamGate::NotAStream;
    }
    if (const auto *Call = dyn_cast<CallExpr>(&E); Call && Call->getNumArgs())
      Stream = Call->getArg(0);
  } else {
    return StreamGate::NotAStream;
  }
  if (!Stream)
    return StreamGate::Silent;
  Stream = Stream->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Stream)) {
    std::string Name = qualifiedName(DRE->getDecl());
    if (Name == "std::cin" || Name == "std::wcin")
      return StreamGate::Blocks;
  }
  if (isFileStream(classOf(Stream)))
    return StreamGate::Blocks;
  return StreamGate::Silent;
}

/// True if \p E evaluates to a value whose every scalar is zero (a
/// `std::chrono::duration` of zero: `0s`, `seconds(0)`, `ms::zero()`).
static bool isZeroValue(const APValue &V, unsigned Depth = 0) {
  if (Depth > 4)
    return false;
  if (V.isInt())
    return V.getInt().isZero();
  if (V.isFloat())
    return V.getFloat().isZero();
  if (V.isStruct()) {
    bool Any = false;
    for (unsigned I = 0; I < V.getStructNumBases(); ++I) {
      if (!isZeroValue(V.getStructBase(I), Depth + 1))
        return false;
      Any = true;
    }
    for (unsigned I = 0; I < V.getStructNumFields(); ++I) {
      if (!isZeroValue(V.getStructField(I), Depth + 1))
        return false;
      Any = true;
    }
    return Any;
  }
  return false;
}

/// True if \p Arg, passed for an integer parameter named `msecs`, `msec` or
/// `timeout` (Qt's `waitForReadyRead(int msecs)`, `poll(.., int timeout)`),
/// is a compile-time zero: the call polls (`server.waitForNewConnection()`
/// defaults to it).
static bool isZeroTimeout(const ParmVarDecl *Param, const Expr *Arg,
                          ASTContext &Ctx) {
  if (!Param || !Param->getIdentifier() ||
      !Param->getType()->isIntegerType())
    return false;
  StringRef Name = Param->getName().ltrim('_');
  if (Name != "msecs" && Name != "msec" && Name != "timeout")
    return false;
  if (Arg->isValueDependent() || Arg->containsErrors())
    return false;
  Expr::EvalResult R;
  return Arg->EvaluateAsInt(R, Ctx) && R.Val.getInt().isZero();
}

/// True if the call's duration argument (a `std::chrono::duration`) is a
/// compile-time zero: `wait_for(0s)` polls, it does not block. So does a
/// zero timeout in milliseconds (isZeroTimeout).
static bool hasZeroDuration(const Expr &E, ASTContext &Ctx) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Call = dyn_cast<CallExpr>(&E))
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  else
    return false;
  if (const FunctionDecl *FD = cast<CallExpr>(E).getDirectCallee();
      FD && !isa<CXXOperatorCallExpr>(E))
    for (unsigned I = 0; I < Args.size() && I < FD->getNumParams(); ++I)
      if (isZeroTimeout(FD->getParamDecl(I), Args[I], Ctx))
        return true;
  for (const Expr *Arg : Args) {
    const CXXRecordDecl *RD = classOf(Arg);
    if (!RD || qualifiedName(RD) != "std::chrono::duration")
      continue;
    const Expr *Value = Arg->IgnoreImplicit();
    if (Value->isValueDependent() || Value->containsErrors())
      return false;
    Expr::EvalResult R;
    if (!Value->EvaluateAsRValue(R, Ctx) || R.HasSideEffects)
      return false;
    return isZeroValue(R.Val);
  }
  return false;
}

/// The system calls on file descriptors that do not block on a descriptor
/// in non-blocking mode (O_NONBLOCK) or after the loop reported it ready.
/// The C library's descriptor I/O, by name (a leaf in another translation
/// unit is known by its name alone; here, check it is the C function).
static bool isDescriptorIOName(StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("read", "write", "readv", "writev", "recv", "recvfrom", true)
      .Cases("recvmsg", "send", "sendto", "sendmsg", "accept", "accept4", true)
      .Case("connect", true)
      .Default(false);
}

static bool isDescriptorIO(const FunctionDecl &FD) {
  if (!FD.getDeclName().isIdentifier() || !FD.isExternC())
    return false;
  return isDescriptorIOName(FD.getName());
}

static std::optional<llvm::APSInt> constantArg(const CallExpr &Call,
                                               unsigned I, ASTContext &Ctx) {
  if (I >= Call.getNumArgs())
    return std::nullopt;
  const Expr *Arg = Call.getArg(I);
  if (Arg->isValueDependent() || Arg->containsErrors() ||
      !Arg->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  Expr::EvalResult R;
  if (!Arg->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt();
}

// Linux values: O_NONBLOCK == SOCK_NONBLOCK == EFD_NONBLOCK, F_SETFL,
// FIONBIO, MSG_DONTWAIT.
static constexpr uint64_t NonBlockFlag = 04000;
static constexpr uint64_t SetFlags = 4;
static constexpr uint64_t FionBio = 0x5421;
static constexpr uint64_t DontWait = 0x40;

/// True if this call puts a descriptor in non-blocking mode (or creates
/// one in it): `socket(.., SOCK_STREAM | SOCK_NONBLOCK, ..)`,
/// `accept4(.., SOCK_NONBLOCK)`, `pipe2(.., O_NONBLOCK)`,
/// `fcntl(fd, F_SETFL, ...)`, `ioctl(fd, FIONBIO, ...)`.
static bool setsNonBlocking(const CallExpr &Call, ASTContext &Ctx) {
  const FunctionDecl *FD = Call.getDirectCallee();
  if (!FD || !FD->isExternC() || !FD->getDeclName().isIdentifier())
    return false;
  StringRef Name = FD->getName();
  auto HasBit = [&](unsigned I) {
    std::optional<llvm::APSInt> V = constantArg(Call, I, Ctx);
    return V && (V->getZExtValue() & NonBlockFlag);
  };
  auto Equals = [&](unsigned I, uint64_t Value) {
    std::optional<llvm::APSInt> V = constantArg(Call, I, Ctx);
    return V && V->getZExtValue() == Value;
  };
  if (Name == "socket" || Name == "socketpair" || Name == "pipe2" ||
      Name == "eventfd")
    return HasBit(1);
  if (Name == "accept4")
    return HasBit(3);
  if (Name == "fcntl")
    return Equals(1, SetFlags);
  if (Name == "ioctl")
    return Equals(1, FionBio);
  return false;
}


bool BlockingCallCheck::descriptorsNonBlocking(ASTContext &Ctx) {
  if (!NonBlockingScanned) {
    NonBlockingScanned = true;
    // Any call of the translation unit that makes a descriptor non-blocking.
    for (const auto &[Callee, Calls] : functionUses(*session()).calls()) {
      if (!Callee->isExternC() || !Callee->getDeclName().isIdentifier())
        continue;
      NonBlockingFds = llvm::any_of(Calls, [&](const CallExpr *Call) {
        return setsNonBlocking(*Call, Ctx);
      });
      if (NonBlockingFds)
        break;
    }
  }
  return NonBlockingFds;
}

const BlockingCallCheck::CalleeFacts &
BlockingCallCheck::factsOf(const FunctionDecl *FD) {
  auto [It, New] = Facts.try_emplace(FD);
  if (New) {
    CalleeFacts &F = It->second;
    F.Machinery = isCoroutineMachinery(FD);
    F.Notes = (hasAnnotation(FD, NonBlockingNote) ? NonBlockingNote : 0) |
              (hasAnnotation(FD, BlockingNote) ? BlockingNote : 0);
    F.Entry = Blocking.lookup(FD);
  }
  return It->second;
}

std::optional<BlockingCallCheck::DirectHit>
BlockingCallCheck::directBlocking(const Expr &E, ASTContext &Ctx) {
  const FunctionDecl *FD = calleeOf(E);
  if (!FD)
    return std::nullopt;
  const CalleeFacts Facts = factsOf(FD); // (a copy: the map may grow)
  if (Facts.Machinery || (Facts.Notes & NonBlockingNote))
    return std::nullopt;
  if (Facts.Notes & BlockingNote)
    return DirectHit{"", qualifiedName(FD)};
  const FunctionNameTable::Entry *Entry = Facts.Entry;
  // Through the object it is called on: a customisation-point object, a
  // member inherited through the class the table names.
  std::string MatchedName;
  if (!Entry)
    Entry = Blocking.lookup(FD, &E, &MatchedName);
  if (!Entry)
    return std::nullopt;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD)) {
    // A default-constructed or moved stream opens nothing.
    const auto *Construct = dyn_cast<CXXConstructExpr>(&E);
    if (!Construct || Construct->getNumArgs() == 0 ||
        Ctor->isCopyOrMoveConstructor() || Ctor->isDefaultConstructor())
      return std::nullopt;
  }
  switch (streamGate(E, *FD)) {
  case StreamGate::Silent:
    return std::nullopt;
  case StreamGate::Blocks:
  case StreamGate::NotAStream:
    break;
  }
  if (hasZeroDuration(E, Ctx))
    return std::nullopt;
  // `get()` on what a readiness test or a co_await showed complete.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&E);
      MC && Completed.isComplete(*MC, Ctx))
    return std::nullopt;
  if (isDescriptorIO(*FD) && !hasAnnotation(FD, BlockingNote)) {
    // `recv(fd, buf, n, MSG_DONTWAIT)` never blocks; and where this
    // translation unit makes descriptors non-blocking, which descriptor a
    // call reads cannot be told: the family is not judged.
    StringRef Name = FD->getName();
    unsigned FlagsArg = Name.starts_with("recv") || Name.starts_with("send")
                            ? (Name == "recvmsg" || Name == "sendmsg" ? 2 : 3)
                            : ~0u;
    if (const auto *Call = dyn_cast<CallExpr>(&E); Call && FlagsArg != ~0u)
      if (std::optional<llvm::APSInt> V = constantArg(*Call, FlagsArg, Ctx);
          V && (V->getZExtValue() & DontWait))
        return std::nullopt;
    // A wake-up token — one integer written to a self-pipe, an eventfd or
    // a socket pair to rouse another thread (`write(fd, &one, sizeof one)`)
    // — only blocks when the reader has let the buffer fill with unread
    // tokens; the idiom is not judged. Reads are: they wait for the writer.
    if (const auto *Call = dyn_cast<CallExpr>(&E);
        Call && (Name == "write" || Name == "send" || Name == "sendto"))
      if (std::optional<llvm::APSInt> V = constantArg(*Call, 2, Ctx);
          V && V->isStrictlyPositive() && V->getZExtValue() <= 8)
        return std::nullopt;
    // So where another file of the program does (the summaries).
    if (descriptorsNonBlocking(Ctx) ||
        (session()->summaries() && session()->summaries()->anySetsNonBlocking()))
      return std::nullopt;
  }
  if (!MatchedName.empty())
    return DirectHit{Entry->Text, MatchedName};
  std::string Name = qualifiedName(FD);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    Name = qualifiedName(Ctor->getParent());
  // A method a library declares in an internal base is named through the
  // class the user calls it on (`std::future::wait_for`, not
  // `std::__basic_future::wait_for`).
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&E);
      MC && StringRef(Name).starts_with("std::__"))
    if (const Expr *Obj = MC->getImplicitObjectArgument()) {
      QualType T = Obj->IgnoreParenImpCasts()->getType();
      if (T->isPointerType())
        T = T->getPointeeType();
      if (const CXXRecordDecl *Object = recordOf(T))
        Name = qualifiedName(Object) + "::" + FD->getNameAsString();
    }
  return DirectHit{Entry->Text, Name};
}

//===----------------------------------------------------------------------===//
// What blocks through functions of this translation unit.
//===----------------------------------------------------------------------===//

// The engine (CallFollower) follows calls; the check's property says what
// blocks by itself.

bool BlockingCallCheck::Property::holdsAt(const Expr &Call, ASTContext &Ctx) {
  return Check.directBlocking(Call, Ctx).has_value();
}

bool BlockingCallCheck::Property::mayEnter(const FunctionDecl &FD) {
  // Nor an event loop's dispatch step (it resumes coroutine handles): the
  // wait inside it (`epoll_wait` before the resume) is the loop waiting for
  // work, and calling it runs that loop on this thread. Nor a function the
  // blocking table lists: it is judged at its call (holdsAt), and where that
  // call does not block (a `get()` on a result shown complete, a zero
  // timeout) the wait in its body is the one judged.
  return !isCoroutineMachinery(&FD) &&
         !Check.hasAnnotation(&FD, NonBlockingNote) &&
         !resumesCoroutineHandles(FD) && !Check.factsOf(&FD).Entry;
}

std::vector<ExternalStep>
BlockingCallCheck::Property::externalChain(const SummaryStore &Store,
                                           StringRef USR,
                                           std::string &Suggestion) {
  return Store.blockingChain(USR, &Suggestion);
}

//===----------------------------------------------------------------------===//
// Thread switches: `co_await pool.schedule()` moves the coroutine off the
// loop thread.
//===----------------------------------------------------------------------===//

namespace {
class SwitchFinder : public RecursiveASTVisitor<SwitchFinder> {
public:
  explicit SwitchFinder(const FunctionNameTable &Table) : Table(Table) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    const Expr *Operand = E->getOperand();
    if (!Operand)
      return true;
    Operand = Operand->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(Operand))
      if (Table.lookup(Call->getDirectCallee(), Call)) {
        Found.insert(E);
        Found.insert(Call);
      }
    return true;
  }
  const FunctionNameTable &Table;
  llvm::DenseSet<const Stmt *> Found;
};
} // namespace

bool BlockingCallCheck::awaitsReadiness(const FunctionDecl &Coro) {
  if (ReadinessAwait.empty())
    return false;
  auto [It, Inserted] = AwaitsReadiness.try_emplace(&Coro, false);
  if (Inserted) {
    Stmt *Body = Coro.getBody();
    if (auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
      Body = CB->getBody();
    if (Body) {
      SwitchFinder Finder(ReadinessAwait);
      Finder.TraverseStmt(Body);
      It->second = !Finder.Found.empty();
    }
  }
  return It->second;
}

bool BlockingCallCheck::classOffersReadiness(const FunctionDecl &Coro) {
  const auto *MD = dyn_cast<CXXMethodDecl>(&Coro);
  if (ReadinessAwait.empty() || !MD || MD->getParent()->isLambda())
    return false;
  const CXXRecordDecl *RD = MD->getParent()->getDefinition();
  if (!RD)
    return false;
  for (const CXXMethodDecl *M : RD->methods())
    if (M != MD && ReadinessAwait.lookup(M))
      return true;
  for (const Decl *D : RD->decls())
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      if (ReadinessAwait.lookup(FT->getTemplatedDecl()))
        return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Reporting.
//===----------------------------------------------------------------------===//

bool BlockingCallCheck::usesBundledRuntime(const FunctionDecl &Coro,
                                           ASTContext &Ctx) const {
  const CXXRecordDecl *RD = recordOf(Coro.getReturnType());
  if (!RD)
    return false;
  if (StringRef(qualifiedName(RD)).starts_with("coroguard::"))
    return true;
  const NamedDecl *Promise =
      findMember(RD, DeclarationName(&Ctx.Idents.get("promise_type")));
  if (const auto *TD = dyn_cast_or_null<TypedefNameDecl>(Promise))
    if (const CXXRecordDecl *P = recordOf(TD->getUnderlyingType()))
      return StringRef(qualifiedName(P)).starts_with("coroguard::");
  return false;
}

static bool runtimeDeclaresSleep(ASTContext &Ctx) {
  for (const NamedDecl *ND : Ctx.getTranslationUnitDecl()->lookup(
           DeclarationName(&Ctx.Idents.get("coroguard"))))
    if (const auto *NS = dyn_cast<NamespaceDecl>(ND))
      if (!NS->lookup(DeclarationName(&Ctx.Idents.get("sleep"))).empty())
        return true;
  return false;
}

/// True if \p Call is a statement of its own (its value unused), outside a
/// catch handler (where `co_await` is not allowed).
static bool isStandaloneStatement(const Expr &Call, AnalysisSession &Session) {
  DynTypedNodeList Parents = parentsOf(Call, Session);
  const Stmt *Child = &Call;
  if (!Parents.empty())
    if (const auto *EWC = Parents[0].get<ExprWithCleanups>()) {
      Child = EWC;
      Parents = parentsOf(*EWC, Session);
    }
  if (Parents.empty())
    return false;
  const Stmt *P = Parents[0].get<Stmt>();
  if (!P || isa<Expr>(P))
    return false;
  if (const auto *For = dyn_cast<ForStmt>(P); For && For->getInc() == Child)
    return false;
  for (unsigned Guard = 0; !Parents.empty() && Guard < 256; ++Guard) {
    if (Parents[0].get<CXXCatchStmt>())
      return false;
    if (Parents[0].get<LambdaExpr>() || Parents[0].get<FunctionDecl>())
      break;
    Parents = parentsOf(Parents[0], Session);
  }
  return true;
}

static std::string coroutineName(const FunctionDecl *F) {
  if (!F)
    return "coroutine";
  if (const auto *MD = dyn_cast<CXXMethodDecl>(F); MD && MD->getParent()->isLambda())
    return "coroutine lambda";
  return "coroutine '" + qualifiedName(F) + "'";
}

void BlockingCallCheck::visitCall(const CallExpr &Call, AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  checkCall(Call, Ctx);
}

void BlockingCallCheck::visitConstruction(const CXXConstructExpr &Construct,
                                          AnalysisSession &S) {
  ASTContext &Ctx = S.context();
  checkCall(Construct, Ctx);
}

void BlockingCallCheck::checkCall(const Expr &CallNode, ASTContext &Ctx) {
  const Expr *Call = &CallNode;
  if (Call->containsErrors() || Call->isTypeDependent() ||
      Call->isValueDependent())
    return;
  const FunctionDecl *Callee = calleeOf(*Call);
  if (!Callee)
    return;
  // What the call blocks in, before where it runs: most calls block in
  // nothing, and the context needs the parent map.
  std::optional<DirectHit> D = directBlocking(*Call, Ctx);
  CallChain Chain;
  if (!D) {
    if (!Transitive)
      return;
    Chain = Follower.chainOfCall(*Call, Ctx);
    if (Chain.empty())
      return;
    if (Chain.crossesFiles()) {
      // The blocking call is in another translation unit: its summary
      // names it. Descriptor I/O where some file of the program makes
      // descriptors non-blocking is not judged (as within one file: which
      // descriptor is read cannot be told).
      const std::string &Leaf = Chain.External.back().Name;
      if (isDescriptorIOName(Leaf) && session()->summaries() &&
          session()->summaries()->anySetsNonBlocking())
        return;
      D = DirectHit{Chain.ExternalSuggestion, Leaf};
    } else {
      D = directBlocking(*Chain.Local.back().Call, Ctx);
      if (!D)
        return;
      if (waitsOnCompleteArgument(*Call, Follower.followable(Callee, *Call),
                                  Chain.Local, Ctx))
        return;
    }
  }
  ExecutionContext C = Resolver.contextOf(*Call, Ctx);
  if (CheckLoopCallbacks)
    C = Resolver.asLoopCallback(C, Ctx);
  if (C.Kind != ContextKind::Coroutine &&
      !(C.Kind == ContextKind::LoopCallback && CheckLoopCallbacks))
    return;
  if (C.Kind == ContextKind::Coroutine && C.Function) {
    // In a coroutine template's pattern a `co_await` is dependent: which
    // executor runs the call is told by the instantiations, which judge
    // their copy of the call; the pattern's is reported only when none did.
    if (C.Function->isTemplated()) {
      PatternHits.push_back({Call, C, *D, Chain, &Ctx});
      return;
    }
    if (C.Function->isTemplateInstantiation() ||
        C.Function->getTemplateInstantiationPattern())
      JudgedInInstances.insert(Call->getBeginLoc().getRawEncoding());
  }
  judge(*Call, C, *D, Chain, Ctx);
}

bool BlockingCallCheck::waitsOnCompleteArgument(const Expr &Call,
                                                const FunctionDecl *Def,
                                                llvm::ArrayRef<CallStep> Chain,
                                                ASTContext &Ctx) {
  // The wait at the end of the chain is on a parameter of the function that
  // makes it, passed down from an argument of each call on the chain: if the
  // argument at the call in the coroutine is complete there, so is the
  // object waited on (`check(std::move(rs[0]))` after `rs = co_await
  // when_all(...)`, `check` calling `get()` on its parameter).
  const auto *Wait = dyn_cast<CXXMemberCallExpr>(Chain.back().Call);
  if (!Wait || !Wait->getImplicitObjectArgument())
    return false;
  const Expr *Object = Wait->getImplicitObjectArgument();
  for (size_t K = Chain.size(); K-- > 0;) {
    const FunctionDecl *Holder = K == 0 ? Def : Chain[K - 1].Callee;
    const ParmVarDecl *P = CompletedWaits::parameterOf(*Object);
    if (!P || !Holder)
      return false;
    const auto *Owner = dyn_cast<FunctionDecl>(P->getDeclContext());
    if (!Owner || Owner->getCanonicalDecl() != Holder->getCanonicalDecl())
      return false;
    const Expr *Caller = K == 0 ? &Call : Chain[K - 1].Call;
    Object = Caller ? argumentFor(*Caller, *P) : nullptr;
    if (!Object)
      return false;
    // Complete where a helper on the chain passes it on (`check(
    // consumer(std::move(rs[i])))`, what a coroutine that cannot suspend
    // returns; a readiness test in the helper).
    if (K > 0 && Completed.isCompleteAt(*Object, *Caller, Ctx,
                                        CompletedWaits::isValueRetrieval(*Wait)))
      return true;
  }
  return Completed.isCompleteAt(*Object, Call, Ctx,
                                CompletedWaits::isValueRetrieval(*Wait));
}

void BlockingCallCheck::summarise(UnitSummariser &Summary) {
  ASTContext &Ctx = Summary.ast();
  Summary.unit().SetsNonBlocking = descriptorsNonBlocking(Ctx);
  for (const FunctionDecl *FD : Summary.functions()) {
    FunctionSummary *Entry = Summary.entry(FD);
    if (!Entry)
      continue;
    // A coroutine is never followed into (a call creates its frame): its
    // blocking calls are judged where it is written. Where it ends matters
    // to whoever awaits it.
    if (Entry->Coroutine) {
      if (std::optional<Executor> X = Resolver.endsOn(*FD, Ctx); X && X->Where)
        Entry->EndsOn = SummarySwitch{Summary.point(X->Where->getBeginLoc()),
                                      X->Kind == ExecutorKind::Pool, X->Name};
      continue;
    }
    if (!Blocks.mayEnter(*FD))
      continue;
    const CallFollower::Body &B = Follower.bodyOf(FD, Ctx);
    if (B.Direct) {
      std::optional<DirectHit> D = directBlocking(*B.Direct->Call, Ctx);
      if (D)
        Entry->Blocks = SummaryBlock{
            D->Name, D->Suggestion, Summary.point(B.Direct->Call->getBeginLoc())};
    }
    // Its calls, also when it blocks itself (a chain ends at Blocks): the
    // call graph, read backwards, says which threads reach a function.
    for (const CallFollower::Body::Call &C : B.Calls) {
      // Only a callee another unit may have an entry for: one summarised
      // here, or one only declared here. A function defined here and not
      // summarised (in a header, a template) has no entry anywhere.
      const FunctionDecl *Def = nullptr;
      if (!C.External && C.Step.Callee->hasBody(Def) && !Summary.entry(Def))
        continue;
      std::string USR = usrOf(*C.Step.Callee);
      if (!USR.empty())
        Entry->Calls.push_back(
            {std::move(USR), Summary.point(C.Step.Call->getBeginLoc())});
    }
  }
}

void BlockingCallCheck::endUnit(AnalysisSession &S) {
  for (const PatternHit &H : PatternHits)
    if (!JudgedInInstances.count(H.Call->getBeginLoc().getRawEncoding()))
      judge(*H.Call, H.Context, H.Hit, H.Chain, *H.Ctx);
  PatternHits.clear();
}

void BlockingCallCheck::judge(const Expr &Call, const ExecutionContext &C,
                              const DirectHit &Hit, const CallChain &Chain,
                              ASTContext &Ctx) {
  Executor X;
  if (C.Kind == ContextKind::Coroutine && C.Function) {
    X = Resolver.executorOf(Call, *C.Function, Ctx);
    if (X.Kind == ExecutorKind::BlockingAllowed)
      return;
  }
  report(Call, C, X, Hit, Chain, Ctx);
}

void BlockingCallCheck::report(const Expr &Call, const ExecutionContext &C,
                               const Executor &X, const DirectHit &Hit,
                               const CallChain &Chain, ASTContext &Ctx) {
  std::optional<DirectHit> D = Hit;
  // A readiness callback (`loop.add_reader(fd, cb)`) runs when the
  // descriptor is ready: reading or writing it there is the idiom. So is
  // descriptor I/O in a coroutine that co_awaits readiness
  // (`co_await client.poll(op::read)`, the ReadinessAwaitables list), or in
  // a coroutine member of a class that offers such an awaitable for its
  // descriptor: its protocol is "poll, then read" (`co_await server.poll();
  // co_await server.accept();`), the polling being the caller's part.
  const bool ReadinessDriven =
      (C.Kind == ContextKind::LoopCallback && C.HandOffCallee &&
       Readiness.lookup(C.HandOffCallee, C.HandOff)) ||
      (C.Kind == ContextKind::Coroutine && C.Function &&
       (awaitsReadiness(*C.Function) || classOffersReadiness(*C.Function)));
  if (ReadinessDriven) {
    if (Chain.crossesFiles()) {
      if (isDescriptorIOName(D->Name))
        return;
    } else {
      const FunctionDecl *Last =
          Chain.empty() ? calleeOf(Call) : Chain.Local.back().Callee;
      if (Last && isDescriptorIO(*Last))
        return;
    }
  }

  const SourceLocation Loc = static_cast<const Stmt &>(Call).getBeginLoc();
  if (Loc.isInvalid() || !Reported.insert(Loc.getRawEncoding()).second)
    return;

  bool Runtime = C.Kind == ContextKind::Coroutine && C.Function &&
                 usesBundledRuntime(*C.Function, Ctx);
  std::string Suggestion = D->Suggestion;
  if (Runtime && Suggestion == TimerSuggestion)
    Suggestion = RuntimeSleep;

  std::string Where;
  if (C.Kind == ContextKind::Coroutine) {
    Where = "in " + coroutineName(C.Function);
  } else {
    Where = "in a callback the event loop runs";
    if (C.HandOffCallee)
      Where += " ('" + qualifiedName(C.HandOffCallee) + "')";
  }
  std::string Tail =
      Suggestion.empty() ? std::string() : "; use " + Suggestion;
  // What it blocks: the loop, a worker of the pool that runs it, or the
  // caller of an eager coroutine that has not suspended yet, where no event
  // loop is declared that the caller could be running on.
  std::string Stalls = "stalls the event loop thread";
  if (X.Kind == ExecutorKind::Caller && !Resolver.declaresEventLoop(Ctx))
    Stalls = "blocks the thread that called it, before its first suspension";
  // After an eager coroutine has suspended, whoever completes what it awaits
  // resumes it: with no event loop in the program, not a loop's thread.
  else if (X.Kind == ExecutorKind::Loop && X.Eager &&
           !Resolver.declaresEventLoop(Ctx))
    Stalls = "blocks the thread that resumes it";
  // A pool the Executors table names is called one; a class that owns the
  // threads it runs coroutines on is only said to have worker threads.
  if (X.Kind == ExecutorKind::Pool)
    Stalls = X.Name.empty()
                 ? "blocks a worker of the thread pool that runs it"
             : X.Inferred
                 ? "blocks a worker thread of '" + X.Name + "' that runs it"
                 : "blocks a worker of the thread pool '" + X.Name +
                       "' that runs it";

  if (Chain.empty()) {
    DiagnosticBuilder Diag =
        diag(Loc, "blocking %select{call to|construction of}0 '%1' %2 %3%4")
        << isa<CXXConstructExpr>(Call) << D->Name << Where << Stalls << Tail;
    // The fix-it: the bundled runtime's awaitable sleep.
    const auto *CE = dyn_cast<CallExpr>(&Call);
    if (Runtime && CE && CE->getNumArgs() == 1 &&
        D->Name == "std::this_thread::sleep_for" &&
        !Call.getBeginLoc().isMacroID() && !Call.getEndLoc().isMacroID() &&
        isStandaloneStatement(Call, *session()) && runtimeDeclaresSleep(Ctx)) {
      const Expr *Arg = CE->getArg(0);
      StringRef ArgText = Lexer::getSourceText(
          CharSourceRange::getTokenRange(Arg->getSourceRange()),
          Ctx.getSourceManager(), Ctx.getLangOpts());
      if (!ArgText.empty() && !Arg->getBeginLoc().isMacroID())
        Diag << FixItHint::CreateReplacement(
            CharSourceRange::getTokenRange(Call.getSourceRange()),
            ("co_await coroguard::sleep(" + ArgText + ")").str());
    }
  } else {
    // The steps: the calls of this translation unit, then those of the
    // summaries (in other files), the last being the blocking call.
    struct Shown {
      std::string Callee;          // what the step calls
      const Stmt *Here = nullptr;  // a call of this translation unit
      const SummaryPoint *There = nullptr; // or of another one
    };
    std::vector<Shown> Steps;
    for (const CallStep &S : Chain.Local)
      Steps.push_back({qualifiedName(S.Callee), S.Call, nullptr});
    for (const ExternalStep &S : Chain.External)
      Steps.push_back({S.Name, nullptr, &S.At});
    Steps.back().Callee = D->Name;
    // A long chain is shown by its first and last steps: every call of a
    // deep helper would otherwise repeat the whole chain (quadratic output).
    constexpr unsigned ShownHead = 4, ShownTail = 2;
    const unsigned N = Steps.size();
    const bool Elide = N > ShownHead + ShownTail + 1;
    auto IsShown = [&](unsigned I) {
      return !Elide || I < ShownHead || I >= N - ShownTail;
    };
    std::string Path = qualifiedName(calleeOf(Call));
    for (unsigned I = 0; I < N; ++I) {
      if (!IsShown(I)) {
        if (I == ShownHead)
          Path += " -> ... (" + std::to_string(N - ShownHead - ShownTail) +
                  " more calls)";
        continue;
      }
      Path += " -> " + Steps[I].Callee;
    }
    diag(Loc, "call to '%0' %1 %5: it blocks in '%2' (%3)%4")
        << qualifiedName(calleeOf(Call)) << Where << D->Name << Path << Tail
        << Stalls;
    std::string From = qualifiedName(calleeOf(Call));
    SourceLocation LastHere = Loc;
    for (unsigned I = 0; I < N; ++I) {
      const Shown &S = Steps[I];
      if (IsShown(I)) {
        const bool Last = I + 1 == N;
        if (S.Here) {
          LastHere = S.Here->getBeginLoc();
          diag(LastHere, Last ? "'%0' calls blocking '%1' here"
                              : "'%0' calls '%1' here",
               DiagnosticIDs::Note)
              << From << S.Callee;
        } else {
          // In another file: the note points there when the file can be
          // read, and names the place either way (a reader of the text
          // report, an editor showing only this file).
          SourceLocation There =
              locationIn(S.There->File, S.There->Line, S.There->Column, Ctx);
          diag(There.isValid() ? There : LastHere,
               Last ? "'%0' (%1) blocks in '%2'" : "'%0' (%1) calls '%2'",
               DiagnosticIDs::Note)
              << From << placeName(S.There->File, S.There->Line) << S.Callee;
        }
      }
      From = S.Callee;
    }
  }
  if (C.Kind == ContextKind::LoopCallback && C.HandOff)
    diag(C.HandOff->getBeginLoc(), "handed to the event loop here",
         DiagnosticIDs::Note);
  if (X.Kind == ExecutorKind::Pool && X.Where)
    diag(X.Where->getBeginLoc(), "the coroutine is moved to '%0' here",
         DiagnosticIDs::Note)
        << X.Name;
}

} // namespace clang::tidy::coro
