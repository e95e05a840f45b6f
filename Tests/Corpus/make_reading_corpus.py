#!/usr/bin/env python3
"""Builds the reading corpus: one file per labelled answer, and expected.json.

Usage: python3 Tests/Corpus/make_reading_corpus.py OUT_DIR [--corpus FILE]

Each case of the corpus file (Tests/Corpus/reading/corpus.yaml unless --corpus names another, see
Tests/Corpus/README.md) becomes OUT_DIR/<id>.eml, a MIME message as the body's mail client writes
it, or OUT_DIR/<id>.csv for a form export. Attachments are made with the tools that make such
documents: reportlab (PDF, and a scan: an image of text drawn with Pillow, without a text layer),
python-docx (DOCX) and odfpy (ODT). OUT_DIR/expected.json holds each case's expected stance per
goal area. The output is the same, byte for byte, every time the same corpus is built.

Exit status: 0 built, 1 the corpus file is wrong (the message names the line and the case),
2 a Python package, a font or an input file is missing.
"""
import argparse
import datetime as dt
import email.policy
import hashlib
import html
import io
import json
import pathlib
import re
import sys
import textwrap
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT / "Tests/Corpus/reading/corpus.yaml"
CONTACTS = ROOT / "contacts"
CONSULTATION = ROOT / "consultations/mal-2019.yaml"
FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/dejavu")

# Module name → what to install when it is missing.
PACKAGES = {
    "yaml": "PyYAML (pip install PyYAML, or apt-get install python3-yaml)",
    "reportlab": "reportlab (pip install reportlab)",
    "docx": "python-docx (pip install python-docx)",
    "odf": "odfpy (pip install odfpy)",
    "PIL": "Pillow (pip install Pillow)",
}

CATEGORIES = [
    "general", "inline", "negation", "i-ovrigt", "numbered-list", "headings", "titles", "weak",
    "silent-areas", "no-stance", "html-table", "html-outlook", "html-gmail", "html-apple", "forwarded",
    "attachment-pdf", "attachment-docx", "attachment-odt", "scan", "csv", "quoted",
]
LABELS = ["supports", "opposes", "neutral", "declines", "unstated"]
FORMATS = ["text", "html", "html+text", "csv"]
CLIENTS = ["outlook", "outlook-web", "outlook-old", "gmail", "apple", "thunderbird"]
# The mail client a category's messages come from unless the case names one.
CATEGORY_CLIENT = {"html-outlook": "outlook", "html-gmail": "gmail", "html-apple": "apple"}
ATTACHMENT_KINDS = {"pdf": ".pdf", "scan": ".pdf", "docx": ".docx", "odt": ".odt", "txt": ".txt"}
PARAGRAPH_KINDS = ["heading", "item", "number", "row", "pagebreak"]
CHARSETS = ["utf-8", "iso-8859-1", "windows-1252"]
CSV_ENCODINGS = ["utf-8", "utf-8-sig", "windows-1252"]

MAIL_KEYS = {"id", "category", "body", "from", "date", "format", "subject", "client", "charset", "text",
             "html", "quote", "attachment", "expect", "note"}
CSV_KEYS = {"id", "category", "body", "format", "csv", "encoding", "crlf", "expect", "note"}
ATTACHMENT_KEYS = {"kind", "name", "paragraphs", "title"}

DEFAULT_SUBJECT = "SV: Remiss: Nya mål för mandatperioden [KS 2019/017]"
TO = formataddr(("Kommunledningskontoret", "samrad@kommun.example"))
# The documents' own dates: creation and zip entry times, fixed so that rebuilding gives the same bytes.
DOCUMENT_TIME = (2019, 5, 8, 9, 0, 0)


class CorpusError(Exception):
    """A mistake in the corpus file, with where it is."""


def require_packages():
    missing = []
    for module, install in PACKAGES.items():
        try:
            __import__(module)
        except ImportError:
            missing.append(install)
    if missing:
        print("error: make_reading_corpus.py needs Python packages that are not installed: " + "; ".join(missing)
              + ". Scripts/test and Scripts/bench reading install them (SAMRAD_TEST_PIP in Scripts/lib/common.sh).",
              file=sys.stderr)
        sys.exit(2)
    for font in ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]:
        if not (FONT_DIR / font).exists():
            print(f"error: the font {FONT_DIR / font} is missing; install the Debian package fonts-dejavu-core",
                  file=sys.stderr)
            sys.exit(2)


# ----------------------------------------------------------------------------------------------
# Reading the corpus file, with the line of every mapping for the messages.


class Lined(dict):
    """A YAML mapping that remembers the line it started on."""

    line = 0


