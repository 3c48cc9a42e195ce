#!/usr/bin/env bash
# Builds and runs the coroguard runtime test suite under ThreadSanitizer and under
# AddressSanitizer+UndefinedBehaviorSanitizer, in separate build directories under $1
# (default: build/). Exits non-zero on any test failure or sanitizer report.
# The last line is always: "sanitizers: N passed, N failed" (N counts configurations).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-build}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cxx="${CXX:-g++-12}"
command -v "$cxx" >/dev/null 2>&1 || cxx=g++
jobs="${COROGUARD_JOBS:-2}"
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

passed=0
failed=0

run_config() {
  local name="$1" flags="$2"
  local dir="$out/runtime-$name"
  echo "== $name: configuring in $dir"
  if ! cmake -S "$here" -B "$dir" "${generator[@]}" "${launcher[@]}" \
      -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >"$dir.configure.log" 2>&1; then
    echo "== $name: configure FAILED (see $dir.configure.log)"
    failed=$((failed + 1))
    return
  fi
  echo "== $name: building"
  if ! cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1; then
    tail -n 30 "$dir.build.log"
    echo "== $name: build FAILED (see $dir.build.log)"
    failed=$((failed + 1))
    return
  fi
  echo "== $name: running"
  local log="$dir.test.log"
  # halt_on_error/abort_on_error + exitcode: any report fails the run.
  if TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" \
     ASAN_OPTIONS="halt_on_error=1 abort_on_error=1 detect_leaks=1 detect_stack_use_after_return=1" \
     UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1" \
     timeout 600 "$dir/coroguard_runtime_tests" --gtest_brief=1 >"$log" 2>&1 &&
     ! grep -qE "WARNING: ThreadSanitizer|ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer" "$log"; then
    tail -n 3 "$log"
    echo "== $name: PASSED"
    passed=$((passed + 1))
  else
    tail -n 40 "$log"
    echo "== $name: FAILED (see $log)"
    failed=$((failed + 1))
  fi
}

run_config tsan "-fsanitize=thread -g -O1"
run_config asan-ubsan "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"

echo "sanitizers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
