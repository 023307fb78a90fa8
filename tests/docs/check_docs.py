#!/usr/bin/python3
"""Checks that rfetch's documentation agrees with the binary.

`rfetch --help` is the source of truth for the options and their defaults; the man page, the
three completion scripts and the README's options table must name the same options, and the man
page and README must state the same defaults. The attempt log's fields must match the JSON Schema.

Usage: check_docs.py --rfetch BIN --source DIR CHECK [ARG]
  options DOC      DOC is man, bash, zsh, fish or readme
  defaults         defaults in --help against the man page and README; the man page's version
  man-lint         groff -man -ww -z man/rfetch.1 prints nothing
  syntax SHELL     SHELL -n on its completion script (bash, zsh or fish)
  log-fields       each event of schema/attempt-log.schema.json against the man page and README
  readme-commands  the README opens with the demo and test commands
  env              the [env VAR] of --help against the man page (ENVIRONMENT, OPTIONS, FILES)
                   and the README (options table, Configuration)
  config-example   rfetch accepts the TOML examples of the README and the man page
  architecture     ARCHITECTURE.md has a line for each folder of src/ and src/core/,
                   and each folder it names exists
  retry-on-kinds   the failure kinds --retry-on takes, as rfetch states them when it refuses
                   one, against --help, the man page and the README, each accepted by rfetch

Exit 0 when the check passes, 1 when it fails (naming what differs), 77 when it cannot run here.
Only the Python standard library is used.
"""

import argparse
import json
import re
import shlex
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = 77

# An option name: -X, -4, curl's -# or --long-name (curl's --http1.1 has a dot before its last
# digit), not preceded by a word character or a dash.
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*(?:\.[0-9]+)?|-[A-Za-z0-9#])(?![\w-])")

# The enumerated options whose values the completions must offer, as the help lists them.
ENUMERATED = ("--jitter", "--log", "--ratelimit-reset")


class Failure(Exception):
    pass


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)


# --- rfetch --help -------------------------------------------------------------------------------


class Help:
    """The options, descriptions and defaults that `rfetch --help` prints."""

    def __init__(self, rfetch):
        result = run([rfetch, "--help"])
        if result.returncode != 0:
            raise Failure(f"rfetch --help exited {result.returncode}: {result.stderr}")
        self.text = result.stdout
        # option name -> its help line's description; a short name maps to its long name.
        self.description = {}
        self.long_of = {}
        for line in self.text.splitlines():
            stripped = line.strip()
            if not stripped.startswith("-"):
                continue
            spec, _, description = stripped.partition(" ")
            names = spec.split(",")
            long_names = [n for n in names if n.startswith("--")]
            for name in names:
                if not OPTION.fullmatch(name):
                    raise Failure(f"cannot read the option {name!r} in --help line: {line!r}")
            for name in long_names:
                self.description[name] = description.strip()
            for name in names:
                if not name.startswith("--") and long_names:
                    self.long_of[name] = long_names[0]
        if not self.description:
            raise Failure("found no options in rfetch --help")

    @property
    def long_options(self):
        return set(self.description)

    @property
    def short_options(self):
        return set(self.long_of)

    def default(self, option):
        """The first word of '(default X...)' in the option's help, or None."""
        match = re.search(r"\(default ([^\s,:;)]+)", self.description[option])
        return match.group(1) if match else None

    def env(self):
        """Variable -> the long option whose help line ends with '[env VARIABLE]'."""
        out = {}
        for option, description in self.description.items():
            for variable in re.findall(r"\[env (\w+)\]", description):
                out[variable] = option
        return out

    def values(self, option):
        """The values listed as 'a, b, c or d' in the option's help."""
        match = re.search(r"\b(\w+(?:, \w+)*,? or \w+)\b", self.description[option])
        if not match:
            raise Failure(f"cannot find the values of {option} in --help: {self.description[option]!r}")
        return set(re.split(r",? or |, ", match.group(1)))


# --- the man page --------------------------------------------------------------------------------


def deroff(text):
    """Roff source to plain text, enough for option names and defaults."""
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", text)
    text = text.replace("\\-", "-").replace("\\e", "\\").replace("\\~", " ").replace("\\ ", " ")
    text = re.sub(r"\\\((\S\S)", "", text)
    text = text.replace("\\&", "")
    return text