def load_yaml(path):
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in seen:
                raise CorpusError(f"{path}:{key_node.start_mark.line + 1}: the key '{key}' is given twice")
            seen.add(key)
        mapping = Lined(loader.construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        return mapping

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except yaml.YAMLError as error:
        raise CorpusError(f"{path}: not valid YAML: {error}") from None


def load_registry():
    """Recipient bodies by id, and every address → the ids of the bodies it belongs to."""
    import yaml

    consultation = yaml.safe_load(CONSULTATION.read_text(encoding="utf-8"))
    kinds = set(consultation["recipients"]["kinds"])
    excluded = set(consultation["recipients"].get("exclude", []))
    bodies, owners = {}, {}
    for file in sorted(CONTACTS.glob("*.yaml")):
        for org in yaml.safe_load(file.read_text(encoding="utf-8"))["organizations"]:
            addresses = {org["mailbox"].lower(): org["name"]}
            for contact in org.get("contacts", []):
                addresses[contact["email"].lower()] = contact["name"]
            for address in addresses:
                owners.setdefault(address, set()).add(org["id"])
            if org["kind"] in kinds and org["id"] not in excluded:
                bodies[org["id"]] = dict(org, addresses=addresses)
    return consultation, bodies, owners


# ----------------------------------------------------------------------------------------------
# Validation: every mistake is reported with the file, the line and the case id.


def validate(cases, path, bodies, owners):
    if not isinstance(cases, list) or not cases:
        raise CorpusError(f"{path}: the file must be a YAML list of cases")
    seen = {}
    for index, case in enumerate(cases):
        if not isinstance(case, dict):
            raise CorpusError(f"{path}: item {index + 1} is not a mapping of a case")
        where = f"{path}:{case.line}"
        cid = case.get("id")
        if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid):
            raise CorpusError(f"{where}: id {cid!r} must be lower-case letters, digits and single hyphens")
        where = f"{where}: case {cid}"
        if cid in seen:
            raise CorpusError(f"{where}: the id is already used by the case on line {seen[cid]}")
        seen[cid] = case.line

        fmt = case.get("format")
        if fmt not in FORMATS:
            raise CorpusError(f"{where}: format {fmt!r} must be one of {', '.join(FORMATS)}")
        allowed = CSV_KEYS if fmt == "csv" else MAIL_KEYS
        unknown = sorted(set(case) - allowed)
        if unknown:
            raise CorpusError(f"{where}: unknown key(s) {', '.join(unknown)} for format {fmt}; "
                              f"the keys are {', '.join(sorted(allowed))}")
        if case.get("category") not in CATEGORIES:
            raise CorpusError(f"{where}: category {case.get('category')!r} must be one of {', '.join(CATEGORIES)}")
        body = case.get("body")
        if body not in bodies:
            raise CorpusError(f"{where}: body {body!r} is not a recipient of the round in {CONTACTS}; "
                              f"use one of {', '.join(sorted(bodies))}")
        if not isinstance(case.get("note"), str) or not case["note"].strip():
            raise CorpusError(f"{where}: note is missing: say in one line why the labels are what they are")

        expect = case.get("expect")
        if not isinstance(expect, dict) or sorted(str(k) for k in expect) != ["1", "2", "3", "4"]:
            raise CorpusError(f"{where}: expect must give exactly the goal areas 1, 2, 3 and 4 "
                              f"(null for an area the answer does not speak to)")
        for area, label in expect.items():
            if label is not None and label not in LABELS:
                raise CorpusError(f"{where}: expect {area}: {label!r} is not one of {', '.join(LABELS)} or null")

        if fmt == "csv":
            validate_csv(case, where)
        else:
            validate_mail(case, where, bodies[body], owners)
    return cases


def nonempty_text(case, key, where):
    value = case.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{where}: format {case['format']} needs a non-empty '{key}'")


def validate_csv(case, where):
    nonempty_text(case, "csv", where)
    if case.get("encoding", "utf-8") not in CSV_ENCODINGS:
        raise CorpusError(f"{where}: encoding must be one of {', '.join(CSV_ENCODINGS)}")
    if not isinstance(case.get("crlf", False), bool):
        raise CorpusError(f"{where}: crlf must be true or false")


