"""Reads a CSV file with Python's csv module (RFC 4180 dialect) and prints its rows as JSON.

Usage: python3 read_csv.py DELIMITER FILE — the file is read as UTF-8 with its BOM removed.
"""
import csv
import json
import sys

delimiter, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8-sig", newline="") as handle:
    rows = list(csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True, strict=True))
print(json.dumps(rows, ensure_ascii=False))
