"""The import benchmark's peer: parses every message of an mbox with Python's mailbox and email
packages (policy.default), reading the text body and the attachments, and stores nothing."""
import email.policy
import mailbox
import sys

count = 0
for message in mailbox.mbox(sys.argv[1], factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default)):
    body = message.get_body(("plain", "html"))
    text = body.get_content() if body else ""
    attachments = [part.get_content() for part in message.iter_attachments()]
    count += 1
print(f"parsed {count}")
