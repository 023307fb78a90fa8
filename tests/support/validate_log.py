"""Validates JSON Lines against one of rfetch's schemas: the log on stderr
(schema/attempt-log.schema.json), the --result document (schema/result.schema.json) or the
object of -w '%{json}' (schema/write-out.schema.json).

Run with Debian's interpreter, which has python3-jsonschema:
    /usr/bin/python3 validate_log.py SCHEMA FILE...
Lines that do not start with '{' (the -v trace, a body) are skipped. Exits 1 when any object is
invalid, or when the files hold none at all, so an empty file cannot pass.
"""

import json
import sys

import jsonschema

# The order of the log schema's top-level oneOf.
BRANCHES = {"attempt": 0, "wait": 1, "hedge": 2, "result": 3, "summary": 4, "warning": 5, "error": 6}


def main(argv):
    if len(argv) < 3:
        print("usage: validate_log.py SCHEMA FILE...", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    events = 0
    failures = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.startswith("{"):
                    continue
                events += 1
                event = json.loads(line)
                for error in validator.iter_errors(event):
                    failures += 1
                    # oneOf hides the useful message: show what the branch for this event's
                    # own type complained about, not the other types' "wrong event".
                    kind = event.get("event") if isinstance(event, dict) else None
                    branch = BRANCHES.get(kind) if "oneOf" in schema else None
                    details = [e for e in error.context if e.relative_schema_path[0] == branch]
                    for detail in details or [error]:
                        where = "/".join(str(p) for p in detail.absolute_path) or "(object)"
                        print(f"{path}:{number}: {where}: {detail.message}")
                    print(f"  {line.strip()}")
    if events == 0:
        print("no objects to validate", file=sys.stderr)
        return 1
    print(f"{events} objects, {failures} errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
