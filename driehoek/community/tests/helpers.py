import re

from django.core import mail
from django.urls import reverse

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


def form_data(**extra):
    data = {
        "name": "Hanneke Huurder",
        "email": "hanneke@example.org",
        "organisation": "",
        "organisation_name": "Huurdersvereniging Oost",
        "party": "huurders",
        "function": "voorzitter",
        "province": "Utrecht",
        "series": "series",
        "own_question": "",
        "needs": "",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def signup_url(community):
    return reverse("community:signup", kwargs={"slug": community.slug})
