#!/usr/bin/env python3
"""Writes the mail fixtures in Tests/SamradImportTests/Fixtures/mail, byte for byte.

Usage: python3 Scripts/make-mail-fixtures.py   (deterministic: running it again changes nothing)

Each message is written the way its client writes replies to the round "Nya mål för
mandatperioden" (KS 2019/017): Outlook (quoted-printable Windows-1252, HTML alternative,
Thread-Index, a Word attachment), Gmail (base64 UTF-8), Thunderbird (ISO-8859-1,
format=flowed), Apple Mail (nested multiparts, an RFC 2231 file name in continuations), an
HTML-only reply, a forwarded reply, out-of-office replies, a DSN bounce, malformed messages,
an mbox and a Maildir. Everyone is fictional; every address is under .example.
Standard library only.
"""
import base64
import hashlib
import os
import shutil

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "SamradImportTests", "Fixtures", "mail")
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)

ORIGINAL_ID = "<mal-2019.BUN.mailout.3f9a2c81d0@kommun.example>"
SUBJECT = "SV: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]"
ORIG_SUBJECT = "Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]"

def qp(text, charset, eol="\n"):
    """Quoted-printable as mail clients write it: lines of at most 76, soft breaks with '='."""
    out_lines = []
    for line in text.split("\n"):
        raw = line.encode(charset)
        enc = []
        for i, b in enumerate(raw):
            last = i == len(raw) - 1
            if (33 <= b <= 126 and b != 61) or (b in (32, 9) and not last):
                enc.append(chr(b))
            else:
                enc.append("=%02X" % b)
        cur = ""
        for tok in enc:
            if len(cur) + len(tok) > 75:
                out_lines.append(cur + "=")
                cur = ""
            cur += tok
        out_lines.append(cur)
    return eol.join(out_lines)

def b64(data, eol="\n"):
    s = base64.b64encode(data).decode()
    return eol.join(s[i:i+76] for i in range(0, len(s), 76))

def rfc2047_q(text, charset):
    raw = text.encode(charset)
    out = ""
    for b in raw:
        c = chr(b)
        if b == 32:
            out += "_"
        elif 33 <= b <= 126 and c not in "=?_:[]/\"":
            out += c
        else:
            out += "=%02X" % b
    return "=?%s?Q?%s?=" % (charset, out)

def write(name, text, eol="\r\n", encoding="ascii"):
    data = text.replace("\n", eol).encode(encoding) if isinstance(text, str) else text
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)

def write_bytes(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)

def fake_file(header, size, seed):
    out = bytearray(header)
    h = hashlib.sha256(seed.encode()).digest()
    while len(out) < size:
        h = hashlib.sha256(h).digest()
        out += h
    return bytes(out[:size])

DOCX = fake_file(b"PK\x03\x04\x14\x00\x06\x00", 4711, "docx-bun")
PDF = fake_file(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 3187, "pdf-kfn")

# 1. Outlook: QP Windows-1252, alternative with HTML, Thread-Index, Word attachment ----------------
outlook_text = """Hej,

Barn- och utbildningsnämnden har behandlat ärendet vid sammanträdet den 17 april.

Målområde 1. Hållbar tillväxt och samhällsplanering – nämnden tillstyrker.
Målområde 2. Utbildning, arbete och näringsliv – nämnden tillstyrker med tillägget att ”alla elever ska nå målen i grundskolan”.
Målområde 3. Kunskap, hälsa och fritid – nämnden tillstyrker.
Målområde 4. Delaktighet, tillgänglighet och trygghet – nämnden avstår från att yttra sig.

Protokollsutdraget bifogas.

Med vänlig hälsning
Anna Berg
Nämndsekreterare, Barn- och utbildningsförvaltningen

Från: Kommunledningskontoret <kansli@kommun.example>
Skickat: den 11 april 2019 08:00
Till: Barn- och utbildningsnämnden <bun@kommun.example>
Ämne: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]

Kommunstyrelsen har tagit fram ett förslag till nya mål för mandatperioden.
"""
outlook_html = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=Windows-1252">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	margin-bottom:.0001pt;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]-->
</head>
<body lang="SV" link="#0563C1" vlink="#954F72">
<div class="WordSection1">
<p class="MsoNormal">Hej,<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Barn- och utbildningsnämnden har behandlat ärendet vid sammanträdet den 17 april.<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Målområde 1. Hållbar tillväxt och samhällsplanering – nämnden tillstyrker.<o:p></o:p></p>
<p class="MsoNormal">Målområde 2. Utbildning, arbete och näringsliv – nämnden tillstyrker med tillägget att ”alla elever ska nå målen i grundskolan”.<o:p></o:p></p>
<p class="MsoNormal">Målområde 3. Kunskap, hälsa och fritid – nämnden tillstyrker.<o:p></o:p></p>
<p class="MsoNormal">Målområde 4. Delaktighet, tillgänglighet och trygghet – nämnden avstår från att yttra sig.<o:p></o:p></p>
</div>
</body>
</html>
"""
outlook = f"""Received: from EXCH01.bun.kommun.example (10.0.0.21) by EXCH02.bun.kommun.example
 (10.0.0.22) with Microsoft SMTP Server (version=TLS1_2,
 cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384) id 15.1.1713.5; Thu, 18 Apr 2019
 10:14:52 +0200
From: Anna Berg <anna.berg@bun.kommun.example>
To: "samrad+3f9a2c81d0@kommun.example" <samrad+3f9a2c81d0@kommun.example>
CC: {rfc2047_q("Barn- och utbildningsnämnden", "iso-8859-1")} <bun@kommun.example>
Subject: {rfc2047_q("SV: Begäran om synpunkter: Nya mål för", "iso-8859-1")}
 {rfc2047_q(" mandatperioden [KS 2019/017]", "iso-8859-1")}
