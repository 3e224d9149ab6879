"""E-mail notices to the other parties, sent once the transaction commits, in Dutch."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from .. import services
from ..models import Decision, Theme
from .factories import all_ready, make_agreement, make_cycle, sign_ready

pytestmark = pytest.mark.django_db


def _to(world, org, role="editor"):
    return world.member(org, role).email


def _recipients():
    return sorted(address for m in mail.outbox for address in m.to)


def test_bod_sent_goes_to_gemeente_and_tenants(world, django_capture_on_commit_callbacks):
    cycle = make_cycle(world)
    corp = world.member(world.corporatie, "editor")
    other_corp = world.member(world.corporatie, "admin")
    viewer = world.member(world.gemeente, "viewer")
    bod = services.bod_create(actor=corp, cycle=cycle, corporaties=[world.corporatie], title="Bod")
    services.bod_line_add(
        actor=corp, bod=bod, theme=Theme.AVAILABILITY, description="x", quantity="1", year=2027
    )
    services.bod_record_consultation(actor=corp, bod=bod, consulted_on=date(2026, 5, 1), note="ok")
    expected = {_to(world, world.gemeente), _to(world, world.huurders, "signatory")}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.bod_send(actor=corp, bod=bod)
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    got = set(_recipients())
    assert expected <= got
    assert viewer.email not in got and corp.email not in got and other_corp.email not in got
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert "heeft het bod" in mail.outbox[0].subject and "Bod" in mail.outbox[0].subject
    assert bod.get_absolute_url() in mail.outbox[0].body


def test_final_version_and_conclusion_with_tenant_refusal(
    world, django_capture_on_commit_callbacks
):
    gemeente_editor = world.member(world.gemeente, "editor")
    corp_editor = _to(world, world.corporatie)
    tenant_editor = _to(world, world.huurders)
    agreement = make_agreement(world)
    all_ready(world, agreement)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_freeze(actor=gemeente_editor, agreement=agreement, final=True)
    assert set(_recipients()) >= {corp_editor, tenant_editor}
    assert gemeente_editor.email not in _recipients()
    assert "klaar om te ondertekenen" in mail.outbox[0].subject
    version = agreement.versions.get()
    services.version_sign(
        actor=world.member(world.huurders, "signatory"),
        version=version,
        organisation=world.huurders,
        decision=Decision.DECLINED,
        reason="Te weinig betaalbare woningen",
    )
    services.version_sign(
        actor=world.member(world.gemeente, "signatory"),
        version=version,
        organisation=world.gemeente,
    )
    mail.outbox = []
    # Sent in Dutch even when the person who acts uses English.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.version_sign(
            actor=world.member(world.corporatie, "signatory"),
            version=version,
            organisation=world.corporatie,
        )
    got = _recipients()
    assert tenant_editor in got and _to(world, world.gemeente) in got
    assert corp_editor not in got
    message = mail.outbox[0]
    assert "gesloten" in message.subject and "huurdersorganisatie" in message.subject
    assert "Te weinig betaalbare woningen" in message.body


def test_dispute_and_information_request(world, django_capture_on_commit_callbacks):
    cycle = make_cycle(world)
    agreement = make_agreement(world, cycle=cycle)
    tenant = world.member(world.huurders, "editor")
    expected = {_to(world, world.gemeente), _to(world, world.corporatie)}
    with django_capture_on_commit_callbacks(execute=True):
        services.dispute_start(
            actor=tenant,
            agreement=agreement,
            organisation=world.huurders,
            arose_on=date(2026, 1, 10),
            description="Geen akkoord",
        )
    got = _recipients()
    assert expected <= set(got)
    assert tenant.email not in got
    assert "geschil" in mail.outbox[0].subject
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        req = services.inforequest_create(
            actor=world.member(world.gemeente, "editor"),
            cycle=cycle,
            requester=world.gemeente,
            corporatie=world.corporatie,
            question="Hoeveel woningen heeft label E, F of G?",
        )
    assert _recipients() == [_to(world, world.corporatie)]
    assert "label E, F of G" in mail.outbox[0].body
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.inforequest_answer(
            actor=world.member(world.corporatie, "editor"), request=req, answer="Veertig."
        )
    got = _recipients()
    assert _to(world, world.gemeente) in got and world.users["admin"].email in got
    assert world.users["viewer"].email not in got and _to(world, world.corporatie) not in got
    assert "Veertig." in mail.outbox[0].body


def test_no_notice_when_the_transaction_fails(world, django_capture_on_commit_callbacks):
    agreement, version = sign_ready(world)
    mail.outbox = []
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.dispute_start(
                    actor=None,
                    agreement=agreement,
                    organisation=world.huurders,
                    arose_on=date(2026, 1, 10),
                    description="Geen akkoord",
                )
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == []
