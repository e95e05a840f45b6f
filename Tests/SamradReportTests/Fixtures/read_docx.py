"""Reads a .docx with python-docx and prints what Word would show, as JSON.

Usage: python3 read_docx.py FILE — prints {"paragraphs": [[style, text], ...], "tables": [[[cell, ...], ...], ...],
"title": core title}. Fails (exit 1) when python-docx cannot open the file.
"""
import json
import sys

import docx

document = docx.Document(sys.argv[1])
print(json.dumps({
    "paragraphs": [[p.style.name, p.text] for p in document.paragraphs],
    "tables": [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables],
    "title": document.core_properties.title,
}, ensure_ascii=False))
