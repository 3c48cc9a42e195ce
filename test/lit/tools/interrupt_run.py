#!/usr/bin/env python3
"""interrupt_run.py SIGNAL PIDDIR CMD...: starts CMD, waits until a worker
has written its pid into PIDDIR (slow_worker.sh), sends SIGNAL (INT or TERM)
to CMD alone, and prints how CMD ended and whether the workers are gone:
    exit: killed by SIGTERM
    workers: gone
"""
import os
import signal
import subprocess
import sys
import time

sig = getattr(signal, "SIG" + sys.argv[1])
piddir = sys.argv[2]
proc = subprocess.Popen(sys.argv[3:])
deadline = time.time() + 60
while not os.listdir(piddir):
    if proc.poll() is not None or time.time() > deadline:
        print("interrupt_run.py: no worker started", file=sys.stderr)
        sys.exit(1)
    time.sleep(0.05)
time.sleep(0.2)
proc.send_signal(sig)
code = proc.wait(timeout=60)
print("exit: killed by %s" % signal.Signals(-code).name if code < 0 else "exit: %d" % code)
alive = []
for pid in os.listdir(piddir):
    try:
        os.kill(int(pid), 0)
        alive.append(pid)
    except ProcessLookupError:
        pass
print("workers: gone" if not alive else "workers: alive " + " ".join(alive))
