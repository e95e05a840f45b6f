"""Writes a registry of B boards and R rounds over it, for the remind benchmark."""
import os
import sys

folder, rounds, bodies = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(os.path.join(folder, "contacts"), exist_ok=True)
os.makedirs(os.path.join(folder, "rounds"), exist_ok=True)
with open(os.path.join(folder, "contacts", "bodies.yaml"), "w", encoding="utf-8") as out:
    out.write("organizations:\n")
    for n in range(1, bodies + 1):
        out.write(f"  - {{ id: B{n}, name: Nämnd {n}, kind: board, mailbox: b{n}@kommun.example,\n")
        out.write(f"      contacts: [{{ name: Sekreterare {n}, role: secretary, email: sek{n}@kommun.example }},\n")
        out.write(f"                 {{ name: Ordförande {n}, role: chair, email: ordf{n}@kommun.example }}],\n")
        out.write("      meetings: [2019-02-20, 2019-03-20, 2019-04-17, 2019-05-15, 2019-06-12] }\n")
half = bodies // 2
for r in range(1, rounds + 1):
    with open(os.path.join(folder, "rounds", f"r{r:03d}.yaml"), "w", encoding="utf-8") as out:
        out.write(f"""id: r{r:03d}
reference: KS 2019/{r:03d}
title: Samråd nummer {r}
from: {{ name: Kommunledningskontoret, email: kansli@kommun.example }}
recipients: {{ kinds: [board] }}
goal_areas:
  - {{ id: 1, title: Hållbar tillväxt och samhällsplanering }}
  - {{ id: 2, title: "Utbildning, arbete och näringsliv" }}
  - {{ id: 3, title: "Kunskap, hälsa och fritid" }}
  - {{ id: 4, title: "Delaktighet, tillgänglighet och trygghet" }}
mailout: {{ date: 2019-04-11 }}
deadline: 2019-05-17
dialogues:
  - {{ id: d1, title: Budgetdialog 1, start: 2019-04-24T09:00, end: 2019-04-24T12:00, location: Stadshuset,
      participants: [{", ".join(f"B{n}" for n in range(1, half + 1))}] }}
reminders: {{ before_deadline: [5, 1], after_deadline: [2, 5], before_dialogue: [2], before_own_meeting: [10] }}
milestones:
  - {{ date: 2019-05-22, title: Arbetsutskottet }}
""")
