//===--- CoroguardModule.h - coroguard ------------------------------------===//
//
// What the front ends need to know about the module itself: the names of the
// checks it registers, taken from its own factories (never a second list).
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_COROGUARDMODULE_H
#define COROGUARD_CHECKS_COROGUARDMODULE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy {
class ClangTidyCheckFactories;
} // namespace clang::tidy

namespace clang::tidy::coro {

/// Adds the module's check factories to \p Factories (for front ends that
/// build checks outside clang-tidy's driver, e.g. to validate options).
void addModuleCheckFactories(ClangTidyCheckFactories &Factories);

/// The coro-* checks the module registers, sorted by name.
const std::vector<std::string> &registeredCheckNames();

/// Whether \p Name is one of registeredCheckNames().
bool isRegisteredCheck(llvm::StringRef Name);

/// Whether applying a fix-it keeps the program's behaviour (Safe) or changes
/// it (Unsafe: applied only on request, `coroguard --fix-unsafe`).
enum class FixSafety { Safe, Unsafe };

/// The safety of the fix-it that check \p Check attached to one diagnostic,
/// whose replacements insert \p ReplacementTexts. The one place that decides
/// it (checks/FixSafety.cpp, with the reasons; each check page repeats its
/// line): fixes of checks outside this module are Safe, as clang-tidy's
/// --fix treats them; a coro-* check without an entry is Unsafe.
FixSafety fixSafety(llvm::StringRef Check,
                    llvm::ArrayRef<std::string> ReplacementTexts);

} // namespace clang::tidy::coro

#endif
