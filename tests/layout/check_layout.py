#!/usr/bin/python3
"""Checks that the includes under src/ keep to the layout of ARCHITECTURE.md.

The allowed edges are read from the CMake files, one place: between the parts of the core, the
target_link_libraries lines of src/core/CMakeLists.txt (rfetch_core_PART links the parts PART
may include); between the layers around it, those of the top CMakeLists.txt. It fails when:
  - a file sits at the top of src/core, or in a folder of src/core that is no part;
  - the parts' edges form a cycle;
  - a file under src/core includes a header in <...> that is not the C++ standard library or
    nlohmann/json (so no libcurl, no CLI11, no unistd.h, fcntl.h, sys/..., poll.h, signal.h),
    or one of <csignal>, <filesystem>, <fstream>, <thread>, which reach the operating system;
  - a file of a core part includes a header of a part it may not depend on, or of src/http,
    src/cli, src/sys or src/app;
  - src/http, src/cli, src/sys or src/app include one of the others that its target does not
    link in the top CMakeLists.txt (rfetch_http, rfetch_cli, rfetch_sys, rfetch);
  - a file outside src/http includes <curl/...>, or a file outside src/cli includes <CLI/...>;
  - a string literal under src/core names a flag (--something): the core names a Setting, and
    src/cli words it.

Usage: check_layout.py --source DIR         check the tree at DIR
       check_layout.py --self-test          plant each kind of bad include in a copy of this
                                            checkout's src/ and check that each one fails
Exit 0 when the layout holds, 1 when it does not (naming each file and include).
Only the Python standard library is used.
"""

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

