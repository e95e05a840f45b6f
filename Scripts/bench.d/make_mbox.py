"""Writes an mbox of N replies to the sample round (about 6 KB each, a third with a 12 KB PDF attached),
from the secretaries of the sample registry, as mail clients write them."""
import email.policy
import mailbox
import os
import random
import sys
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

path, count, registry = sys.argv[1], int(sys.argv[2]), sys.argv[3]
import yaml  # PyYAML is on the machine
senders = []
bodies = [body for name in sorted(os.listdir(registry))
          for body in yaml.safe_load(open(os.path.join(registry, name), encoding="utf-8"))["organizations"]]
uses = {}
for body in bodies:
    for contact in body.get("contacts", []):
        uses[contact["email"]] = uses.get(contact["email"], 0) + 1
for body in bodies:
    for contact in body.get("contacts", []):
        # A secretary shared by two bodies is rightly left unmatched; the benchmark wants matches.
        if contact["role"] == "secretary" and body["kind"] != "group" and body["id"] != "KS" and uses[contact["email"]] == 1:
            senders.append((contact["name"], contact["email"]))
random.seed(2019)
paragraph = ("Nämnden har behandlat förslaget till nya mål för mandatperioden och vill lämna följande synpunkter. "
             "Målen behöver kopplas till resurserna i budgeten och följas upp med mått som går att påverka. ") * 6
pdf = b"%PDF-1.4\n" + bytes(random.getrandbits(8) for _ in range(12 * 1024)) + b"\n%%EOF\n"
box = mailbox.mbox(path, create=True)
box.lock()
start = datetime(2019, 4, 12, 8, 0, tzinfo=timezone(timedelta(hours=2)))
for n in range(count):
    name, address = senders[n % len(senders)]
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = f"{name} <{address}>"
    message["To"] = "Kommunledningskontoret <samrad@kommun.example>"
    message["Subject"] = "SV: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]"
    message["Date"] = format_datetime(start + timedelta(minutes=5 * n))
    message["Message-ID"] = f"<bench-{n}@svar.kommun.example>"
    message.set_content(
        f"Hej,\n\nMålområde 1. Hållbar tillväxt och samhällsplanering\nNämnden tillstyrker. {paragraph}\n\n"
        f"Målområde 3. Kunskap, hälsa och fritid\nNämnden avstyrker. {paragraph}\n\nMed vänliga hälsningar\n{name}\n",
        charset="utf-8", cte="quoted-printable")
    if n % 3 == 0:
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"Yttrande {n}.pdf")
    box.add(message)
box.flush()
box.unlock()