def man_section(lines, title):
    """The lines of `.SH title` up to the next .SH."""
    out, inside = [], False
    for line in lines:
        if line.startswith(".SH"):
            name = line[3:].strip().strip('"')
            if inside:
                break
            inside = name == title
            continue
        if inside:
            out.append(line)
    if not inside and not out:
        raise Failure(f"man/rfetch.1 has no .SH {title} section")
    return out


def tp_entries(lines):
    """(tag, body lines) for each .TP entry; a body ends at the next .TP, .SS, .SH or .PP."""
    entries, i = [], 0
    while i < len(lines):
        if lines[i].strip() == ".TP" and i + 1 < len(lines):
            tag, body = lines[i + 1], []
            i += 2
            while i < len(lines) and not re.match(r"\.(TP|SS|SH|PP|IP)\b", lines[i]):
                body.append(lines[i])
                i += 1
            entries.append((tag, body))
        else:
            i += 1
    return entries


class ManPage:
    def __init__(self, path):
        self.lines = path.read_text().splitlines()
        self.options = {}  # every option name in a tag line -> default text or None
        self.bodies = {}  # every option name in a tag line -> its entry's text
        for tag, body in tp_entries(man_section(self.lines, "OPTIONS")):
            names = OPTION.findall(deroff(tag))
            if not names:
                raise Failure(f"man/rfetch.1: an OPTIONS entry names no option: {tag!r}")
            default = None
            for line in body:
                text = deroff(line)
                if text.startswith("Default:"):
                    default = text[len("Default:"):].strip()
            for name in names:
                self.options[name] = default
                self.bodies[name] = deroff(" ".join(body))

    def version(self):
        for line in self.lines:
            if line.startswith(".TH"):
                fields = shlex.split(line[3:])
                if len(fields) >= 4:
                    return fields[3]
        raise Failure("man/rfetch.1 has no .TH line with a source field")

    def fields(self, subsection):
        """The .TP .B field names in a subsection of ATTEMPT LOG, with their body text."""
        section = man_section(self.lines, "ATTEMPT LOG")
        out, inside = {}, False
        current = []
        for line in section:
            if line.startswith(".SS"):
                inside = line[3:].strip().strip('"') == subsection
                continue
            if inside:
                current.append(line)
        for tag, body in tp_entries(current):
            match = re.fullmatch(r"\.B\s+(\S+)", tag.strip())
            if not match:
                raise Failure(f"man/rfetch.1: cannot read the field tag {tag!r} in {subsection!r}")
            out[deroff(match.group(1))] = deroff(" ".join(body))
        if not out:
            raise Failure(f"man/rfetch.1: ATTEMPT LOG has no fields under .SS {subsection}")
        return out


    def tags(self, title):
        """The tag text of each .TP entry of a section, with its body text."""
        return {deroff(re.sub(r"^\.(B|I|BR|IR)\s+", "", tag)).replace('"', ""): deroff(" ".join(body))
                for tag, body in tp_entries(man_section(self.lines, title))}

    def examples(self, title):
        """The text of each .EX ... .EE block of a section."""
        out, current = [], None
        for line in man_section(self.lines, title):
            if line.startswith(".EX"):
                current = []
            elif line.startswith(".EE"):
                out.append("\n".join(deroff(x) for x in current) + "\n")
                current = None
            elif current is not None:
                current.append(line)
        return out


# --- the completions -----------------------------------------------------------------------------


def bash_complete(script, words):
    """What the bash completion offers for the command line `words` (the last one is completed)."""
    program = (
        'source "$1" || exit 1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
        'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); '
        '_rfetch rfetch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null; '
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = run(["bash", "--norc", "--noprofile", "-c", program, "bash", str(script), *words])
    if result.returncode != 0:
        raise Failure(f"the bash completion failed on {words}: {result.stderr}")
    return {line for line in result.stdout.splitlines() if line}


def bash_options(script):
    return bash_complete(script, ["rfetch", "-"])


def zsh_arguments(script):
    """The option specs in the _arguments call of _rfetch, one string each."""
    lines = script.read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"\s*_arguments\b", line)), None)
    if start is None:
        raise Failure("completions/_rfetch has no _arguments call")
    specs = []
    for line in lines[start + 1:]:
        spec = line.strip().rstrip("\\").strip()
        if spec:
            specs.append(spec)
        if not line.rstrip().endswith("\\"):
            break
    return specs


