"""Writes the demo's sample replies (Sources/SamradApp/Demo/svar/): mail from boards of the sample
registry as their mail clients would write it, an out-of-office reply, and a form export from the
companies. Run again to regenerate the same files."""
import email.policy
import os
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

here = os.path.join(os.path.dirname(__file__), "..", "Sources", "SamradApp", "Demo", "svar")
os.makedirs(here, exist_ok=True)
cest = timezone(timedelta(hours=2))
subject = "SV: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]"


def write(name, sender, when, body, *, subject=subject, headers=(), charset="utf-8", html=None, attachment=None):
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = "Kommunledningskontoret <samrad@kommun.example>"
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = f"<{name}.{when:%Y%m%d%H%M}@demo.kommun.example>"
    for key, value in headers:
        message[key] = value
    message.set_content(body, charset=charset, cte="quoted-printable")
    if html:
        message.add_alternative(html, subtype="html")
    if attachment:
        filename, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    with open(os.path.join(here, f"{when:%Y-%m-%d}-{name}.eml"), "wb") as out:
        out.write(message.as_bytes())


write("bun", "Sofia Håkansson <sofia.hakansson@kommun.example>", datetime(2019, 5, 14, 10, 12, tzinfo=cest), """Hej,

Barn- och utbildningsnämnden behandlade ärendet vid sammanträdet den 15 maj; här kommer nämndens yttrande.

Målområde 1. Hållbar tillväxt och samhällsplanering
Nämnden tillstyrker. Skolornas lokalförsörjning behöver planeras tillsammans med bostadsbyggandet.

Målområde 2. Utbildning, arbete och näringsliv
Nämnden tillstyrker förslaget och vill att målet även omfattar förskolan.

Målområde 3. Kunskap, hälsa och fritid
Nämnden avstyrker formuleringen om resultatmått per skola, som riskerar att styra mot fel saker.

Målområde 4. Delaktighet, tillgänglighet och trygghet
Nämnden tillstyrker.

Med vänliga hälsningar
Sofia Håkansson
Nämndsekreterare, Barn- och utbildningsförvaltningen
010-123 45 67

-----Ursprungligt meddelande-----
Från: Kommunledningskontoret <kansli@kommun.example>
Skickat: den 11 april 2019 08:05
Ämne: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]
""")

write("sn", "Linnéa Persson <linnea.persson@kommun.example>", datetime(2019, 5, 16, 15, 40, tzinfo=cest), """Socialnämnden tillstyrker förslaget till nya mål för mandatperioden i sin helhet.

Målområde 4: Nämnden vill särskilt lyfta tryggheten för äldre och för barn i utsatta miljöer, och bidrar gärna i arbetet med det strategiska utvecklingsprogrammet.

Hälsningar
Linnéa Persson
Socialförvaltningen
""", charset="utf-8")

write("kfn", "Elin Söderberg <elin.soderberg@kommun.example>", datetime(2019, 5, 10, 9, 5, tzinfo=cest), """Hej!

Kultur- och fritidsnämnden avstår från att yttra sig över förslaget, men följer gärna det fortsatta arbetet.

Vänliga hälsningar
Elin Söderberg
""")

write("tn", "Oskar Forsberg <oskar.forsberg@kommun.example>", datetime(2019, 5, 21, 11, 30, tzinfo=cest), """Tekniska nämnden ber om ursäkt för det sena svaret.

1. Hållbar tillväxt och samhällsplanering
Nämnden tillstyrker, men målet bör kompletteras med underhållet av gator och VA-nät, som annars riskerar att trängas undan.

2. Utbildning, arbete och näringsliv
Varken tillstyrker eller avstyrker; nämnden har ingen verksamhet som berörs direkt.

Med vänlig hälsning
Oskar Forsberg
""")

write("franvaro", "Mikael Åberg <mikael.aberg@kommun.example>", datetime(2019, 4, 11, 8, 6, tzinfo=cest),
      "Jag är på semester till och med den 22 april och läser inte min e-post. Vid brådskande ärenden, kontakta Socialförvaltningen på 010-123 40 00.",
      subject="Frånvaro: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]",
      headers=(("Auto-Submitted", "auto-replied"),))

# The companies answered through a form; this is its export, as Microsoft Forms writes it.
rows = [
    ["ID", "Starttid", "Slutförandetid", "E-post", "Namn", "Bolag",
     "Synpunkter på målområde 1. Hållbar tillväxt och samhällsplanering", "Ställningstagande målområde 1",
     "Synpunkter på målområde 2. Utbildning, arbete och näringsliv", "Ställningstagande målområde 2",
     "Synpunkter på målområde 3. Kunskap, hälsa och fritid", "Ställningstagande målområde 3",
     "Synpunkter på målområde 4. Delaktighet, tillgänglighet och trygghet", "Ställningstagande målområde 4"],
    ["1", "2019-05-13 14:02:11", "2019-05-13 14:20:45", "nils.bergqvist@bostader.kommun.example", "Nils Bergqvist", "HBAB",
     "Bostadsbyggandet är bolagets viktigaste bidrag; vi vill se ett mål för antalet färdigställda hyresrätter.", "Tillstyrker",
     "Bolaget erbjuder feriejobb och praktik och kan bidra mer.", "Tillstyrker", "", "", "Trygghet i bostadsområdena, \"trygga trapphus\", bör lyftas.", "Tillstyrker"],
    ["2", "2019-05-15 09:10:00", "2019-05-15 09:31:12", "maja.engdahl@energi.kommun.example", "Maja Engdahl", "Hemsta Energi AB",
     "Energiomställningen kräver investeringar som bör synas i målen.", "Tillstyrker", "", "", "", "", "", ""],
    ["3", "2019-05-17 16:45:00", "2019-05-17 16:58:30", "erik.wallgren@vatten.kommun.example", "Erik Wallgren", "HVAB",
     "Målet bör kompletteras med VA-planering; i nuvarande form kan bolaget inte ställa sig bakom det.", "Avstyrker", "", "", "", "", "", ""],
]
with open(os.path.join(here, "2019-05-17-formular-bolag.csv"), "w", encoding="utf-8-sig", newline="") as out:
    import csv
    csv.writer(out, lineterminator="\r\n").writerows(rows)
