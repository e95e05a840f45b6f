"""Validates a rendered report against docs/report.schema.json (JSON Schema draft 2020-12).

Usage: python3 validate_report_json.py SCHEMA REPORT

Prints "valid" and exits 0, or prints every error and exits 1. It also checks that the schema
is exact: the report with an unknown key, a missing key or a wrong value must fail. Exits 3 with
"missing module" when jsonschema is not installed.
"""
import copy
import json
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError as error:
    print(f"missing module: {error.name or 'jsonschema'}")
    sys.exit(3)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    with open(sys.argv[2], encoding="utf-8") as handle:
        report = json.load(handle)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    if errors:
        for error in errors:
            print(f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}")
        sys.exit(1)

    # The schema must reject what the renderer never writes.
    def broken(change):
        document = copy.deepcopy(report)
        change(document)
        return document

    contribution = lambda d: d["areas"][0]["contributions"][0]
    mutations = {
        "unknown top-level key": lambda d: d.update(extra=1),
        "missing version": lambda d: d.pop("version"),
        "other schema": lambda d: d.update(schema="https://samrad.example/schemas/report-2.json"),
        "unknown contribution key": lambda d: contribution(d).update(note="x"),
        "missing contribution source": lambda d: contribution(d).pop("source"),
        "unknown stance": lambda d: contribution(d).update(stance="maybe"),
        "date without offset": lambda d: contribution(d).update(date="2019-05-14T10:12:00"),
        "camelCase key": lambda d: d["round"].update(mailoutDate=d["round"].pop("mailout_date")),
        "negative count": lambda d: d["areas"][0]["summary"].update(supports=-1),
        "bad timeline kind": lambda d: d["timeline"][0].update(kind="party"),
        "bad day": lambda d: d["round"].update(deadline="17 maj 2019"),
        "matrix key not a goal area id": lambda d: d["matrix"][0]["stances"].update(general="supports"),
    }
    accepted = [label for label, change in mutations.items() if validator.is_valid(broken(change))]
    if accepted:
        print("the schema accepts: " + ", ".join(accepted))
        sys.exit(1)
    print("valid")


main()