def zsh_spec_options(spec):
    # Drop the exclusion lists '(...)' and the descriptions '[...]': they name other options.
    spec = re.sub(r"'\([^)]*\)'", "", spec)
    spec = re.sub(r"\[[^]]*\]", "", spec)
    spec = spec.split(":", 1)[0]
    return {name.rstrip("+=")
            for name in re.findall(r"(?<![\w-])(?:-#|--?[A-Za-z0-9][\w-]*(?:\.[0-9]+)?)[+=]?",
                                   spec)}


def zsh_options(script):
    names = set()
    for spec in zsh_arguments(script):
        names |= zsh_spec_options(spec)
    return names


def zsh_values(script, option):
    for spec in zsh_arguments(script):
        if option in zsh_spec_options(spec):
            match = re.search(r":\(([^)$]*)\)'?$", spec)
            return set(match.group(1).split()) if match else set()
    return set()


def fish_commands(script):
    for line in script.read_text().splitlines():
        if line.startswith("complete "):
            yield shlex.split(line)


def fish_options(script):
    names = set()
    for words in fish_commands(script):
        for flag, value in zip(words, words[1:]):
            if flag in ("-l", "--long-option"):
                names.add("--" + value)
            elif flag in ("-s", "--short-option"):
                names.add("-" + value)
    return names


def fish_values(script, option):
    for words in fish_commands(script):
        pairs = list(zip(words, words[1:]))
        if ("-l", option[2:]) in pairs:
            for flag, value in pairs:
                if flag in ("-a", "--arguments"):
                    return set(value.split())
    return set()


# --- the README ----------------------------------------------------------------------------------


def markdown_table(readme, heading, first_header):
    """The rows (lists of cells) of the first table under `heading` whose first header matches."""
    lines = readme.read_text().splitlines()
    try:
        start = lines.index(heading)
    except ValueError:
        raise Failure(f"README.md has no {heading!r} heading") from None
    rows, inside, in_code = [], False, False
    for line in lines[start + 1:]:
        if line.startswith("```"):
            in_code = not in_code  # a '# comment' in a code block is not a heading
            continue
        if in_code:
            continue
        if line.startswith("## ") or line.startswith("# "):
            break
        if not line.startswith("|"):
            if inside:
                break
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if not inside:
            inside = cells and cells[0] == first_header
            continue
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        rows.append(cells)
    if not rows:
        raise Failure(f"README.md has no table headed {first_header!r} under {heading!r}")
    return rows


def readme_options(readme):
    """Option name -> its Default cell, from the options table."""
    options = {}
    for cells in markdown_table(readme, "## Options", "Option"):
        names = OPTION.findall(cells[0].replace("`", " "))
        if not names:
            raise Failure(f"README.md: an options table row names no option: {cells[0]!r}")
        for name in names:
            options[name] = cells[1] if len(cells) > 1 else ""
    return options


def readme_option_rows(readme):
    """Option name -> its whole row, from the options table."""
    rows = {}
    for cells in markdown_table(readme, "## Options", "Option"):
        for name in OPTION.findall(cells[0].replace("`", " ")):
            rows[name] = " | ".join(cells)
    return rows


def readme_fields(readme, heading_line):
    """Field name -> its Value cell, from the table that follows the line `heading_line`."""
    lines = readme.read_text().splitlines()
    try:
        start = lines.index(heading_line)
    except ValueError:
        raise Failure(f"README.md has no line {heading_line!r}") from None
    fields = {}
    for line in lines[start + 1:]:
        if not line.strip():
            if fields:
                break
            continue
        if not line.startswith("|"):
            if fields:
                break
            continue  # an example between the heading and its table
        cells = [c.strip() for c in line.strip().split("|")[1:-1]]
        match = re.fullmatch(r"`(\w+)`", cells[0])
        if match:
            fields[match.group(1)] = cells[1] if len(cells) > 1 else ""
    if not fields:
        raise Failure(f"README.md: no field table after {heading_line!r}")
    return fields


# --- the checks ----------------------------------------------------------------------------------


def compare(what, documented, expected, kind="options"):
    """A list of problems: the names --help has that `what` lacks, and the other way round."""
    problems = []
    missing, extra = sorted(expected - documented), sorted(documented - expected)
    if missing:
        problems.append(f"{what} lacks {kind}: {' '.join(missing)}")
    if extra:
        problems.append(f"{what} has {kind} that are not in the source of truth: {' '.join(extra)}")
    return problems


