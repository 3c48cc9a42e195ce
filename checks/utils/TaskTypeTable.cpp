//===--- TaskTypeTable.cpp - coroguard ------------------------------------===//

#include "TaskTypeTable.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>

namespace clang::tidy::coro {

llvm::StringRef taskKindName(TaskKind K) {
  switch (K) {
  case TaskKind::None:
    return "none";
  case TaskKind::Lazy:
    return "lazy";
  case TaskKind::Eager:
    return "eager";
  case TaskKind::NotAwaitable:
    return "ignore";
  case TaskKind::ActsWhenDropped:
    return "acts-when-dropped";
  }
  return "none";
}

namespace {
struct Preset {
  const char *Name;
  TaskKind Kind;
};

// Sources: ../shared/reference/coroutine-libraries.md and the libraries'
// headers. Keep docs/checks/recognisers.md in sync with this list.
constexpr Preset Presets[] = {
    // The bundled runtime.
    {"coroguard::task", TaskKind::Lazy},
    {"coroguard::task_handle", TaskKind::Eager},     // already scheduled
    {"coroguard::executor_future", TaskKind::Eager}, // job already submitted
    {"coroguard::async_generator", TaskKind::NotAwaitable},
    // cppcoro
    {"cppcoro::task", TaskKind::Lazy},
    {"cppcoro::shared_task", TaskKind::Lazy},
    {"cppcoro::generator", TaskKind::NotAwaitable},
    {"cppcoro::recursive_generator", TaskKind::NotAwaitable},
    {"cppcoro::async_generator", TaskKind::NotAwaitable},
    // folly::coro
    {"folly::coro::Task", TaskKind::Lazy},
    {"folly::coro::TaskWithExecutor", TaskKind::Lazy},
    {"folly::coro::now_task", TaskKind::Lazy},
    {"folly::coro::NowTask", TaskKind::Lazy},
    {"folly::SemiFuture", TaskKind::Eager},
    {"folly::Future", TaskKind::Eager},
    {"folly::coro::AsyncGenerator", TaskKind::NotAwaitable},
    {"folly::coro::Generator", TaskKind::NotAwaitable},
    // Boost.Asio / standalone Asio
    {"asio::awaitable", TaskKind::Lazy},
    {"boost::asio::awaitable", TaskKind::Lazy},
    {"asio::experimental::coro", TaskKind::Lazy},
    {"boost::asio::experimental::coro", TaskKind::Lazy},
    {"asio::deferred_async_operation", TaskKind::Lazy},
    {"boost::asio::deferred_async_operation", TaskKind::Lazy},
    {"asio::deferred_sequence", TaskKind::Lazy},
    {"boost::asio::deferred_sequence", TaskKind::Lazy},
    {"asio::experimental::promise", TaskKind::Eager},
    {"boost::asio::experimental::promise", TaskKind::Eager},
    // libcoro
    {"coro::task", TaskKind::Lazy},
    {"coro::generator", TaskKind::NotAwaitable},
    // concurrencpp
    {"concurrencpp::lazy_result", TaskKind::Lazy},
    {"concurrencpp::result", TaskKind::Eager},
    {"concurrencpp::shared_result", TaskKind::Eager},
    {"concurrencpp::null_result", TaskKind::NotAwaitable},
    {"concurrencpp::generator", TaskKind::NotAwaitable},
    // QCoro
    {"QCoro::Task", TaskKind::Eager},
    {"QCoro::LazyTask", TaskKind::Lazy},
    {"QCoro::Generator", TaskKind::NotAwaitable},
    {"QCoro::AsyncGenerator", TaskKind::NotAwaitable},
    // Boost.Cobalt
    {"boost::cobalt::task", TaskKind::Lazy},
    {"boost::cobalt::promise", TaskKind::Eager},
    {"boost::cobalt::generator", TaskKind::NotAwaitable},
    {"boost::cobalt::detached", TaskKind::NotAwaitable},
    // seastar
    {"seastar::future", TaskKind::Eager},
    {"seastar::coroutine::experimental::generator", TaskKind::NotAwaitable},
    // async_simple, libunifex, stdexec
    {"async_simple::coro::Lazy", TaskKind::Lazy},
    {"async_simple::coro::RescheduleLazy", TaskKind::Lazy},
    {"unifex::task", TaskKind::Lazy},
    {"exec::task", TaskKind::Lazy},
    {"stdexec::task", TaskKind::Lazy},
    // drogon
    {"drogon::Task", TaskKind::Lazy},
    {"drogon::AsyncTask", TaskKind::NotAwaitable},
    // C++/WinRT: asynchronous operations start when called.
    {"winrt::fire_and_forget", TaskKind::NotAwaitable},
    {"winrt::Windows::Foundation::IAsyncAction", TaskKind::Eager},
    {"winrt::Windows::Foundation::IAsyncActionWithProgress", TaskKind::Eager},
    {"winrt::Windows::Foundation::IAsyncOperation", TaskKind::Eager},
    {"winrt::Windows::Foundation::IAsyncOperationWithProgress",
     TaskKind::Eager},
    // C++23
    {"std::generator", TaskKind::NotAwaitable},
};
} // namespace

TaskTypeTable TaskTypeTable::withPresets() {
  TaskTypeTable T;
  for (const Preset &P : Presets)
    T.add(P.Name, P.Kind);
  return T;
}

static llvm::StringRef normaliseName(llvm::StringRef Name) {
  Name = Name.trim();
  Name.consume_front("::");
  return Name;
}

void TaskTypeTable::add(llvm::StringRef QualifiedName, TaskKind Kind) {
  Entries[normaliseName(QualifiedName)] = Kind;
}

bool TaskTypeTable::addFromOption(llvm::StringRef Spec, std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Spec.split(Items, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  bool Ok = true;
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    auto [Name, KindText] = Item.split('=');
    Name = normaliseName(Name);
    KindText = KindText.trim();
    std::optional<TaskKind> Kind;
    if (KindText.equals_insensitive("lazy"))
      Kind = TaskKind::Lazy;
    else if (KindText.equals_insensitive("eager"))
      Kind = TaskKind::Eager;
    else if (KindText.equals_insensitive("ignore") ||
             KindText.equals_insensitive("none"))
      Kind = TaskKind::NotAwaitable;
    if (Name.empty() || !Kind || Name.contains(' ') || Name.contains('<')) {
      // Report the first bad entry; keep every well-formed one.
      if (Ok)
        Error = ("invalid entry '" + Item +
                 "': expected 'qualified::name=lazy|eager|ignore'")
                    .str();
      Ok = false;
      continue;
    }
    add(Name, *Kind);
    UserNames.insert(Name);
  }
  return Ok;
}

bool TaskTypeTable::isUserEntry(llvm::StringRef QualifiedName) const {
  return UserNames.contains(normaliseName(QualifiedName));
}

std::optional<TaskKind>
TaskTypeTable::lookup(llvm::StringRef QualifiedName) const {
  auto It = Entries.find(normaliseName(QualifiedName));
  if (It == Entries.end())
    return std::nullopt;
  return It->second;
}

std::vector<std::string> TaskTypeTable::namesOfKind(TaskKind Kind) const {
  std::vector<std::string> Names;
  for (const auto &E : Entries)
    if (E.second == Kind)
      Names.push_back(E.first().str());
  std::sort(Names.begin(), Names.end());
  return Names;
}

} // namespace clang::tidy::coro
