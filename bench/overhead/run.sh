#!/usr/bin/env bash
# What the coro-* checks cost on top of parsing.
#
#   bench/overhead/run.sh [--reps N] [--asio DIR] [--db DIR] [--coroguard BIN] [--out DIR]
#                         [--instructions]
#
# For each heavy coroutine translation unit — an Asio C++20 example and unit test (--asio: a
# checkout of chriskohlhoff/asio; skipped without it), the bundled runtime's tests, and a
# generated file with thousands of coroutines (gen_coroutines.py) — it times, N times each
# (default 5), interleaved:
#   parse      clang++-22 -fsyntax-only (the baseline)
#   floor      coroguard -checks='-*,google-objc-avoid-nsobject-new' (an Objective-C check that
#              registers nothing in C++: the same driver parses the same AST and runs no
#              matcher; `-checks=-* --allow-no-checks` would skip the parse altogether)
#   coroguard  coroguard -checks='-*,coro-*' (all seven checks in one run)
#   tidy-coro  clang-tidy-22 with clang-tidy's own coroutine checks (misc-coroutine-hostile-raii,
#              cppcoreguidelines-avoid-capturing-lambda-coroutines,
#              cppcoreguidelines-avoid-reference-coroutine-parameters)
# and prints the median CPU seconds (user + system), the median peak RSS (/usr/bin/time -f %M)
# and the ratios, each the median over repetitions of the ratio within one repetition (the runs
# of a repetition are back to back): cg/parse and td/parse against the compiler's parse,
# cg/floor = what the seven checks add to the tool's own parse (the target: under 5%, < 1.05).
#
# With --db DIR (a compile_commands.json directory, e.g. one written by eval/run_eval.py), it
# also times a whole-project run `coroguard -p DIR -j1` and `-j2` and prints files/second.
#
# With --instructions (needs valgrind), it also counts the instructions each of parse, floor and
# coroguard executes on each input, once, under callgrind (about 50 times slower than a run):
# unlike CPU time, the count does not depend on what else the machine is doing, so its ratios
# (in/parse, in/floor) are the same on every run of one build. Instructions are not time (the
# checks' code and the parser's differ in cache behaviour), but a change in the checks' count is
# a change in their work.
#
# Nothing is fetched. Timings are wall clock on whatever the machine is doing: run it on an idle
# machine and compare ratios, not seconds. No timing is asserted anywhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
reps=5
asio=""
db=""
coroguard="$root/build/bin/coroguard"
instructions=0
out="${TMPDIR:-/tmp}/coroguard-overhead"
clang="${CLANGXX:-clang++-22}"
tidy="${CLANG_TIDY:-clang-tidy-22}"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --asio) asio="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --coroguard) coroguard="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --instructions) instructions=1; shift ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v "$tidy" >/dev/null 2>&1 || tidy=/usr/lib/llvm-22/bin/clang-tidy
for tool in "$clang" "$tidy" "$coroguard" /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "run.sh: $tool not found (/usr/bin/time: apt-get install time)" >&2; exit 2; }
done
if [ "$instructions" = 1 ] && ! command -v valgrind >/dev/null 2>&1; then
  echo "run.sh: --instructions needs valgrind (apt-get install valgrind)" >&2; exit 2
fi
mkdir -p "$out"

tidy_checks='-*,misc-coroutine-hostile-raii,cppcoreguidelines-avoid-capturing-lambda-coroutines,cppcoreguidelines-avoid-reference-coroutine-parameters'

# name|file|flags
inputs=()
python3 "$here/gen_coroutines.py" 3000 >"$out/many_coroutines.cpp"
inputs+=("generated 3000 coroutines|$out/many_coroutines.cpp|-std=c++20 -I$root/runtime/include")
for t in test_async_generator test_task test_threads; do
  inputs+=("runtime $t.cpp|$root/test/runtime/$t.cpp|-std=c++20 -I$root/runtime/include -I$root/test/runtime")
done
if [ -n "$asio" ]; then
  a="$asio"; [ -d "$a/asio/include" ] && a="$a/asio"
  af="-std=c++20 -DASIO_STANDALONE -I$a/include -I$a/src/tests -pthread"
  inputs+=("asio cpp20 chat_server.cpp|$a/src/examples/cpp20/coroutines/chat_server.cpp|$af")
  inputs+=("asio unit awaitable_operators.cpp|$a/src/tests/unit/experimental/awaitable_operators.cpp|$af")
fi

# time_one OUTFILE CMD... : appends "wall-seconds kilobytes cpu-seconds" (CPU = user + system;
# exit status of CMD ignored: findings and warnings are not failures here, but a crash is
# reported).
time_one() {
  local dest="$1"; shift
  local t0 t1 rss cpu
  t0=$(date +%s.%N)
  if ! /usr/bin/time -f '%M %U %S' -o "$out/rss.txt" "$@" >"$out/last.log" 2>&1; then
    if grep -q 'Stack dump\|PLEASE submit' "$out/last.log"; then
      echo "run.sh: crashed: $*" >&2; cat "$out/last.log" >&2; exit 1
    fi
  fi
  t1=$(date +%s.%N)
  read -r rss u s < <(tail -n1 "$out/rss.txt")
  cpu=$(echo "$u + $s" | bc -l)
  echo "$(echo "$t1 - $t0" | bc -l) $rss $cpu" >>"$dest"
}