def check_options(help_, source, doc):
    script = {
        "bash": source / "completions/rfetch.bash",
        "zsh": source / "completions/_rfetch",
        "fish": source / "completions/rfetch.fish",
    }
    expected = help_.long_options | help_.short_options
    if doc == "man":
        found, what = set(ManPage(source / "man/rfetch.1").options), "man/rfetch.1 OPTIONS"
    elif doc == "readme":
        found, what = set(readme_options(source / "README.md")), "README.md's options table"
    elif doc == "bash":
        found, what = bash_options(script["bash"]), "completions/rfetch.bash"
    elif doc == "zsh":
        found, what = zsh_options(script["zsh"]), "completions/_rfetch"
    elif doc == "fish":
        found, what = fish_options(script["fish"]), "completions/rfetch.fish"
    else:
        raise Failure(f"unknown document {doc!r}")

    problems = compare(what, {n for n in found if n.startswith("--")}, help_.long_options,
                       "long options")
    problems += compare(what, {n for n in found if not n.startswith("--")}, help_.short_options,
                        "short options")

    if doc in script:
        for option in ENUMERATED:
            want = help_.values(option)
            if doc == "bash":
                got = bash_complete(script["bash"], ["rfetch", option, ""])
            elif doc == "zsh":
                got = zsh_values(script["zsh"], option)
            else:
                got = fish_values(script["fish"], option)
            problems += compare(f"{what}, values of {option},", got, want, "values")
    return problems


def first_word(text):
    text = text.replace("`", "").strip()
    match = re.match(r"[^\s,:;]+", text)
    return match.group(0).rstrip(".") if match else ""


def check_defaults(help_, source, rfetch):
    man = ManPage(source / "man/rfetch.1")
    readme = readme_options(source / "README.md")
    problems = []
    for option in sorted(help_.long_options):
        stated = help_.default(option)
        for what, table in (("man/rfetch.1", man.options), ("README.md", readme)):
            if option not in table:
                continue  # the options check reports it
            documented = table[option]
            if option in ("--help", "--version"):
                continue
            if not documented:
                problems.append(f"{what} states no default for {option}")
            elif stated is not None and first_word(documented) != stated:
                problems.append(f"{what} gives {option} the default {first_word(documented)!r}, "
                                f"--help says {stated!r}")

    # --version prints rfetch's version on its first line, then libcurl's version and features.
    lines = run([rfetch, "--version"]).stdout.splitlines()
    version = " ".join(lines[0].split()) if lines else ""
    if man.version() != version:
        problems.append(f"man/rfetch.1's .TH says {man.version()!r}, "
                        f"the first line of rfetch --version says {version!r}")
    return problems


def check_env(help_, source):
    """Each variable in --help is documented with its option, and no other RFETCH_ variable."""
    expected = help_.env()
    if not expected:
        return ["rfetch --help names no [env VARIABLE]"]
    man = ManPage(source / "man/rfetch.1")
    readme = source / "README.md"
    problems = []

    environment = {tag: body for tag, body in man.tags("ENVIRONMENT").items()
                   if tag.startswith("RFETCH_")}
    problems += compare("man/rfetch.1 ENVIRONMENT", set(environment), set(expected), "variables")
    rows = {}
    for cells in markdown_table(readme, "## Configuration", "Variable"):
        rows[cells[0].strip("`")] = cells[1] if len(cells) > 1 else ""
    problems += compare("README.md's Configuration table", set(rows), set(expected), "variables")
    readme_rows = readme_option_rows(readme)

    for variable, option in sorted(expected.items()):
        if variable in environment and option not in OPTION.findall(environment[variable]):
            problems.append(f"man/rfetch.1 ENVIRONMENT: {variable} does not name {option}")
        if variable in rows and f"`{option}`" not in rows[variable]:
            problems.append(f"README.md's Configuration table: {variable} does not set `{option}`")
        if not re.search(rf"Environment: {variable}\b", man.bodies.get(option, "")):
            problems.append(f"man/rfetch.1 OPTIONS: {option} lacks the line 'Environment: {variable}.'")
        if f"`{variable}`" not in readme_rows.get(option, ""):
            problems.append(f"README.md's options table: the {option} row does not name `{variable}`")

    # Where the configuration file is looked for by default.
    if "--config" in help_.long_options:
        default = help_.default("--config")
        files = man.tags("FILES")
        if default and default not in files:
            problems.append(f"man/rfetch.1 FILES lacks {default}, the --config default in --help")
    return problems


