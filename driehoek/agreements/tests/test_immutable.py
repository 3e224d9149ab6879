"""Audit events, frozen versions and signatures cannot be changed or deleted: not through the
admin, not through a queryset, not through the model, and on PostgreSQL not even in raw SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.immutable import ImmutableRecordError
from driehoek.core.models import AuditEvent

from .. import services
from ..models import AgreementVersion, Signature
from .factories import make_agreement, sign_ready


@pytest.fixture
def records(world):
    agreement, version = sign_ready(world)
    signature = services.version_sign(
        actor=world.member(world.gemeente, "signatory"),
        version=version,
        organisation=world.gemeente,
    )
    event = AuditEvent.objects.for_target(version).first() or AuditEvent.objects.first()
    assert event is not None
    return {"event": event, "version": version, "signature": signature}


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (AuditEvent, "action", "forged.action"),
        (AgreementVersion, "label", "forged"),
        (Signature, "signer_name", "forged"),
    ],
)
def test_queryset_update_and_delete_raise(records, model, field, value):
    before = model.objects.count()
    with pytest.raises(ImmutableRecordError):
        model.objects.update(**{field: value})
    with pytest.raises(ImmutableRecordError):
        model.objects.all().delete()
    with pytest.raises(ImmutableRecordError):
        model.objects.filter(pk__gt=0).delete()
    assert model.objects.count() == before
    assert not model.objects.filter(**{field: value}).exists()


@pytest.mark.parametrize("key", ["event", "version", "signature"])
def test_model_save_and_delete_raise(records, key):
    obj = records[key]
    with pytest.raises(ImmutableRecordError):
        obj.save()
    with pytest.raises(ImmutableRecordError):
        obj.delete()
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("key", "admin_name", "field", "value"),
    [
        ("event", "core_auditevent", "action", "forged.action"),
        ("version", "agreements_agreementversion", "label", "forged"),
        ("signature", "agreements_signature", "signer_name", "forged"),
    ],
)
def test_admin_refuses_change_and_delete(records, client_for, key, admin_name, field, value):
    obj = records[key]
    original = getattr(obj, field)
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    change = reverse(f"admin:{admin_name}_change", args=[obj.pk])
    response = client.post(change, {field: value})
    assert response.status_code == 403
    delete = reverse(f"admin:{admin_name}_delete", args=[obj.pk])
    response = client.post(delete, {"post": "yes"})
    assert response.status_code == 403
    changelist = reverse(f"admin:{admin_name}_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    obj.refresh_from_db()
    assert getattr(obj, field) == original


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("key", "table", "column"),
    [
        ("event", "core_auditevent", "action"),
        ("version", "agreements_agreementversion", "label"),
        ("signature", "agreements_signature", "signer_name"),
    ],
)
def test_postgres_trigger_refuses_raw_update_and_delete(records, key, table, column):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    obj = records[key]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', ["forged", obj.pk])  # noqa: S608
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [obj.pk])  # noqa: S608
    obj.refresh_from_db()
    assert getattr(obj, column) != "forged"


@pytest.mark.postgres
def test_postgres_trigger_lets_an_erased_person_go(records, world):
    """Deleting a user sets actor/signed-by to NULL (the one change the trigger allows)."""
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    signature = records["signature"]
    user = signature.user
    user.delete()
    signature.refresh_from_db()
    assert signature.user is None
    assert signature.signer_name


def test_purge_is_the_one_way_to_wipe_generated_versions(world):
    """bench/ wipes its generated data with core.immutable.purge (on PostgreSQL past the
    trigger too); a plain delete is still refused afterwards."""
    from driehoek.core.immutable import purge

    agreement = make_agreement(world)
    version = services.version_freeze(actor=None, agreement=agreement)
    other = services.version_freeze(actor=None, agreement=agreement)
    assert purge(AgreementVersion.objects.filter(pk=version.pk)) >= 1
    assert not AgreementVersion.objects.filter(pk=version.pk).exists()
    with pytest.raises(ImmutableRecordError):
        AgreementVersion.objects.filter(pk=other.pk).delete()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM agreements_agreementversion WHERE id = %s", [other.pk])
    assert AgreementVersion.objects.filter(pk=other.pk).exists()


@pytest.mark.postgres
def test_postgres_trigger_lets_the_person_who_recorded_a_signature_go(records, world):
    """A signature recorded afterwards names who entered it (recorded_by); erasing that account
    clears the reference, which the trigger allows, and leaves the rest of the signature."""
    from driehoek.accounts.tests.factories import UserFactory

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    signature = records["signature"]
    clerk = UserFactory()
    with connection.cursor() as cursor:  # set as the recording service does when it creates it
        cursor.execute("SELECT set_config('driehoek.allow_purge', 'on', true)")
        cursor.execute(
            "UPDATE agreements_signature SET recorded_by_id = %s WHERE id = %s",
            [clerk.pk, signature.pk],
        )
        cursor.execute("SELECT set_config('driehoek.allow_purge', 'off', true)")
    clerk.delete()
    signature.refresh_from_db()
    assert signature.recorded_by is None and signature.user is not None
