"""The signing ceremony through HTTP: the review of what is signed, the name and the statement
that signing needs, the confirmation after signing and the signer's receipt."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse

from driehoek.core.testing import amsterdam

from .. import services
from ..models import Decision, Signature
from .factories import sign_ready

pytestmark = pytest.mark.django_db

NAME_ERROR = "Typ je volledige naam om te ondertekenen."
STATEMENT_ERROR = "Vink de verklaring aan om te ondertekenen"


def _sign_url(agreement, version) -> str:
    return reverse(
        "agreements:sign", kwargs={"agreement_id": agreement.uuid, "number": version.number}
    )


def _signing(world, clock):
    clock.travel_to(amsterdam(2026, 11, 16, 9, 30))
    agreement, version = sign_ready(world)
    clock.travel_to(amsterdam(2026, 11, 20, 14, 5))
    return agreement, version


def _good(world, **extra) -> dict:
    return {
        "organisation": world.gemeente.pk,
        "decision": "signed",
        "signer_name": "Wendy Wethouder",
        "statement": "on",
        **extra,
    }


def test_the_review_shows_exactly_what_is_signed_with_nothing_filled_in(world, client_for, clock):
    agreement, version = _signing(world, clock)
    services.version_sign(
        actor=world.member(world.corporatie, "signatory"),
        version=version,
        organisation=world.corporatie,
        signer_name="Cor Directeur",
    )
    page = client_for(world.users["signatory"]).get(_sign_url(agreement, version))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Prestatieafspraken 2027" in html
    assert "2027–2030" in html
    assert f"Versie {version.number}" in html
    assert "16 november 2026 09:30" in html  # frozen at, on the Dutch clock
    assert "1 afspraak." in html
    assert f'href="{version.get_absolute_url()}"' in html
    assert version.content_hash in html
    assert "Verandert er één letter, dan verandert de vingerafdruk." in html
    assert "<li>Woonstichting Test: Ondertekend</li>" in html
    assert "<li>Gemeente Testdorp: nog niet besloten</li>" in html
    assert "Ik heb deze versie gelezen en onderteken haar namens Gemeente Testdorp" in html
    # Nothing chosen or filled in beforehand: no decision, no name, the statement not ticked.
    assert not re.search(r"<input[^>]*name=\"decision\"[^>]*checked", html)
    assert not re.search(r"<input[^>]*name=\"signer_name\"[^>]*value=", html)
    assert not re.search(r"<input[^>]*name=\"statement\"[^>]*checked", html)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"signer_name": "", "statement": ""}, [NAME_ERROR, STATEMENT_ERROR]),
        ({"signer_name": "   "}, [NAME_ERROR]),
        ({"statement": ""}, [STATEMENT_ERROR]),
    ],
)
def test_signing_without_name_or_statement_saves_nothing(world, client_for, clock, data, errors):
    agreement, version = _signing(world, clock)
    response = client_for(world.users["signatory"]).post(
        _sign_url(agreement, version), _good(world, **data)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is een probleem" in html  # the error summary
    for message in errors:
        assert message in html
    for message in {NAME_ERROR, STATEMENT_ERROR} - set(errors):
        assert message not in html
    if NAME_ERROR in errors:  # next to the field, and linked from the summary
        assert 'id="id_signer_name_error"' in html
        assert 'href="#id_signer_name"' in html
    if STATEMENT_ERROR in errors:
        assert 'id="id_statement_error"' in html
    assert not Signature.objects.exists()


def test_without_a_decision_nothing_is_saved(world, client_for, clock):
    agreement, version = _signing(world, clock)
    data = _good(world)
    del data["decision"]
    response = client_for(world.users["signatory"]).post(_sign_url(agreement, version), data)
    assert response.status_code == 400
    assert "Kies ondertekenen of weigeren." in response.content.decode()
    assert not Signature.objects.exists()


def test_signing_leads_to_the_confirmation(world, client_for, clock):
    agreement, version = _signing(world, clock)
    client = client_for(world.users["signatory"])
    response = client.post(_sign_url(agreement, version), _good(world))
    signature = Signature.objects.get()
    assert signature.signer_name == "Wendy Wethouder"
    assert signature.organisation == world.gemeente
    done = reverse(
        "agreements:sign_done",
        kwargs={
            "agreement_id": agreement.uuid,
            "number": version.number,
            "signature_id": signature.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == done
    html = client.get(done).content.decode()
    assert f"Wendy Wethouder heeft versie {version.number} van deze afspraken ondertekend." in html
    assert "20 november 2026 14:05" in html
    assert version.content_hash in html
    waiting = html.split("Wie moet nog tekenen", 1)[1].split("Ontvangstbewijs", 1)[0]
    assert "<li>Woonstichting Test</li>" in waiting
    assert "<li>Huurdersvereniging Test</li>" in waiting
    assert "Gemeente Testdorp" not in waiting
    assert f'href="{done}ontvangstbewijs.pdf"' in html


def test_declining_stays_as_it_was(world, client_for, clock):
    agreement, version = _signing(world, clock)
    response = client_for(world.users["signatory"]).post(
        _sign_url(agreement, version),
        {"organisation": world.gemeente.pk, "decision": "declined", "reason": "Te weinig"},
    )
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    signature = Signature.objects.get()
    assert signature.decision == Decision.DECLINED and signature.reason == "Te weinig"


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF's compressed object streams, unpacked (where its outline and metadata are)."""
    out = b""
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return out


def _receipt_url(signature) -> str:
    version = signature.version
    return reverse(
        "agreements:signature_receipt",
        kwargs={
            "agreement_id": version.agreement.uuid,
            "number": version.number,
            "signature_id": signature.pk,
        },
    )


def test_the_receipt_is_for_the_signers_organisation(world, client_for, clock):
    agreement, version = _signing(world, clock)
    client_for(world.users["signatory"]).post(_sign_url(agreement, version), _good(world))
    url = _receipt_url(Signature.objects.get())
    for who in (world.users["viewer"], world.users["signatory"], world.users["staff"]):
        response = client_for(who).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "ontvangstbewijs" in response["Content-Disposition"]
    # The receipt's heading, in the PDF's outline: this is the receipt of this agreement.
    assert b"(Ontvangstbewijs: Prestatieafspraken 2027)" in _pdf_objects(response.content)
    # Another party's members may read the agreement but not this receipt; outsiders see nothing.
    assert client_for(world.member(world.corporatie, "admin")).get(url).status_code == 403
    assert client_for(world.users["outsider"]).get(url).status_code == 404
    done = url.removesuffix("ontvangstbewijs.pdf")
    assert client_for(world.member(world.corporatie, "admin")).get(done).status_code == 403


def test_a_refusal_has_no_receipt(world, client_for, clock):
    agreement, version = _signing(world, clock)
    signature = services.version_sign(
        actor=world.users["signatory"],
        version=version,
        organisation=world.gemeente,
        decision=Decision.DECLINED,
        reason="Nee",
    )
    assert client_for(world.users["signatory"]).get(_receipt_url(signature)).status_code == 403


def test_a_signature_of_another_version_is_not_found(world, client_for, clock):
    agreement, version = _signing(world, clock)
    _other, other_version = sign_ready(world, cycle=agreement.cycle)
    signature = services.version_sign(
        actor=world.users["signatory"], version=other_version, organisation=world.gemeente
    )
    url = reverse(
        "agreements:signature_receipt",
        kwargs={
            "agreement_id": agreement.uuid,
            "number": version.number,
            "signature_id": signature.pk,
        },
    )
    assert client_for(world.users["signatory"]).get(url).status_code == 404