def check_config_example(rfetch, source):
    """rfetch reads each TOML example without a usage error."""
    readme = (source / "README.md").read_text()
    examples = [("README.md", m.group(1)) for m in
                re.finditer(r"^```toml\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)]
    man = ManPage(source / "man/rfetch.1").examples("CONFIGURATION")
    examples += [("man/rfetch.1 CONFIGURATION", text) for text in man]
    problems = []
    for where in ("README.md", "man/rfetch.1 CONFIGURATION"):
        if not any(w == where for w, _ in examples):
            problems.append(f"{where} has no TOML example")
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("RFETCH_") and not k.lower().endswith("_proxy")}
        env.update(HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp)
        for where, text in examples:
            path = Path(tmp) / "config.toml"
            path.write_text(text)
            # Nothing listens on port 9 (discard): the fetch fails at once with exit 7, but a
            # setting rfetch does not accept is a usage error, exit 2, before anything is sent.
            result = run([rfetch, "--config", str(path), "--retries", "0", "--deadline", "5s",
                          "-s", "http://127.0.0.1:9/"], env=env)
            if result.returncode == 2:
                problems.append(f"{where}: rfetch rejects the TOML example: {result.stderr.strip()}"
                                f"\n{text}")
    return problems


def check_man_lint(source):
    if not shutil.which("groff"):
        print("groff is not installed; skipping")
        sys.exit(SKIP)
    problems = []
    page = str(source / "man/rfetch.1")
    # The first is the documented check; the second runs tbl, as man(1) does for this page.
    for argv in (["groff", "-man", "-ww", "-z", page], ["groff", "-t", "-man", "-ww", "-z", page]):
        result = run(argv)
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0 or output:
            problems.append(f"{' '.join(argv)} exited {result.returncode} and printed:\n{output}")
    return problems


def check_syntax(source, shell):
    script = {"bash": "completions/rfetch.bash", "zsh": "completions/_rfetch",
              "fish": "completions/rfetch.fish"}[shell]
    if not shutil.which(shell):
        print(f"{shell} is not installed; skipping")
        sys.exit(SKIP)
    result = run([shell, "-n", str(source / script)])
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or output:
        return [f"{shell} -n {script} exited {result.returncode}: {output}"]
    return []


def schema_fields(schema, events):
    """The fields of the events that one place documents together, and their schemas."""
    properties = {}
    for event in events.split("+"):
        properties.update(schema["$defs"][event]["properties"])
    return set(properties), properties


def check_log_fields(source):
    path = source / "schema/attempt-log.schema.json"
    if not path.exists():
        print(f"{path} does not exist yet; skipping")
        sys.exit(SKIP)
    schema = json.loads(path.read_text())
    man = ManPage(source / "man/rfetch.1")
    readme = source / "README.md"
    problems = []
    for event, man_title, readme_title in (
            ("attempt", "The attempt event", "Attempt event fields:"),
            ("wait", "The wait event", "Wait event fields, for each spell of waiting before an attempt:"),
            ("hedge", "The hedge event", "Hedge event fields, only with `--hedge-after`:"),
            ("result", "The result event", "Result event fields:"),
            ("summary", "The summary event",
             "Summary event fields, only with many URLs, after every result:"),
            ("warning+error", "Warning and error events",
             "Warning and error events, only with `--log json`:")):
        names, properties = schema_fields(schema, event)
        man_fields = man.fields(man_title)
        readme_table = readme_fields(readme, readme_title)
        problems += compare(f"man/rfetch.1 ({man_title})", set(man_fields), names, "fields")
        problems += compare(f"README.md ({readme_title})", set(readme_table), names, "fields")
        # Every value of an enumerated field is named where the field is described.
        for name, spec in properties.items():
            values = [v for v in spec.get("enum", []) if isinstance(v, str)]
            for value in values:
                if name in man_fields and not re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])",
                                                        man_fields[name]):
                    problems.append(f"man/rfetch.1 does not name {value!r} under {event}.{name}")
                if name in readme_table and f"`{value}`" not in readme_table[name] and \
                        f'`"{value}"`' not in readme_table[name]:
                    problems.append(f"README.md does not name {value!r} under {event}.{name}")
    return problems


