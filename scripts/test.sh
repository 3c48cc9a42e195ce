#!/usr/bin/env bash
# Builds coroguard and runs every test: the lit suite (checks and front
# ends, including a real clangd LSP session), the runtime's GoogleTest suite,
# and the runtime suite again under ThreadSanitizer and AddressSanitizer+UBSan.
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${COROGUARD_BUILD_DIR:-$ROOT/build}"
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
echo "== lit =="
lit_out="$BUILD/lit-results.json"
"/usr/lib/llvm-${COROGUARD_LLVM_VERSION:-22}/bin/lit" -sv --order=lexical \
  --output "$lit_out" "$BUILD/test/lit"
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
count lit "$lp" "$lf"

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

echo "== summary =="
cat "$BUILD/test-summary.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
