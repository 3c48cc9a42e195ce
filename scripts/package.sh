#!/usr/bin/env bash
# Builds coroguard's packages from this checkout:
#   <build>/packages/coroguard_<version>_<arch>.deb        (installs under /usr)
#   <build>/packages/coroguard-<version>-llvm<N>-<arch>.tar.gz  (a relocatable prefix)
# Installs the build dependencies first (scripts/build.sh). Both packages hold
# the whole product: coroguard, coroguard-clangd, the clang-tidy and compiler
# plugins, the runtime with its CMake and pkg-config files, the docs, the man
# page, the .clangd snippet and the CI examples.
#
#   sudo apt install ./build/packages/coroguard_*.deb
#   tar -xzf build/packages/coroguard-*.tar.gz -C /opt    # or anywhere
#
# Environment: as scripts/build.sh (COROGUARD_LLVM_VERSION, COROGUARD_BUILD_DIR, ...).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LLVM_VERSION="${COROGUARD_LLVM_VERSION:-22}"
. "$ROOT/scripts/build-dir.sh"
BUILD="$(coroguard_build_dir "$LLVM_VERSION")"

if [ "${COROGUARD_BUILD_RUNTIME:-ON}" != ON ]; then
  echo "coroguard: packages hold the runtime too; unset COROGUARD_BUILD_RUNTIME" >&2
  exit 2
fi
"$ROOT/scripts/build.sh"
rm -rf "$BUILD/packages"
cpack --config "$BUILD/CPackConfig.cmake" -B "$BUILD/packages" >"$BUILD/package.log" 2>&1 || {
  cat "$BUILD/package.log" >&2
  echo "coroguard: packaging failed (log above)" >&2
  exit 2
}
rm -rf "$BUILD/packages/_CPack_Packages"
echo "coroguard: packages in $BUILD/packages:"
ls -1 "$BUILD/packages"
