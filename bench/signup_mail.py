"""Public CoP sign-up throughput with the confirmation mail queued (the outbox) against sent
inline over SMTP to a slow local mail server.

Posts N sign-ups (distinct addresses and client addresses, so no rate limit applies) to the
public sign-up page through Django's test client, twice:

- inline: ``EMAIL_BACKEND`` is Django's SMTP backend, so each request waits for the mail
  server (a local one that takes ``--smtp-delay`` seconds to accept each message);
- queued: ``EMAIL_BACKEND`` is ``core.mail.QueuedEmailBackend`` with the database task
  backend: the request stores the mail and its task; afterwards one in-process ``db_worker``
  delivers them to the same slow server (timed as well, to show the work is only moved).

Prints sign-ups per second for both and the ratio queued / inline. Own database (a fresh
``bench/out/signup_mail.sqlite3``); not part of ``make test``.

    .venv/bin/python bench/signup_mail.py --signups 100 --smtp-delay 0.2
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import own_database  # noqa: E402

DB = own_database.environment("signup_mail.sqlite3")
os.environ.setdefault("DRIEHOEK_VAR_DIR", str(own_database.OUT))


def slow_smtp_server(delay: float):
    """The tests' loopback SMTP server (started), answering each message after ``delay`` s."""
    from driehoek.core.tests import smtp_server

    class SlowHandler(smtp_server._Handler):
        def reply(self, line: str) -> None:
            if line.startswith("250 OK queued"):
                time.sleep(delay)
            super().reply(line)

    server = smtp_server.SmtpServer().start()
    server._server.RequestHandlerClass = SlowHandler  # read per connection
    return server


def _post_signups(label: str, n: int) -> float:
    """Seconds for n sign-ups, each a new person on the one meeting (all must succeed)."""
    from django.test import Client
    from django.test.utils import override_settings

    from driehoek.community.models import Registration
    from driehoek.community.tests.factories import CommunityFactory, MeetingFactory
    from driehoek.community.tests.helpers import form_data, signup_url

    community = CommunityFactory()
    MeetingFactory(community=community, capacity=n + 10)
    url = signup_url(community)
    client = Client()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        start = time.perf_counter()
        for i in range(n):
            response = client.post(
                url,
                form_data(email=f"{label}-{i}@example.org"),
                REMOTE_ADDR=f"10.{i // 250 % 250}.{i % 250}.{1 + i // 62500}",
            )
            if response.status_code != 302:
                raise SystemExit(f"Sign-up {i} ({label}) answered {response.status_code}")
        elapsed = time.perf_counter() - start
    assert Registration.objects.filter(community=community).count() == n
    return elapsed


def measure(signups: int, smtp_delay: float) -> dict[str, float]:
    from django.core.management import call_command
    from django.test.utils import override_settings

    from driehoek.core.models import MailStatus, OutgoingMail

    server = slow_smtp_server(smtp_delay)
    smtp = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": server.port, "EMAIL_USE_TLS": False}
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", **smtp):
            inline = _post_signups("inline", signups)
        inline_mails = len(server.messages)
        with override_settings(
            DRIEHOEK_EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend", **smtp
        ):
            queued = _post_signups("queued", signups)
            waiting = OutgoingMail.objects.filter(status=MailStatus.QUEUED).count()
            start = time.perf_counter()
            call_command(
                "db_worker", batch=True, interval=0, startup_delay=False, stdout=io.StringIO()
            )
            drain = time.perf_counter() - start
        sent = OutgoingMail.objects.filter(status=MailStatus.SENT).count()
    finally:
        server.stop()
    assert inline_mails >= signups and waiting >= signups and sent == waiting
    return {
        "signups": signups,
        "inline_per_s": signups / inline,
        "queued_per_s": signups / queued,
        "ratio": inline / queued,
        "drain_per_s": sent / drain,
        "mails": sent,
    }


def report(result: dict[str, float], smtp_delay: float) -> None:
    n = int(result["signups"])
    print()
    print(f"Public sign-up, {n} sign-ups, mail server taking {smtp_delay * 1000:.0f} ms per mail:")
    print(f"  mail sent inline (SMTP in the request) {result['inline_per_s']:8.1f} sign-ups/s")
    print(f"  mail queued (outbox + task)            {result['queued_per_s']:8.1f} sign-ups/s")
    print(f"  ratio queued / inline: {result['ratio']:.2f}")
    print(f"  worker afterwards: {int(result['mails'])} mails at {result['drain_per_s']:.1f}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=100)
    parser.add_argument("--smtp-delay", type=float, default=0.2, help="seconds per mail")
    args = parser.parse_args()
    own_database.setup(DB)
    import logging

    logging.disable(logging.WARNING)
    report(measure(args.signups, args.smtp_delay), args.smtp_delay)


if __name__ == "__main__":
    main()