CXX = {".h", ".hpp", ".cpp", ".cc"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
# A string literal or a comment, so that the literals can be read with the comments left out.
LITERAL_OR_COMMENT = re.compile(r'("(?:\\.|[^"\\\n])*")|//[^\n]*|/\*.*?\*/', re.S)
FLAG = re.compile(r"--[a-z][a-z0-9-]*")
# Standard headers that reach the operating system: the core takes such effects as interfaces.
OS_STD = {"csignal", "filesystem", "fstream", "thread"}
# The layers around the core (src/LAYER/), by the target that builds each.
OUTER_TARGETS = {"http": "rfetch_http", "cli": "rfetch_cli", "sys": "rfetch_sys", "app": "rfetch"}


def outer_layers(source):
    """{layer: set of the other outer layers it may include}, from the target_link_libraries
    lines of the top CMakeLists.txt: src/cli may include src/sys when rfetch_cli links rfetch_sys."""
    text = (source / "CMakeLists.txt").read_text()
    by_target = {target: layer for layer, target in OUTER_TARGETS.items()}
    layers = {layer: set() for layer in OUTER_TARGETS}
    for target, deps in re.findall(
            r"target_link_libraries\((\w+)\s+(?:PUBLIC|PRIVATE|INTERFACE)\s+([^)]*)\)", text):
        if target in by_target:
            layers[by_target[target]].update(by_target[dep] for dep in deps.split()
                                              if dep in by_target)
    return layers


def core_parts(source):
    """{part: set of parts it may include}, from src/core/CMakeLists.txt."""
    text = (source / "src/core/CMakeLists.txt").read_text()
    parts = {name: set() for name in re.findall(r"add_library\(rfetch_core_(\w+)", text)}
    for name, deps in re.findall(
            r"target_link_libraries\(rfetch_core_(\w+)\s+(?:PUBLIC|INTERFACE)\s+([^)]*)\)", text):
        parts.setdefault(name, set()).update(re.findall(r"rfetch_core_(\w+)", deps))
    return parts


def cycle(parts):
    """A list of parts that form a cycle, or None."""
    state = {}

    def visit(part, path):
        state[part] = "open"
        for dep in sorted(parts.get(part, ())):
            if state.get(dep) == "open":
                return path[path.index(dep):] + [dep] if dep in path else [part, dep]
            if dep not in state:
                found = visit(dep, path + [dep])
                if found:
                    return found
        state[part] = "done"
        return None

    for part in sorted(parts):
        if part not in state:
            found = visit(part, [part])
            if found:
                return found
    return None


def allowed_angle_in_core(header):
    if header.startswith("nlohmann/"):
        return True
    return "/" not in header and "." not in header and header not in OS_STD


def check(source):
    problems = []
    parts = core_parts(source)
    if not parts:
        return ["src/core/CMakeLists.txt defines no rfetch_core_PART library"]
    for part, deps in sorted(parts.items()):
        for dep in sorted(deps - set(parts)):
            problems.append(f"src/core/CMakeLists.txt: rfetch_core_{part} links rfetch_core_{dep}, "
                            "which is no part")
    loop = cycle(parts)
    if loop:
        problems.append("src/core/CMakeLists.txt: the parts form a cycle: " + " -> ".join(loop))

    outer = outer_layers(source)
    src = source / "src"
    for path in sorted(p for p in src.rglob("*") if p.suffix in CXX):
        rel = path.relative_to(source).as_posix()
        where = path.relative_to(src).parts
        layer = where[0] if len(where) > 1 else None
        part = where[1] if layer == "core" and len(where) > 2 else None
        if layer == "core" and part not in parts:
            problems.append(f"{rel}: not in a part of the core (src/core/PART/, PART one of "
                            f"{', '.join(sorted(parts))})")
            continue
        text = path.read_text()
        if layer == "core":
            for literal in LITERAL_OR_COMMENT.findall(text):
                for flag in FLAG.findall(literal):
                    problems.append(f"{rel}: a string names the flag {flag}; the core names a "
                                    "Setting, and src/cli words it")
        for kind, header in INCLUDE.findall(text):
            if kind == "<":
                if header.startswith("curl/") and layer != "http":
                    problems.append(f"{rel}: includes <{header}>; only src/http includes libcurl")
                elif header.startswith("CLI/") and layer != "cli":
                    problems.append(f"{rel}: includes <{header}>; only src/cli includes CLI11")
                elif layer == "core" and not allowed_angle_in_core(header):
                    problems.append(f"{rel}: includes <{header}>; the core includes no libcurl, "
                                    "CLI11 or system headers")
                continue
            target = header.split("/")
            if len(target) < 2:
                continue  # a header beside the file
            if layer == "core":
                if target[0] != "core" or len(target) < 3:
                    problems.append(f'{rel}: includes "{header}"; the core includes only '
                                    '"core/PART/..."')
                elif target[1] != part and target[1] not in parts[part]:
                    problems.append(f'{rel}: includes "{header}"; core/{part} may include only '
                                    f"{', '.join(sorted(parts[part] | {part}))}")
            elif layer in outer:
                if target[0] in outer and target[0] != layer and target[0] not in outer[layer]:
                    others = "".join(", src/" + other for other in sorted(outer[layer]))
                    problems.append(f'{rel}: includes "{header}"; src/{layer} may include only '
                                    f"src/core, itself{others} (as {OUTER_TARGETS[layer]} links "
                                    "in CMakeLists.txt)")
    return problems


# Each planted include, the file it goes into (relative to src/core, found by name) and what the
# report must say.
PLANTS = [
    ("base/duration.h", "#include <unistd.h>", "includes <unistd.h>"),
    ("base/duration.h", "#include <sys/types.h>", "includes <sys/types.h>"),
    ("poll/json_condition.h", "#include <curl/curl.h>", "only src/http includes libcurl"),
    ("retry/backoff.h", "#include <CLI/CLI.hpp>", "only src/cli includes CLI11"),
    ("retry/backoff.cpp", "#include <csignal>", "includes <csignal>"),
    ("base/duration.h", '#include "core/run/engine.h"', "core/base may include only"),
    ("retry/decision.h", '#include "core/state/run_guard.h"', "core/retry may include only"),
    ("output/output.h", '#include "sys/outputs.h"', "the core includes only"),
    ("retry/backoff.cpp", 'const char* const kHint = "see --max-time";',
     "names the flag --max-time"),
]


def self_test(checkout):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        shutil.copytree(checkout / "src", copy / "src")
        shutil.copy(checkout / "CMakeLists.txt", copy / "CMakeLists.txt")
        clean = check(copy)
        if clean:
            failures.append("the unplanted tree fails: " + "; ".join(clean))
        for file, line, expected in PLANTS:
            target = copy / "src/core" / file
            original = target.read_text()
            target.write_text(line + "\n" + original)
            problems = check(copy)
            target.write_text(original)
            if not any(expected in p for p in problems):
                failures.append(f"planting {line!r} in {file} did not fail with {expected!r}: "
                                f"{problems}")
        # src/http includes src/cli, which rfetch_http does not link.
        curl = next((copy / "src/http").glob("*.cpp"))
        original = curl.read_text()
        curl.write_text('#include "cli/config.h"\n' + original)
        if not any("src/http may include only" in p for p in check(copy)):
            failures.append("src/http including src/cli did not fail")
        curl.write_text(original)
        # A file at the top of src/core, and a cycle between parts.
        (copy / "src/core/stray.h").write_text("#pragma once\n")
        if not any("stray.h: not in a part" in p for p in check(copy)):
            failures.append("a file at the top of src/core did not fail")
        (copy / "src/core/stray.h").unlink()
        cmake = copy / "src/core/CMakeLists.txt"
        cmake.write_text(cmake.read_text() + "target_link_libraries(rfetch_core_base PUBLIC "
                         "rfetch_core_retry)\n")
        if not any("form a cycle" in p for p in check(copy)):
            failures.append("a cycle between parts did not fail")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        failures = self_test(args.source)
        for failure in failures:
            print(failure)
        print("ok" if not failures else f"{len(failures)} planted fault(s) went unnoticed")
        return 1 if failures else 0
    problems = check(args.source)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) break the layout of ARCHITECTURE.md")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
