"""No lost update (issue 9, item 4): two editors save the same commitment, clause or bod; the
second is refused with 409, sees what the first saved, keeps what they typed, and nothing of
theirs reaches the database."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from driehoek.core.models import AuditEvent
from driehoek.core.tests.lost_update import assert_refused_keeping_typed, two_editors_save
from driehoek.organisations.tests.factories import MembershipFactory

from .. import forms, services
from ..models import Bod, Clause, Commitment
from .factories import make_agreement, make_cycle


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """The rows below are for 2026: judge them on a fixed day, whatever today is."""
    clock.travel_to("2026-12-01 10:00", tick=True)


def _commitment(world):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    url = reverse("agreements:commitment_edit", kwargs={"agreement_id": agreement.uuid, "pk": c.pk})
    editors = (
        world.users["editor"],
        MembershipFactory(organisation=world.gemeente, role="editor").user,
    )
    return c, url, "title", editors, forms.CommitmentForm


def _clause(world):
    agreement = make_agreement(world)
    clause = services.clause_save(
        actor=world.users["editor"],
        agreement=agreement,
        clause=None,
        title="Looptijd",
        text="Vijf jaar.",
    )
    url = reverse(
        "agreements:clause_edit", kwargs={"agreement_id": agreement.uuid, "pk": clause.pk}
    )
    editors = (
        world.users["editor"],
        MembershipFactory(organisation=world.gemeente, role="editor").user,
    )
    return clause, url, "text", editors, forms.ClauseForm


def _bod(world):
    cycle = make_cycle(world)
    a = MembershipFactory(organisation=world.corporatie, role="editor").user
    b = MembershipFactory(organisation=world.corporatie, role="editor").user
    bod = services.bod_create(
        actor=a, cycle=cycle, corporaties=[world.corporatie], title="Bod 2027"
    )
    services.bod_record_consultation(
        actor=a, bod=bod, consulted_on=date(2026, 5, 1), note="De huurders willen meer nieuwbouw."
    )
    url = reverse("agreements:bod_consultation", kwargs={"bod_id": bod.uuid})
    return bod, url, "consultation_note", (a, b), forms.ConsultationForm


FIELD = {"title": "title", "text": "text", "consultation_note": "consultation_note"}


@pytest.mark.parametrize("make", [_commitment, _clause, _bod], ids=["commitment", "clause", "bod"])
def test_two_editors_save_the_same_object_the_second_is_refused_nothing_is_lost(
    world, client_for, make
):
    obj, url, field, (editor_a, editor_b), form_class = make(world)
    obj.refresh_from_db()
    loaded = obj.version
    events_before = AuditEvent.objects.count()
    a_text = "Tekst van A: 150 woningen"
    b_text = "Tekst van B: 90 woningen"
    _ra, response_b, _data_b = two_editors_save(
        client_for(editor_a), client_for(editor_b), url, field, a_text, b_text
    )
    label = str(form_class.base_fields[field].label)
    assert_refused_keeping_typed(
        response_b, label=label, theirs=a_text, typed=b_text, loaded=str(loaded)
    )
    obj.refresh_from_db()
    assert getattr(obj, field) == a_text
    assert obj.version == loaded + 1
    # A's save is audited once; B's refused save wrote no audit event.
    assert AuditEvent.objects.count() == events_before + 1


def test_a_deliberate_second_save_overwrites_knowingly(world, client_for):
    obj, url, field, (editor_a, editor_b), _form_class = _commitment(world)
    client_b = client_for(editor_b)
    _ra, response_b, _data = two_editors_save(
        client_for(editor_a), client_b, url, field, "Versie A", "Versie B"
    )
    from driehoek.core.tests.lost_update import form_data

    again = form_data(response_b.content.decode())
    assert again["title"] == ["Versie B"]
    response = client_b.post(url, again)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.title == "Versie B"


@pytest.mark.parametrize("model", [Commitment, Clause, Bod])
def test_service_without_expected_version_does_not_check_but_raises_the_version(world, model):
    """Other callers (demo loaders, the API) pass no version: no check, as before."""
    if model is Bod:
        obj, *_ = _bod(world)
        obj.refresh_from_db()
        before = obj.version
        services.bod_record_consultation(
            actor=world.member(world.corporatie, "editor"),
            bod=obj,
            consulted_on=date(2026, 5, 2),
            note="Opnieuw besproken.",
        )
    elif model is Clause:
        obj, *_ = _clause(world)
        before = obj.version
        services.clause_save(
            actor=world.users["editor"],
            agreement=obj.agreement,
            clause=obj,
            title="T",
            text="Nieuw.",
        )
    else:
        obj, *_ = _commitment(world)
        before = obj.version
        data = {k: getattr(obj, k) for k in services.COMMITMENT_FIELDS}
        data["title"] = "Nieuw"
        services.commitment_save(
            actor=world.users["editor"], agreement=obj.agreement, commitment=obj, **data
        )
    obj.refresh_from_db()
    assert obj.version == before + 1
