"""Mergers and splits through the services and the selectors."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations import selectors, services
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
    Role,
    Succession,
    WorkArea,
)

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2019, 1, 1)


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def gemeente(name, **kw):
    return OrganisationFactory(kind=OrganisationKind.GEMEENTE, name=name, **kw)


def corporatie(name, **kw):
    return OrganisationFactory(kind=OrganisationKind.CORPORATIE, name=name, **kw)


def snapshot():
    orgs = list(
        Organisation.objects.order_by("pk").values_list(
            "pk", "is_current", "ended_on", "successor_id", "version"
        )
    )
    areas = list(WorkArea.objects.order_by("pk").values_list("organisation", "gemeente", "homes"))
    return orgs, areas, Succession.objects.count(), AuditEvent.objects.count()


def test_merger_of_gemeenten(staff):
    aalburg, werkendam, woudrichem = (
        gemeente("Aalburg"),
        gemeente("Werkendam"),
        gemeente("Woudrichem"),
    )
    altena = gemeente("Altena")
    corp = corporatie("Woonservice")
    WorkArea.objects.create(organisation=corp, gemeente=aalburg, homes=100)
    WorkArea.objects.create(organisation=corp, gemeente=werkendam, homes=50)
    rows = services.record_merger(
        actor=staff, predecessors=[aalburg, werkendam, woudrichem], successor=altena, date=DAY
    )
    assert len(rows) == 3
    for old in (aalburg, werkendam, woudrichem):
        old.refresh_from_db()
        assert (old.is_current, old.ended_on, old.successor) == (False, DAY, altena)
    # The corporatie's work area in the old gemeenten is now in Altena, homes added up.
    assert list(WorkArea.objects.values_list("organisation", "gemeente", "homes")) == [
        (corp.pk, altena.pk, 150)
    ]
    assert set(Succession.objects.values_list("kind", flat=True)) == {"merger"}
    assert Succession.objects.filter(recorded_by=staff).count() == 3
    assert AuditEvent.objects.filter(
        action="organisations.succession.merger_recorded", organisation=altena
    ).exists()
    assert selectors.successor_of(aalburg) == altena
    assert selectors.successor_of(aalburg.pk) == altena
    assert selectors.successor_of(altena) is None
    assert selectors.predecessor_ids([altena.pk]) == {
        altena.pk: {aalburg.pk, werkendam.pk, woudrichem.pk}
    }


def test_merger_of_corporaties_moves_their_work_areas(staff):
    a, b, new = corporatie("A"), corporatie("B"), corporatie("AB")
    g1, g2 = gemeente("G1"), gemeente("G2")
    WorkArea.objects.create(organisation=a, gemeente=g1, homes=10)
    WorkArea.objects.create(organisation=b, gemeente=g1, homes=5)
    WorkArea.objects.create(organisation=b, gemeente=g2, homes=None)
    WorkArea.objects.create(organisation=new, gemeente=g2, homes=7)
    services.record_merger(actor=staff, predecessors=[a, b], successor=new, date=DAY)
    assert sorted(WorkArea.objects.values_list("organisation", "gemeente", "homes")) == [
        (new.pk, g1.pk, 15),
        (new.pk, g2.pk, 7),
    ]


def test_one_corporatie_takes_over_another(staff):
    a, b = corporatie("A"), corporatie("B")
    services.record_merger(actor=staff, predecessors=[b], successor=a, date=DAY)
    b.refresh_from_db()
    a.refresh_from_db()
    assert not b.is_current and a.is_current and b.successor == a


def test_tenant_bodies_of_both_kinds_may_merge(staff):
    hv = OrganisationFactory(kind=OrganisationKind.HUURDERS)
    bc = OrganisationFactory(kind=OrganisationKind.BEWONERSCOMMISSIE)
    services.record_merger(actor=staff, predecessors=[bc], successor=hv, date=DAY)
    assert selectors.successor_of(bc) == hv


def test_chain_and_split_in_the_selectors(staff):
    a, b, ab = gemeente("A"), gemeente("B"), gemeente("AB")
    services.record_merger(actor=staff, predecessors=[a, b], successor=ab, date=DAY)
    c, d = gemeente("C"), gemeente("D")
    services.record_split(actor=staff, predecessor=ab, successors=[c, d], date=DAY.replace(2021))
    # A reference-data link without a Succession row counts too.
    old = gemeente("Oud", is_current=False, ended_on=DAY, successor=d)
    assert selectors.successor_of(a) == c  # through AB, to its main successor
    with django_queries() as ctx:
        result = selectors.predecessor_ids([c.pk, d.pk, a.pk, 999999])
    assert len(ctx) <= 2
    assert result == {
        c.pk: {a.pk, b.pk, ab.pk},
        d.pk: {a.pk, b.pk, ab.pk, old.pk},
        a.pk: set(),
        999999: set(),
    }
    info = selectors.succession_for(ab)
    assert info.is_split and info.main_successor == c
    assert [s.successor for s in info.successors] == [c, d]
    assert {s.predecessor for s in info.predecessors} == {a, b}
    info_d = selectors.succession_for(d)
    assert {s.predecessor for s in info_d.predecessors} == {ab, old}
    assert selectors.succession_for(old).main_successor == d


def test_predecessor_ids_query_count_does_not_grow(staff):
    news = [gemeente(f"Nieuw {i}") for i in range(5)]
    for i, new in enumerate(news):
        olds = [gemeente(f"Oud {i}-{j}") for j in range(3)]
        services.record_merger(actor=staff, predecessors=olds, successor=new, date=DAY)
    with django_queries() as ctx:
        result = selectors.predecessor_ids(o.pk for o in news)
    assert len(ctx) <= 2
    assert all(len(v) == 3 for v in result.values())


def test_split(staff):
    old, big, small = gemeente("Littenseradiel"), gemeente("Súdwest-Fryslân"), gemeente("Waadhoeke")
    rows = services.record_split(actor=staff, predecessor=old, successors=[big, small], date=DAY)
    old.refresh_from_db()
    assert (old.is_current, old.ended_on, old.successor) == (False, DAY, big)
    assert [(r.successor, r.kind) for r in rows] == [(big, "split"), (small, "split")]
    assert AuditEvent.objects.filter(action="organisations.succession.split_recorded").count() == 3


def merger_case(name):
    """Bad mergers: (predecessors, successor, date, field)."""
    g1, g2 = gemeente("G1"), gemeente("G2")
    gone = gemeente("Weg", is_current=False, ended_on=DAY)
    corp = corporatie("C")
    huurders = OrganisationFactory(kind=OrganisationKind.HUURDERS)
    return {
        "onto itself": ([g1, g2], g1, DAY, "successor"),
        "historic successor": ([g1], gone, DAY, "successor"),
        "historic predecessor": ([gone], g1, DAY, "predecessors"),
        "gemeente into corporatie": ([g1], corp, DAY, "successor"),
        "corporatie into gemeente": ([corp], g1, DAY, "successor"),
        "tenant body into corporatie": ([huurders], corp, DAY, "successor"),
        "future date": ([g1], g2, datetime.date.today() + datetime.timedelta(days=1), "date"),
        "before 2000": ([g1], g2, datetime.date(1999, 12, 31), "date"),
        "no date": ([g1], g2, None, "date"),
        "empty list": ([], g1, DAY, "predecessors"),
        "no successor": ([g1], None, DAY, "successor"),
    }[name]


@pytest.mark.parametrize(
    "name",
    [
        "onto itself",
        "historic successor",
        "historic predecessor",
        "gemeente into corporatie",
        "corporatie into gemeente",
        "tenant body into corporatie",
        "future date",
        "before 2000",
        "no date",
        "empty list",
        "no successor",
    ],
)
def test_bad_mergers_change_nothing(staff, name):
    predecessors, successor, date, field = merger_case(name)
    WorkArea.objects.create(organisation=corporatie("Werkt"), gemeente=gemeente("Ergens"))
    before = snapshot()
    with pytest.raises(ServiceError) as err:
        services.record_merger(
            actor=staff, predecessors=predecessors, successor=successor, date=date
        )
    assert err.value.field == field
    assert snapshot() == before


@pytest.mark.parametrize(
    "name", ["onto itself", "historic successor", "corporatie", "future", "1999", "empty", "one"]
)
def test_bad_splits_change_nothing(staff, name):
    old, a, b = gemeente("Oud"), gemeente("A"), gemeente("B")
    successors, date, field = {
        "onto itself": ([a, old], DAY, "successors"),
        "historic successor": ([a, gemeente("Weg", is_current=False)], DAY, "successors"),
        "corporatie": ([a, corporatie("C")], DAY, "successors"),
        "future": ([a, b], datetime.date.today() + datetime.timedelta(days=3), "date"),
        "1999": ([a, b], datetime.date(1999, 1, 1), "date"),
        "empty": ([], DAY, "successors"),
        "one": ([a], DAY, "successors"),
    }[name]
    before = snapshot()
    with pytest.raises(ServiceError) as err:
        services.record_split(actor=staff, predecessor=old, successors=successors, date=date)
    assert err.value.field == field
    assert snapshot() == before


def test_a_historic_gemeente_cannot_be_split(staff):
    old = gemeente("Oud", is_current=False, ended_on=DAY)
    with pytest.raises(ServiceError):
        services.record_split(
            actor=staff, predecessor=old, successors=[gemeente("A"), gemeente("B")], date=DAY
        )
    assert not Succession.objects.exists()


def test_only_staff_record(staff):
    g1, g2 = gemeente("G1"), gemeente("G2")
    admin = MembershipFactory(organisation=g1, role=Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        services.record_merger(actor=admin, predecessors=[g1], successor=g2, date=DAY)
    with pytest.raises(PermissionDenied):
        services.record_split(
            actor=admin, predecessor=g1, successors=[g2, gemeente("G3")], date=DAY
        )
    assert not Succession.objects.exists()


def test_messages_are_dutch(staff):
    g1 = gemeente("G1")
    with pytest.raises(ServiceError) as err:
        services.record_merger(actor=staff, predecessors=[g1], successor=corporatie("C"), date=DAY)
    assert str(err.value.message) == "Een gemeente kan alleen opgaan in een gemeente."


class django_queries:
    """Count the queries in a block."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.ctx = CaptureQueriesContext(connection)
        self.ctx.__enter__()
        return self.ctx

    def __exit__(self, *exc):
        self.ctx.__exit__(*exc)