# ratio A B : the median over repetitions of (CPU of run i of A) / (CPU of run i of B). The runs
# of one repetition are back to back, so a machine that slows down for a while slows both.
ratio() {
  paste -d' ' "$1" "$2" | awk '{ if ($6 > 0) print $3 / $6 }' | sort -g | awk '{a[NR]=$1} END {
    if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

median() {  # median of column $2 of file $1
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END {
    if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

printf '%s\n' "reps=$reps  coroguard=$coroguard  clang=$($clang --version | head -n1)"
printf '%s\n' "CPU seconds (user+system), medians; ratios: median of per-repetition ratios"
printf '%-34s %8s %8s %9s %9s %8s %8s %8s %8s %7s %7s\n' "translation unit" "parse s" "floor s" \
  "coroguard" "tidy-coro" "cg/parse" "cg/floor" "td/parse" "parse MB" "cg MB" "tidy MB"
i=0
for entry in "${inputs[@]}"; do
  IFS='|' read -r name file flags <<<"$entry"
  i=$((i + 1))
  [ -f "$file" ] || { echo "run.sh: $file missing, skipped" >&2; continue; }
  rm -f "$out/$i".*.txt
  # shellcheck disable=SC2086
  for _ in $(seq "$reps"); do
    time_one "$out/$i.parse.txt" "$clang" -fsyntax-only $flags "$file"
    time_one "$out/$i.floor.txt" "$coroguard" -checks='-*,google-objc-avoid-nsobject-new' --quiet "$file" -- $flags
    time_one "$out/$i.cg.txt" "$coroguard" -checks='-*,coro-*' --quiet "$file" -- $flags
    time_one "$out/$i.tidy.txt" "$tidy" -checks="$tidy_checks" --quiet "$file" -- $flags
  done
  p=$(median "$out/$i.parse.txt" 3); c=$(median "$out/$i.cg.txt" 3); t=$(median "$out/$i.tidy.txt" 3)
  f=$(median "$out/$i.floor.txt" 3)
  pm=$(median "$out/$i.parse.txt" 2); cm=$(median "$out/$i.cg.txt" 2); tm=$(median "$out/$i.tidy.txt" 2)
  printf '%-34s %8.3f %8.3f %9.3f %9.3f %8.3f %8.3f %8.3f %8.0f %7.0f %7.0f\n' "$name" "$p" "$f" "$c" "$t" \
    "$(ratio "$out/$i.cg.txt" "$out/$i.parse.txt")" "$(ratio "$out/$i.cg.txt" "$out/$i.floor.txt")" \
    "$(ratio "$out/$i.tidy.txt" "$out/$i.parse.txt")" \
    "$(echo "$pm / 1024" | bc -l)" "$(echo "$cm / 1024" | bc -l)" "$(echo "$tm / 1024" | bc -l)"
done

if [ -n "$db" ]; then
  n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$db/compile_commands.json")
  echo
  printf '%s\n' "whole-project run: $db ($n translation units)"
  printf '%-6s %9s %10s\n' "jobs" "wall s" "files/s"
  for j in 1 2; do
    rm -f "$out/scale.$j.txt"
    time_one "$out/scale.$j.txt" "$coroguard" -p "$db" -j"$j" --no-progress --format=json \
      -o "$out/scale.$j.json" -checks='-*,coro-*'
    w=$(median "$out/scale.$j.txt" 1)
    printf '%-6s %9.1f %10.2f\n' "-j$j" "$w" "$(echo "$n / $w" | bc -l)"
  done
fi

if [ "$instructions" = 1 ]; then
  # count_one CMD... : prints the instructions CMD executes (callgrind's "Collected" total).
  count_one() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$out/vg.log" || true
    if grep -q 'Stack dump\|PLEASE submit' "$out/vg.log"; then
      echo "run.sh: crashed: $*" >&2; cat "$out/vg.log" >&2; exit 1
    fi
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/vg.log" | tail -n1
  }
  echo
  printf '%s\n' "instructions executed (callgrind, one run each; millions)"
  printf '%-34s %10s %10s %10s %8s %8s\n' "translation unit" "parse" "floor" "coroguard" "in/parse" \
    "in/floor"
  for entry in "${inputs[@]}"; do
    IFS='|' read -r name file flags <<<"$entry"
    [ -f "$file" ] || continue
    # shellcheck disable=SC2086
    p=$(count_one "$clang" -fsyntax-only $flags "$file")
    # shellcheck disable=SC2086
    f=$(count_one "$coroguard" -checks='-*,google-objc-avoid-nsobject-new' --quiet "$file" -- $flags)
    # shellcheck disable=SC2086
    c=$(count_one "$coroguard" -checks='-*,coro-*' --quiet "$file" -- $flags)
    # (count_one runs in a subshell: a crash or a failed count leaves a number missing.)
    if [ -z "$p" ] || [ -z "$f" ] || [ -z "$c" ]; then
      echo "run.sh: no instruction count for $name (see $out/vg.log)" >&2; exit 1
    fi
    printf '%-34s %10.0f %10.0f %10.0f %8.3f %8.3f\n' "$name" "$(echo "$p / 1000000" | bc -l)" \
      "$(echo "$f / 1000000" | bc -l)" "$(echo "$c / 1000000" | bc -l)" "$(echo "$c / $p" | bc -l)" \
      "$(echo "$c / $f" | bc -l)"
  done
fi
