#!/usr/bin/env bash
# Builds the runtime benchmark in Release and runs it. Usage: bench/runtime/run.sh [build-dir]
# (default /tmp/coroguard-bench). Set CXX to pick the compiler (default g++-12).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:-/tmp/coroguard-bench}"
"$here/../../scripts/install-deps.sh" --bench
cxx="${CXX:-g++-12}"
command -v "$cxx" >/dev/null 2>&1 || cxx=g++
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$dir" "${gen[@]}" "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$dir" -j "${COROGUARD_JOBS:-2}" >/dev/null
exec "$dir/coroguard_runtime_bench" "${@:2}"
