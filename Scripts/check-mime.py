#!/usr/bin/env python3
"""Check .eml files with Python's own email parser and a few raw-byte rules.

Usage: python3 Scripts/check-mime.py PATH...   (files, or directories searched for *.eml)

For each message it reports
  - every defect Python's email package (policy.default) records: on the message, on every
    part (after decoding its body, which is where encoding defects surface), and on every
    header of every part;
  - raw-byte problems: a line not ending in CRLF, a bare CR, a line over 998 octets, a header
    line over 78 characters that could have been folded (one that holds a single unbreakable
    token after its name or its folding white space is allowed).

Prints one line per problem, "FILE: problem", then "checked N messages, M problems".
Exits 1 when there is a problem or no message was checked, else 0. Standard library only.
"""

import email
import email.policy
import pathlib
import re
import sys

MAX_LINE = 998
MAX_HEADER_LINE = 78


def message_files(arguments):
    """Yields (path, error) for each argument: files as given, directories searched for *.eml."""
    for argument in arguments:
        path = pathlib.Path(argument)
        if path.is_dir():
            yield from ((found, None) for found in sorted(path.rglob("*.eml")) if found.is_file())
        elif path.is_file():
            yield path, None
        else:
            yield path, "no such file or directory"


def parser_problems(message):
    """Defects Python records while parsing and decoding the message."""
    problems = []
    for number, part in enumerate(message.walk()):
        where = "message" if number == 0 else f"part {number} ({part.get_content_type()})"
        if not part.is_multipart():
            try:
                part.get_payload(decode=True)  # Decoding records base64/QP defects on the part.
                if part.get_content_maintype() == "text":
                    part.get_content()
            except Exception as error:  # noqa: BLE001 - any failure to decode is a finding.
                problems.append(f"{where}: body cannot be decoded: {type(error).__name__}: {error}")
        for defect in part.defects:
            problems.append(f"{where}: {type(defect).__name__}: {defect}")
        try:
            items = part.items()
        except Exception as error:  # noqa: BLE001
            problems.append(f"{where}: headers cannot be parsed: {type(error).__name__}: {error}")
            continue
        for name, value in items:
            for defect in getattr(value, "defects", ()):
                problems.append(f"{where}: header {name}: {type(defect).__name__}: {defect}")
    return problems


def unbreakable(line):
    """Whether a header line holds one token after its name or fold, so it cannot be folded shorter.

    White space inside a quoted-string does not count: folding there is legal but few readers
    expect it.
    """
    if line[:1] in (" ", "\t"):
        rest = line.lstrip(" \t")
    else:
        rest = line.split(":", 1)[1].lstrip(" \t") if ":" in line else line
    outside_quotes = re.sub(r'"(?:[^"\\]|\\.)*"', '""', rest)
    return not re.search(r"[ \t]", outside_quotes)


def raw_problems(data, boundaries):
    """Line-ending and line-length problems found in the raw bytes."""
    problems = []
    lines = data.split(b"\n")
    if lines and lines[-1] != b"":
        problems.append("the message does not end with CRLF")
    lines = lines[:-1]
    delimiters = {b"--" + boundary.encode("ascii", "replace") for boundary in boundaries}
    in_headers = True
    for number, line in enumerate(lines, start=1):
        if not line.endswith(b"\r"):
            problems.append(f"line {number} ends in a bare LF, not CRLF")
        else:
            line = line[:-1]
        if b"\r" in line:
            problems.append(f"line {number} holds a bare CR")
        if len(line) > MAX_LINE:
            problems.append(f"line {number} is {len(line)} octets long; at most {MAX_LINE} are allowed")
        if in_headers:
            if line == b"":
                in_headers = False
                continue
            text = line.decode("utf-8", "replace")
            if len(text) > MAX_HEADER_LINE and not unbreakable(text):
                problems.append(
                    f"line {number} is a header line of {len(text)} characters that could be folded "
                    f"within {MAX_HEADER_LINE}: {text[:40]!r}…"
                )
        else:
            stripped = line.rstrip(b" \t")
            for delimiter in delimiters:
                if stripped == delimiter:
                    in_headers = True  # A part's headers follow its delimiter line.
                elif stripped == delimiter + b"--":
                    in_headers = False
    return problems


def check(path):
    data = path.read_bytes()
    with path.open("rb") as file:
        message = email.message_from_binary_file(file, policy=email.policy.default)
    boundaries = [part.get_boundary() for part in message.walk() if part.is_multipart() and part.get_boundary()]
    return parser_problems(message) + raw_problems(data, boundaries)


def main(arguments):
    if not arguments:
        print("usage: python3 Scripts/check-mime.py PATH...", file=sys.stderr)
    checked = 0
    problems = 0
    for path, error in message_files(arguments):
        if error:
            print(f"{path}: {error}")
            problems += 1
            continue
        checked += 1
        try:
            found = check(path)
        except Exception as failure:  # noqa: BLE001 - report and go on with the next file.
            found = [f"cannot be checked: {type(failure).__name__}: {failure}"]
        for problem in found:
            print(f"{path}: {problem}")
        problems += len(found)
    print(f"checked {checked} messages, {problems} problems")
    return 1 if problems > 0 or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
