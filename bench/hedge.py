#!/usr/bin/python3
"""Hedged requests against a server that stalls 10% of its requests for 2 s: issue 15 item 3.

A local server answers a small body at once, except for one request in ten, drawn at random
(seeded, so every mode sees the same draws for its k-th request), which it holds for 2 s first.
Each mode fetches it RUNS times, one process after another, and each process is timed from its
start to its exit:

- curl: `curl -s URL`, the baseline (curl has no hedging);
- rfetch: `rfetch -s URL`;
- rfetch --hedge-after 100ms (one hedge, the default --hedge-max);
- rfetch --hedge-after 100ms --hedge-max 2.

Targets (issue 15): with --hedge-after 100ms, p99 wall time <= 0.3 s (2 s without), with at most
15% more requests than runs.

    bench/hedge.py [--small] [--rfetch PATH] [--curl PATH] [--out FILE]

Defaults: --rfetch build/rfetch, --curl curl (skipped when missing), --out bench/HEDGE.md.
--small makes 20 runs a mode, to check that the script works; its figures are not worth
comparing. Only the Python standard library is used. Exit 0 when the report was written, targets
met or not (it is a report, not a test); 1 when a run failed.
"""

import argparse
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STALL_SHARE = 0.10
STALL_SECONDS = 2.0
BODY = b"x" * 512
SEED = 15


class StallingServer:
    """Answers BODY at once, or after STALL_SECONDS for a seeded STALL_SHARE of requests."""

    def __init__(self):
        self.lock = threading.Lock()
        self.draws = random.Random(SEED)
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with server.lock:
                    server.requests += 1
                    stall = server.draws.random() < STALL_SHARE
                if stall:
                    time.sleep(STALL_SECONDS)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(BODY)))
                    self.end_headers()
                    self.wfile.write(BODY)
                except OSError:
                    # The client cancelled this request (a hedge won) and closed the connection.
                    pass

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/item"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def start_mode(self):
        """Each mode sees the same draws for its k-th request, and counts its own requests."""
        with self.lock:
            self.draws = random.Random(SEED)
            self.requests = 0

    def close(self):
        self.http.shutdown()
        self.http.server_close()


def percentile(values, share):
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run_mode(server, argv, runs):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("RFETCH_") and "proxy" not in k.lower()}
    server.start_mode()
    walls = []
    for _ in range(runs):
        started = time.monotonic()
        result = subprocess.run(argv + [server.url], env=environment, capture_output=True,
                                check=False)
        walls.append(time.monotonic() - started)
        if result.returncode != 0 or result.stdout != BODY:
            raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}: "
                               f"{result.stderr.decode(errors='replace')}")
    # The cancelled requests of the last run may still be arriving at the server.
    time.sleep(0.2)
    return walls, server.requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--rfetch", default=str(ROOT / "build/rfetch"))
    parser.add_argument("--curl", default="curl")
    parser.add_argument("--out", default=str(ROOT / "bench/HEDGE.md"))
    args = parser.parse_args()
    runs = 20 if args.small else 200

    modes = []
    curl = shutil.which(args.curl)
    if curl:
        modes.append(("curl -s", [curl, "-s"], False))
    modes += [
        ("rfetch -s", [args.rfetch, "-s"], False),
        ("rfetch -s --hedge-after 100ms", [args.rfetch, "-s", "--hedge-after", "100ms"], True),
        ("rfetch -s --hedge-after 100ms --hedge-max 2",
         [args.rfetch, "-s", "--hedge-after", "100ms", "--hedge-max", "2"], True),
    ]

    version = subprocess.run([args.rfetch, "--version"], capture_output=True, text=True,
                             check=False).stdout.splitlines()
    curl_version = (subprocess.run([curl, "--version"], capture_output=True, text=True,
                                   check=False).stdout.splitlines() if curl else [])
    lines = [
        "# Hedged requests against a stalling server",
        "",
        "Made by `bench/hedge.py`" + (" --small (figures not worth comparing)" if args.small
                                      else "") +
        f". The server holds a seeded {STALL_SHARE:.0%} of its requests for {STALL_SECONDS:g} s "
        "and answers the rest at once; each mode fetches it once per process, one process "
        "after another, timed from start to exit. *Requests* is what the server received, "
        "cancelled hedges and their stalled siblings included. Targets (issue 15): with "
        "`--hedge-after 100ms`, p99 <= 0.3 s and at most 15% more requests than runs.",
        "",
        f"| | |\n|---|---|\n| rfetch | `{version[0] if version else '?'}` |\n"
        f"| curl | `{curl_version[0] if curl_version else 'not found'}` |\n"
        f"| Kernel | {platform.system()} {platform.release()} |\n| Cores | {os.cpu_count()} |\n"
        f"| Load average at the start | {' '.join(f'{x:.2f}' for x in os.getloadavg())} |\n"
        f"| Date | {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} |\n"
        f"| Runs per mode | {runs} |",
        "",
        "| mode | p50 (s) | p99 (s) | max (s) | requests | extra requests | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    figures = {}
    server = StallingServer()
    try:
        for name, argv, hedged in modes:
            walls, requests = run_mode(server, argv, runs)
            p50, p99 = percentile(walls, 0.50), percentile(walls, 0.99)
            extra = requests / runs - 1
            target = "—"
            if hedged:
                met = p99 <= 0.3 and extra <= 0.15
                target = "met" if met else "missed"
            figures[name] = {"wall_s": [round(x, 3) for x in walls], "requests": requests}
            lines.append(f"| `{name}` | {p50:.3f} | {p99:.3f} | {max(walls):.3f} | {requests} | "
                         f"{extra:+.1%} | {target} |")
            print(f"hedge: {name}: p50 {p50:.3f} s, p99 {p99:.3f} s, {requests} requests",
                  file=sys.stderr)
    finally:
        server.close()
    lines += ["", "Every run's wall time, in s:", "", "```json", json.dumps(figures), "```", ""]
    Path(args.out).write_text("\n".join(lines))
    print(f"hedge: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
