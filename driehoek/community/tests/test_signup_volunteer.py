"""The sign-up as a tenant volunteer meets it: finding one's organisation, full meetings in the
form, the confirmation e-mail, the status after cancelling and the way from an old series to
the open edition. Pages in Dutch (the site's language)."""

import re

import pytest
from django.urls import reverse

from .helpers import sign_up

pytestmark = pytest.mark.django_db


def _personal(client, token):
    return client.get(reverse("community:registration", kwargs={"token": token})).content.decode()


def _status(page: str) -> str:
    match = re.search(r"<strong>Status:?</strong>:?\s*([^<]+)<", page)
    assert match, page
    return match.group(1).strip()


# --- after cancelling --------------------------------------------------------------------------


def test_after_cancelling_the_personal_page_says_afgemeld(client, community, meeting):
    _reg, token = sign_up(community, "afmelder@example.org", confirm=True)
    assert _status(_personal(client, token)) == "Bevestigd"
    r = client.post(reverse("community:registration_cancel", kwargs={"token": token}))
    assert r.status_code == 302
    page = _personal(client, token)
    assert _status(page) == "Afgemeld"
    # The seat at the meeting reads the same, not another catalogue's word for "Cancelled".
    assert "Vervallen" not in page
    assert re.search(r"<td>Afgemeld", page)