def check_readme_commands(source):
    text = (source / "README.md").read_text()
    opening = text.split("\n## ", 1)[0].splitlines()
    problems = []
    for command in ("scripts/demo.sh", "scripts/test.sh"):
        if "    " + command not in opening:
            problems.append(f"README.md's opening lacks the line '    {command}'")
        if not (source / command).exists():
            problems.append(f"README.md names {command}, which does not exist")
    return problems


def listed_kinds(text):
    """The comma-separated words inside the parentheses after 'kind' or 'kinds', leaving out
    any nested parenthetical remark: 'kinds (`dns`, `tls` (a note), `empty`)' gives
    {'dns', 'tls', 'empty'}."""
    match = re.search(r"\bkinds? \(", text)
    if not match:
        return set()
    depth, kept = 1, []
    for char in text[match.end():]:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:
            kept.append(char)
    words = (w.strip().strip("`").strip() for w in "".join(kept).split(","))
    return {w for w in words if w}


def check_retry_on_kinds(help_, source, rfetch):
    """The kinds --retry-on takes are the same in --help, the man page and the README as in
    rfetch's own refusal of an unknown one; and rfetch takes each kind a document names."""
    unreachable = "http://127.0.0.1:1/"
    refusal = run([rfetch, "--retry-on", "no-such-kind", unreachable]).stderr
    accepted = listed_kinds(refusal)
    if not accepted:
        return [f"cannot read the failure kinds in rfetch's refusal of --retry-on: {refusal!r}"]
    man = ManPage(source / "man/rfetch.1")
    readme = readme_option_rows(source / "README.md")
    documents = {
        "rfetch --help (--retry-on)": help_.description.get("--retry-on", ""),
        "man/rfetch.1 (--retry-on)": man.bodies.get("--retry-on", ""),
        "README.md's options table (--retry-on)": readme.get("--retry-on", ""),
    }
    problems, named = [], set(accepted)
    for what, text in documents.items():
        kinds = listed_kinds(text)
        problems += compare(what, kinds, accepted, "failure kinds")
        named |= kinds
    for kind in sorted(named):
        # A usage error exits 2 before anything is sent; a kind rfetch takes goes on to the
        # unreachable port.
        code = run([rfetch, "--retry-on", kind, "--retries", "0", "-s", unreachable]).returncode
        if (code == 2) == (kind in accepted):
            problems.append(f"rfetch {'refuses' if code == 2 else 'takes'} --retry-on {kind}, "
                            f"which its refusal message {'lists' if kind in accepted else 'omits'}")
    return problems


def check_architecture(source):
    """Every folder of src/ and src/core/ has its line in ARCHITECTURE.md, and every folder a
    line names exists."""
    text = (source / "ARCHITECTURE.md").read_text()
    listed = set(re.findall(r"^- `([^`<\s]+/)`", text, re.M))
    problems = []
    folders = [d for d in sorted((source / "src").iterdir()) if d.is_dir()]
    folders += [d for d in sorted((source / "src/core").iterdir()) if d.is_dir()]
    for folder in folders:
        name = folder.relative_to(source).as_posix() + "/"
        if name not in listed:
            problems.append(f"ARCHITECTURE.md has no line for {name}")
    for name in sorted(listed):
        if not (source / name).is_dir():
            problems.append(f"ARCHITECTURE.md names {name}, which does not exist")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rfetch", required=True)
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("check")
    parser.add_argument("arg", nargs="?")
    args = parser.parse_args()

    try:
        if args.check == "options":
            problems = check_options(Help(args.rfetch), args.source, args.arg)
        elif args.check == "defaults":
            problems = check_defaults(Help(args.rfetch), args.source, args.rfetch)
        elif args.check == "man-lint":
            problems = check_man_lint(args.source)
        elif args.check == "syntax":
            problems = check_syntax(args.source, args.arg)
        elif args.check == "log-fields":
            problems = check_log_fields(args.source)
        elif args.check == "readme-commands":
            problems = check_readme_commands(args.source)
        elif args.check == "env":
            problems = check_env(Help(args.rfetch), args.source)
        elif args.check == "config-example":
            problems = check_config_example(args.rfetch, args.source)
        elif args.check == "architecture":
            problems = check_architecture(args.source)
        elif args.check == "retry-on-kinds":
            problems = check_retry_on_kinds(Help(args.rfetch), args.source, args.rfetch)
        else:
            parser.error(f"unknown check {args.check!r}")
    except Failure as failure:
        problems = [str(failure)]

    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s): the documentation has drifted from the code")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