Thread-Topic: =?iso-8859-1?Q?Beg=E4ran_om_synpunkter:_Nya_m=E5l_f=F6r_mandatperioden_[K?=
 =?iso-8859-1?Q?S_2019/017]?=
Thread-Index: AQHU8DJ3c4Lk0y3QkUmG1aQ8kZ7yXKY4nVeA
Date: Thu, 18 Apr 2019 08:14:51 +0000
Message-ID: <HE1PR0701MB2345B0C1D2E3F4A5B6C7D8E9F0A1B2C3D4@HE1PR0701MB2345.bun.kommun.example>
References: {ORIGINAL_ID}
In-Reply-To: {ORIGINAL_ID}
Accept-Language: sv-SE, en-US
Content-Language: sv-SE
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator:
x-originating-ip: [10.0.12.34]
Content-Type: multipart/mixed;
	boundary="_004_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_"
MIME-Version: 1.0

--_004_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_
Content-Type: multipart/alternative;
	boundary="_000_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_"

--_000_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_
Content-Type: text/plain; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{qp(outlook_text, "cp1252")}

--_000_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_
Content-Type: text/html; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{qp(outlook_html, "cp1252")}

--_000_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_--

--_004_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;
	name="=?iso-8859-1?Q?Protokollsutdrag_BUN_=A75_m=E5l_2019.docx?="
Content-Description: =?iso-8859-1?Q?Protokollsutdrag_BUN_=A75_m=E5l_2019.docx?=
Content-Disposition: attachment;
	filename="=?iso-8859-1?Q?Protokollsutdrag_BUN_=A75_m=E5l_2019.docx?="; size={len(DOCX)};
	creation-date="Thu, 18 Apr 2019 08:12:40 GMT";
	modification-date="Thu, 18 Apr 2019 08:12:40 GMT"
Content-Transfer-Encoding: base64

{b64(DOCX)}

--_004_HE1PR0701MB2345B0C1D2E3F4A5B6C7HE1PR0701MB2345_--
"""
write("outlook-qp-windows1252.eml", outlook)

# 2. Gmail: base64 UTF-8, "Den tors 11 apr. 2019 kl 08:00 skrev …:" and > quoting ----------------------
gmail_text = """Hej!

Socialnämnden tillstyrker förslaget i stort.

Målområde 3. Kunskap, hälsa och fritid: vi vill att målet om psykisk hälsa
förtydligas så att det även gäller äldre.
Målområde 4. Delaktighet, tillgänglighet och trygghet: tillstyrker.

Hälsningar
Erik Lund
Socialnämndens sekreterare

Den tors 11 apr. 2019 kl 08:00 skrev Kommunledningskontoret <
kansli@kommun.example>:

> Kommunstyrelsen har tagit fram ett förslag till nya mål för
> mandatperioden. Vi vill ha era synpunkter senast den 17 maj 2019.
>
> Svara på detta mejl.
"""
gmail_html = """<div dir="ltr"><div>Hej!</div><div><br></div><div>Socialnämnden tillstyrker förslaget i stort.</div><div><br></div><div>Målområde 3. Kunskap, hälsa och fritid: vi vill att målet om psykisk hälsa förtydligas så att det även gäller äldre.</div><div>Målområde 4. Delaktighet, tillgänglighet och trygghet: tillstyrker.</div><div><br></div><div>Hälsningar</div><div>Erik Lund</div><div>Socialnämndens sekreterare</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Den tors 11 apr. 2019 kl 08:00 skrev Kommunledningskontoret &lt;<a href="mailto:kansli@kommun.example">kansli@kommun.example</a>&gt;:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">Kommunstyrelsen har tagit fram ett förslag till nya mål för mandatperioden. Vi vill ha era synpunkter senast den 17 maj 2019.<br><br>Svara på detta mejl.</blockquote></div>
"""
gmail = f"""Return-Path: <erik.lund@sn.kommun.example>
Delivered-To: samrad+a1b2c3d4e5@kommun.example
X-Original-To: samrad+a1b2c3d4e5@kommun.example
Received: from mail-wr1-f41.google.example (mail-wr1-f41.google.example [209.85.221.41])
	by mx.kommun.example (Postfix) with ESMTPS id 44lB3x2ZzKz9sBr
	for <samrad+a1b2c3d4e5@kommun.example>; Tue, 23 Apr 2019 13:02:11 +0200 (CEST)
MIME-Version: 1.0
References: <mal-2019.SN.mailout.a1b2c3d4e5@kommun.example>
In-Reply-To: <mal-2019.SN.mailout.a1b2c3d4e5@kommun.example>
From: Erik Lund <erik.lund@sn.kommun.example>
Date: Tue, 23 Apr 2019 13:01:58 +0200
Message-ID: <CAJx3fQ2kW9=ZPz0r8Hn_1vYq+TgE4dLbS7uN6mVcA0oXw@mail.gmail.example>
Subject: =?UTF-8?Q?SV=3A_Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r_mandatp?=
	=?UTF-8?Q?erioden_=5BKS_2019=2F017=5D?=
To: samrad+a1b2c3d4e5@kommun.example
Content-Type: multipart/alternative; boundary="0000000000009f3c2a05873d1b2e"

