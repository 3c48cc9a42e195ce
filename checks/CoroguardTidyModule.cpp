//===--- CoroguardTidyModule.cpp - coroguard ------------------------------===//
//
// Registers the coro-* checks as the clang-tidy module "coroguard". Every
// front end (the coroguard CLI, the clang-tidy -load plugin, coroguard-clangd)
// links these same objects.
//
//===----------------------------------------------------------------------===//

#include "CoroguardModule.h"
#include "AsyncGeneratorOutsideLoopCheck.h"
#include "BlockingCallCheck.h"
#include "ConcurrentGeneratorUseCheck.h"
#include "CrossThreadLoopCallCheck.h"
#include "DanglingReferenceCheck.h"
#include "NeverAwaitedCheck.h"
#include "UnclosedAsyncGeneratorCheck.h"
#include "UnobservedTaskCheck.h"
#include "utils/LLVMCompat.h"

namespace clang::tidy {
namespace coro {

class CoroguardModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<AsyncGeneratorOutsideLoopCheck>(
        "coro-async-generator-outside-loop");
    Factories.registerCheck<BlockingCallCheck>("coro-blocking-call");
    Factories.registerCheck<ConcurrentGeneratorUseCheck>(
        "coro-concurrent-generator-use");
    Factories.registerCheck<CrossThreadLoopCallCheck>(
        "coro-cross-thread-loop-call");
    Factories.registerCheck<DanglingReferenceCheck>("coro-dangling-reference");
    Factories.registerCheck<NeverAwaitedCheck>("coro-never-awaited");
    Factories.registerCheck<UnclosedAsyncGeneratorCheck>(
        "coro-unclosed-async-generator");
    Factories.registerCheck<UnobservedTaskCheck>("coro-unobserved-task");
  }

  // coro-* checks are on by default wherever the module is present; a
  // `-checks`/.clang-tidy glob that comes later (e.g. `-*` or
  // `-coro-never-awaited`) still turns them off.
  ClangTidyOptions getModuleOptions() override {
    ClangTidyOptions Options;
    Options.Checks = "coro-*";
    return Options;
  }
};

void addModuleCheckFactories(ClangTidyCheckFactories &Factories) {
  CoroguardModule().addCheckFactories(Factories);
}

const std::vector<std::string> &registeredCheckNames() {
  static const std::vector<std::string> Names = [] {
    ClangTidyCheckFactories Factories;
    CoroguardModule().addCheckFactories(Factories);
    std::vector<std::string> Result;
    for (const auto &Factory : Factories)
      Result.push_back(Factory.getKey().str());
    llvm::sort(Result);
    return Result;
  }();
  return Names;
}

bool isRegisteredCheck(llvm::StringRef Name) {
  return llvm::is_contained(registeredCheckNames(), Name);
}

} // namespace coro

static ClangTidyModuleRegistry::Add<coro::CoroguardModule>
    X("coroguard-module", "Adds coroguard's C++20 coroutine checks (coro-*).");

// Referenced by the front ends so that the linker keeps the registration.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int CoroguardModuleAnchorSource = 0;

} // namespace clang::tidy
