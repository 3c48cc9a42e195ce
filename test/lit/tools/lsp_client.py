#!/usr/bin/env python3
"""Drives a real clangd LSP session and prints the diagnostics it publishes.

    lsp_client.py CLANGD FILE [--timeout SECONDS] [--wait-for CODE-PREFIX] [--links]
                  [--clangd-arg ARG]...

FILE must sit in a directory (or below one) holding its compile_commands.json
and the .clangd configuration under test. The client sends initialize,
initialized and didOpen, then collects textDocument/publishDiagnostics for
FILE until a diagnostic whose code starts with CODE-PREFIX (default "coro-")
arrives, clangd goes quiet for a while after its first publication, or the
timeout expires. It prints one line per diagnostic,
`LINE:COL: SEVERITY: MESSAGE [CODE] (SOURCE)` with 1-based positions, then
"published N diagnostics", and shuts clangd down cleanly.
Exit code: 0 on a clean session, 2 when clangd failed or never published.
"""
import argparse
import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.parse

SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


class Client:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.next_id = 1
        self.stderr_lines = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii", "replace").strip()
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers.get("content-length", "0")))
            self.messages.put(json.loads(body))

    def _read_err(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def send(self, method, params, request=True):
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            msg["id"] = self.next_id
            self.next_id += 1
        data = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()
        return msg.get("id")

    def wait_response(self, request_id, deadline):
        while time.time() < deadline:
            try:
                msg = self.messages.get(timeout=max(0.05, deadline - time.time()))
            except queue.Empty:
                break
            if msg is None:
                return None
            if msg.get("id") == request_id and "method" not in msg:
                return msg
            self.handle_server_request(msg)
        return None

    def handle_server_request(self, msg):
        # Answer server->client requests (e.g. window/workDoneProgress/create).
        if "id" in msg and "method" in msg:
            reply = {"jsonrpc": "2.0", "id": msg["id"], "result": None}
            data = json.dumps(reply).encode("utf-8")
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
            self.proc.stdin.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("clangd")
    parser.add_argument("file")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--wait-for", default="coro-")
    parser.add_argument("--links", action="store_true",
                        help="after each diagnostic, print its codeDescription.href and whether "
                             "a file:// link names an existing file")
    parser.add_argument("--clangd-arg", action="append", default=[],
                        help="an extra argument for clangd")
    parser.add_argument("--transcript",
                        help="write every message clangd sent (JSON, one per line) and its "
                             "stderr log to this file")
    parser.add_argument("--quiet-after", type=float, default=5.0,
                        help="seconds of silence after the first publication that end the wait")
    args = parser.parse_args()

    path = os.path.abspath(args.file)
    uri = "file://" + path
    root = os.path.dirname(path)
    client = Client([args.clangd, "--log=error", "--pch-storage=memory", "-j=1",
                     "--background-index=false", "--clang-tidy"] + args.clangd_arg)
    deadline = time.time() + args.timeout
    init = client.send("initialize", {
        "processId": os.getpid(), "rootUri": "file://" + root,
        "capabilities": {"textDocument": {"publishDiagnostics": {"codeDescriptionSupport": True, "relatedInformation": True}}},
    })
    if client.wait_response(init, deadline) is None:
        sys.stderr.write("lsp_client: clangd did not answer initialize\n" + "".join(client.stderr_lines))
        return 2
    client.send("initialized", {}, request=False)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    client.send("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": text}}, request=False)

    diagnostics = None
    quiet_deadline = None
    transcript = []
    while time.time() < deadline:
        limit = deadline if quiet_deadline is None else min(deadline, quiet_deadline)
        try:
            msg = client.messages.get(timeout=max(0.05, limit - time.time()))
        except queue.Empty:
            if quiet_deadline is not None and time.time() >= quiet_deadline:
                break
            continue
        if msg is None:
            break
        client.handle_server_request(msg)
        transcript.append(json.dumps(msg))
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            diagnostics = msg["params"]["diagnostics"]
            if any(str(d.get("code", "")).startswith(args.wait_for) for d in diagnostics):
                break
            quiet_deadline = time.time() + args.quiet_after

    shutdown = client.send("shutdown", None)
    client.wait_response(shutdown, time.time() + 10)
    client.send("exit", None, request=False)
    try:
        client.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        client.proc.kill()

    if args.transcript:
        with open(args.transcript, "w", encoding="utf-8") as f:
            f.write("\n".join(transcript + ["--- stderr ---"] + client.stderr_lines) + "\n")
    if diagnostics is None:
        sys.stderr.write("lsp_client: no diagnostics were published for " + path + "\n")
        sys.stderr.write("".join(client.stderr_lines[-40:]))
        return 2
    for d in sorted(diagnostics, key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"])):
        start = d["range"]["start"]
        print("%d:%d: %s: %s [%s] (%s)" % (start["line"] + 1, start["character"] + 1,
                                           SEVERITY.get(d.get("severity"), "?"),
                                           d["message"].replace("\n", " "), d.get("code", ""),
                                           d.get("source", "")))
        href = (d.get("codeDescription") or {}).get("href")
        if args.links and href:
            exists = ""
            if href.startswith("file://"):
                local = urllib.parse.unquote(href[len("file://"):])
                exists = " (exists)" if os.path.isfile(local) else " (MISSING)"
            print("  link: %s%s" % (href, exists))
        for r in d.get("relatedInformation") or []:
            loc = r["location"]
            print("  related: %s:%d:%d: %s" % (
                os.path.basename(urllib.parse.unquote(loc["uri"])),
                loc["range"]["start"]["line"] + 1, loc["range"]["start"]["character"] + 1,
                r["message"].replace("\n", " ")))
    print("published %d diagnostics" % len(diagnostics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