--0000000000009f3c2a05873d1b2e
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(gmail_text.replace(chr(10), chr(13)+chr(10)).encode("utf-8"))}
--0000000000009f3c2a05873d1b2e
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(gmail_html.encode("utf-8"))}
--0000000000009f3c2a05873d1b2e--
"""
write("gmail-base64-utf8.eml", gmail)

# 3. Thunderbird: ISO-8859-1, format=flowed, bottom-posted, LF line ends ------------------------------------
tb_text = ("Den 2019-04-11 kl. 08:00, skrev Kommunledningskontoret:\n"
           "> Kommunstyrelsen har tagit fram ett förslag till nya mål för \n"
           "> mandatperioden. Vi vill ha era synpunkter senast den 17 maj 2019.\n"
           ">\n"
           "\n"
           "Tekniska nämnden har diskuterat förslaget och lämnar följande synpunkter.\n"
           "\n"
           "Målområde 1. Hållbar tillväxt och samhällsplanering: nämnden tillstyrker \n"
           "men vill att målet om kollektivtrafik och cykelvägar formuleras så att \n"
           "det går att följa upp.\n"
           "\n"
           "Målområde 2. Utbildning, arbete och näringsliv: varken eller.\n"
           "\n"
           "Vänliga hälsningar\n"
           "Maria Öberg\n"
           "Tekniska nämnden\n"
           "-- \n"
           "Maria Öberg, nämndsekreterare\n")
tb = ("From: Maria =?UTF-8?B?w5ZiZXJn?= <maria.oberg@tn.kommun.example>\n"
      "Subject: =?UTF-8?Q?SV=3a_Beg=c3=a4ran_om_synpunkter=3a_Nya_m=c3=a5l_f=c3=b6r?=\n"
      " =?UTF-8?Q?_mandatperioden_=5bKS_2019/017=5d?=\n"
      "To: samrad+77e0c4a9b1@kommun.example\n"
      "References: <mal-2019.TN.mailout.77e0c4a9b1@kommun.example>\n"
      "Message-ID: <5c1f0e2a-8d1b-4f3e-9a7c-2b6d4e8f0a13@tn.kommun.example>\n"
      "Date: Wed, 24 Apr 2019 15:47:03 +0200\n"
      "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101\n"
      " Thunderbird/60.6.1\n"
      "MIME-Version: 1.0\n"
      "In-Reply-To: <mal-2019.TN.mailout.77e0c4a9b1@kommun.example>\n"
      "Content-Type: text/plain; charset=iso-8859-1; format=flowed\n"
      "Content-Transfer-Encoding: 8bit\n"
      "Content-Language: sv-SE\n"
      "\n").encode("ascii") + tb_text.encode("iso-8859-1")
write_bytes("thunderbird-flowed-latin1.eml", tb)

# 4. Apple Mail: mixed → alternative + PDF with RFC 2231 UTF-8 file name -------------------------------
apple_text = """Hej,

Kultur- och fritidsnämnden tillstyrker målområde 3. Kunskap, hälsa och fritid.
Vårt yttrande finns i den bifogade pdf-filen.

Hälsningar
Sofia Åkesson

> 11 apr. 2019 kl. 08:00 skrev Kommunledningskontoret <kansli@kommun.example>:
>
> Kommunstyrelsen har tagit fram ett förslag till nya mål för mandatperioden.
"""
apple_html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body style="word-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;" class="">Hej,<div class=""><br class=""></div><div class="">Kultur- och fritidsnämnden tillstyrker målområde 3. Kunskap, hälsa och fritid.</div><div class="">Vårt yttrande finns i den bifogade pdf-filen.</div></body></html>
"""
fname = "Yttrande från Kultur- och fritidsnämnden.pdf"
enc = "".join(c if (c.isascii() and (c.isalnum() or c in "-._")) else "".join("%%%02X" % b for b in c.encode("utf-8")) for c in fname)
apple = f"""From: =?utf-8?Q?Sofia_=C3=85kesson?= <sofia.akesson@kfn.kommun.example>
Content-Type: multipart/mixed;
	boundary="Apple-Mail=_6B1D0E2C-8F34-4A77-9C2B-3D5E7F901A24"
Mime-Version: 1.0 (Mac OS X Mail 12.4 \\(3445.104.8\\))
Subject: =?utf-8?Q?SV=3A_Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r_mandatp?=
 =?utf-8?Q?erioden_=5BKS_2019/017=5D?=
Date: Fri, 26 Apr 2019 09:30:12 +0200
In-Reply-To: <mal-2019.KFN.mailout.5d7e9f1a3b@kommun.example>
To: samrad+5d7e9f1a3b@kommun.example
References: <mal-2019.KFN.mailout.5d7e9f1a3b@kommun.example>
Message-Id: <8E2F4A61-3B7C-4D95-A1E0-6F2C9B8D7E53@kfn.kommun.example>
X-Mailer: Apple Mail (2.3445.104.8)


--Apple-Mail=_6B1D0E2C-8F34-4A77-9C2B-3D5E7F901A24
Content-Type: multipart/alternative;
	boundary="Apple-Mail=_1F3A5C7E-9B2D-4F60-8E1A-2C4B6D8F0A13"


--Apple-Mail=_1F3A5C7E-9B2D-4F60-8E1A-2C4B6D8F0A13
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
	charset=utf-8

{qp(apple_text, "utf-8")}
--Apple-Mail=_1F3A5C7E-9B2D-4F60-8E1A-2C4B6D8F0A13
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
	charset=utf-8

{qp(apple_html, "utf-8")}
--Apple-Mail=_1F3A5C7E-9B2D-4F60-8E1A-2C4B6D8F0A13--

--Apple-Mail=_6B1D0E2C-8F34-4A77-9C2B-3D5E7F901A24
Content-Disposition: attachment;
	filename*=utf-8''{enc[:40]};
	filename*1*={enc[40:]}
Content-Type: application/pdf;
	x-unix-mode=0644;
	name*=utf-8''{enc}
Content-Transfer-Encoding: base64

{b64(PDF)}
--Apple-Mail=_6B1D0E2C-8F34-4A77-9C2B-3D5E7F901A24--
"""
# RFC 2231 continuations are numbered from 0: filename*0*=…; filename*1*=…
apple = apple.replace("filename*=utf-8''", "filename*0*=utf-8''")
write("apple-mail-nested.eml", apple)

