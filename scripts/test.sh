#!/usr/bin/env bash
# Builds coroguard and runs every test: the lit suite (checks and front
# ends, including a real clangd LSP session), the runtime's GoogleTest suite,
# and the runtime suite again under ThreadSanitizer and AddressSanitizer+UBSan.
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
#
# Environment: COROGUARD_LLVM_VERSION (default 22) is the LLVM everything is
# built and tested against first. COROGUARD_LLVM_VERSIONS (default: "22 19",
# both versions coroguard supports; "22" tests one): every further version
# listed gets an analyzer-only build in build-<major>/ (see scripts/build.sh,
# which installs that version's packages) and its own lit run, counted as
# "lit-llvm<major>".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRIMARY_LLVM="${COROGUARD_LLVM_VERSION:-22}"
. "$ROOT/scripts/build-dir.sh"
BUILD="$(coroguard_build_dir "$PRIMARY_LLVM")"
export COROGUARD_BUILD_DIR="$BUILD"

"$ROOT/scripts/build.sh" || { echo "coroguard: build failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
count() { # count <name> <passed> <failed>
  printf '%-12s %s passed, %s failed\n' "$1:" "$2" "$3" >>"$BUILD/test-summary.txt"
  passed=$((passed + $2)); failed=$((failed + $3))
}
: >"$BUILD/test-summary.txt"

# 1. lit: checks and front ends.
run_lit() { # run_lit <build dir> <summary name>
  local build="$1" name="$2" lit lit_out lit_rc lp lf
  # The lit this build was configured with (LLVM 19 ships only lit.py).
  lit=$(sed -n 's/^COROGUARD_LIT:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null)
  lit="${lit:-/usr/lib/llvm-$PRIMARY_LLVM/bin/lit}"
  lit_out="$build/lit-results.json"
  rm -f "$lit_out"
  "$lit" -sv --order=lexical --output "$lit_out" "$build/test/lit"
  lit_rc=$?
  read -r lp lf < <(python3 - "$lit_out" <<'PY'
import json, sys
try:
    tests = json.load(open(sys.argv[1]))["tests"]
except Exception:
    print(0, 1); sys.exit()
ok = sum(t["code"] in ("PASS", "XFAIL", "UNSUPPORTED") for t in tests)
print(ok, len(tests) - ok)
PY
)
  if [ "$lit_rc" -ne 0 ] && [ "$lf" -eq 0 ]; then lf=1; fi
  count "$name" "$lp" "$lf"
}
echo "== lit =="
run_lit "$BUILD" lit

# 2. The runtime's unit tests (GoogleTest) and its examples, through CTest.
if ctest --test-dir "$BUILD" -N 2>/dev/null | grep -qE '^Total Tests: [1-9]'; then
  echo "== runtime unit tests =="
  ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)" --output-junit "$BUILD/ctest.xml"
  ctest_rc=$?
  read -r cp cf < <(python3 - "$BUILD/ctest.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print(0, 1); sys.exit()
cases = root.iter("testcase")
p = f = 0
for c in cases:
    if c.find("failure") is not None or c.find("error") is not None: f += 1
    elif c.get("status", "run") in ("run", "passed") and c.find("skipped") is None: p += 1
print(p, f)
PY
)
  if [ "$ctest_rc" -ne 0 ] && [ "$cf" -eq 0 ]; then cf=1; fi
  count runtime "$cp" "$cf"
fi

# 3. The runtime under sanitizers.
if [ -x "$ROOT/test/runtime/run-sanitizers.sh" ]; then
  echo "== runtime under sanitizers =="
  san_log="$BUILD/sanitizers.log"
  "$ROOT/test/runtime/run-sanitizers.sh" "$BUILD/sanitizers" 2>&1 | tee "$san_log"
  san_rc=${PIPESTATUS[0]}
  line=$(grep -E '^sanitizers: [0-9]+ passed, [0-9]+ failed' "$san_log" | tail -n1)
  sp=$(echo "$line" | sed -E 's/^sanitizers: ([0-9]+) passed.*/\1/'); sp=${sp:-0}
  sf=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/'); sf=${sf:-1}
  if [ "$san_rc" -ne 0 ] && [ "$sf" -eq 0 ]; then sf=1; fi
  count sanitizers "$sp" "$sf"
fi

# 4. The analyzer against the other LLVM versions asked for: build + lit.
for v in ${COROGUARD_LLVM_VERSIONS:-22 19}; do
  [ "$v" = "$PRIMARY_LLVM" ] && continue
  echo "== LLVM $v: build + lit =="
  other_build="$(coroguard_default_build_dir "$v")"
  if COROGUARD_LLVM_VERSION="$v" COROGUARD_BUILD_DIR="$other_build" COROGUARD_BUILD_RUNTIME=OFF \
       "$ROOT/scripts/build.sh"; then
    run_lit "$other_build" "lit-llvm$v"
  else
    echo "coroguard: the LLVM $v build failed"
    count "lit-llvm$v" 0 1
  fi
done

echo "== summary =="
cat "$BUILD/test-summary.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
