#!/bin/sh
# A stand-in for coroguard's worker (COROGUARD_WORKER) that crashes with
# SIGSEGV on any file whose path contains $CRASH_ON and runs the real
# coroguard ($COROGUARD_REAL) on the others: proves that a crash in one
# translation unit is contained and reported.
for arg in "$@"; do
  case "$arg" in
    *"$CRASH_ON"*) echo "crashing_worker.sh: simulated crash on $arg" >&2; kill -SEGV $$ ;;
  esac
done
exec "$COROGUARD_REAL" "$@"