# 5. HTML only ------------------------------------------------------------------------------------------
html_only = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Svar</title>
<style type="text/css">body { font-family: Arial; } .sig { color: #888; }</style>
<script>window.alert("x")</script>
</head>
<body>
<!-- Skickat från webbmejlen -->
<p>Hej,</p>
<p>Milj&ouml;- och byggnadsn&auml;mnden <b>avstyrker</b> m&aring;lomr&aring;de&nbsp;1 i sin nuvarande form.</p>
<ul>
<li>Formuleringen &#8222;h&aring;llbar tillv&auml;xt&#8221; beh&ouml;ver konkretiseras.</li>
<li>Tillg&auml;nglighet &amp; trygghet b&ouml;r f&ouml;ljas upp &aring;rligen &#x2013; se bilaga.</li>
</ul>
<p>Med v&auml;nlig h&auml;lsning<br>Karin Sj&ouml;berg<br><span class="sig">Milj&ouml;- och byggnadsf&ouml;rvaltningen</span></p>
</body></html>
"""
html_mail = f"""From: =?utf-8?B?S2FyaW4gU2rDtmJlcmc=?= <karin.sjoberg@mbn.kommun.example>
To: <samrad+c0ffee1234@kommun.example>
Subject: =?utf-8?B?U1Y6IEJlZ8OkcmFuIG9tIHN5bnB1bmt0ZXI6IE55YSBtw6VsIGbDtnIgbWFuZGF0?=
 =?utf-8?B?cGVyaW9kZW4gW0tTIDIwMTkvMDE3XQ==?=
Date: Mon, 29 Apr 2019 11:20:00 +0200
Message-ID: <20190429092000.4F2A1C0E5B@webmail.mbn.kommun.example>
In-Reply-To: <mal-2019.MBN.mailout.c0ffee1234@kommun.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(html_only, "utf-8")}
"""
write("html-only.eml", html_mail)

# 5b. HTML-only replies, each client quoting the mailout its own way -------------------------------------
def mailout_lines(body, token):
    """The mailout the reply quotes, as Samråd wrote it, one line per item."""
    return [
        f"Till {body}",
        "",
        "Begäran om synpunkter: Nya mål för mandatperioden",
        "Diarienummer: KS 2019/017",
        "",
        f"Kommunstyrelsen ber {body} om synpunkter på förslaget till nya mål för mandatperioden. "
        "Synpunkterna lämnas per målområde:",
        "",
        "  Målområde 1. Hållbar tillväxt och samhällsplanering",
        "  Målområde 2. Utbildning, arbete och näringsliv",
        "  Målområde 3. Kunskap, hälsa och fritid",
        "  Målområde 4. Delaktighet, tillgänglighet och trygghet",
        "",
        "Svara senast fredag den 17 maj 2019, helst genom att svara på det här meddelandet. Skriv målområdets "
        "nummer före varje synpunkt och om ni tillstyrker, avstyrker eller avstår, till exempel "
        "\"Målområde 2: Vi tillstyrker förslaget ...\".",
        "",
        "Med vänliga hälsningar",
        "Kommunledningskontoret",
        f"samrad+{token}@kommun.example",
    ]

def html_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

def html_reply(name, sender, address, token, body_code, date, message_id, html, charset="utf-8"):
    mail = f"""From: {rfc2047_q(sender, "utf-8")} <{address}>
To: <samrad+{token}@kommun.example>
Subject: {rfc2047_q(SUBJECT, "utf-8")}
Date: {date}
Message-ID: <{message_id}>
In-Reply-To: <mal-2019.{body_code}.mailout.{token}@kommun.example>
MIME-Version: 1.0
Content-Type: text/html; charset={charset}
Content-Transfer-Encoding: quoted-printable

{qp(html, charset)}
"""
    write(name, mail)

# Outlook on the web (Microsoft 365): divs per line, the signature in div#Signature, then appendonsend,
# the <hr> and divRplyFwdMsg with the header block, and the quoted message as plain text in a BodyFragment.
owa_quote = "<br>\n".join(html_escape(line) for line in mailout_lines("Socialnämnden", "a1b2c3d4e5"))
owa = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style type="text/css" style="display:none;"> P {{margin-top:0;margin-bottom:0;}} </style>
</head>
<body dir="ltr">
<div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
Hej!</div>
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
<br>
</div>
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
Socialnämnden tillstyrker målområde 2 men avstyrker målområde 4 i sin nuvarande lydelse.</div>
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
<br>
</div>
<div id="Signature">
<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;">Med vänlig hälsning</div>
<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;"><b>Erik Lund</b></div>
<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 10pt;">Nämndsekreterare, Socialförvaltningen<br>Hemsta kommun</div>
</div>
<div id="appendonsend"></div>
<hr style="display:inline-block;width:98%" tabindex="-1">
<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>Från:</b> Kommunledningskontoret &lt;samrad+a1b2c3d4e5@kommun.example&gt;<br>
<b>Skickat:</b> den 11 april 2019 08:00<br>
<b>Till:</b> Socialnämnden &lt;sn@kommun.example&gt;<br>
<b>Ämne:</b> Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]</font>
<div>&nbsp;</div>
</div>
<div class="BodyFragment"><font size="2"><span style="font-size:11pt;">
<div class="PlainText">{owa_quote}</div>
</span></font></div>
</body>
</html>
"""
html_reply("outlook-web-html.eml", "Erik Lund", "erik.lund@sn.kommun.example", "a1b2c3d4e5", "SN",
           "Tue, 30 Apr 2019 09:12:44 +0000", "DB9PR02MB7211A1B2C3D4E5F60718293A4B5C6D7E8F9@DB9PR02MB7211.eurprd02.prod.outlook.example", owa)

