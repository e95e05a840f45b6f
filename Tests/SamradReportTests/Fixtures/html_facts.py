"""Parses HTML with html5lib and prints, as JSON, the facts the report tests assert on.

Usage: python3 html_facts.py document|fragment [--strict] FILE

`document --strict` is the HTML5 validity check: html5lib stops at the first parse error and
the error is reported. `fragment` parses a fragment, e.g. cmark-gfm's rendering of the Markdown.
Exits 3 with {"missing_module": …} when html5lib is not installed.
"""
import json
import sys

try:
    import html5lib
    from html5lib.html5parser import ParseError
except ImportError as error:  # the Swift side turns this into an install hint
    print(json.dumps({"missing_module": error.name or "html5lib"}))
    sys.exit(3)

SVG = "{http://www.w3.org/2000/svg}"


def name(element):
    tag = element.tag
    if not isinstance(tag, str) or tag == "DOCUMENT_FRAGMENT":
        return None  # a comment, or the root of a fragment
    if tag.startswith(SVG):
        return "svg:" + tag[len(SVG):]
    return tag.split("}")[-1]


def walk(element):
    yield element
    for child in element:
        yield from walk(child)


def text(element):
    parts = [element.text or ""]
    for child in element:
        if name(child) == "br":
            parts.append("\n")
        elif name(child) is not None:
            parts.append(text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def child(element, wanted):
    for item in element:
        if name(item) == wanted:
            return item
    return None


def main():
    mode, strict, path = sys.argv[1], "--strict" in sys.argv, sys.argv[-1]
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    parser = html5lib.HTMLParser(strict=strict, namespaceHTMLElements=False)
    errors = []
    try:
        root = parser.parse(source) if mode == "document" else parser.parseFragment(source)
    except ParseError:
        position, code, variables = parser.errors[-1]
        line, column = position
        snippet = source.splitlines()[line - 1][max(0, column - 60):column + 60] if line else ""
        print(json.dumps({"errors": [f"{line}:{column}: {code} {variables} near {snippet!r}"]}))
        return
    errors = [f"{p[0]}:{p[1]}: {code} {variables}" for p, code, variables in parser.errors]

    elements = [element for element in walk(root) if name(element) is not None]
    by_id = {element.get("id"): element for element in elements if element.get("id")}
    ids = [element.get("id") for element in elements if element.get("id")]
    counts = {}
    for element in elements:
        counts[name(element)] = counts.get(name(element), 0) + 1

    attributes = sorted({key for element in elements for key in element.keys()})
    facts = {
        "errors": errors,
        "lang": root.get("lang") if mode == "document" else None,
        "title": next((text(e) for e in elements if name(e) == "title"), None),
        "meta_charset": next((e.get("charset") for e in elements if name(e) == "meta" and e.get("charset")), None),
        "element_counts": counts,
        "headings": [[int(name(e)[1]), text(e)] for e in elements if name(e) in ("h1", "h2", "h3", "h4", "h5", "h6")],
        "tables": [
            {
                "caption": text(child(e, "caption")) if child(e, "caption") is not None else None,
                "caption_first": len(e) > 0 and name(e[0]) == "caption",
                "th_scopes": [th.get("scope") for th in walk(e) if name(th) == "th"],
            }
            for e in elements if name(e) == "table"
        ],
        "svgs": [
            {
                "role": e.get("role"),
                "title": text(child(e, "svg:title")) if child(e, "svg:title") is not None else None,
                "desc": text(child(e, "svg:desc")) if child(e, "svg:desc") is not None else None,
                "labelled_by": [
                    text(by_id[ref]) if ref in by_id else None for ref in (e.get("aria-labelledby") or "").split()
                ],
                "described_by": [
                    text(by_id[ref]) if ref in by_id else None for ref in (e.get("aria-describedby") or "").split()
                ],
            }
            for e in elements if name(e) == "svg:svg"
        ],
        "attributes": attributes,
        "event_handlers": sorted({key for key in attributes if key.lower().startswith("on")}),
        "hrefs": [e.get(key) for e in elements for key in e.keys() if key.endswith("href")],
        "srcs": [e.get(key) for e in elements for key in e.keys() if key.lower() in ("src", "srcset", "action", "formaction")],
        "style_texts": [text(e) for e in elements if name(e) == "style"],
        "quotes": [text(e) for e in elements if name(e) == "blockquote"],
        "duplicate_ids": sorted({i for i in ids if ids.count(i) > 1}),
        "text": text(root),
    }
    print(json.dumps(facts, ensure_ascii=False))


main()
