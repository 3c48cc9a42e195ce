#!/usr/bin/env bash
# Installs what coroguard needs (Debian 12 packages), configures and builds
# everything into build/ (or $COROGUARD_BUILD_DIR).
#
#   scripts/build.sh            # analyzer (CLI, -load plugin, clangd) + runtime + tests
#
# Environment: COROGUARD_BUILD_DIR (default: build), COROGUARD_LLVM_VERSION
# (default: 22), COROGUARD_JOBS (default: number of cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COROGUARD_BUILD_DIR:-$ROOT/build}"
LLVM_VERSION="${COROGUARD_LLVM_VERSION:-22}"
JOBS="${COROGUARD_JOBS:-$(nproc)}"

"$ROOT/scripts/install-deps.sh"

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
mkdir -p "$BUILD"
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="clang++-$LLVM_VERSION" \
    -DCOROGUARD_LLVM_VERSION="$LLVM_VERSION" \
    "${launcher[@]}" >"$BUILD/configure.log" 2>&1 || {
      cat "$BUILD/configure.log" >&2
      echo "coroguard: configuring failed (log above)" >&2
      exit 2
    }
fi
cmake --build "$BUILD" -j "$JOBS"