def validate_mail(case, where, body, owners):
    sender = case.get("from")
    if not isinstance(sender, str) or sender.lower() not in body["addresses"]:
        raise CorpusError(f"{where}: from {sender!r} is not an address of {case['body']} in {CONTACTS}; "
                          f"its addresses are {', '.join(body['addresses'])}")
    shared = owners[sender.lower()] - {case["body"]}
    if shared:
        raise CorpusError(f"{where}: from {sender} also belongs to {', '.join(sorted(shared))}, so the import "
                          f"cannot tell which body answered; use an address of {case['body']} alone")
    case["date"] = parse_date(case.get("date"), where)

    fmt = case["format"]
    if fmt in ("text", "html+text"):
        nonempty_text(case, "text", where)
    elif "text" in case:
        raise CorpusError(f"{where}: format {fmt} has no plain-text part; drop 'text' or use format html+text")
    if fmt in ("html", "html+text"):
        nonempty_text(case, "html", where)
    elif "html" in case:
        raise CorpusError(f"{where}: format text has no HTML part; drop 'html' or use format html+text")
    if case.get("client", client_of(case)) not in CLIENTS:
        raise CorpusError(f"{where}: client must be one of {', '.join(CLIENTS)}")
    if case.get("charset", "utf-8") not in CHARSETS:
        raise CorpusError(f"{where}: charset must be one of {', '.join(CHARSETS)}")
    if not isinstance(case.get("quote", False), bool):
        raise CorpusError(f"{where}: quote must be true or false")
    if "subject" in case and (not isinstance(case["subject"], str) or not case["subject"].strip()):
        raise CorpusError(f"{where}: subject must be a non-empty string")
    if "attachment" in case:
        validate_attachment(case["attachment"], where)


def parse_date(value, where):
    if isinstance(value, dt.datetime):
        date = value
    else:
        try:
            date = dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise CorpusError(f"{where}: date {value!r} must be ISO 8601 with an offset, "
                              f"e.g. 2019-05-10T14:03:00+02:00") from None
    if date.tzinfo is None:
        raise CorpusError(f"{where}: date {value} needs an offset, e.g. +02:00")
    return date


def validate_attachment(attachment, where):
    if not isinstance(attachment, dict):
        raise CorpusError(f"{where}: attachment must be a mapping with kind, name and paragraphs")
    unknown = sorted(set(attachment) - ATTACHMENT_KEYS)
    if unknown:
        raise CorpusError(f"{where}: attachment: unknown key(s) {', '.join(unknown)}; "
                          f"the keys are {', '.join(sorted(ATTACHMENT_KEYS))}")
    kind = attachment.get("kind")
    if kind not in ATTACHMENT_KINDS:
        raise CorpusError(f"{where}: attachment kind {kind!r} must be one of {', '.join(ATTACHMENT_KINDS)}")
    name = attachment.get("name")
    if not isinstance(name, str) or not name.lower().endswith(ATTACHMENT_KINDS[kind]):
        raise CorpusError(f"{where}: attachment name {name!r} must end in {ATTACHMENT_KINDS[kind]} for kind {kind}")
    paragraphs = attachment.get("paragraphs")
    if not isinstance(paragraphs, list) or not paragraphs:
        raise CorpusError(f"{where}: attachment paragraphs must be a non-empty list")
    for number, paragraph in enumerate(paragraphs, 1):
        if isinstance(paragraph, str):
            continue
        if not isinstance(paragraph, dict) or len(paragraph) != 1 or next(iter(paragraph)) not in PARAGRAPH_KINDS:
            raise CorpusError(f"{where}: attachment paragraph {number} must be a string or one of "
                              + ", ".join(f"{{{k}: …}}" for k in PARAGRAPH_KINDS))
        (key, value), = paragraph.items()
        if key == "row" and not (isinstance(value, list) and value and all(isinstance(c, str) for c in value)):
            raise CorpusError(f"{where}: attachment paragraph {number}: row must be a list of cell strings")
        if key == "pagebreak" and value is not True:
            raise CorpusError(f"{where}: attachment paragraph {number}: write a page break as {{pagebreak: true}}")
        if key in ("heading", "item", "number") and not isinstance(value, str):
            raise CorpusError(f"{where}: attachment paragraph {number}: {key} must be a string")


def client_of(case):
    return case.get("client") or CATEGORY_CLIENT.get(case["category"], "outlook")


# ----------------------------------------------------------------------------------------------
# The mailout as the body received it, for the quoted copy under a reply.

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MAILOUT_SUBJECT = "Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]"
MAILOUT_SENT = dt.datetime(2019, 4, 11, 8, 5)


