"""Validates rfetch's JSON Lines log against schema/attempt-log.schema.json.

Run with Debian's interpreter, which has python3-jsonschema:
    /usr/bin/python3 validate_log.py SCHEMA LOGFILE...
Lines that do not start with '{' (the -v trace) are skipped. Exits 1 when any event is
invalid, or when the files hold no event at all, so an empty log cannot pass.
"""

import json
import sys

import jsonschema

#The order of the schema's top-level oneOf.
BRANCHES = {"attempt": 0, "result": 1}


def main(argv):
    if len(argv) < 3:
        print("usage: validate_log.py SCHEMA LOGFILE...", file=sys.stderr)
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
#oneOf hides the useful message : show what the branch for this
#event 's own type complained about, not the other type' s "wrong event".
                    branch = BRANCHES.get(event.get("event") if isinstance(event, dict) else None)
                    details = [e for e in error.context if e.relative_schema_path[0] == branch]
                    for detail in details or [error]:
                        where = "/".join(str(p) for p in detail.absolute_path) or "(event)"
                        print(f"{path}:{number}: {where}: {detail.message}")
                    print(f"  {line.strip()}")
    if events == 0:
        print("no events to validate", file=sys.stderr)
        return 1
    print(f"{events} events, {failures} errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
