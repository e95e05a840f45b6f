"""Writes a benchmark registry of N boards and a round with a 200 KB PDF attachment into a folder."""
import os
import random
import sys

folder, count = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(folder, "contacts"), exist_ok=True)
with open(os.path.join(folder, "contacts", "bench.yaml"), "w", encoding="utf-8") as out:
    out.write("organizations:\n")
    for n in range(1, count + 1):
        out.write(f"  - {{ id: B{n:05d}, name: Nämnd nummer {n}, kind: board, mailbox: b{n:05d}@kommun.example }}\n")

# A PDF of about 200 KB: a valid header and trailer around incompressible bytes, as scanned PDFs are.
random.seed(2019)
payload = bytes(random.getrandbits(8) for _ in range(200 * 1024))
with open(os.path.join(folder, "forslag.pdf"), "wb") as out:
    out.write(b"%PDF-1.4\n%\xe5\xe4\xf6\n1 0 obj\n<< /Length " + str(len(payload)).encode() + b" >>\nstream\n")
    out.write(payload)
    out.write(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

with open(os.path.join(folder, "round.yaml"), "w", encoding="utf-8") as out:
    out.write("""id: bench
reference: KS 2019/017
title: Nya mål för mandatperioden
from: { name: Kommunledningskontoret, email: kansli@kommun.example }
reply_to: samrad@kommun.example
recipients: { kinds: [board] }
goal_areas:
  - { id: 1, title: Hållbar tillväxt och samhällsplanering }
  - { id: 2, title: "Utbildning, arbete och näringsliv" }
  - { id: 3, title: "Kunskap, hälsa och fritid" }
  - { id: 4, title: "Delaktighet, tillgänglighet och trygghet" }
mailout: { date: 2019-04-11, attachments: [forslag.pdf] }
deadline: 2019-05-17
""")
