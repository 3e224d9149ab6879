"""/.well-known/security.txt (RFC 9116) and the policy it links to."""

from datetime import UTC, datetime

import pytest

from driehoek.core.testing import amsterdam

pytestmark = pytest.mark.django_db


def _fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.strip().splitlines())


def test_security_txt_names_contact_expiry_languages_and_canonical(client, clock, settings):
    clock.travel_to(amsterdam(2031, 3, 15, 10, 0))
    settings.BASE_URL = "https://driehoek.gemeente.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.content.decode())
    assert fields["Contact"] == "mailto:security@driehoek.example"
    # A year from the (fixed) moment of the request, in UTC: the file never goes stale.
    assert fields["Expires"] == "2032-03-14T09:00:00Z"
    assert datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) > (
        clock.now
    )
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == "https://driehoek.gemeente.example/.well-known/security.txt"
    assert fields["Policy"] == "https://driehoek.gemeente.example/.well-known/security-policy.txt"


def test_security_contact_is_configurable(client, settings):
    settings.DRIEHOEK_SECURITY_CONTACT = "cvd@woningcorporatie.example"
    assert _fields(client.get("/.well-known/security.txt").content.decode())["Contact"] == (
        "mailto:cvd@woningcorporatie.example"
    )
    settings.DRIEHOEK_SECURITY_CONTACT = "https://woningcorporatie.example/melden"
    assert _fields(client.get("/.well-known/security.txt").content.decode())["Contact"] == (
        "https://woningcorporatie.example/melden"
    )
    policy = client.get("/.well-known/security-policy.txt").content.decode()
    assert "https://woningcorporatie.example/melden" in policy
    assert "security@driehoek.example" not in policy
    assert "## Reporting a vulnerability" in policy


def test_security_txt_refuses_writes(client):
    assert client.post("/.well-known/security.txt").status_code == 405
