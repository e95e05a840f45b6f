#!/usr/bin/env python3
"""Writes the attached documents the attachment-text tests read, made by the tools that make them in life.

Usage: make_attachments.py OUT_DIR

reportlab writes the PDFs (a three-page yttrande, a scan that is only pictures of text drawn by
Pillow, an encrypted one), python-docx the DOCX and odfpy the ODT, each with headings, lists, a
table and Swedish letters. zipfile writes the hostile archives: a ZIP bomb, one whose sizes lie,
one whose document.xml declares a DTD with entity expansion, one with no document.xml.
The tests hold the text each document must give; change both together.
"""

import io
import os
import struct
import sys
import zipfile

try:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from odf import opendocument, style as odfstyle, table as odftable, text as odftext
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
except ImportError as error:
    sys.exit(f"make_attachments.py: {error}; install the test packages: pip install reportlab python-docx odfpy Pillow")

INTRODUCTION = (
    "Kultur- och fritidsnämnden har tagit del av förslaget till nya mål för mandatperioden, Dnr KS 2019/017, "
    "och lämnar följande yttrande. Nämnden välkomnar att målen är färre och tydligare formulerade än under "
    "förra mandatperioden, och att de knyts till budgetdialogen."
)
DECISION = "Nämnden beslutar att"
DECISION_ITEMS = ["tillstyrka målområde 1, Hållbar tillväxt och samhällsplanering,", "avstyrka målområde 4 i dess nuvarande lydelse."]
TABLE = [
    ["Målområde", "Ställningstagande", "Motivering"],
    ["1. Hållbar tillväxt", "Tillstyrker", "Målen är tydliga."],
    ["3. Kunskap, hälsa och fritid", "Avstår", "Nämnden saknar underlag för att bedöma målets indikatorer och avstår därför."],
    ["4. Delaktighet", "Avstyrker", ""],
]
REASONS = ["Målen för fritid saknar mätbara indikatorer.", "Tryggheten i offentliga rum behöver ett eget mål."]
SIGNATURE = ["Åsa Öberg, ordförande", "Göran Ärlig, sekreterare"]


