#!/bin/sh
# A stand-in for coroguard's worker (COROGUARD_WORKER) that answers the
# coordinator's option check (--dump-config) at once and otherwise sleeps,
# so that a test can interrupt a run while its workers are busy. Each busy
# worker writes its pid to $SLOW_WORKER_PIDS/<pid>.
for arg in "$@"; do
  [ "$arg" = "--dump-config" ] && exec "$COROGUARD_REAL" "$@"
done
: > "$SLOW_WORKER_PIDS/$$"
exec sleep 60