# Outlook for Windows: Word's HTML in windows-1252, a paragraph per typed line, a Symbol-font bullet list,
# the signature after the _MailAutoSig bookmark, then the bordered div with the header block.
word_quote = "\n".join(
    f"<p class=MsoNormal>{html_escape(line) if line.strip() else '<o:p>&nbsp;</o:p>'}<o:p></o:p></p>"
    for line in mailout_lines("Tekniska nämnden", "0f1e2d3c4b")
)
def word_bullet(text, position):
    return (f"<p class=MsoListParagraphCx{position} style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
            "<![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt \"Times New Roman\"'>"
            "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>"
            f"{html_escape(text)}<o:p></o:p></p>")
desktop = f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1252"><meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--
/* Font Definitions */
@font-face {{font-family:"Cambria Math";}}
p.MsoNormal, li.MsoNormal, div.MsoNormal {{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--></head>
<body lang=SV link="#0563C1" vlink="#954F72" style='word-wrap:break-word'>
<div class=WordSection1>
<p class=MsoNormal>Hej,<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Tekniska nämnden har behandlat förslaget och lämnar följande synpunkter:<o:p></o:p></p>
{word_bullet("Målområde 1: nämnden tillstyrker.", "SpFirst")}
{word_bullet("Målområde 3: nämnden avstår.", "SpLast")}
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal><a name="_MailAutoSig"><span style='mso-fareast-language:SV'>Med vänliga hälsningar<o:p></o:p></span></a></p>
<p class=MsoNormal><span style='mso-fareast-language:SV'>Maria Öberg<o:p></o:p></span></p>
<p class=MsoNormal><span style='font-size:9.0pt;mso-fareast-language:SV'>Nämndsekreterare | Tekniska förvaltningen | Hemsta kommun<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>Från:</b> Kommunledningskontoret &lt;samrad+0f1e2d3c4b@kommun.example&gt; <br><b>Skickat:</b> den 11 april 2019 08:00<br><b>Till:</b> Tekniska nämnden &lt;tn@kommun.example&gt;<br><b>Ämne:</b> Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]<o:p></o:p></p></div></div>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
{word_quote}
</div>
</body>
</html>
"""
html_reply("outlook-desktop-html.eml", "Maria Öberg", "maria.oberg@tn.kommun.example", "0f1e2d3c4b", "TN",
           "Thu, 2 May 2019 14:03:27 +0200", "AM0PR09MB4321F0E1D2C3B4A5968778695A4B3C2D1E0@AM0PR09MB4321.eurprd09.prod.outlook.example",
           desktop, charset="windows-1252")

# Gmail: divs per line, the signature after "-- " in gmail_signature, the quote in gmail_quote with its
# gmail_attr attribution and a blockquote.
gmail_quote = "<br>\n".join(html_escape(line) for line in mailout_lines("Barn- och utbildningsnämnden", "3f9a2c81d0"))
gmail_html = f"""<div dir="ltr"><div>Hej,</div><div><br></div><div>Barn- och utbildningsnämnden tillstyrker målområde 1 och 2.</div><div><br></div><div>Målområde 3 behöver en tydligare koppling till elevhälsan, men nämnden avstår från att ta ställning till det.</div><div><br></div><div><span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature"><div dir="ltr"><div>Anna Berg</div><div>Nämndsekreterare</div><div>Barn- och utbildningsförvaltningen, Hemsta kommun</div></div></div></div></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">Den tors 11 apr. 2019 kl 08:00 skrev Kommunledningskontoret &lt;<a href="mailto:samrad+3f9a2c81d0@kommun.example">samrad+3f9a2c81d0@kommun.example</a>&gt;:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">{gmail_quote}<br>
</blockquote></div>
"""
html_reply("gmail-html.eml", "Anna Berg", "anna.berg@bun.kommun.example", "3f9a2c81d0", "BUN",
           "Fri, 3 May 2019 10:41:02 +0200", "CAF8x1Yq=3Xk2b7EwQ9n1Ho0Lm5pR6sT4uV8wX2yZ0aB1cD3eF4@mail.gmail.example", gmail_html)

# Apple Mail (macOS): text straight in the body, the signature in an apple-content-edited div, the quote in a
# blockquote type="cite" with the attribution as its first line.
apple_quote = "".join(f"<div>{html_escape(line) if line.strip() else '<br>'}</div>" for line in mailout_lines("Hemsta Energi AB", "77aa88bb99"))
apple_html = f"""<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">Hej,<div><br></div><div>Hemsta Energi AB tillstyrker målområde 1. Bolaget avstår från att yttra sig om målområde 3.</div><div><br></div><div><div dir="auto" style="caret-color: rgb(0, 0, 0); color: rgb(0, 0, 0); letter-spacing: normal; text-align: start; text-indent: 0px; text-transform: none; white-space: normal; word-spacing: 0px; -webkit-text-stroke-width: 0px; text-decoration: none; overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;"><div apple-content-edited="true">Vänliga hälsningar<br>Johan Ek<br>VD, Hemsta Energi AB<br>010-123 45 67</div></div><div><br><blockquote type="cite"><div>11 apr. 2019 kl. 08:00 skrev Kommunledningskontoret &lt;samrad+77aa88bb99@kommun.example&gt;:</div><br class="Apple-interchange-newline"><div><div>{apple_quote}</div></div></blockquote></div><br></div></body></html>
"""
html_reply("apple-mail-html.eml", "Johan Ek", "johan.ek@energi.example", "77aa88bb99", "ENERGI",
           "Mon, 6 May 2019 16:22:10 +0200", "5E1B2C3D-4F5A-6B7C-8D9E-0F1A2B3C4D5E@energi.example", apple_html)

# Thunderbird: paragraphs, moz-cite-prefix and a blockquote type="cite" holding the quoted text as pre,
# an answer interleaved after the quote, and a moz-signature.
tb_quote = html_escape("\n".join(mailout_lines("Kultur- och fritidsnämnden", "5d7e9f1a3b")))
tb_html = f"""<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
  </head>
  <body>
    <p>Hej,</p>
    <p>Kultur- och fritidsnämnden tillstyrker målområde 3. Kunskap, hälsa och fritid.</p>
    <div class="moz-cite-prefix">Den 2019-04-11 kl. 08:00, skrev Kommunledningskontoret:<br>
    </div>
    <blockquote type="cite" cite="mid:mal-2019.KFN.mailout.5d7e9f1a3b@kommun.example">
      <pre class="moz-quote-pre" wrap="">{tb_quote}</pre>
    </blockquote>
    <p>Till de övriga målområdena har nämnden inga synpunkter.</p>
    <pre class="moz-signature" cols="72">-- 
Lena Holm
Nämndsekreterare, Kultur- och fritidsförvaltningen</pre>
  </body>
</html>
"""
html_reply("thunderbird-html.eml", "Lena Holm", "lena.holm@kfn.kommun.example", "5d7e9f1a3b", "KFN",
           "Wed, 8 May 2019 13:37:00 +0200", "8c2d4e6f-1a3b-5c7d-9e0f-thunderbird@kfn.kommun.example", tb_html)

# 6. Forwarded reply (message/rfc822) -------------------------------------------------------------------
inner = f"""From: Lars Nyström <lars.nystrom@vn.kommun.example>
To: Eva Holm <eva.holm@vn.kommun.example>
Subject: =?utf-8?Q?SV=3A_Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r_mandatperioden_=5BKS_2019/017=5D?=
Date: Thu, 2 May 2019 16:05:44 +0200
Message-ID: <b7e1c2d3-0001-4a5b-9c8d-ordforande@vn.kommun.example>
In-Reply-To: <mal-2019.VN.mailout.9b8a7c6d5e@kommun.example>
References: <mal-2019.VN.mailout.9b8a7c6d5e@kommun.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Eva,

Vård- och omsorgsnämnden tillstyrker målområde 3. Kunskap, hälsa och fritid
och målområde 4. Delaktighet, tillgänglighet och trygghet.

Skicka vidare till kommunledningskontoret.

Lars Nyström
Ordförande
"""
fwd = f"""From: Eva Holm <eva.holm@vn.kommun.example>
To: samrad+9b8a7c6d5e@kommun.example
Subject: =?utf-8?Q?VB=3A_SV=3A_Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r_mandatperioden_=5BKS_2019/017=5D?=
Date: Fri, 3 May 2019 08:31:09 +0200
Message-ID: <f00d4e5a-0002-4b6c-8d9e-sekreterare@vn.kommun.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="------------vb-2f6a8c0e4b"

This is a multi-part message in MIME format.
--------------vb-2f6a8c0e4b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hej,

Vidarebefordrar ordförandens svar för Vård- och omsorgsnämnden.

/Eva Holm, nämndsekreterare

--------------vb-2f6a8c0e4b
Content-Type: message/rfc822
Content-Disposition: attachment; filename="SV Begäran om synpunkter.eml"

{inner}
--------------vb-2f6a8c0e4b--
"""
write("forwarded-reply.eml", fwd, eol="\n", encoding="utf-8")

OOO_SV_TEXT = "Jag är på semester till och med den 22 april och läser inte min e-post.\nBrådskande ärenden: kontakta kfn@kommun.example.\n\nPer Sandberg"
# 7. Out-of-office, Swedish, Auto-Submitted ------------------------------------------------------------
ooo_sv = f"""From: Per Sandberg <per.sandberg@kfn.kommun.example>
To: samrad+5d7e9f1a3b@kommun.example
Subject: =?iso-8859-1?Q?Fr=E5nvaro=3A_Beg=E4ran_om_synpunkter=3A_Nya_m=E5l_f=F6r_man?=
 =?iso-8859-1?Q?datperioden_[KS_2019/017]?=
Date: Thu, 11 Apr 2019 08:00:07 +0200
Message-ID: <autoreply-7f1e2d3c4b5a@kfn.kommun.example>
In-Reply-To: <mal-2019.KFN.mailout.5d7e9f1a3b@kommun.example>
References: <mal-2019.KFN.mailout.5d7e9f1a3b@kommun.example>
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
Precedence: auto_reply
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(OOO_SV_TEXT, "iso-8859-1")}
"""
write("autoreply-sv-auto-submitted.eml", ooo_sv)

# 8. Out-of-office, English, only X-Autoreply -------------------------------------------------------------
ooo_en = f"""From: Jonas Ek <jonas.ek@bolag.kommun.example>
To: samrad+0aa1bb2cc3@kommun.example
Subject: =?utf-8?Q?Automatic_reply=3A_Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r?=
 =?utf-8?Q?_mandatperioden_[KS_2019/017]?=
