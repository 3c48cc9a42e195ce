#!/usr/bin/env bash
# The main job: builds coroguard, generates the compile database of the
# bundled example project (examples/), and runs the coroguard analyzer over
# every source file in it, printing its diagnostics.
#
# Exit code: 0 when the analysis ran (findings are the expected output of the
# examples), non-zero when it could not (build, configuration, a crash, or a
# source file that does not compile).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LLVM_VERSION="${COROGUARD_LLVM_VERSION:-22}"
. "$ROOT/scripts/build-dir.sh"
BUILD="$(coroguard_build_dir "$LLVM_VERSION")"
export COROGUARD_BUILD_DIR="$BUILD"

mkdir -p "$BUILD"
"$ROOT/scripts/build.sh" >"$BUILD/build.log" 2>&1 || {
  tail -n 50 "$BUILD/build.log" >&2
  echo "coroguard: the build failed (see $BUILD/build.log)" >&2
  exit 2
}

EX="$BUILD/example-project"
cmake -S "$ROOT/examples" -B "$EX" -G Ninja -DCMAKE_CXX_COMPILER="clang++-$LLVM_VERSION" \
  >"$BUILD/examples-configure.log" 2>&1 || { cat "$BUILD/examples-configure.log" >&2; exit 2; }

mapfile -t sources < <(python3 - "$EX/compile_commands.json" "$ROOT/examples" <<'PY'
import json, os, sys
root = os.path.realpath(sys.argv[2])
seen = []
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    if path.startswith(root + os.sep) and path not in seen:
        seen.append(path)
print("\n".join(sorted(seen)))
PY
)
if [ "${#sources[@]}" -eq 0 ]; then
  echo "coroguard: no example sources found in $EX/compile_commands.json" >&2
  exit 2
fi

echo "coroguard: analysing ${#sources[@]} files of examples/ (compile database: $EX)"
out="$EX/coroguard.out"
set +e
"$BUILD/bin/coroguard" -p "$EX" "${sources[@]}" >"$out" 2>&1
rc=$?
set -e
# Show paths relative to the repository.
sed "s#$ROOT/##g" "$out" | grep -v -E '^[0-9]+ warnings? generated\.$'
warnings=$(grep -c ': warning: ' "$out" || true)
echo "coroguard: $warnings warnings in ${#sources[@]} files"
if [ "$rc" -ne 0 ]; then
  echo "coroguard: the analyzer failed (exit code $rc)" >&2
  exit "$rc"
fi
