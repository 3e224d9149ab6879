from driehoek.core.testing import UrlCase

STAFF_ONLY = {"anonymous": 302, "staff": 200, "*": 403}


def url_cases(world):
    from driehoek.core.models import MailStatus, OutgoingMail

    # A throwaway failed mail: staff's retry sends it (locmem in tests), nothing else uses it.
    failed = OutgoingMail.objects.create(
        from_email="noreply@example.org",
        to=["walk@example.org"],
        subject="Walk",
        status=MailStatus.FAILED,
        attempts=6,
        last_error="SMTPRecipientsRefused",
    )
    return [
        UrlCase("core:home"),
        UrlCase("core:glossary"),
        UrlCase("core:sources"),
        UrlCase("core:accessibility"),
        UrlCase("core:mail_queue", expect=STAFF_ONLY),
        UrlCase("core:mail_queue", query="status=failed&q=walk", expect=STAFF_ONLY),
        UrlCase(
            "core:mail_retry",
            kwargs={"pk": failed.pk},
            method="post",
            expect={"anonymous": 302, "staff": 302, "*": 403},
        ),
        UrlCase(
            "core:mail_retry",
            kwargs={"pk": 0},
            method="post",
            expect={"anonymous": 302, "staff": 404, "*": 403},
        ),
        UrlCase("healthz"),
        UrlCase("security_txt"),
        UrlCase("security_policy"),
    ]
