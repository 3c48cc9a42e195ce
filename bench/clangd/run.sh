#!/usr/bin/env bash
# What the coro-* checks cost in the editor: coroguard-clangd's own measurement.
#
#   bench/clangd/run.sh [--clangd BIN] [--out DIR] [FILE...]
#
# coroguard-clangd treats the coro-* checks as fast checks (tool/ClangdMain.cpp), so they run on
# every keystroke's rebuild with no FastCheckFilter setting. This prints the evidence, measured the
# way clangd measures its own list of fast checks: for each input it runs
#   coroguard-clangd --check=FILE --check-tidy-time='coro-*' --check-locations=false
# which builds the file's AST repeatedly, with no check and with each check alone (clangd's
# "target accuracy 3%"), and prints each check's added share of the AST build, then the sum over
# the seven checks (an upper estimate of running them together) per input.
#
# Inputs (FILE... replaces them): a generated file with 300 coroutines (bench/overhead/
# gen_coroutines.py), the runtime's heaviest unit tests, and the bundled example project's sources.
# Flags: -std=c++20 and the runtime's include directories (compile_flags.txt).
# Nothing is fetched; nothing is asserted; about one minute per input on a 2-core machine.
# clangd's fast-check threshold: a check is fast when it adds at most 8% (clangd's
# FastChecks.inc, measured the same way); compare against that, not against seconds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
clangd="$root/build/bin/coroguard-clangd"
out="${TMPDIR:-/tmp}/coroguard-clangd-bench"
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --clangd) clangd="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    *) files+=("$(realpath "$1")"); shift ;;
  esac
done
[ -x "$clangd" ] || { echo "run.sh: $clangd not found (build it: scripts/build.sh)" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out"
printf -- '-std=c++20\n-I%s\n-I%s\n' "$root/runtime/include" "$root/test/runtime" \
  >"$out/compile_flags.txt"
if [ "${#files[@]}" -eq 0 ]; then
  python3 "$root/bench/overhead/gen_coroutines.py" 300 >"$out/many_coroutines.cpp"
  files+=("$out/many_coroutines.cpp")
  for t in test_task test_async_generator; do
    cp "$root/test/runtime/$t.cpp" "$out/"; files+=("$out/$t.cpp")
  done
  for f in "$root"/examples/analyzer/src/*.cpp; do
    cp "$f" "$out/"; files+=("$out/$(basename "$f")")
  done
fi

printf '%-36s %10s' "input" "AST (ms)"
checks=()
first=1
for f in "${files[@]}"; do
  log="$out/$(basename "$f").log"
  # Files given on the command line keep their own compile_commands.json / compile_flags.txt.
  if ! (cd "$(dirname "$f")" && "$clangd" --check="$f" --check-tidy-time='coro-*' \
        --check-locations=false) >"$log" 2>&1; then
    echo; echo "run.sh: coroguard-clangd --check failed on $f (log: $log)" >&2; exit 1
  fi
  if [ "$first" = 1 ]; then
    mapfile -t checks < <(sed -n 's/.*  \(coro-[a-z-]*\) = .*/\1/p' "$log")
    [ "${#checks[@]}" -gt 0 ] || { echo; echo "run.sh: no check timings in $log" >&2; exit 1; }
    for c in "${checks[@]}"; do printf ' %8s' "${c#coro-}" | cut -c1-9 | tr -d '\n'; done
    printf ' %8s\n' "sum"
    first=0
  fi
  base=$(sed -n 's/.*Baseline = \([0-9]*\) ns.*/\1/p' "$log")
  printf '%-36s %10s' "$(basename "$f" | cut -c1-36)" "$((base / 1000000))"
  sum=0
  for c in "${checks[@]}"; do
    p=$(sed -n "s/.*  $c = \(-\?[0-9]*\)%.*/\1/p" "$log")
    printf ' %7s%%' "$p"
    sum=$((sum + p))
  done
  printf ' %7s%%\n' "$sum"
done
echo "(each column: the AST build time a check adds, in % of the build with no check; clangd's"
echo " own measure, noisy to a few % per check: compare the sum with clangd's 8%-per-check fast bar)"