Date: Thu, 11 Apr 2019 08:00:31 +0200
Message-ID: <ooo.0aa1bb2cc3.1554962431@bolag.kommun.example>
In-Reply-To: <mal-2019.BOLAG.mailout.0aa1bb2cc3@kommun.example>
X-Autoreply: yes
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

I am out of the office until 23 April with limited access to email.
For urgent matters please contact info@bolag.kommun.example.
"""
write("autoreply-en-x-autoreply.eml", ooo_en)

# 9. DSN bounce --------------------------------------------------------------------------------------------
dsn = f"""Return-Path: <>
Delivered-To: bounces+0123456789abcdef@kommun.example
Received: by mx.kommun.example (Postfix)
	id 44kQ7m1xYtz9sBq; Thu, 11 Apr 2019 08:00:12 +0200 (CEST)
Date: Thu, 11 Apr 2019 08:00:12 +0200 (CEST)
From: MAILER-DAEMON@mx.kommun.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces+0123456789abcdef@kommun.example
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="44kQ7m1xYtz9sBq.1554962412/mx.kommun.example"
Content-Transfer-Encoding: 8bit
Message-Id: <20190411060012.44kQ7m1xYtz9sBq@mx.kommun.example>

This is a MIME-encapsulated message.

--44kQ7m1xYtz9sBq.1554962412/mx.kommun.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.kommun.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<vd@bostad.kommun.example>: host mail.bostad.kommun.example[192.0.2.25] said:
    550 5.1.1 <vd@bostad.kommun.example>: Recipient address rejected: User
    unknown in virtual mailbox table (in reply to RCPT TO command)