def long_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def as_date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def as_datetime(value):
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def mailout_text(consultation, body):
    """The mailout's text for one body, as Sources/SamradMail/Templates/mailout.mustache renders it."""
    mailout_date = as_date(consultation["mailout"]["date"])
    deadline = as_date(consultation["deadline"])
    lines = [f"Till {body['name']}", "", f"Begäran om synpunkter: {consultation['title']}",
             f"Diarienummer: {consultation['reference']}", ""]
    lines += [consultation["summary"].rstrip("\n"), ""]
    lines += [f"Kommunstyrelsen ber {body['name']} om synpunkter på förslaget till nya mål för mandatperioden. "
              "Synpunkterna lämnas per målområde:", ""]
    lines += [f"  Målområde {area['id']}. {area['title']}" for area in consultation["goal_areas"]]
    lines += ["", f"Svara senast {WEEKDAYS[deadline.weekday()]} den {long_date(deadline)}, helst genom att svara på "
              "det här meddelandet. Skriv målområdets nummer före varje synpunkt och om ni tillstyrker, avstyrker "
              "eller avstår, till exempel \"Målområde 2: Vi tillstyrker förslaget ...\".", ""]
    meetings = [as_date(m) for m in body.get("meetings", []) if mailout_date <= as_date(m) <= deadline]
    if meetings:
        # The last meeting before the deadline, as the mailout names it.
        lines += [f"Ärendet kan tas upp på ert sammanträde den {long_date(meetings[-1])}.", ""]
    for dialogue in consultation.get("dialogues", []):
        if body["id"] in dialogue["participants"]:
            start, end = as_datetime(dialogue["start"]), as_datetime(dialogue["end"])
            lines += [f"Ni är inbjudna till {dialogue['title']} {WEEKDAYS[start.weekday()]} den {long_date(start)} "
                      f"kl. {start:%H.%M}–{end:%H.%M}, {dialogue['location']}.", ""]
    lines += ["Bifogat:"] + [f"  - {name}" for name in consultation["mailout"]["attachments"]] + [""]
    lines += ["Tidsplan:"] + [f"  {long_date(as_date(m['date']))}  {m['title']}" for m in consultation["milestones"]]
    lines += ["", "Med vänliga hälsningar", consultation["from"]["name"], consultation["reply_to"]]
    return "\n".join(lines) + "\n"


def recipients_line(body):
    secretary = next((c for c in body.get("contacts", []) if c["role"] == "secretary"), None)
    to = f"{body['name']} <{body['mailbox']}>"
    return to, (f"{secretary['name']} <{secretary['email']}>" if secretary else None)


def plain_quote(client, consultation, body):
    """The reply's plain-text quoted copy of the mailout, as the client writes it."""
    text = mailout_text(consultation, body)
    sender = f"{consultation['from']['name']} <{consultation['from']['email']}>"
    to, cc = recipients_line(body)
    sent = f"den {MAILOUT_SENT.day} {MONTHS[MAILOUT_SENT.month - 1]} {MAILOUT_SENT.year} {MAILOUT_SENT:%H:%M}"
    header = [f"Från: {sender}", f"Skickat: {sent}", f"Till: {to}"] + ([f"Kopia: {cc}"] if cc else [])
    header.append(f"Ämne: {MAILOUT_SUBJECT}")
    quoted = "".join(f"> {line}".rstrip() + "\n" for line in text.splitlines())
    if client == "outlook":
        return "\n\n" + "\n".join(header) + "\n\n" + text
    if client == "outlook-old":
        return "\n\n-----Ursprungligt meddelande-----\n" + "\n".join(header) + "\n\n" + text
    if client == "outlook-web":
        return "\n\n________________________________\n" + "\n".join(header) + "\n\n" + text
    if client == "gmail":
        return (f"\n\nDen tors 11 apr. 2019 kl 08:05 skrev {consultation['from']['name']} <\n"
                f"{consultation['from']['email']}>:\n\n" + quoted)
    if client == "apple":
        return f"\n\n> 11 apr. 2019 kl. 08:05 skrev {sender}:\n> \n" + quoted
    return f"\n\nDen 2019-04-11 kl. 08:05, skrev {consultation['from']['name']}:\n" + quoted


def html_lines(text):
    return "<br>\n".join(html.escape(line, quote=False) for line in text.splitlines())


