//===--- TidyArgs.cpp - coroguard -----------------------------------------===//

#include "TidyArgs.h"

namespace coroguard {

bool takesSeparateValue(llvm::StringRef Name) {
  return Name == "p" || Name == "checks" || Name == "config" ||
         Name == "config-file" || Name == "header-filter" ||
         Name == "exclude-header-filter" || Name == "line-filter" ||
         Name == "export-fixes" || Name == "format-style" ||
         Name == "warnings-as-errors" || Name == "extra-arg" ||
         Name == "extra-arg-before" || Name == "removed-arg" ||
         Name == "load" || Name == "vfsoverlay" ||
         Name == "store-check-profile";
}

bool isInfoOption(llvm::StringRef Name) {
  return Name == "help" || Name == "help-hidden" || Name == "help-list" ||
         Name == "version" || Name == "list-checks" ||
         Name == "verify-config" || Name.starts_with("dump-config") ||
         Name == "explain-config";
}

} // namespace coroguard
