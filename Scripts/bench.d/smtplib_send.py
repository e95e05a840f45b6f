"""Sends every .eml file of a folder over one SMTP connection with Python's smtplib (the benchmark's peer)."""
import os
import smtplib
import sys

host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names = sorted(name for name in os.listdir(folder) if name.endswith(".eml"))
with smtplib.SMTP(host, port) as smtp:
    for name in names:
        with open(os.path.join(folder, name), "rb") as message:
            smtp.sendmail("bench@kommun.example", ["sink@kommun.example"], message.read())
print(f"sent {len(names)}")
