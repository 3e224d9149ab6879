"""Shared fixtures: the personas of the authorization walk and a small driehoek."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core import mail

# Every test's mail goes through the outbox (core.mail), as outside tests.
pytest_plugins = ["driehoek.core.tests.outbox_plugin"]

PERSONAS = ["anonymous", "outsider", "viewer", "editor", "signatory", "admin", "staff"]


@dataclass
class World:
    """A gemeente, a corporatie and a huurdersorganisatie (the driehoek), an outside
    organisation, and one user per persona. The role personas are members of the gemeente."""

    gemeente: object
    corporatie: object
    huurders: object
    outside: object
    users: dict[str, object] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)

    def member(self, organisation, role: str):
        """A user with ``role`` in ``organisation`` (made on first use)."""
        from driehoek.organisations.tests.factories import MembershipFactory

        key = f"{organisation.pk}:{role}"
        if key not in self.extra:
            self.extra[key] = MembershipFactory(organisation=organisation, role=role).user
        return self.extra[key]


@pytest.fixture
def world(db) -> World:
    from driehoek.accounts.tests.factories import UserFactory
    from driehoek.organisations.models import OrganisationKind, Role
    from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

    w = World(
        gemeente=OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Testdorp"),
        corporatie=OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Test"),
        huurders=OrganisationFactory(
            kind=OrganisationKind.HUURDERS, name="Huurdersvereniging Test"
        ),
        outside=OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Elders"),
    )
    w.users["outsider"] = MembershipFactory(organisation=w.outside, role=Role.ADMIN).user
    for role in (Role.VIEWER, Role.EDITOR, Role.SIGNATORY, Role.ADMIN):
        w.users[str(role)] = MembershipFactory(organisation=w.gemeente, role=role).user
    w.users["staff"] = UserFactory(is_staff=True)
    return w


@pytest.fixture
def payload_agreement(world):
    """Make an agreement of the driehoek with one commitment per formula payload
    (``export_checks.PAYLOADS``) as its title, for the export-safety tests:
    ``payload_agreement(years=(2025, 2027), targets={2027: "120"})``. ``years`` is the
    agreement's period; the other arguments go to each ``commitment_save``."""

    def make(*, years=(2027, 2030), **fields):
        from driehoek.agreements import services
        from driehoek.agreements.models import CommitmentKind, Theme
        from driehoek.agreements.tests.factories import make_agreement
        from driehoek.core.tests.export_checks import PAYLOADS

        agreement = make_agreement(world, commitments=0, years=years)
        actor = world.member(world.gemeente, "editor")
        for payload in PAYLOADS:
            services.commitment_save(
                actor=actor,
                agreement=agreement,
                theme=Theme.AVAILABILITY,
                kind=CommitmentKind.RESULT,
                title=payload,
                responsible=world.corporatie,
                unit="woningen",
                counterparties=[world.gemeente],
                **fields,
            )
        return agreement

    return make


@pytest.fixture
def client_for(client):
    """Log a client in as a user (or stay anonymous with None)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture(scope="session", autouse=True)
def _today_from_environment():
    """``DRIEHOEK_TEST_TODAY=2029-03-15 make test`` runs the whole suite as if it were that day
    (the clock ticks on from there; a naive moment is Europe/Amsterdam time). It shows which
    tests depend on today's date: none may. Tests that travel with ``clock`` still do."""
    import os

    today = os.environ.get("DRIEHOEK_TEST_TODAY")
    if not today:
        yield
        return
    from driehoek.core.testing import Clock

    fixed = Clock()
    fixed.travel_to(today, tick=True)
    yield
    fixed.stop()


@pytest.fixture
def clock():
    """A fixed clock: ``clock.travel_to(amsterdam(2026, 3, 15))`` (or an ISO string; a naive
    moment means Europe/Amsterdam). Tests whose outcome depends on the date travel first, so
    they pass whatever today's date is. Travels back when the test ends."""
    from driehoek.core.testing import Clock

    fixed = Clock()
    yield fixed
    fixed.stop()


@pytest.fixture(autouse=True)
def _staff_sessions_pass_two_factor(monkeypatch):
    """Staff must use two-factor sign-in (accounts.middleware). In tests, ``force_login`` of a
    staff user also records a verified code in that session (a confirmed device is made), so
    existing tests act as a staff member who completed the second step. Logging in through the
    login form is unaffected: it still asks for the code."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            from driehoek.accounts.testing import mark_verified

            mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _stored_answers_see_factory_rows():
    """Stored answers (core.stored) are keyed on the data version, which the services raise.
    Tests also make rows with factories, outside the services: every save or delete moves a
    counter that is part of the key, so the next request answers afresh, as it did before
    answers were stored. Each test starts with an empty cache."""
    from django.core.cache import cache
    from django.db.models.signals import post_delete, post_save

    from driehoek.core import stored

    cache.clear()
    moves = [0]

    def moved(**kwargs):
        moves[0] += 1

    post_save.connect(moved, weak=False, dispatch_uid="stored-answers-test")
    post_delete.connect(moved, weak=False, dispatch_uid="stored-answers-test-delete")
    stored.key_extra = lambda: str(moves[0])
    yield
    post_save.disconnect(dispatch_uid="stored-answers-test")
    post_delete.disconnect(dispatch_uid="stored-answers-test-delete")
    stored.key_extra = stored._no_extra


@pytest.fixture(autouse=True)
def _clean_mail_and_dutch():
    """Each test starts with an empty outbox and Dutch active, whatever the test before did."""
    from django.utils import translation

    mail.outbox = []
    with translation.override("nl"):
        yield
