#!/usr/bin/python3
"""How soon rfetch notices that a service has come up: issue 16's target of one interval + 50 ms.

The service starts late: its port refuses connections for the first second, then it answers
503 {"status":"starting"}, and from the second second on (plus a phase, spread evenly over one
interval across the runs, so that the worst phase is measured) 200 {"status":"ready"}. rfetch polls it
with `--until-status 200 --until-json '/status == "ready"' --interval I` and is timed, for each
interval I, from the moment the service became ready:

- noticed: until the server answered rfetch's first 200 (what the poll loop controls);
- exited: until the rfetch process had ended (what a CI step sees).

The same is measured with three targets waited for together (`rfetch URL1 URL2 URL3`): two up
from the start, the third the late service above, so that what a poll of several costs shows.

The target is met when the largest "noticed" of every run is at most I + 50 ms.

    bench/notice.py [--small] [--rfetch PATH] [--out FILE]

Defaults: --rfetch build/rfetch, --out bench/NOTICE.md. --small runs each interval twice (the three
targets once, at 100 ms), to check that the script works; its figures are not worth comparing. Only the Python standard library is
used. Exit 0 when the report was written, target met or not (it is a report, not a test); 1 when a
run failed.
"""

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTEN_AFTER = 1.0
READY_AFTER = 2.0
SLACK = 0.050


class LateService:
    """Refuses connections until LISTEN_AFTER, then 503 starting until READY_AFTER, then 200.

    With both at 0 it is a service that is up from the start."""

    def __init__(self, phase, listen_after=LISTEN_AFTER, ready_after=READY_AFTER):
        # Where readiness falls between two polls; drawn per run so the runs sample every phase.
        self.phase = phase
        self.listen_after = listen_after
        self.ready_after = ready_after
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.server = None
        self.first_ready_answer = None
        self.start = None
        self.thread = None

    def begin(self):
        self.start = time.monotonic()
        self.thread = threading.Thread(target=self._serve_late, daemon=True)
        self.thread.start()

    @property
    def ready_at(self):
        return self.start + self.ready_after + self.phase

    def wait_listening(self):
        while self.server is None and self.thread.is_alive():
            time.sleep(0.01)

    def _serve_late(self):
        time.sleep(self.listen_after)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                now = time.monotonic()
                if now >= service.ready_at:
                    status, body = 200, b'{"status":"ready"}'
                    if service.first_ready_answer is None:
                        service.first_ready_answer = now
                else:
                    status, body = 503, b'{"status":"starting"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.serve_forever(poll_interval=0.05)

    def end(self):
        self.wait_listening()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def one_run(rfetch, interval_ms, phase, up_targets=0):
    """Times the late service's readiness, polled alone or with `up_targets` that are up."""
    service = LateService(phase)
    ups = [LateService(0.0, listen_after=0.0, ready_after=0.0) for _ in range(up_targets)]
    urls = [f"http://127.0.0.1:{s.port}/health" for s in ups + [service]]
    argv = [rfetch, "-s", "--until-status", "200", "--until-json", '/status == "ready"',
            "--interval", f"{interval_ms}ms", "--deadline", "30s", "-o", "/dev/null", *urls]
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("RFETCH_") and "proxy" not in k.lower()}
    for up in ups:
        up.begin()
        up.wait_listening()
    service.begin()
    result = subprocess.run(argv, env=environment, capture_output=True, check=False)
    exited = time.monotonic()
    for each in ups + [service]:
        each.end()
    if any(up.first_ready_answer is None for up in ups) or result.returncode != 0 or service.first_ready_answer is None:
        raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}: "
                           f"{result.stderr.decode(errors='replace')}")
    return service.first_ready_answer - service.ready_at, exited - service.ready_at


def describe(values):
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--rfetch", default=str(ROOT / "build/rfetch"))
    parser.add_argument("--out", default=str(ROOT / "bench/NOTICE.md"))
    args = parser.parse_args()
    runs = 2 if args.small else 10
    # (interval in ms, targets up from the start beside the late one, runs)
    cases = [(100, 0, runs), (250, 0, runs), (1000, 0, runs)]
    cases += [(100, 2, 1)] if args.small else [(100, 2, runs), (1000, 2, runs)]

    version = subprocess.run([args.rfetch, "--version"], capture_output=True, text=True,
                             check=False).stdout.splitlines()
    lines = [
        "# How soon readiness is noticed",
        "",
        "Made by `bench/notice.py`" + (" --small (figures not worth comparing)" if args.small
                                       else "") + ". The service refuses connections for 1 s, "
        "answers 503 `{\"status\":\"starting\"}` until 2 s plus a phase spread evenly over "
        "one interval across the runs, then 200 `{\"status\":\"ready\"}`; "
        "rfetch polls it with `--until-status 200 --until-json '/status == \"ready\"' "
        "--interval I`; with *three targets*, `rfetch UP1 UP2 LATE`, two services up from the "
        "start beside that late one, which must all be ready together. *Noticed*: from the moment the service was ready until it answered "
        "rfetch's first 200 (the late one's, with three targets). *Exited*: until the rfetch process had ended. Target (issue 16): "
        "noticed within I + 50 ms, every run.",
        "",
        f"| | |\n|---|---|\n| rfetch | `{version[0] if version else '?'}` |\n"
        f"| Kernel | {platform.system()} {platform.release()} |\n| Cores | {os.cpu_count()} |\n"
        f"| Load average at the start | {' '.join(f'{x:.2f}' for x in os.getloadavg())} |\n"
        f"| Date | {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} |\n| Runs per interval "
        f"| {runs}{', three targets once' if args.small else ''} |",
        "",
        "| interval I | targets | noticed: median | p95 | max | exited: median | max | target I + 50 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    figures = {}
    for interval, up_targets, case_runs in cases:
        noticed, exited = [], []
        for run in range(case_runs):
            # Evenly spread over one interval, so that the worst phase is among the runs.
            n, e = one_run(args.rfetch, interval, interval / 1000 * run / case_runs, up_targets)
            noticed.append(n)
            exited.append(e)
            print(f"notice: interval {interval} ms, {up_targets + 1} target(s): noticed "
                  f"{n * 1000:.1f} ms, exited {e * 1000:.1f} ms", file=sys.stderr)
        n_median, n_p95, n_max = describe(noticed)
        e_median, _, e_max = describe(exited)
        met = n_max <= interval / 1000 + SLACK
        key = str(interval) if up_targets == 0 else f"{interval}, three targets"
        figures[key] = {"noticed_ms": [round(x * 1000, 1) for x in noticed],
                             "exited_ms": [round(x * 1000, 1) for x in exited], "met": met}
        lines.append(f"| {interval} ms | {up_targets + 1} | {n_median * 1000:.1f} ms | {n_p95 * 1000:.1f} ms | "
                     f"{n_max * 1000:.1f} ms | {e_median * 1000:.1f} ms | {e_max * 1000:.1f} ms | "
                     f"{'met' if met else 'missed'} |")
    lines += ["", "Every run, in ms:", "", "```json", json.dumps(figures), "```", ""]
    Path(args.out).write_text("\n".join(lines))
    print(f"notice: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