def html_quote(client, consultation, body):
    """The reply's HTML quoted copy of the mailout, as the client writes it."""
    text = mailout_text(consultation, body)
    name, address = consultation["from"]["name"], consultation["from"]["email"]
    to, cc = recipients_line(body)
    sent = f"den {MAILOUT_SENT.day} {MONTHS[MAILOUT_SENT.month - 1]} {MAILOUT_SENT.year} {MAILOUT_SENT:%H:%M}"
    esc = html.escape
    header = (f"<b>Från:</b> {esc(name)} &lt;{esc(address)}&gt;<br>\n<b>Skickat:</b> {sent}<br>\n"
              f"<b>Till:</b> {esc(to)}<br>\n" + (f"<b>Kopia:</b> {esc(cc)}<br>\n" if cc else "")
              + f"<b>Ämne:</b> {esc(MAILOUT_SUBJECT)}")
    if client in ("outlook", "outlook-old"):
        blank = '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
        paragraphs = "\n".join(f'<p class="MsoNormal">{html_lines(block) or "&nbsp;"}<o:p></o:p></p>\n{blank}'
                               for block in text.split("\n\n"))
        return (blank + '\n<div>\n<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n'
                '<p class="MsoNormal"><span lang="SV">' + header + '<o:p></o:p></span></p>\n</div>\n</div>\n'
                + blank + "\n" + paragraphs + "\n")
    if client == "outlook-web":
        return ('<hr style="display:inline-block;width:98%" tabindex="-1">\n<div id="divRplyFwdMsg" dir="ltr">'
                '<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">' + header
                + '</font>\n<div>&nbsp;</div>\n</div>\n<div class="BodyFragment"><font size="2">'
                '<span style="font-size:11pt;">\n<div class="PlainText">' + html_lines(text)
                + "</div>\n</span></font></div>\n")
    if client == "gmail":
        return ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Den tors 11 apr. 2019 kl 08:05 skrev '
                f'{esc(name)} &lt;<a href="mailto:{address}">{address}</a>&gt;:<br></div>'
                '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                'border-left:1px solid rgb(204,204,204);padding-left:1ex">' + html_lines(text)
                + "<br>\n</blockquote></div>\n")
    if client == "apple":
        empty = '<br class="">'
        divs = "".join(f'<div class="">{html.escape(line, quote=False) or empty}</div>' for line in text.splitlines())
        return ('<div class=""><br class=""><blockquote type="cite" class="">'
                '<div class="">11 apr. 2019 kl. 08:05 skrev '
                f'{esc(name)} &lt;<a href="mailto:{address}" class="">{address}</a>&gt;:</div><br '
                'class="Apple-interchange-newline"><div class=""><div class="">' + divs
                + '</div></div></blockquote></div><br class="">')
    return ('<div class="moz-cite-prefix">Den 2019-04-11 kl. 08:05, skrev ' + esc(name) + ':<br>\n</div>\n'
            f'<blockquote type="cite" cite="mid:mal-2019.{body["id"]}.mailout@kommun.example">\n'
            '<pre class="moz-quote-pre" wrap="">' + esc(text, quote=False) + "</pre>\n</blockquote>\n")