def pdf_story(styles):
    """The yttrande as reportlab flowables: three pages."""
    # The motivations wrap in their narrow column, as a reader sees a table cell of several lines.
    cells = [[Paragraph(text, styles["Normal"]) if column == 2 else text for column, text in enumerate(row)] for row in TABLE]
    table = Table(cells, colWidths=[5.5 * cm, 3.5 * cm, 5 * cm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [
        Paragraph("Yttrande över förslag till nya mål för mandatperioden", styles["Heading1"]),
        Paragraph(INTRODUCTION, styles["Normal"]),
        Spacer(1, 0.4 * cm),
        Paragraph(DECISION, styles["Normal"]),
        ListFlowable([ListItem(Paragraph(item, styles["Normal"])) for item in DECISION_ITEMS], bulletType="bullet"),
        PageBreak(),
        Paragraph("Ställningstagande per målområde", styles["Heading2"]),
        table,
        Spacer(1, 0.4 * cm),
        Paragraph("Skälen framgår nedan.", styles["Normal"]),
        ListFlowable([ListItem(Paragraph(item, styles["Normal"])) for item in REASONS], bulletType="1", bulletFormat="%s."),
        PageBreak(),
        Paragraph(SIGNATURE[0], styles["Normal"]),
        Spacer(1, 0.4 * cm),
        Paragraph(SIGNATURE[1], styles["Normal"]),
    ]


def write_pdf(path, encrypt=None):
    document = SimpleDocTemplate(path, pagesize=A4, title="Yttrande", author="Kultur- och fritidsnämnden", encrypt=encrypt)
    document.build(pdf_story(getSampleStyleSheet()))


def write_scan(path):
    """Two pages that are only pictures of typed text, as a scanner makes them: no text layer."""
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    except OSError:
        font = ImageFont.load_default(size=28)
    pdf = canvas.Canvas(path, pagesize=A4)
    width, height = A4
    for page, lines in enumerate([[DECISION, *DECISION_ITEMS], SIGNATURE]):
        image = Image.new("RGB", (1240, 1754), "white")
        draw = ImageDraw.Draw(image)
        for number, line in enumerate(lines):
            draw.text((100, 150 + 50 * number), line, fill="black", font=font)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width=width, height=height)
        pdf.showPage()
    pdf.save()


def write_docx(path):
    document = Document()
    document.add_heading("Yttrande över förslag till nya mål för mandatperioden", level=1)
    document.add_paragraph(INTRODUCTION)
    paragraph = document.add_paragraph("Nämnden beslutar att\t")
    paragraph.add_run("enligt förvaltningens förslag:")
    for item in DECISION_ITEMS:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Ställningstagande per målområde", level=2)
    table = document.add_table(rows=0, cols=3)
    for row in TABLE:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    document.add_paragraph("Skälen framgår nedan.")
    for item in REASONS:
        document.add_paragraph(item, style="List Number")
    page_two_end = document.add_paragraph("Justerat ")
    page_two_end.add_run("2019-05-08").add_break(WD_BREAK.LINE)
    page_two_end.add_run("i Hemsta")
    page_two_end.add_run().add_break(WD_BREAK.PAGE)
    page_two_end.add_run(SIGNATURE[0])
    document.add_paragraph(SIGNATURE[1])
    document.save(path)


def write_odt(path):
    document = opendocument.OpenDocumentText()
    heading_style = odfstyle.Style(name="Heading 1", family="paragraph")
    document.styles.addElement(heading_style)
    document.text.addElement(odftext.H(outlinelevel=1, stylename=heading_style, text="Yttrande över förslag till nya mål för mandatperioden"))
    document.text.addElement(odftext.P(text=INTRODUCTION))
    decision = odftext.P(text=DECISION)
    decision.addElement(odftext.Tab())
    decision.addText("enligt förvaltningens förslag:")
    document.text.addElement(decision)
    decision_list = odftext.List()
    for item in DECISION_ITEMS:
        list_item = odftext.ListItem()
        list_item.addElement(odftext.P(text=item))
        decision_list.addElement(list_item)
    document.text.addElement(decision_list)
    document.text.addElement(odftext.H(outlinelevel=2, text="Ställningstagande per målområde"))
    grid = odftable.Table(name="Ställningstagande")
    grid.addElement(odftable.TableColumn(numbercolumnsrepeated=3))
    for row in TABLE:
        table_row = odftable.TableRow()
        for cell in row:
            table_cell = odftable.TableCell(valuetype="string")
            table_cell.addElement(odftext.P(text=cell))
            table_row.addElement(table_cell)
        grid.addElement(table_row)
    document.text.addElement(grid)
    signature = odftext.P(text=SIGNATURE[0])
    signature.addElement(odftext.LineBreak())
    signature.addText(SIGNATURE[1])
    document.text.addElement(signature)
    document.save(path)


def write_tracked_docx(path):
    """A DOCX as a case handler leaves it: a tracked change (deleted and inserted text), a field, hidden text."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = Document()
    paragraph = document.add_paragraph("Nämnden ")
    paragraph._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="Handläggare"><w:r><w:delText>avstyrker</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="Handläggare"><w:r><w:t>tillstyrker</w:t></w:r></w:ins>'))
    paragraph.add_run(" målområde 2.")
    paragraph._p.append(parse_xml(f'<w:r {w}><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> Utkast: avstyrk?</w:t></w:r>'))
    footer = document.add_paragraph("Sida ")
    footer._p.append(parse_xml(f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>'))
    footer._p.append(parse_xml(f'<w:r {w}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    footer._p.append(parse_xml(f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>'))
    footer._p.append(parse_xml(f'<w:r {w}><w:t>1</w:t></w:r>'))
    footer._p.append(parse_xml(f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>'))
    document.save(path)


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
WORD_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def write_zip_bomb(path, size=256 * 1024 * 1024):
    """A DOCX whose document.xml expands from a few hundred kilobytes to `size` bytes; sizes declared honestly."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b" " * (1024 * 1024)
            for _ in range(size // len(chunk)):
                entry.write(chunk)


def write_lying_zip(path, size=256 * 1024 * 1024):
    """A DOCX whose document.xml says it is 1 KiB but expands to `size` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        # Small enough to need no ZIP64 fields, so the 32-bit sizes below are the only ones.
        with archive.open("word/document.xml", "w") as entry:
            entry.write(b"<w:document " + WORD_NS + b">")
            chunk = b" " * (1024 * 1024)
            for _ in range(size // len(chunk)):
                entry.write(chunk)
            entry.write(b"</w:document>")
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    # Local file header: signature, then the uncompressed size at offset 22.
    local = data.find(b"PK\x03\x04", 1)
    assert data[local + 30 : local + 30 + len(name)] == name
    struct.pack_into("<I", data, local + 22, 1024)
    # Central directory entry: the uncompressed size at offset 24.
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 1)
    struct.pack_into("<I", data, central + 24, 1024)
    with open(path, "wb") as file:
        file.write(data)


def write_dtd_docx(path):
    """A DOCX whose document.xml declares a DTD with nested entities (billion laughs) and an external one."""
    entities = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10 if level > 1 else b"&lol;" * 10) for level in range(1, 10)
    )
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [' + entities + b'<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b"<w:document " + WORD_NS + b"><w:body><w:p><w:r><w:t>&lol9; &secret;</w:t></w:r></w:p></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)


def write_docx_without_document(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/styles.xml", b"<w:styles " + WORD_NS + b"/>")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_attachments.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    write_pdf(os.path.join(out, "yttrande.pdf"))
    write_pdf(os.path.join(out, "krypterat.pdf"), encrypt=StandardEncryption("hemligt", ownerPassword="nämnden", canPrint=0))
    write_scan(os.path.join(out, "skannat.pdf"))
    write_docx(os.path.join(out, "yttrande.docx"))
    write_tracked_docx(os.path.join(out, "andringar.docx"))
    write_odt(os.path.join(out, "yttrande.odt"))
    write_zip_bomb(os.path.join(out, "zipbomb.docx"))
    write_lying_zip(os.path.join(out, "storlek-ljuger.docx"))
    write_dtd_docx(os.path.join(out, "dtd.docx"))
    write_docx_without_document(os.path.join(out, "utan-dokument.docx"))


if __name__ == "__main__":
    main()