--44kQ7m1xYtz9sBq.1554962412/mx.kommun.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.kommun.example
X-Postfix-Queue-ID: 44kQ7m1xYtz9sBq
X-Postfix-Sender: rfc822; bounces+0123456789abcdef@kommun.example
Arrival-Date: Thu, 11 Apr 2019 08:00:02 +0200 (CEST)

Final-Recipient: rfc822; vd@bostad.kommun.example
Original-Recipient: rfc822;vd@bostad.kommun.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mail.bostad.kommun.example
Diagnostic-Code: smtp; 550 5.1.1 <vd@bostad.kommun.example>: Recipient address
    rejected: User unknown in virtual mailbox table

--44kQ7m1xYtz9sBq.1554962412/mx.kommun.example
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <bounces+0123456789abcdef@kommun.example>
Received: from samrad.kommun.example (samrad.kommun.example [192.0.2.10])
	by mx.kommun.example (Postfix) with ESMTPS id 44kQ7m1xYtz9sBq
	for <vd@bostad.kommun.example>; Thu, 11 Apr 2019 08:00:02 +0200 (CEST)
From: Kommunledningskontoret <kansli@kommun.example>
To: =?utf-8?Q?Verkst=C3=A4llande_direkt=C3=B6r?= <vd@bostad.kommun.example>
Reply-To: samrad+0123456789abcdef@kommun.example
Subject: =?utf-8?Q?Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r_mandatperioden_?=
 =?utf-8?Q?=5BKS_2019/017=5D?=
Date: Thu, 11 Apr 2019 08:00:00 +0200
Message-ID: <mal-2019.BOSTAD.mailout.0123456789abcdef@kommun.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_samrad_mixed_01"

--44kQ7m1xYtz9sBq.1554962412/mx.kommun.example--
"""
write("bounce-dsn.eml", dsn, eol="\n")

# 10. Malformed ---------------------------------------------------------------------------------------------
truncated = f"""From: Anna Berg <anna.berg@bun.kommun.example>
To: samrad+3f9a2c81d0@kommun.example
Subject: =?utf-8?Q?SV=3A_Beg=C3=A4ran_om_synpunkter?=
Date: Thu, 18 Apr 2019 10:00:00 +0200
Message-ID: <truncated-1@bun.kommun.example>
In-Reply-To: {ORIGINAL_ID}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_trunc_a1"

--=_trunc_a1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Nämnden tillstyrker, se bifogat yttrande.

--=_trunc_a1
Content-Type: application/pdf; name="Yttrande.pdf"
Content-Disposition: attachment; filename="Yttrande.pdf"
Content-Transfer-Encoding: base64

{b64(PDF[:1500])[:900]}"""
write("malformed-truncated.eml", truncated, encoding="utf-8")

broken = f"""From: Anna Berg <anna.berg@bun.kommun.example>
To: samrad+3f9a2c81d0@kommun.example
Subject: SV: Synpunkter
Date: Thu, 18 Apr 2019 10:00:00 +0200
Message-ID: <broken-boundary-1@bun.kommun.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_1_1554962400000"

------=_Part_2_1554962400000
Content-Type: text/plain; charset=utf-8

Nämnden tillstyrker.

------=_Part_2_1554962400000--
"""
write("malformed-broken-boundary.eml", broken, encoding="utf-8")

nested_broken = f"""From: Anna Berg <anna.berg@bun.kommun.example>
To: samrad+3f9a2c81d0@kommun.example
Subject: SV: Synpunkter
Date: Thu, 18 Apr 2019 10:00:00 +0200
Message-ID: <broken-boundary-2@bun.kommun.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer-7c1"

--outer-7c1
Content-Type: text/plain; charset=utf-8

Se nedan.

--outer-7c1
Content-Type: multipart/alternative; boundary="inner-ok"

--inner-typo
Content-Type: text/plain; charset=utf-8

Nämnden avstyrker målområde 2.

--inner-typo--

--outer-7c1--
"""
write("malformed-nested-broken-boundary.eml", nested_broken, encoding="utf-8")

missing_boundary = """From: Anna Berg <anna.berg@bun.kommun.example>
To: samrad+3f9a2c81d0@kommun.example
Subject: SV: Synpunkter
Date: Thu, 18 Apr 2019 10:00:00 +0200
MIME-Version: 1.0
Content-Type: multipart/mixed

