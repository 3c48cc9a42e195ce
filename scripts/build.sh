#!/usr/bin/env bash
# Installs what coroguard needs (Debian 12 packages), configures and builds
# everything into build/ (or $COROGUARD_BUILD_DIR).
#
#   scripts/build.sh            # analyzer (CLI, -load plugin, clangd) + runtime + tests
#
#   COROGUARD_LLVM_VERSION=19 scripts/build.sh   # against Debian's LLVM 19, in build-19/
#
# Environment: COROGUARD_LLVM_VERSION (default: 22), COROGUARD_BUILD_DIR
# (default: build for LLVM 22, build-<major> for another LLVM),
# COROGUARD_BUILD_RUNTIME (default: ON; OFF builds only the analyzer),
# COROGUARD_JOBS (default: number of cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LLVM_VERSION="${COROGUARD_LLVM_VERSION:-22}"
. "$ROOT/scripts/build-dir.sh"
BUILD="$(coroguard_build_dir "$LLVM_VERSION")"
JOBS="${COROGUARD_JOBS:-$(nproc)}"

"$ROOT/scripts/install-deps.sh"

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
mkdir -p "$BUILD"
# A build directory belongs to one LLVM version: never build a 19 tree with 22.
if [ -f "$BUILD/CMakeCache.txt" ]; then
  configured=$(sed -n 's/^COROGUARD_LLVM_VERSION:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
  if [ -n "$configured" ] && [ "$configured" != "$LLVM_VERSION" ]; then
    echo "coroguard: $BUILD is configured for LLVM $configured, not $LLVM_VERSION;" \
         "use another COROGUARD_BUILD_DIR or remove it" >&2
    exit 2
  fi
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="clang++-$LLVM_VERSION" \
    -DCOROGUARD_LLVM_VERSION="$LLVM_VERSION" \
    -DCOROGUARD_BUILD_RUNTIME="${COROGUARD_BUILD_RUNTIME:-ON}" \
    "${launcher[@]}" >"$BUILD/configure.log" 2>&1 || {
      cat "$BUILD/configure.log" >&2
      echo "coroguard: configuring failed (log above)" >&2
      exit 2
    }
fi
cmake --build "$BUILD" -j "$JOBS"
