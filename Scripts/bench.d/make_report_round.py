"""Writes a registry of N boards, a round over them, and a form export in which every board answers
all four goal areas with about 2 KB of text."""
import csv
import os
import sys

folder, count = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(folder, "contacts"), exist_ok=True)
with open(os.path.join(folder, "contacts", "bodies.yaml"), "w", encoding="utf-8") as out:
    out.write("organizations:\n")
    for n in range(1, count + 1):
        out.write(f"  - {{ id: B{n}, name: Nämnd {n}, kind: board, mailbox: b{n}@kommun.example }}\n")
with open(os.path.join(folder, "round.yaml"), "w", encoding="utf-8") as out:
    out.write("""id: bench
reference: KS 2019/017
title: Nya mål för mandatperioden
from: { name: Kommunledningskontoret, email: kansli@kommun.example }
recipients: { kinds: [board] }
goal_areas:
  - { id: 1, title: Hållbar tillväxt och samhällsplanering }
  - { id: 2, title: "Utbildning, arbete och näringsliv" }
  - { id: 3, title: "Kunskap, hälsa och fritid" }
  - { id: 4, title: "Delaktighet, tillgänglighet och trygghet" }
mailout: { date: 2019-04-11 }
deadline: 2019-05-17
""")
text = ("Nämnden tillstyrker förslaget och vill att målet kopplas till budgeten, med mått som verksamheten "
        "kan påverka och följa upp under mandatperioden. ") * 4
stances = ["Tillstyrker", "Avstyrker", "Varken eller", "Avstår"]
with open(os.path.join(folder, "svar.csv"), "w", encoding="utf-8-sig", newline="") as out:
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nämnd", "Tidsstämpel"] + [f"Målområde {a}" for a in range(1, 5)] + [f"Ställningstagande {a}" for a in range(1, 5)])
    for n in range(1, count + 1):
        writer.writerow([f"B{n}", "2019-05-14 10:00"] + [text] * 4 + [stances[(n + a) % 4] for a in range(4)])