Nämnden tillstyrker.
"""
write("malformed-missing-boundary.eml", missing_boundary, encoding="utf-8")

invalid_header = ("From: Anna Berg <anna.berg@bun.kommun.example>\r\n"
                  "To: samrad+3f9a2c81d0@kommun.example\r\n").encode() + \
                 "Subject: SV: Begäran om synpunkter: Nya mål\r\n".encode("iso-8859-1") + \
                 ("Date: Thu, 18 Apr 2019 10:00:00 +0200\r\n"
                  "Message-ID: <invalid-header-1@bun.kommun.example>\r\n"
                  "MIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: 8bit\r\n"
                  "\r\n").encode() + "Nämnden tillstyrker.\r\n".encode("utf-8")
write_bytes("malformed-invalid-utf8-header.eml", invalid_header)

latin1_header_ok = ("From: Anna Berg <anna.berg@bun.kommun.example>\r\n"
                    "To: samrad+3f9a2c81d0@kommun.example\r\n").encode() + \
                   "Subject: SV: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]\r\n".encode("iso-8859-1") + \
                   ("Date: Thu, 18 Apr 2019 10:00:00 +0200\r\n"
                    "Message-ID: <latin1-header-1@bun.kommun.example>\r\n"
                    "MIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=iso-8859-1\r\n"
                    "Content-Transfer-Encoding: 8bit\r\n"
                    "\r\n").encode() + "Nämnden tillstyrker.\r\n".encode("iso-8859-1")
write_bytes("eightbit-header-declared-latin1.eml", latin1_header_ok)

write_bytes("malformed-empty.eml", b"")
write("malformed-no-header.eml", "Hej,\n\nBarn- och utbildningsnämnden tillstyrker förslaget.\n\nAnna Berg\n", eol="\n", encoding="utf-8")

# 11. mbox of three ---------------------------------------------------------------------------------------------
mbox = f"""From anna.berg@bun.kommun.example Thu Apr 18 10:14:52 2019
Return-Path: <anna.berg@bun.kommun.example>
From: Anna Berg <anna.berg@bun.kommun.example>
To: samrad+3f9a2c81d0@kommun.example
Subject: =?utf-8?Q?SV=3A_Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r_mandatperioden_=5BKS_2019/017=5D?=
Date: Thu, 18 Apr 2019 10:14:51 +0200
Message-ID: <mbox-1@bun.kommun.example>
In-Reply-To: {ORIGINAL_ID}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Barn- och utbildningsnämnden tillstyrker samtliga målområden.

From william.grey@bostad.kommun.example Fri Apr 26 14:02:10 2019
From: William Grey <william.grey@bostad.kommun.example>
To: samrad+0123456789abcdef@kommun.example
Subject: Re: =?utf-8?Q?Beg=C3=A4ran_om_synpunkter=3A_Nya_m=C3=A5l_f=C3=B6r_mandatperioden_=5BKS_2019/017=5D?=
Date: Fri, 26 Apr 2019 14:02:09 +0200
Message-ID: <mbox-2@bostad.kommun.example>
In-Reply-To: <mal-2019.BOSTAD.mailout.0123456789abcdef@kommun.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Dear colleagues,

>From the board's point of view the goals are sound; Bostadsbolaget
supports goal area 1 (tillstyrker).

William Grey, CEO

From erik.lund@sn.kommun.example Tue Apr 30 09:00:00 2019
From: Erik Lund <erik.lund@sn.kommun.example>
To: samrad+a1b2c3d4e5@kommun.example
Subject: =?utf-8?Q?SV=3A_Beg=C3=A4ran_om_synpunkter_=5BKS_2019/017=5D?=
Date: Tue, 30 Apr 2019 08:59:58 +0200
Message-ID: <mbox-3@sn.kommun.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Socialnämnden avstår från att yttra sig om målområde 2.
"""
write("replies.mbox", mbox, eol="\n", encoding="utf-8")

# 12. Maildir ------------------------------------------------------------------------------------------------------
md = os.path.join(OUT, "Maildir")
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(md, sub))
def md_msg(n, who, addr, text):
    return f"""From: {who} <{addr}>
To: samrad+3f9a2c81d0@kommun.example
Subject: =?utf-8?Q?SV=3A_Beg=C3=A4ran_om_synpunkter_{n}?=
Date: Thu, 18 Apr 2019 1{n}:00:00 +0200
Message-ID: <maildir-{n}@kommun.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

{text}
""".replace("\n", "\r\n").encode("utf-8")
with open(os.path.join(md, "cur", "1554969600.M101P2001.mx.kommun.example:2,S"), "wb") as f:
    f.write(md_msg(1, "Anna Berg", "anna.berg@bun.kommun.example", "Första svaret: nämnden tillstyrker."))
with open(os.path.join(md, "new", "1554973200.M102P2002.mx.kommun.example"), "wb") as f:
    f.write(md_msg(2, "Erik Lund", "erik.lund@sn.kommun.example", "Andra svaret: nämnden avstyrker målområde 2."))
with open(os.path.join(md, "cur", "1554980000.M103P2003.mx.kommun.example:2,RS"), "wb") as f:
    f.write(md_msg(3, "Maria Öberg", "maria.oberg@tn.kommun.example", "Tredje svaret: nämnden avstår."))
with open(os.path.join(md, "tmp", "1554990000.M104P2004.mx.kommun.example"), "wb") as f:
    f.write(b"From: half@kommun.example\r\nSubject: still being del")

with open(os.path.join(OUT, ".gitattributes"), "w") as f:
    f.write("# Mail fixtures are byte-exact: CRLF, 8-bit and missing final newlines are what the tests are about.\n* -text\n")
print(f"wrote {OUT}: Word attachment {len(DOCX)} bytes (sha256 {hashlib.sha256(DOCX).hexdigest()}), PDF {len(PDF)} bytes")
