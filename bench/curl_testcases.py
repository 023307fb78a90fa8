#!/usr/bin/python3
"""Runs curl's own HTTP test cases with curl and with rfetch, and counts how many command
lines rfetch accepts and how many give curl's result.

curl's test cases are not part of rfetch: fetch them first (tests/data of curl 7.88.1, from
github.com/curl/curl) and pass their directory. Each case whose only server is "http" and that
runs the curl tool is replayed by a small server of this script's own: every request gets the
case's <reply> <data> (or <dataN> for a path ending in N as a 4-digit part, as curl's test
server picks it). The command line is run as the case writes it, with -s prepended for both
tools; rfetch also gets --retries 0 unless it has --retry, and --no-fail unless it has -f.

"curl passes" means curl 7.88 exits with the case's <errorcode> (0 by default) here.
"accepted" means rfetch did not refuse the command line (exit 2); "same result" means the
same exit status and the same standard output, byte for byte.

Usage: curl_testcases.py --cases DIR --rfetch BIN [--curl BIN] [--only N,...] [--json]
Only the Python standard library is used.
"""

import argparse
import collections
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import threading

TIMEOUT = 15


def section(text, name):
    match = re.search(r"<%s(\s[^>]*)?>\n?(.*?)</%s>" % (name, name), text, re.S)
    if not match:
        return None, ""
    return match.group(2), match.group(1) or ""


def reply_parts(text):
    """Part number -> the raw bytes the server sends for it."""
    reply, _ = section(text, "reply")
    parts = {}
    for match in re.finditer(r"<data(\d*)(\s[^>]*)?>\n?(.*?)</data\1>", reply or "", re.S):
        body, attrs = match.group(3), match.group(2) or ""
        if 'crlf="yes"' in attrs:
            body = re.sub(r"\r?\n", "\r\n", body)
        parts[int(match.group(1) or 0)] = body.encode("latin-1", "replace")
    return parts


