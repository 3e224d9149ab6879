"""Invitation tokens are stored as their SHA-256, like sign-up tokens; the raw token is only in
the e-mailed link, and that link still works."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.urls import reverse

from driehoek.core.models import AuditEvent
from driehoek.organisations.models import Invitation, Membership, Role

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _invite(client, django_capture_on_commit_callbacks):
    admin = MembershipFactory(role=Role.ADMIN)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:members", args=[admin.organisation.slug]),
            {"email": "collega@example.org", "role": "editor"},
        )
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/uitnodiging/" in line)
    path = link[link.index("/organisaties/") :]
    raw = path.rstrip("/").rsplit("/", 1)[-1]
    return admin, path, raw


def test_raw_token_is_not_in_the_database(client, django_capture_on_commit_callbacks):
    _admin, _path, raw = _invite(client, django_capture_on_commit_callbacks)
    assert len(raw) >= 32
    invitation = Invitation.objects.get(email="collega@example.org")
    assert invitation.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Invitation._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    assert rows
    assert not any(raw in str(value) for row in rows for value in row)
    assert not any(raw in str(e.data) for e in AuditEvent.objects.all())


def test_accepting_through_the_link_still_works(client, django_capture_on_commit_callbacks):
    _admin, path, raw = _invite(client, django_capture_on_commit_callbacks)
    client.logout()
    # A link with another token, or with the stored hash itself, is not valid.
    stored = Invitation.objects.get(email="collega@example.org").token_hash
    assert client.get(path.replace(raw, stored)).status_code == 404
    assert (
        client.get(path.replace(raw, raw[:-1] + ("A" if raw[-1] != "A" else "B"))).status_code
        == 404
    )
    response = client.post(
        path,
        {
            "full_name": "Nieuwe Collega",
            "password1": "lang-en-veilig-99",
            "password2": "lang-en-veilig-99",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__email="collega@example.org").role == Role.EDITOR


def test_migration_hashes_an_existing_raw_token_so_the_old_link_still_works(client):
    admin = MembershipFactory(role=Role.ADMIN)
    invitation = Invitation.objects.create(
        organisation=admin.organisation, email="oud@example.org", role=Role.VIEWER
    )
    # A row as stored before the migration: the raw token in the column.
    old_raw = "oude-link-token-0123456789abcdefghijklmnop"
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=old_raw)
    migration = importlib.import_module(
        "driehoek.organisations.migrations.0002_invitation_token_hashed"
    )
    migration.hash_existing(apps, None)
    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(old_raw.encode()).hexdigest()
    path = reverse("organisations:invitation", kwargs={"token": old_raw})
    response = client.get(path)
    assert response.status_code == 200
    assert "oud@example.org" in response.content.decode()
