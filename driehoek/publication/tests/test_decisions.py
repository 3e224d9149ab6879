"""Publication follows the parties' decisions: the parties that signed publish; a tenant
organisation that declined (or only takes note) is not asked, and its decision, with the reason
of a refusal, is public. Dates are the real ones; a decision recorded afterwards also shows when
it was entered. A pending dispute shows its status and filing date."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from driehoek.agreements.models import AgreementParty, Decision, Dispute, DisputeStatus
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Role
from driehoek.publication import selectors, services
from driehoek.publication.models import Publication

from . import factories as f

pytestmark = pytest.mark.django_db

REASON = "De huren stijgen te hard"
SIGNED_LONG_AGO = timezone.make_aware(datetime(2021, 3, 4, 11, 0))
SUBMITTED_LONG_AGO = timezone.make_aware(datetime(2021, 12, 10, 9, 0))


@pytest.fixture
def refused(world):
    """Gemeente and corporatie signed (the gemeente's signature recorded afterwards, with its
    real date in 2021); the tenant organisation, a full party, declined with a reason."""
    g, c, h = world.gemeente, world.corporatie, world.huurders
    recorder = world.member(g, Role.EDITOR)
    entered = timezone.now()
    a = f.agreement(gemeente=g, others=[c, h], year=2021)
    f.sign_decisions(
        a,
        {
            g: {"signed_at": SIGNED_LONG_AGO, "recorded_at": entered, "recorded_by": recorder},
            c: {"signed_at": timezone.make_aware(datetime(2021, 3, 1, 15, 0))},
            h: {"decision": Decision.DECLINED, "reason": REASON},
        },
        tenant_refusal=True,
    )
    a.submitted_at = SUBMITTED_LONG_AGO
    a.submission_recorded_at = entered
    a.submission_recorded_by = recorder
    a.save()
    return a


def _signatories(world):
    return {o: world.member(o, Role.SIGNATORY) for o in (world.gemeente, world.corporatie)}


def _publish_by_signers(world, agreement):
    result = None
    for org, user in _signatories(world).items():
        result = services.consent_give(actor=user, agreement=agreement, organisation=org)
    return result


# Services -----------------------------------------------------------------------------------


def test_the_signers_alone_publish_and_the_decliner_is_not_asked(world, refused):
    assert services.consent_needed(refused) == {world.gemeente.pk, world.corporatie.pk}
    tenant = world.member(world.huurders, Role.SIGNATORY)
    with pytest.raises(ServiceError, match="niet ondertekend|did not sign"):
        services.consent_give(actor=tenant, agreement=refused, organisation=world.huurders)
    publication = _publish_by_signers(world, refused)
    assert publication is not None
    assert list(selectors.published_agreements()) == [refused]


def test_a_tenant_that_only_takes_note_is_not_asked(world):
    g, c, h = world.gemeente, world.corporatie, world.huurders
    a = f.agreement(gemeente=g, others=[c, h])
    AgreementParty.objects.filter(agreement=a, organisation=h).update(signs=False)
    f.sign_decisions(a, {g: {}, c: {}})
    assert services.consent_needed(a) == {g.pk, c.pk}
    assert _publish_by_signers(world, a) is not None


def test_without_the_signature_of_gemeente_or_corporatie_nothing_is_published(world):
    g, c = world.gemeente, world.corporatie
    a = f.agreement(gemeente=g, others=[c])
    f.sign_decisions(a, {g: {}, c: {"decision": Decision.DECLINED, "reason": "Nee"}})
    with pytest.raises(ServiceError):
        services.consent_give(actor=world.users["admin"], agreement=a, organisation=g)
    assert not Publication.objects.exists()


def test_the_content_hash_check_stays(world, refused):
    refused.commitments.update(title="Later veranderd")
    users = _signatories(world)
    services.consent_give(
        actor=users[world.gemeente], agreement=refused, organisation=world.gemeente
    )
    with pytest.raises(ServiceError):
        services.consent_give(
            actor=users[world.corporatie], agreement=refused, organisation=world.corporatie
        )
    assert not Publication.objects.exists()


# The decision page --------------------------------------------------------------------------


def test_the_decision_page_says_whose_consent_is_needed_and_why_the_decliner_is_not_asked(
    world, refused, client_for
):
    url = reverse("publication:manage", kwargs={"agreement_id": refused.uuid})
    html = client_for(world.member(world.huurders, Role.SIGNATORY)).get(url).content.decode()
    assert "Nog nodig: toestemming van" in html
    assert "niet gevraagd: deze partij weigerde de afspraken" in html
    assert REASON in html
    # The tenant's signatory gets no form: it is not asked.
    assert 'name="decision"' not in html
    gemeente = client_for(_signatories(world)[world.gemeente])
    html = gemeente.get(url).content.decode()
    assert 'name="decision"' in html
    response = gemeente.post(url, {"organisation": world.gemeente.pk, "decision": "consent"})
    assert response.status_code == 302


# Public page, API, bulk ---------------------------------------------------------------------


@pytest.fixture
def public_refused(world, refused):
    _publish_by_signers(world, refused)
    Dispute.objects.create(
        agreement=refused,
        organisation=world.huurders,
        arose_on=date(2021, 4, 1),
        description="Inhoud van het geschil",
        filed_on_recorded=date(2021, 4, 20),
        recorded_at=timezone.now(),
    )
    Dispute.objects.create(
        agreement=refused,
        organisation=world.huurders,
        arose_on=date(2021, 2, 1),
        description="Oud geschil",
        status=DisputeStatus.WITHDRAWN,
    )
    return refused


def test_the_public_page_shows_each_decision_the_reason_and_the_dispute(client, public_refused):
    html = client.get(
        reverse("publication:agreement", kwargs={"agreement_id": public_refused.uuid})
    ).content.decode()
    assert "geweigerd op" in html and REASON in html
    assert "ondertekend op 4 maart 2021" in html
    assert "vastgelegd achteraf op" in html
    assert "gesloten terwijl een huurdersorganisatie weigerde" in html
    # The agreement was signed in 2021: never today's date for it.
    assert "Ondertekend</dt><dd>4 maart 2021" in html
    assert "Ingediend bij de minister</dt><dd>10 december 2021" in html
    assert "Over deze afspraken loopt een geschil" in html and "20 april 2021" in html
    assert "Inhoud van het geschil" not in html
    assert "Oud geschil" not in html


def test_the_api_gives_decisions_real_dates_and_entry_times(client, world, public_refused):
    for data in (
        client.get(f"/api/v1/agreements/{public_refused.uuid}").json(),
        client.get("/api/v1/agreements").json()["results"][0],
    ):
        parties = {p["slug"]: p for p in data["parties"]}
        g, c, h = (parties[o.slug] for o in (world.gemeente, world.corporatie, world.huurders))
        assert g["decision"] == "signed" and g["signed_on"] == "2021-03-04"
        assert g["recorded_at"] is not None
        assert c["decision"] == "signed" and c["recorded_at"] is None
        assert h["decision"] == "declined" and h["reason"] == REASON and h["signs"] is True
        assert g["reason"] == c["reason"] == ""
        assert data["concluded_at"].startswith("2021-03-04")
        assert data["submitted_at"].startswith("2021-12-10")
        assert data["submission_recorded_at"] is not None
        assert data["concluded_with_tenant_refusal"] is True
        assert data["pending_disputes"] == [
            {
                "status": "filed",
                "filed_on": "2021-04-20",
                "recorded_at": data["pending_disputes"][0]["recorded_at"],
            }
        ]
        assert data["pending_disputes"][0]["recorded_at"] is not None


def _csv(client, dataset):
    body = b"".join(client.get(f"/api/v1/bulk/{dataset}.csv").streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def _json(client, dataset):
    body = b"".join(client.get(f"/api/v1/bulk/{dataset}.json").streaming_content).decode()
    return json.loads(body)


def test_bulk_files_give_decisions_real_dates_and_entry_times(client, world, public_refused):
    today = timezone.localdate().isoformat()
    for rows in (_csv(client, "parties"), _json(client, "parties")):
        by_slug = {r["organisation_slug"]: r for r in rows}
        g = by_slug[world.gemeente.slug]
        h = by_slug[world.huurders.slug]
        assert g["decision"] == "signed" and g["signed_on"] == "2021-03-04"
        assert g["recorded_at"] and str(g["recorded_at"]).startswith(today)
        assert not by_slug[world.corporatie.slug]["recorded_at"]
        assert h["decision"] == "declined" and h["reason"] == REASON
    for rows in (_csv(client, "agreements"), _json(client, "agreements")):
        (row,) = rows
        assert str(row["concluded_at"]).startswith("2021-03-04")
        assert str(row["submitted_at"]).startswith("2021-12-10")
        assert str(row["submission_recorded_at"]).startswith(today)
        assert row["dispute_status"] == "filed" and row["dispute_filed_on"] == "2021-04-20"
    (json_row,) = _json(client, "agreements")
    assert json_row["concluded_with_tenant_refusal"] is True


def test_a_reason_given_with_a_signature_is_not_published(client, world):
    g, c = world.gemeente, world.corporatie
    a = f.agreement(gemeente=g, others=[c])
    f.sign_decisions(a, {g: {"reason": "INTERNE NOTITIE"}, c: {}})
    f.publish(a)
    assert "INTERNE NOTITIE" not in client.get(f"/api/v1/agreements/{a.uuid}").content.decode()
    assert all(r["reason"] == "" for r in _json(client, "parties"))


def test_api_list_with_decisions_and_disputes_is_bounded(
    client, world, django_assert_max_num_queries
):
    g, c, h = world.gemeente, world.corporatie, world.huurders
    for _ in range(15):
        a = f.agreement(gemeente=g, others=[c, h], commitments=1)
        f.sign_decisions(a, {g: {}, c: {}, h: {"decision": Decision.DECLINED, "reason": REASON}})
        f.publish(a)
        Dispute.objects.create(agreement=a, organisation=h, arose_on=date(2025, 1, 1))
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/agreements", {"page_size": 200}).json()
    assert data["count"] == 15
    assert all(len(r["pending_disputes"]) == 1 for r in data["results"])
    # One agreement's page: a fixed number of queries, whatever the parties decided.
    with django_assert_max_num_queries(12):
        url = reverse("publication:agreement", kwargs={"agreement_id": a.uuid})
        assert client.get(url).status_code == 200
