#!/usr/bin/python3
"""A small SMTP server for Samråd's tests, on Debian's python3-aiosmtpd.

Listens on 127.0.0.1 only. Prints "PORT <n>" once it accepts connections and exits
cleanly on SIGTERM or SIGINT.

    smtp_server.py --port 0 --store DIR [--cert FILE --key FILE [--require-starttls | --implicit-tls]]
                   [--auth USER:PASSWORD [--exclude-auth MECHANISM ...]] [--reject-rcpt ADDR=CODE ...] [--log FILE]

--store DIR writes each message once per recipient as DIR/<n>.eml (the bytes received)
and DIR/<n>.json ({"mail_from": ..., "rcpt_tos": [one address]}).
--log FILE appends one line per event: CONNECT, STARTTLS, AUTH <mechanism> ok|refused,
MAIL <address>, RCPT <address> <code>, DATA <count>. Credentials are never logged.
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


REPLIES = {
    "450": "450 4.2.1 <{address}>: Recipient address rejected: Mailbox busy, try again later",
    "451": "451 4.3.0 <{address}>: Temporary lookup failure",
    "550": "550 5.1.1 <{address}>: Recipient address rejected: User unknown",
    "553": "553 5.7.1 <{address}>: Recipient address rejected: not allowed",
}


class EventLog:
    def __init__(self, path):
        self.path = path

    def write(self, line):
        if self.path:
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")


class Handler:
    def __init__(self, store, rejections, log):
        self.store = store
        self.rejections = rejections
        self.log = log
        self.count = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.log.write(f"MAIL {address}")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.rejections.get(address.lower())
        if code:
            reply = REPLIES.get(code, f"{code} {'5' if code[0] == '5' else '4'}.0.0 <{{address}}>: rejected")
            self.log.write(f"RCPT {address} {code}")
            return reply.format(address=address)
        self.log.write(f"RCPT {address} 250")
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content
        self.log.write(f"DATA {len(envelope.rcpt_tos)}")
        for recipient in envelope.rcpt_tos:
            self.count += 1
            stem = os.path.join(self.store, str(self.count)) if self.store else None
            if stem:
                with open(stem + ".eml", "wb") as handle:
                    handle.write(content)
                with open(stem + ".json", "w", encoding="utf-8") as handle:
                    json.dump({"mail_from": envelope.mail_from, "rcpt_tos": [recipient]}, handle)
        return f"250 2.0.0 Ok: queued as TEST{self.count:05d}"


class LoggingSMTP(SMTP):
    """Logs connections and STARTTLS, which aiosmtpd has no handler hooks for."""

    def __init__(self, *args, event_log, **kwargs):
        super().__init__(*args, **kwargs)
        self.event_log = event_log

    def connection_made(self, transport):
        # A connection upgraded by STARTTLS comes here again with the TLS transport.
        if getattr(self, "_samrad_connected", False):
            self.event_log.write("STARTTLS")
        else:
            self._samrad_connected = True
            self.event_log.write("CONNECT")
        super().connection_made(transport)


def make_authenticator(credentials, log):
    user, _, password = credentials.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        log.write(f"AUTH {mechanism} {'ok' if ok else 'refused'}")
        # handled=False: aiosmtpd then answers 235 or 535 itself.
        return AuthResult(success=ok, handled=False)

    return authenticate


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    parser.add_argument("--exclude-auth", action="append", default=[], metavar="MECHANISM")
    parser.add_argument("--store", metavar="DIR")
    parser.add_argument("--reject-rcpt", action="append", default=[], metavar="ADDR=CODE")
    parser.add_argument("--log", metavar="FILE")
    arguments = parser.parse_args()
    if bool(arguments.cert) != bool(arguments.key):
        parser.error("--cert and --key go together")
    if (arguments.require_starttls or arguments.implicit_tls) and not arguments.cert:
        parser.error("--require-starttls and --implicit-tls need --cert and --key")
    if arguments.auth and ":" not in arguments.auth:
        parser.error("--auth takes USER:PASSWORD")
    for rejection in arguments.reject_rcpt:
        address, _, code = rejection.rpartition("=")
        if not address or not (len(code) == 3 and code.isdigit() and code[0] in "45"):
            parser.error(f"--reject-rcpt takes ADDR=CODE with a 4xx or 5xx code, not {rejection!r}")
    return arguments


async def serve(arguments):
    log = EventLog(arguments.log)
    rejections = {}
    for rejection in arguments.reject_rcpt:
        address, _, code = rejection.rpartition("=")
        rejections[address.lower()] = code
    handler = Handler(arguments.store, rejections, log)

    context = None
    if arguments.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.cert, arguments.key)

    options = {"hostname": "localhost", "ident": "Samrad test SMTP"}
    if arguments.auth:
        options["authenticator"] = make_authenticator(arguments.auth, log)
        options["auth_require_tls"] = True
        options["auth_exclude_mechanism"] = arguments.exclude_auth
    if context and not arguments.implicit_tls:
        options["tls_context"] = context
        options["require_starttls"] = arguments.require_starttls

    def factory():
        return LoggingSMTP(handler, event_log=log, **options)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        factory, host="127.0.0.1", port=arguments.port, ssl=context if arguments.implicit_tls else None
    )
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    async with server:
        await stop.wait()
        server.close()
        await server.wait_closed()


def main():
    # A parent may start us with signals blocked (Foundation's Process passes on the mask of the
    # test runner's thread): unblock the ones that stop us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    arguments = parse_arguments()
    if arguments.store:
        os.makedirs(arguments.store, exist_ok=True)
    asyncio.run(serve(arguments))
    return 0


if __name__ == "__main__":
    sys.exit(main())
