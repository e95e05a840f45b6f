#!/usr/bin/python3
"""Parses each message file with Python's email package (policy.default) and reports every defect.

    check_message.py FILE...

Prints "ok FILE" or "defect FILE: ..." per file; exits 1 when any file has a defect.
"""

import sys
from email import policy
from email.parser import BytesParser


def defects_of(path):
    with open(path, "rb") as handle:
        message = BytesParser(policy=policy.default).parse(handle)
    found = []
    for part in message.walk():
        found.extend(f"{type(defect).__name__}: {defect}" for defect in part.defects)
        for name, value in part.items():
            # policy.default parses a header when it is read; its defects are found only then.
            found.extend(f"{name}: {type(defect).__name__}: {defect}" for defect in getattr(value, "defects", ()))
        if not part.is_multipart():
            part.get_content()
    return found


def main(paths):
    failed = False
    for path in paths:
        defects = defects_of(path)
        if defects:
            failed = True
            print(f"defect {path}: " + "; ".join(defects))
        else:
            print(f"ok {path}")
    return 1 if failed or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
