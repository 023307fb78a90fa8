#!/usr/bin/python3
"""Runs the examples in README.md against the demo server and checks what the README says of them.

An example is a fenced `sh` block preceded by a marker line

    <!-- example: NAME exit=N [requires=PROGRAM] [within=SECONDS] -->

and optionally followed by a fenced `text` block: the exact standard output, in which `…` stands
for any text within one line. Without a `text` block the example must print nothing. `exit=N` is
the exit status of the block, run by bash; `requires=curl` skips the example where curl is not
installed; `within=S` fails an example that takes longer than S seconds.

Every example runs against its own, freshly started flaky_server (GET /flaky: 503, 503 with
Retry-After: 1, 200, and again; GET /missing: 404), with http://localhost:8080 in the README
replaced by the server's address. The examples run in parallel, each in an empty directory with a
clean environment: no RFETCH_* variables, no proxy variables, HOME, XDG_CONFIG_HOME and
XDG_STATE_HOME empty, and
`rfetch` on PATH the binary under test.

Every `sh` block in the section "What rfetch does that `curl --retry` does not" must be an example.

Usage: readme_examples.py --rfetch BIN --server FLAKY_SERVER --readme README.md [NAME...]
Exit 0 when every example passes, 1 when one fails. Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

MARKER = re.compile(r"<!--\s*example:\s*(?P<name>[\w-]+)(?P<attrs>(?:\s+\w+=\S+)*)\s*-->")
DEMO_URL = "http://localhost:8080"
TESTED_SECTION = "## What rfetch does that `curl --retry` does not"
EXAMPLE_TIMEOUT = 12  # seconds, per example
ELLIPSIS = "\u2026"


class Failure(Exception):
    pass


@dataclass
class Example:
    name: str
    line: int  # of the marker, 1-based
    command: str
    exit: int
    stdout: str = ""
    requires: list = field(default_factory=list)
    within: float | None = None


def fence(line):
    """The info string of a fence line ('sh', 'text', '' for a bare fence), or None."""
    match = re.match(r"^```(\S*)\s*$", line)
    return match.group(1) if match else None


def block_at(lines, i):
    """The text of the fenced block that opens at lines[i], and the index after its closing fence."""
    body = []
    j = i + 1
    while j < len(lines) and fence(lines[j]) != "":
        body.append(lines[j])
        j += 1
    if j == len(lines):
        raise Failure(f"README.md:{i + 1}: the fenced block is not closed")
    return "\n".join(body) + "\n", j + 1


def parse_examples(text):
    lines = text.splitlines()
    examples, names = [], set()
    for i, line in enumerate(lines):
        match = MARKER.fullmatch(line.strip())
        if not match:
            if re.match(r"\s*<!--\s*example\b", line):
                raise Failure(f"README.md:{i + 1}: cannot read the example marker {line.strip()!r}")
            continue
        name = match.group("name")
        where = f"README.md:{i + 1} ({name})"
        if name in names:
            raise Failure(f"{where}: a second example with this name")
        names.add(name)
        attrs = dict(a.split("=", 1) for a in match.group("attrs").split())
        unknown = set(attrs) - {"exit", "requires", "within"}
        if unknown or "exit" not in attrs or not attrs["exit"].isdigit():
            raise Failure(f"{where}: the marker needs exit=N and allows requires= and within=")
        if i + 1 >= len(lines) or fence(lines[i + 1]) != "sh":
            raise Failure(f"{where}: the marker is not followed at once by a ```sh block")
        command, j = block_at(lines, i + 1)
        example = Example(name, i + 1, command, int(attrs["exit"]),
                          requires=attrs["requires"].split(",") if "requires" in attrs else [],
                          within=float(attrs["within"]) if "within" in attrs else None)
        # The expected stdout: a ```text block before the next fence, marker or heading.
        while j < len(lines):
            kind = fence(lines[j])
            if kind == "text":
                example.stdout, _ = block_at(lines, j)
                break
            if kind is not None or MARKER.search(lines[j]) or lines[j].startswith("#"):
                break
            j += 1
        examples.append(example)
    return examples


def unmarked_blocks(text):
    """Line numbers of the sh blocks in the tested section that no marker precedes."""
    lines = text.splitlines()
    try:
        start = lines.index(TESTED_SECTION)
    except ValueError:
        raise Failure(f"README.md has no heading {TESTED_SECTION!r}") from None
    out, i = [], start + 1
    while i < len(lines) and not lines[i].startswith("## "):
        kind = fence(lines[i])
        if kind is None:
            i += 1
            continue
        if kind == "sh" and not MARKER.fullmatch(lines[i - 1].strip()):
            out.append(i + 1)
        _, i = block_at(lines, i)
    return out


def output_matches(expected, actual):
    if ELLIPSIS not in expected:
        return expected == actual
    pattern = "".join("[^\n]*" if part == ELLIPSIS else re.escape(part)
                      for part in re.split(f"({ELLIPSIS})", expected))
    return re.fullmatch(pattern, actual) is not None


def clean_environment(home, bin_dir):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RFETCH_") and not k.lower().endswith("_proxy")
           and k.upper() not in ("CURL_HOME", "CURL_CA_BUNDLE", "SSLKEYLOGFILE")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_STATE_HOME=str(home / ".local/state"), LC_ALL="C.UTF-8",
               PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}")
    return env


def start_server(server):
    process = subprocess.Popen([server], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = process.stdout.readline().strip()
    if not port.isdigit():
        process.kill()
        raise Failure(f"{server} did not print its port (got {port!r}): {process.stderr.read()}")
    return process, f"http://127.0.0.1:{port}"


def run_example(example, server, bin_dir):
    """None when the example passes, else what went wrong."""
    with tempfile.TemporaryDirectory(prefix=f"readme-{example.name}-") as tmp:
        home = Path(tmp) / "home"
        work = Path(tmp) / "work"
        (home / ".config").mkdir(parents=True)
        work.mkdir()
        process, url = start_server(server)
        try:
            command = example.command.replace(DEMO_URL, url)
            started = time.monotonic()
            try:
                result = subprocess.run(["bash", "-c", command], cwd=work, capture_output=True,
                                        text=True, timeout=EXAMPLE_TIMEOUT,
                                        env=clean_environment(home, bin_dir))
            except subprocess.TimeoutExpired:
                return f"did not finish within {EXAMPLE_TIMEOUT}s"
            took = time.monotonic() - started
        finally:
            process.kill()
            process.wait()
    expected = example.stdout.replace(DEMO_URL, url)
    problems = []
    if result.returncode != example.exit:
        problems.append(f"exited {result.returncode}, the README says {example.exit}")
    if not output_matches(expected, result.stdout):
        problems.append(f"printed\n{indent(result.stdout)}\nthe README says\n{indent(expected)}")
    if example.within is not None and took > example.within:
        problems.append(f"took {took:.2f}s, the README says within {example.within}s")
    if problems and result.stderr:
        problems.append(f"stderr:\n{indent(result.stderr)}")
    return "; ".join(problems) or None


def indent(text):
    return "\n".join("    " + line for line in (text.rstrip("\n") or "(nothing)").splitlines())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rfetch", required=True, type=Path)
    parser.add_argument("--server", required=True)
    parser.add_argument("--readme", required=True, type=Path)
    parser.add_argument("names", nargs="*", help="run only these examples")
    args = parser.parse_args()

    try:
        text = args.readme.read_text()
        examples = parse_examples(text)
        unmarked = unmarked_blocks(text)
    except Failure as failure:
        print(failure)
        return 1
    problems = [f"README.md:{n}: this sh block under {TESTED_SECTION[3:]!r} is not a tested "
                f"example (put a '<!-- example: NAME exit=N -->' line before it)" for n in unmarked]
    if not examples:
        problems.append("README.md has no examples")
    if args.names:
        unknown = set(args.names) - {e.name for e in examples}
        if unknown:
            problems.append(f"no such examples: {' '.join(sorted(unknown))}")
        examples = [e for e in examples if e.name in args.names]

    with tempfile.TemporaryDirectory(prefix="readme-bin-") as bin_dir:
        os.symlink(args.rfetch.resolve(), Path(bin_dir) / "rfetch")
        runnable = []
        for example in examples:
            missing = [p for p in example.requires if not shutil.which(p)]
            if missing:
                print(f"skip {example.name}: {' '.join(missing)} is not installed")
            else:
                runnable.append(example)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(runnable))) as pool:
            outcomes = pool.map(lambda e: run_example(e, args.server, bin_dir), runnable)
            for example, problem in zip(runnable, outcomes):
                if problem:
                    problems.append(f"README.md:{example.line}: example {example.name} {problem}")
                else:
                    print(f"ok   {example.name}")

    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s): README.md's examples do not do what it says")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