class ReplayServer:
    """Answers each request with the part of the case its path asks for, then closes."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.parts = {}
        self.stop = False
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(conn,), daemon=True).start()

    def answer(self, conn):
        conn.settimeout(5)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if re.search(rb"(?im)^expect:\s*100-continue", head):
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            if length:
                want = int(length.group(1))
                while len(rest) < want:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
            elif re.search(rb"(?im)^transfer-encoding:\s*chunked", head):
                while not rest.endswith(b"0\r\n\r\n"):
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
            target = head.split(b"\r\n", 1)[0].split(b" ")
            path = target[1].decode("latin-1") if len(target) > 1 else "/"
            part = 0
            number = re.search(r"(\d+)(?:[?#].*)?$", path)
            if number and int(number.group(1)) > 10000:
                part = int(number.group(1)) % 10000
            if re.search(rb"(?im)^authorization:\s*digest", head):
                part += 1000
            reply = self.parts.get(part, self.parts.get(0, b""))
            conn.sendall(reply)
        except OSError:
            pass
        finally:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


def substitute(text, number, port, workdir):
    for name, value in (("%HOSTIP", "127.0.0.1"), ("%HTTPPORT", str(port)),
                        ("%TESTNUMBER", str(number)), ("%PWD", workdir),
                        ("%LOGDIR", "log"), ("%CLIENTIP", "127.0.0.1"),
                        ("%HOSTNAME", "localhost"), ("%USER", os.environ.get("USER", "user")),
                        ("%SRCDIR", workdir)):
        text = text.replace(name, value)
    return text


def run(argv, cwd, stdin_bytes):
    try:
        done = subprocess.run(argv, cwd=cwd, input=stdin_bytes, capture_output=True,
                              timeout=TIMEOUT, env=dict(os.environ, HOME=cwd))
        return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return -1, b"", "timed out"


def load_case(path):
    text = open(path, encoding="latin-1").read()
    client, _ = section(text, "client")
    servers, _ = section(client or "", "server")
    if (servers or "").split() != ["http"] or "<tool>" in (client or ""):
        return None
    if "<precheck>" in (client or "") or "<killserver>" in (client or ""):
        return None
    command, attrs = section(client, "command")
    # A %VARIABLE of curl's test suite that is not substituted here leaves the case out; -w's
    # own %{name} and %header{name} are curl's command line, and stay in.
    unknown = re.sub(r"%(HOSTIP|HTTPPORT|TESTNUMBER|PWD|LOGDIR|CLIENTIP|HOSTNAME|USER|SRCDIR)",
                     "", command)
    unknown = re.sub(r"%(header|output)?\{[^}]*\}", "", unknown).replace("%%", "")
    if not command.strip() or "%" in unknown:
        return None
    verify, _ = section(text, "verify")
    errorcode, _ = section(verify or "", "errorcode")
    stdin, _ = section(client, "stdin")
    files = re.findall(r'<file\d?\s+name="([^"]+)"[^>]*>\n?(.*?)</file\d?>', client, re.S)
    if errorcode and not errorcode.strip().isdigit():
        return None  # a code that depends on curl's build (%if hyper)
    return {
        "command": command.strip(),
        "expected": int(errorcode.strip() or 0) if errorcode else 0,
        "parts": reply_parts(text),
        "stdin": (stdin or "").encode("latin-1"),
        "files": files,
    }


def with_rfetch_defaults(args):
    prefix = ["-s"]
    if "--retry" not in args:
        prefix += ["--retries", "0"]
    fails = any(a in ("-f", "--fail", "--fail-with-body") or
                (re.fullmatch(r"-[a-zA-Z]+", a) and "f" in a[1:] and not a.startswith("--"))
                for a in args)
    if not fails:
        prefix.append("--no-fail")
    return prefix + args


def run_case(number, case, server, curl, rfetch):
    server.parts = case["parts"]
    results = {}
    for tool in ("curl", "rfetch"):
        with tempfile.TemporaryDirectory() as workdir:
            os.makedirs(os.path.join(workdir, "log"))
            for name, content in case["files"]:
                path = os.path.join(workdir, substitute(name, number, server.port, workdir))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="latin-1") as out:
                    out.write(substitute(content, number, server.port, workdir))
            command = substitute(case["command"], number, server.port, workdir)
            try:
                args = shlex.split(command.replace("\n", " "))
            except ValueError:
                return None
            argv = [curl, "-s"] + args if tool == "curl" else [rfetch] + with_rfetch_defaults(args)
            results[tool] = run(argv, workdir, case["stdin"])
    return results


def refused_option(stderr):
    match = re.search(r"curl's (\S+)(?: \(--[^)]*\))? is not supported", stderr)
    if match:
        return match.group(1)
    match = re.search(r"unknown option '([^']+)'", stderr)
    return match.group(1) if match else stderr.strip().splitlines()[-1][:60] if stderr.strip() else "?"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", required=True)
    parser.add_argument("--rfetch", required=True)
    parser.add_argument("--curl", default="curl")
    parser.add_argument("--only")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--list", action="store_true", help="print each case's verdict")
    options = parser.parse_args()

    server = ReplayServer()
    numbers = sorted(int(name[4:]) for name in os.listdir(options.cases)
                     if re.fullmatch(r"test\d+", name))
    if options.only:
        numbers = [int(n) for n in options.only.split(",")]
    counts = collections.Counter()
    refusals = collections.Counter()
    for number in numbers:
        case = load_case(os.path.join(options.cases, "test%d" % number))
        if case is None:
            continue
        results = run_case(number, case, server, options.curl, options.rfetch)
        if results is None:
            continue
        counts["http cases"] += 1
        curl_code, curl_out, _ = results["curl"]
        if curl_code != case["expected"]:
            continue
        counts["curl passes"] += 1
        code, out, err = results["rfetch"]
        if code == 2 and curl_code != 2:
            counts["rejected"] += 1
            refusals[refused_option(err)] += 1
            verdict = "rejected: " + refused_option(err)
        elif code == curl_code and out == curl_out:
            counts["same result"] += 1
            verdict = "same"
        else:
            counts["different result"] += 1
            verdict = "different: exit %d vs curl %d, %d vs %d bytes" % (
                code, curl_code, len(out), len(curl_out))
        if options.list:
            print("test%d: %s" % (number, verdict))
    passes = counts["curl passes"] or 1
    report = {
        "http_cases": counts["http cases"],
        "curl_passes": counts["curl passes"],
        "accepted": counts["curl passes"] - counts["rejected"],
        "accepted_percent": round(100 * (counts["curl passes"] - counts["rejected"]) / passes, 1),
        "same_result": counts["same result"],
        "same_result_percent": round(100 * counts["same result"] / passes, 1),
        "rejected": counts["rejected"],
        "top_refusals": refusals.most_common(15),
    }
    if options.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print("%s: %s" % (key, value))
    return 0


if __name__ == "__main__":
    sys.exit(main())
