"""Recording mergers and splits through the pages, and what the pages say afterwards."""

import datetime

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.organisations import services
from driehoek.organisations.models import Organisation, OrganisationKind, Succession

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2019, 1, 1)


@pytest.fixture
def staff_client(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    client.staff = staff
    return client


def gemeente(name, **kw):
    return OrganisationFactory(kind=OrganisationKind.GEMEENTE, name=name, **kw)


def test_staff_see_the_buttons_others_do_not(client, staff_client):
    g = gemeente("Aalburg")
    corp = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    html = staff_client.get(g.get_absolute_url()).content.decode()
    assert "Fusie vastleggen" in html and "Splitsing vastleggen" in html
    html = staff_client.get(corp.get_absolute_url()).content.decode()
    assert "Fusie vastleggen" in html and "Splitsing vastleggen" not in html
    client.logout()
    html = client.get(g.get_absolute_url()).content.decode()
    assert "Fusie vastleggen" not in html


def test_record_a_merger_through_the_page(staff_client):
    aalburg, werkendam, altena = gemeente("Aalburg"), gemeente("Werkendam"), gemeente("Altena")
    OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Geen gemeente")
    url = reverse("organisations:record_merger", args=[aalburg.slug])
    html = staff_client.get(url).content.decode()
    # Same kind only; the page's own organisation is ticked.
    assert "Werkendam" in html and "Geen gemeente" not in html
    assert f'value="{aalburg.pk}" id="id_predecessors_0" checked' in html or "checked" in html
    # The search narrows the list (no JavaScript needed).
    html = staff_client.get(url, {"q": "werk"}).content.decode()
    assert f'name="predecessors" value="{werkendam.pk}"' in html
    assert f'name="predecessors" value="{altena.pk}"' not in html
    response = staff_client.post(
        url,
        {"predecessors": [aalburg.pk, werkendam.pk], "successor": altena.pk, "date": "2019-01-01"},
    )
    assert response.status_code == 302
    assert response["Location"] == altena.get_absolute_url()
    aalburg.refresh_from_db()
    assert aalburg.successor == altena and not aalburg.is_current
    html = staff_client.get(aalburg.get_absolute_url()).content.decode()
    assert "Deze gemeente is op 1 januari 2019 opgegaan in gemeente" in html
    assert f'href="{altena.get_absolute_url()}">Altena</a>' in html
    html = staff_client.get(altena.get_absolute_url()).content.decode()
    assert "Opgegaan in deze gemeente" in html
    assert "Aalburg" in html and "hierin opgegaan op 1 januari 2019" in html
    # The directory, with historic organisations shown.
    html = staff_client.get(reverse("organisations:directory"), {"historic": "on"}).content.decode()
    assert "Deze gemeente is op 1 januari 2019 opgegaan in gemeente" in html


@pytest.mark.parametrize(
    "kind,sentence",
    [
        (OrganisationKind.CORPORATIE, "Deze woningcorporatie is op 1 januari 2019 opgegaan in"),
        (OrganisationKind.HUURDERS, "Deze huurdersorganisatie is op 1 januari 2019 opgegaan in"),
        (
            OrganisationKind.BEWONERSCOMMISSIE,
            "Deze bewonerscommissie is op 1 januari 2019 opgegaan in",
        ),
        (OrganisationKind.OTHER, "Deze organisatie is op 1 januari 2019 opgegaan in"),
    ],
)
def test_the_sentence_speaks_of_the_kind(client, staff_client, kind, sentence):
    old, new = OrganisationFactory(kind=kind), OrganisationFactory(kind=kind, name="Nieuw")
    services.record_merger(actor=staff_client.staff, predecessors=[old], successor=new, date=DAY)
    client.logout()
    assert sentence in client.get(old.get_absolute_url()).content.decode()
    assert "Voorgangers" in client.get(new.get_absolute_url()).content.decode()


def test_a_merged_housing_association_went_up_in_its_successor(client, staff_client):
    """The whole Dutch sentence, with the successor's link: "opgegaan in", not "gefuseerd tot"."""
    old = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstede")
    new = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Samen Wonen")
    services.record_merger(actor=staff_client.staff, predecessors=[old], successor=new, date=DAY)
    client.logout()
    html = client.get(old.get_absolute_url()).content.decode()
    assert (
        "Deze woningcorporatie is op 1 januari 2019 opgegaan in "
        f'<a class="utrecht-link" href="{new.get_absolute_url()}">Samen Wonen</a>.'
    ) in html
    assert "gefuseerd tot" not in html


def test_a_chain_says_where_it_ends_today(client, staff_client):
    a, b, c = gemeente("A"), gemeente("B"), gemeente("C-stad")
    services.record_merger(actor=staff_client.staff, predecessors=[a], successor=b, date=DAY)
    services.record_merger(
        actor=staff_client.staff, predecessors=[b], successor=c, date=DAY.replace(2021)
    )
    html = client.get(a.get_absolute_url()).content.decode()
    assert "Nu is dat" in html and "C-stad" in html


BAD_MERGERS = {
    "onto itself": lambda g, o: {"predecessors": [g.pk], "successor": g.pk, "date": "2019-01-01"},
    "historic successor": lambda g, o: {
        "predecessors": [g.pk],
        "successor": gemeente("Weg", is_current=False).pk,
        "date": "2019-01-01",
    },
    "historic predecessor": lambda g, o: {
        "predecessors": [gemeente("Oud", is_current=False).pk],
        "successor": o.pk,
        "date": "2019-01-01",
    },
    "other kind": lambda g, o: {
        "predecessors": [g.pk],
        "successor": OrganisationFactory(kind=OrganisationKind.CORPORATIE).pk,
        "date": "2019-01-01",
    },
    "future": lambda g, o: {"predecessors": [g.pk], "successor": o.pk, "date": "2999-01-01"},
    "before 2000": lambda g, o: {"predecessors": [g.pk], "successor": o.pk, "date": "1999-12-31"},
    "no date": lambda g, o: {"predecessors": [g.pk], "successor": o.pk, "date": ""},
    "bad date": lambda g, o: {"predecessors": [g.pk], "successor": o.pk, "date": "31-02-2019"},
    "empty list": lambda g, o: {"successor": o.pk, "date": "2019-01-01"},
}


@pytest.mark.parametrize("name", list(BAD_MERGERS))
def test_bad_merger_on_the_page_changes_nothing(staff_client, name):
    g, other = gemeente("Hier"), gemeente("Daar")
    data = BAD_MERGERS[name](g, other)
    before = list(Organisation.objects.order_by("pk").values_list("pk", "is_current", "successor"))
    response = staff_client.post(reverse("organisations:record_merger", args=[g.slug]), data)
    assert response.status_code == 400
    html = response.content.decode()
    field = {"future": "date", "before 2000": "date", "no date": "date", "bad date": "date"}.get(
        name, "predecessors" if name in ("historic predecessor", "empty list") else "successor"
    )
    assert f'id="id_{field}_error"' in html
    assert not Succession.objects.exists()
    assert (
        list(Organisation.objects.order_by("pk").values_list("pk", "is_current", "successor"))
        == before
    )


def test_record_a_split_through_the_page(client, staff_client):
    old, big, small = gemeente("Littenseradiel"), gemeente("Leeuwarden"), gemeente("Waadhoeke")
    url = reverse("organisations:record_split", args=[old.slug])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url, {"main_successor": big.pk, "successors": [small.pk], "date": "2018-01-01"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.successor == big
    assert set(Succession.objects.values_list("successor", flat=True)) == {big.pk, small.pk}
    client.logout()
    html = client.get(old.get_absolute_url()).content.decode()
    assert "Deze gemeente is op 1 januari 2018 gesplitst." in html
    assert "Leeuwarden" in html and "Waadhoeke" in html
    html = client.get(small.get_absolute_url()).content.decode()
    assert "deel hiervan sinds de splitsing op 1 januari 2018" in html


@pytest.mark.parametrize(
    "name", ["only one", "onto itself", "historic", "future", "before 2000", "no main"]
)
def test_bad_split_on_the_page_changes_nothing(staff_client, name):
    old, a, b = gemeente("Oud"), gemeente("A"), gemeente("B")
    data = {
        "only one": {"main_successor": a.pk, "date": "2019-01-01"},
        "onto itself": {"main_successor": a.pk, "successors": [old.pk], "date": "2019-01-01"},
        "historic": {
            "main_successor": a.pk,
            "successors": [gemeente("Weg", is_current=False).pk],
            "date": "2019-01-01",
        },
        "future": {"main_successor": a.pk, "successors": [b.pk], "date": "2999-01-01"},
        "before 2000": {"main_successor": a.pk, "successors": [b.pk], "date": "1999-01-01"},
        "no main": {"successors": [a.pk, b.pk], "date": "2019-01-01"},
    }[name]
    response = staff_client.post(reverse("organisations:record_split", args=[old.slug]), data)
    assert response.status_code == 400
    field = {"future": "date", "before 2000": "date", "no main": "main_successor"}.get(
        name, "successors"
    )
    assert f'id="id_{field}_error"' in response.content.decode()
    old.refresh_from_db()
    assert old.is_current and not Succession.objects.exists()


def test_pages_refuse_others(client):
    g = gemeente("G")
    client.force_login(UserFactory())
    assert client.get(reverse("organisations:record_merger", args=[g.slug])).status_code == 403
    response = client.post(
        reverse("organisations:record_merger", args=[g.slug]),
        {"predecessors": [g.pk], "successor": gemeente("H").pk, "date": "2019-01-01"},
    )
    assert response.status_code == 403
    assert not Succession.objects.exists()


def test_bounded_queries(staff_client, django_assert_max_num_queries):
    for i in range(60):
        gemeente(f"Gemeente {i:03d}")
    g = gemeente("Hier")
    new = gemeente("Nieuw")
    olds = [gemeente(f"Oud {i}") for i in range(10)]
    services.record_merger(actor=staff_client.staff, predecessors=olds, successor=new, date=DAY)
    with django_assert_max_num_queries(12):
        assert (
            staff_client.get(reverse("organisations:record_merger", args=[g.slug])).status_code
            == 200
        )
    with django_assert_max_num_queries(12):
        assert (
            staff_client.get(reverse("organisations:record_split", args=[g.slug])).status_code
            == 200
        )
    with django_assert_max_num_queries(25):
        assert staff_client.get(new.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(25):
        assert staff_client.get(olds[0].get_absolute_url()).status_code == 200