OUTLOOK_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" \
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
\t{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
\t{font-family:Calibri;
\tpanose-1:2 15 5 2 2 2 4 3 2 4;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{margin:0cm;
\tmargin-bottom:.0001pt;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;
\tmso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
\t{mso-style-priority:99;
\tcolor:#0563C1;
\ttext-decoration:underline;}
p.MsoListParagraph, li.MsoListParagraph, div.MsoListParagraph
\t{mso-style-priority:34;
\tmargin-top:0cm;
\tmargin-right:0cm;
\tmargin-bottom:0cm;
\tmargin-left:36.0pt;
\tmargin-bottom:.0001pt;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;}
span.EpostFormatmall17
\t{mso-style-type:personal-compose;
\tfont-family:"Calibri",sans-serif;
\tcolor:windowtext;}
.MsoChpDefault
\t{mso-style-type:export-only;
\tfont-family:"Calibri",sans-serif;
\tmso-fareast-language:EN-US;}
@page WordSection1
\t{size:612.0pt 792.0pt;
\tmargin:70.85pt 70.85pt 70.85pt 70.85pt;}
div.WordSection1
\t{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->
</head>
<body lang="SV" link="#0563C1" vlink="#954F72">
<div class="WordSection1">
"""


def html_document(client, content, quote):
    """The whole HTML part: the case's own HTML in the client's document, the quote where the client puts it."""
    content = content.rstrip("\n")
    if re.match(r"\s*(<!doctype|<html)", content, re.IGNORECASE):
        if not quote:
            return content + "\n"
        at = content.lower().rfind("</body>")
        return (content[:at] + quote + content[at:] if at >= 0 else content + quote) + "\n"
    if client in ("outlook", "outlook-old"):
        return OUTLOOK_HEAD + content + "\n" + quote + "</div>\n</body>\n</html>\n"
    if client == "outlook-web":
        return ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\n'
                '</head>\n<body dir="ltr">\n<div style="font-family: Calibri, Arial, Helvetica, sans-serif; '
                'font-size: 12pt; color: rgb(0, 0, 0);">\n' + content + "\n</div>\n" + quote + "</body>\n</html>\n")
    if client == "gmail":
        return '<div dir="ltr">' + content + "</div>" + quote + "\n"
    if client == "apple":
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
                '<body style="word-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;" '
                'class="">' + content + quote + "</body></html>\n")
    return ('<html>\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n  </head>\n'
            '  <body text="#000000" bgcolor="#FFFFFF">\n' + content + "\n" + quote + "  </body>\n</html>\n")


# Headers each client adds, and how it encodes its text parts.
CLIENT_HEADERS = {
    "outlook": [("X-Mailer", "Microsoft Outlook 16.0"), ("Content-Language", "sv-SE")],
    "outlook-old": [("X-Mailer", "Microsoft Office Outlook 12.0"), ("Content-Language", "sv")],
    "outlook-web": [("Content-Language", "sv-SE"), ("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", "")],
    "gmail": [],
    "apple": [("X-Mailer", "Apple Mail (2.3445.104.11)")],
    "thunderbird": [("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:60.0) Gecko/20100101 "
                                   "Thunderbird/60.6.1"), ("Content-Language", "sv-SE")],
}
CLIENT_ENCODING = {"outlook": "quoted-printable", "outlook-old": "quoted-printable",
                   "outlook-web": "quoted-printable", "gmail": "base64", "apple": "quoted-printable",
                   "thunderbird": "8bit"}


# ----------------------------------------------------------------------------------------------
# Attachments.


def token(case_id, salt=""):
    return hashlib.sha256(f"{salt}{case_id}".encode()).hexdigest()


def normalized_zip(data):
    """The same archive with every entry's time fixed, so that a rebuild gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, DOCUMENT_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            fixed.create_system = 3
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def blocks(paragraphs):
    """The paragraphs grouped: consecutive list items and table rows each become one block."""
    result = []
    for paragraph in paragraphs:
        kind, value = ("text", paragraph) if isinstance(paragraph, str) else next(iter(paragraph.items()))
        if kind in ("item", "number", "row") and result and result[-1][0] == kind:
            result[-1][1].append(value)
        elif kind in ("item", "number", "row"):
            result.append((kind, [value]))
        else:
            result.append((kind, value))
    return result


def register_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def make_pdf(attachment, body):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                    Table, TableStyle)

    register_fonts()
    normal = ParagraphStyle("Normal", fontName="DejaVuSans", fontSize=10.5, leading=14, spaceAfter=6)
    heading = ParagraphStyle("Heading", parent=normal, fontName="DejaVuSans-Bold", fontSize=12.5, leading=16,
                             spaceBefore=8, spaceAfter=4)
    cell = ParagraphStyle("Cell", parent=normal, fontSize=9.5, leading=12, spaceAfter=0)
    story = []
    for kind, value in blocks(attachment["paragraphs"]):
        if kind == "text":
            story.append(Paragraph(html.escape(value), normal))
        elif kind == "heading":
            story.append(Paragraph(html.escape(value), heading))
        elif kind == "pagebreak":
            story.append(PageBreak())
        elif kind in ("item", "number"):
            items = [ListItem(Paragraph(html.escape(v), normal)) for v in value]
            story.append(ListFlowable(items, bulletType="1" if kind == "number" else "bullet",
                                      bulletFontName="DejaVuSans", start=None if kind == "number" else "•"))
        elif kind == "row":
            width = max(len(r) for r in value)
            rows = [[Paragraph(html.escape(c), cell) for c in r] + [""] * (width - len(r)) for r in value]
            table = Table(rows, colWidths=[170 * mm / width] * width, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8"))]))
            story += [table, Spacer(1, 6)]

    def page_furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("DejaVuSans", 8)
        canvas.drawString(20 * mm, 287 * mm, f"Hemsta kommun · {body['name']}")
        canvas.drawRightString(190 * mm, 287 * mm, "Dnr KS 2019/017")
        canvas.drawCentredString(105 * mm, 10 * mm, f"Sida {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title=attachment.get("title", attachment["name"][:-4]),
                            author=body["name"], creator="Microsoft® Word 2016", invariant=1)
    doc.build(story, onFirstPage=page_furniture, onLaterPages=page_furniture)
    return out.getvalue()


def make_scan(attachment, body):
    """A scanned document: each page an image of the text, drawn with Pillow, in a PDF with no text layer."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdfcanvas

    width, height, margin = 1240, 1754, 120  # A4 at 150 dpi
    regular = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 24)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 28)
    pages, lines = [], []
    lines.append((f"{body['name']}                                   Dnr KS 2019/017", regular))
    lines.append(("", regular))
    for paragraph in attachment["paragraphs"]:
        kind, value = ("text", paragraph) if isinstance(paragraph, str) else next(iter(paragraph.items()))
        if kind == "pagebreak":
            pages.append(lines)
            lines = []
            continue
        if kind == "row":
            value = "    ".join(value)
        prefix = {"item": "•  ", "number": ""}.get(kind, "")
        for line in textwrap.wrap(prefix + value, 78) or [""]:
            lines.append((line, bold if kind == "heading" else regular))
        lines.append(("", regular))
    pages.append(lines)

    out = io.BytesIO()
    pdf = pdfcanvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.setCreator("Canon iR-ADV C5535 PDF")
    pdf.setTitle(attachment["name"][:-4])
    for number, page_lines in enumerate(pages):
        image = Image.new("L", (width, height), 246)
        draw = ImageDraw.Draw(image)
        y = margin
        for text, font in page_lines:
            draw.text((margin, y), text, fill=28, font=font)
            y += 38
        # A scanner's slight skew, the same every time.
        image = image.rotate(0.6 + 0.2 * number, resample=Image.BICUBIC, fillcolor=246)
        png = io.BytesIO()
        image.save(png, format="PNG", optimize=False)
        png.seek(0)
        pdf.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_docx(attachment, body):
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    properties = document.core_properties
    moment = dt.datetime(*DOCUMENT_TIME)
    properties.author = body["name"]
    properties.last_modified_by = body["name"]
    properties.title = attachment.get("title", attachment["name"][:-5])
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1
    first_heading = True
    for kind, value in blocks(attachment["paragraphs"]):
        if kind == "text":
            document.add_paragraph(value)
        elif kind == "heading":
            document.add_heading(value, level=1 if first_heading else 2)
            first_heading = False
        elif kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind in ("item", "number"):
            for item in value:
                document.add_paragraph(item, style="List Bullet" if kind == "item" else "List Number")
        elif kind == "row":
            width = max(len(r) for r in value)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for row in value:
                cells = table.add_row().cells
                for index, text in enumerate(row):
                    cells[index].text = text
    out = io.BytesIO()
    document.save(out)
    return normalized_zip(out.getvalue())


def make_odt(attachment, body):
    from odf import dc, meta, style, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=attachment.get("title", attachment["name"][:-4])))
    document.meta.addElement(dc.Creator(text=body["name"]))
    document.meta.addElement(dc.Date(text="2019-05-08T09:00:00"))
    document.meta.addElement(meta.CreationDate(text="2019-05-08T09:00:00"))

    styles = document.styles
    for level, size in ((1, "16pt"), (2, "13pt")):
        heading = style.Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                              defaultoutlinelevel=str(level))
        heading.addElement(style.TextProperties(fontsize=size, fontweight="bold"))
        styles.addElement(heading)
    styles.addElement(style.Style(name="Text_20_body", displayname="Text body", family="paragraph"))
    pagebreak = style.Style(name="P1", family="paragraph", parentstylename="Text_20_body")
    pagebreak.addElement(style.ParagraphProperties(breakbefore="page"))
    document.automaticstyles.addElement(pagebreak)
    cell_style = style.Style(name="Tabell1.A1", family="table-cell")
    cell_style.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    document.automaticstyles.addElement(cell_style)

    first_heading, break_next, tables = True, False, 0
    for kind, value in blocks(attachment["paragraphs"]):
        if kind == "pagebreak":
            break_next = True
            continue
        stylename = "P1" if break_next else "Text_20_body"
        break_next = False
        if kind == "text":
            document.text.addElement(text.P(stylename=stylename, text=value))
        elif kind == "heading":
            level = 1 if first_heading else 2
            first_heading = False
            document.text.addElement(text.H(outlinelevel=level, stylename=f"Heading_20_{level}", text=value))
        elif kind in ("item", "number"):
            items = text.List(stylename="Numbering_20_123" if kind == "number" else "List_20_1")
            for item in value:
                entry = text.ListItem()
                entry.addElement(text.P(stylename="Text_20_body", text=item))
                items.addElement(entry)
            document.text.addElement(items)
        elif kind == "row":
            tables += 1
            width = max(len(r) for r in value)
            grid = table.Table(name=f"Tabell{tables}")
            grid.addElement(table.TableColumn(numbercolumnsrepeated=width))
            for row in value:
                line = table.TableRow()
                for cell_text in row + [""] * (width - len(row)):
                    cell = table.TableCell(valuetype="string", stylename="Tabell1.A1")
                    cell.addElement(text.P(stylename="Text_20_body", text=cell_text))
                    line.addElement(cell)
                grid.addElement(line)
            document.text.addElement(grid)
    for name, display in (("Numbering_20_123", "Numbering 123"), ("List_20_1", "List 1")):
        list_style = text.ListStyle(name=name, displayname=display)
        if name.startswith("Numbering"):
            list_style.addElement(text.ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
        else:
            list_style.addElement(text.ListLevelStyleBullet(level=1, bulletchar="•"))
        styles.addElement(list_style)
    out = io.BytesIO()
    document.write(out)
    return normalized_zip(out.getvalue())


def make_txt(attachment, body):
    lines = []
    for kind, value in blocks(attachment["paragraphs"]):
        if kind == "text":
            lines += [value, ""]
        elif kind == "heading":
            lines += [value, "=" * len(value), ""]
        elif kind == "item":
            lines += [f"- {v}" for v in value] + [""]
        elif kind == "number":
            lines += [f"{n}. {v}" for n, v in enumerate(value, 1)] + [""]
        elif kind == "row":
            lines += ["\t".join(r) for r in value] + [""]
        else:
            lines += ["\f"]
    return ("\r\n".join(lines)).encode("utf-8")


ATTACHMENT_MAKERS = {
    "pdf": (make_pdf, "application", "pdf"),
    "scan": (make_scan, "application", "pdf"),
    "docx": (make_docx, "application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "odt": (make_odt, "application", "vnd.oasis.opendocument.text"),
    "txt": (make_txt, "text", "plain"),
}


# ----------------------------------------------------------------------------------------------
# The messages and the CSV files.


def build_message(case, consultation, bodies):
    body = bodies[case["body"]]
    client = client_of(case)
    sender = case["from"]
    name = body["addresses"][sender.lower()]
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = formataddr((name, sender))
    message["To"] = TO
    message["Subject"] = case.get("subject", DEFAULT_SUBJECT)
    message["Date"] = format_datetime(case["date"])
    domain = sender.split("@", 1)[1]
    message["Message-ID"] = f"<{token(case['id'])[:24].upper()}.{case['id']}@{domain}>"
    for key, value in CLIENT_HEADERS[client]:
        message[key] = value
    charset = case.get("charset", "utf-8")
    encoding = CLIENT_ENCODING[client]
    if encoding == "8bit" and charset != "utf-8":
        encoding = "quoted-printable"

    quote = case.get("quote", False)
    fmt = case["format"]
    if fmt in ("text", "html+text"):
        text = case["text"].rstrip("\n") + "\n"
        if quote:
            text += plain_quote(client, consultation, body)
        message.set_content(text, charset=charset, cte=encoding)
    if fmt in ("html", "html+text"):
        document = html_document(client, case["html"], html_quote(client, consultation, body) if quote else "")
        if fmt == "html":
            message.set_content(document, subtype="html", charset=charset, cte=encoding)
        else:
            message.add_alternative(document, subtype="html", charset=charset, cte=encoding)

    attachment = case.get("attachment")
    if attachment:
        make, maintype, subtype = ATTACHMENT_MAKERS[attachment["kind"]]
        data = make(attachment, body)
        if maintype == "text":
            message.add_attachment(data.decode("utf-8"), subtype=subtype, filename=attachment["name"],
                                   charset="utf-8", cte="base64")
        else:
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=attachment["name"])

    # Fixed boundaries, so that a rebuild gives the same bytes.
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"_{number:03d}_{token(case['id'], 'boundary')[:20]}_")
    return message.as_bytes()


def build_csv(case):
    text = case["csv"]
    if case.get("crlf", False):
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    encoding = case.get("encoding", "utf-8")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        raise CorpusError(f"case {case['id']}: the CSV text cannot be written as {encoding}: {error}") from None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=pathlib.Path)
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    require_packages()
    for needed in (args.corpus, CONTACTS, CONSULTATION):
        if not needed.exists():
            print(f"error: {needed} does not exist", file=sys.stderr)
            return 2
    try:
        consultation, bodies, owners = load_registry()
        cases = validate(load_yaml(args.corpus), args.corpus, bodies, owners)
        args.out_dir.mkdir(parents=True, exist_ok=True)
        expected = []
        for case in cases:
            if case["format"] == "csv":
                file, data = f"{case['id']}.csv", build_csv(case)
            else:
                file, data = f"{case['id']}.eml", build_message(case, consultation, bodies)
            (args.out_dir / file).write_bytes(data)
            expected.append({
                "id": case["id"], "category": case["category"], "body": case["body"], "file": file,
                "expect": {str(area): case["expect"].get(area, case["expect"].get(str(area))) for area in range(1, 5)},
            })
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    (args.out_dir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    print(f"{len(expected)} cases written to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
