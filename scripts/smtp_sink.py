#!/usr/bin/env python3
"""A real SMTP server for Trappe's mail tests and benchmark (aiosmtpd, from PyPI).

Each received message is written to OUT as NNNNNNN.eml and, unless --raw-only, beside it
NNNNNNN.json: what Python's own mail parser reads from it (the decoded Subject, Date,
Message-ID, To, the text/plain and text/html parts) and when it arrived. Given
recipients can be refused: --refuse ADDR answers 550 to RCPT TO, --tempfail ADDR answers
451 the first --tempfail-times times. --slow-ms makes each DATA take that long (so a
test can kill a sender mid-batch). The file OUT/sessions counts the EHLOs (connections).
Prints "ready" when it listens; stops on SIGTERM.

  smtp_sink.py --port 2525 --out /tmp/mails [--refuse a@x.dk] [--tempfail b@x.dk]
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, args):
        self.out = args.out
        self.refuse = {a.lower() for a in args.refuse}
        self.tempfail = {a.lower() for a in args.tempfail}
        self.tempfail_times = args.tempfail_times
        self.tempfail_seen = {}
        self.slow = args.slow_ms / 1000.0
        self.raw_only = args.raw_only
        self.count = 0
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # One EHLO per connection (lettre does not use STARTTLS on a plain server):
        # the benchmark reads how many connections a batch took.
        session.host_name = hostname
        self.sessions += 1
        with open(os.path.join(self.out, "sessions"), "w") as f:
            f.write("%d\n" % self.sessions)
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        a = address.lower()
        if a in self.refuse:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if a in self.tempfail:
            seen = self.tempfail_seen.get(a, 0)
            if seen < self.tempfail_times:
                self.tempfail_seen[a] = seen + 1
                return "451 4.7.1 <%s>: Greylisted, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.slow:
            await asyncio.sleep(self.slow)
        self.count += 1
        name = os.path.join(self.out, "%07d" % self.count)
        raw = envelope.content
        with open(name + ".eml.tmp", "wb") as f:
            f.write(raw)
        os.rename(name + ".eml.tmp", name + ".eml")
        if not self.raw_only:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            text = msg.get_body(preferencelist=("plain",))
            html = msg.get_body(preferencelist=("html",))
            doc = {
                "received_at": time.time(),
                "envelope_to": envelope.rcpt_tos,
                "envelope_from": envelope.mail_from,
                "subject": str(msg["subject"]),
                "from": str(msg["from"]),
                "to": str(msg["to"]),
                "date": str(msg["date"]),
                "message_id": str(msg["message-id"]),
                "content_type": msg.get_content_type(),
                "text": text.get_content() if text is not None else None,
                "html": html.get_content() if html is not None else None,
            }
            with open(name + ".json.tmp", "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            os.rename(name + ".json.tmp", name + ".json")
        return "250 2.0.0 Ok: queued as %07d" % self.count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--tempfail", action="append", default=[])
    p.add_argument("--tempfail-times", type=int, default=1)
    p.add_argument("--slow-ms", type=int, default=0)
    p.add_argument("--raw-only", action="store_true")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    controller = Controller(Sink(args), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
