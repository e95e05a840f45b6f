#!/usr/bin/env python3
"""Writes the CSV fixtures of SamradImportTests, byte for byte.

The encodings matter (a UTF-8 byte-order mark, Windows-1252, UTF-16LE), so the files are made here
rather than typed in an editor. People and addresses are fictional; the domain is kommun.example.
Run from the package root: python3 Scripts/make-csv-fixtures.py
"""
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/SamradImportTests/Fixtures/csv"
OUT.mkdir(parents=True, exist_ok=True)

T1 = "Hållbar tillväxt och samhällsplanering"
T2 = "Utbildning, arbete och näringsliv"
T3 = "Kunskap, hälsa och fritid"
T4 = "Delaktighet, tillgänglighet och trygghet"


def write(name, text, encoding="utf-8", bom=b""):
    (OUT / name).write_bytes(bom + text.encode(encoding))


# Microsoft Forms, exported through Excel's "CSV UTF-8": a BOM, commas, CRLF, the whole question as header,
# US dates with AM/PM. Row 1 (line 2) has a cell over three lines, so row 2 starts on line 5.
write(
    "microsoft-forms.csv",
    "\r\n".join([
        f'ID,Start time,Completion time,Email,Name,Vilken nämnd eller vilket bolag svarar?,'
        f'Synpunkter på målområde 1. {T1},Ställningstagande till målområde 1,'
        f'"Synpunkter på målområde 2. {T2}",Ställningstagande till målområde 2,'
        f'"Synpunkter på målområde 3. {T3}","Synpunkter på målområde 4. {T4}",Övriga synpunkter',
        '1,5/14/2019 1:40:02 PM,5/14/2019 1:45:10 PM,sofia.hakansson@kommun.example,Sofia Håkansson,'
        'Barn- och utbildningsnämnden,"Bra inriktning.\r\nSkolans lokaler behöver\r\nnämnas.",Tillstyrker,'
        '"Vi vill se fler ""feriejobb"" för unga.",Tillstyrker,,Trygga skolvägar.,',
        '2,5/16/2019 9:02:11 AM,5/16/2019 9:05:00 AM,nils.bergqvist@bostader.kommun.example,Nils Bergqvist,'
        'Hemsta Bostäder AB,Bostadsbyggandet bör prioriteras.,Avstyrker,,,,,Vi återkommer efter styrelsemötet.',
        '',
    ]),
    bom=b"\xef\xbb\xbf",
)

# Google Forms: UTF-8 without BOM, commas, LF, "Timestamp" day first with a 24-hour clock, "Email Address".
write(
    "google-forms.csv",
    "\n".join([
        f'Timestamp,Email Address,"Målområde 1: {T1}",Ställningstagande målområde 1,"Målområde 2: {T2}",'
        f'"Målområde 3: {T3}","Målområde 4: {T4}",Övrigt',
        '14/05/2019 13:45:10,linnea.persson@kommun.example,Fler trygghetsboenden.,Tillstyrker,,'
        '"Kultur för äldre, särskilt på landsbygden.",,',
        '02/05/2019 09:15:00,oskar.forsberg@kommun.example,,Varken eller,Ny teknik i VA-nätet.,,,',
        '',
    ]),
)

# Netigate-style: semicolons, UTF-8, ISO timestamps, "Q1 …" numbered questions, a respondent id,
# a row with no answers (warned and skipped), and blank lines at the end.
write(
    "netigate.csv",
    "\n".join([
        "Respondent ID;Submitted;Organisation;Q1 Synpunkter;Q2 Synpunkter;Q3 Synpunkter;Q4 Synpunkter;Q5 Övriga synpunkter",
        "1001;2019-05-14 13:45:10;BUN;Fler förskoleplatser i Hemsta.;;;;",
        "1002;2019-05-15T08:30;HBAB;;;;Belysning i bostadsområden och trygghetsvandringar.;",
        "1003;2019-05-16;TN;;;;;",
        "1004;2019-05-17 07:00:00;KFN;;;Bibliotekens öppettider.;;Tack för dialogen.",
        "",
        "",
        "",
    ]),
)

# Swedish Excel, "CSV (semikolonavgränsad)": Windows-1252 (– is 0x96, ’ is 0x92, € is 0x80), semicolons,
# CRLF, decimal commas in a numeric column that is not imported, and a quoted cell holding a semicolon.
write(
    "excel-sv.csv",
    "\r\n".join([
        "Nämnd;Datum;Målområde 1;Ställningstagande 1;Målområde 2;Ställningstagande 2;Målområde 3;"
        "Ställningstagande 3;Målområde 4;Ställningstagande 4;Budget (mnkr)",
        "Barn- och utbildningsnämnden;2019-05-14;Satsa på skolgårdar – gröna ytor.;Tillstyrker;;;;;;;12,5",
        "Miljö- och byggnadsnämnden;2019-05-16 08:30;;;Näringslivets behov;Varken eller;;;"
        "\"Tillgänglighet; även digitalt.\";Tillstyrker;3,75",
        "Kultur- och fritidsnämnden;2019-05-17 16:05;;;;;Fritidsgårdar’s öppettider, 1 000 €.;Avstyrker;;;0,5",
        "",
    ]),
    encoding="cp1252",
)

# Excel "Unicode-text": UTF-16LE with a BOM, tabs, CRLF; a quoted cell over two lines.
write(
    "excel-unicode.txt",
    "\r\n".join([
        "Nämnd/bolag\tMålområde 1\tMålområde 2\tMålområde 3\tMålområde 4\tÖvriga synpunkter",
        "Hemsta Bostäder AB\tFler hyresrätter.\t\t\t\t",
        "Socialnämnden\t\t\t\"Förebyggande arbete\nmed unga.\"\tTrygghet i centrum.\tInga övriga synpunkter.",
        "",
    ]),
    encoding="utf-16-le",
    bom=b"\xff\xfe",
)

# A cell with embedded line breaks (LF and CRLF) and doubled quotes; the next record starts on line 5.
write(
    "quoted-multiline.csv",
    "\n".join([
        "Nämnd,Målområde 1,Övriga synpunkter",
        'SN,"Vi tillstyrker ""Hållbar tillväxt"".\nSe bilaga,\r\nsidan 2.",Inga.',
        'TN,"Kort, men ""tydligt"".",',
        "",
    ]),
)

# Malformed files, each with the line the error must name.
write(
    "missing-cell.csv",  # line 5 has 4 cells, the header 5
    "\n".join([
        "Nämnd;Målområde 1;Målområde 2;Målområde 3;Målområde 4",
        'BUN;"Två\nrader";;;',
        "SN;;Text;;",
        "TN;;;Text",
        "",
    ]),
)
write(
    "bad-date.csv",  # line 3: 31/31/2019 is no date
    "\n".join([
        "Tidsstämpel,Nämnd,Målområde 1",
        "14/05/2019 13:45:10,BUN,Bra.",
        "31/31/2019 25:00:00,SN,Också bra.",
        "",
    ]),
)
write(
    "no-body-column.csv",
    "\n".join([
        "Tidsstämpel,Målområde 1,Målområde 2",
        "2019-05-14 13:45,Bra.,Också bra.",
        "",
    ]),
)
write("empty.csv", "")
# Not UTF-8, and 0x81 on line 3 is undefined in Windows-1252 too.
(OUT / "invalid-bytes.csv").write_bytes(
    "Nämnd;Målområde 1\r\nBUN;Bra\r\n".encode("cp1252") + b"SN;Ok\x81nd\r\n"
)
