import re

from django.core import mail

from driehoek.community import services
from driehoek.community.models import Party


def sign_up(community, email, *, confirm=False, party=Party.GEMEENTE, **kwargs):
    data = {
        "name": kwargs.pop("name", "Test Persoon"),
        "email": email,
        "party": party,
        "consent": True,
        "organisation_name": "Gemeente Voorbeeld",
    }
    data.update(kwargs)
    registration, token = services.registration_create(community=community, **data)
    if confirm:
        registration = services.registration_confirm(registration=registration, token=token)
    return registration, token


def link_in_mail(message) -> str:
    match = re.search(r"https?://\S+/community/aanmelding/[\w-]+/", message.body)
    assert match, message.body
    return match.group(0)


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]
