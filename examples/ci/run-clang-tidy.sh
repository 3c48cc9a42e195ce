#!/bin/sh
# LLVM's run-clang-tidy (parallel clang-tidy over a compile database) with
# coroguard's checks loaded into the stock clang-tidy as a plugin. The
# plugin must come from the same LLVM version as clang-tidy (it refuses to
# load otherwise).
#
#   examples/ci/run-clang-tidy.sh BUILD_DIR [run-clang-tidy options / file regexes]
# Settings (environment):
#   LLVM_BIN          where run-clang-tidy and clang-tidy live (default: /usr/lib/llvm-22/bin)
#   COROGUARD_PLUGIN  the plugin (default: libcoroguard-tidy.so next to this
#                     repository's build/lib)
# coroguard's own `coroguard -p BUILD_DIR` does the same with merged reports
# (SARIF, JSON), a baseline and documented exit codes; use this when your CI
# already runs run-clang-tidy.
set -eu
BUILD_DIR="${1:?usage: run-clang-tidy.sh BUILD_DIR [options]}"
shift
LLVM_BIN="${LLVM_BIN:-/usr/lib/llvm-22/bin}"
HERE="$(cd "$(dirname "$0")" && pwd)"
COROGUARD_PLUGIN="${COROGUARD_PLUGIN:-$HERE/../../build/lib/libcoroguard-tidy.so}"
exec "$LLVM_BIN/run-clang-tidy" \
  -clang-tidy-binary "$LLVM_BIN/clang-tidy" \
  -load "$COROGUARD_PLUGIN" \
  -checks='-*,coro-*' \
  -p "$BUILD_DIR" \
  -quiet \
  "$@"
