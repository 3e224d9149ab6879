"""The organisation pickers of the agreement forms (``organisations.picker``): a long list is a
text field instead of a select with hundreds of options. An exact name (without case or
accents) is chosen; a name several organisations match offers them as "Bedoelde je:"; a name
nothing matches gives a Dutch error next to the field and saves nothing; a name outside what
the view allows is refused."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.agreements.models import Agreement, Cycle
from driehoek.organisations.models import Membership, OrganisationKind, Role, WorkArea
from driehoek.organisations.tests.factories import OrganisationFactory

from .factories import make_cycle

NOT_FOUND = "Geen organisatie gevonden met deze naam."


def largest_select(html: str) -> int:
    """The number of options of the longest <select> on the page (0 without one)."""
    return max(
        [s.count("<option") for s in re.findall(r"<select\b.*?</select>", html, flags=re.S)],
        default=0,
    )


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<div class="[^"]*" id="{field_id}_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def many_gemeenten(world):
    """Sixty more gemeenten, with two Bergens and one name with accents, and ``editor``: a
    user who edits for all of them (and may start a cycle for each; staff may not)."""
    gemeenten = {
        "sudwest": OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Súdwest-Fryslân"),
        "bergen_l": OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Bergen (L.)"),
        "bergen_nh": OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Bergen (NH.)"),
    }
    others = OrganisationFactory.create_batch(57, kind=OrganisationKind.GEMEENTE)
    editor = UserFactory()
    Membership.objects.bulk_create(
        [
            Membership(user=editor, organisation=g, role=Role.EDITOR)
            for g in [*gemeenten.values(), *others]
        ]
    )
    gemeenten["editor"] = editor
    return gemeenten


def test_a_cycle_is_started_by_typing_the_gemeente(world, client, many_gemeenten):
    client.force_login(many_gemeenten["editor"])
    url = reverse("agreements:cycle_create")
    page = client.get(url).content.decode()
    assert largest_select(page) <= 60
    assert 'name="gemeente"' in page and "data-dh-org-search=" in page
    assert 'name="gemeente_id"' in page and "js/organisation-search.js" in page

    r = client.post(url, {"gemeente": "sudwest fryslan", "year": 2027})
    assert r.status_code == 302, field_error(r.content.decode(), "id_gemeente")
    assert Cycle.objects.get(year=2027).gemeente == many_gemeenten["sudwest"]


def test_a_name_several_gemeenten_match_offers_them(world, client, many_gemeenten):
    client.force_login(many_gemeenten["editor"])
    url = reverse("agreements:cycle_create")
    r = client.post(url, {"gemeente": "bergen", "year": 2027})
    assert r.status_code == 400
    page = r.content.decode()
    assert "Bedoelde je:" in page
    for key in ("bergen_l", "bergen_nh"):
        assert 'name="gemeente_choice" id="id_gemeente_choice_' in page
        assert f'value="{many_gemeenten[key].pk}"' in page
    assert not Cycle.objects.exists()
    chosen = many_gemeenten["bergen_nh"]
    r = client.post(url, {"gemeente": "bergen", "gemeente_choice": chosen.pk, "year": 2027})
    assert r.status_code == 302
    assert Cycle.objects.get().gemeente == chosen


def test_a_name_nothing_matches_says_so_next_to_the_field(world, client, many_gemeenten):
    client.force_login(many_gemeenten["editor"])
    r = client.post(reverse("agreements:cycle_create"), {"gemeente": "Nergenshuizen", "year": 2027})
    assert r.status_code == 400
    assert NOT_FOUND in field_error(r.content.decode(), "id_gemeente")
    assert not Cycle.objects.exists()


def test_the_chosen_id_of_the_script_wins_and_must_be_allowed(world, client, many_gemeenten):
    """The script sends the id of the chosen suggestion. The endpoint suggests any gemeente;
    an editor of one gemeente may only start a cycle for it: another one is refused."""
    client.force_login(many_gemeenten["editor"])
    url = reverse("agreements:cycle_create")
    chosen = many_gemeenten["bergen_l"]
    r = client.post(url, {"gemeente": chosen.name, "gemeente_id": chosen.pk, "year": 2027})
    assert r.status_code == 302 and Cycle.objects.get().gemeente == chosen

    client.force_login(world.users["editor"])
    other = many_gemeenten["sudwest"]
    r = client.post(url, {"gemeente": other.name, "gemeente_id": other.pk, "year": 2028})
    assert r.status_code == 400
    assert NOT_FOUND in field_error(r.content.decode(), "id_gemeente")
    assert not Cycle.objects.filter(year=2028).exists()
    # Their own gemeente is a short list: a select with it, chosen by its id.
    page = client.get(url).content.decode()
    assert '<select name="gemeente"' in page
    r = client.post(url, {"gemeente": world.gemeente.pk, "year": 2028})
    assert r.status_code == 302 and Cycle.objects.get(year=2028).gemeente == world.gemeente


def _record_data(gemeente, world, **extra):
    return {
        "gemeente": gemeente,
        "cycle_year": 2018,
        "kind": "kader",
        "title": "Afspraken 2019–2022",
        "period_start": 2019,
        "period_end": 2022,
        "parties": [world.corporatie.pk, world.huurders.pk],
        "final_on": "2018-12-01",
        **extra,
    }


def test_recording_an_agreement_picks_the_gemeente_by_name(world, client, many_gemeenten):
    client.force_login(world.users["staff"])
    url = reverse("agreements:record_agreement")
    page = client.get(url).content.decode()
    assert 'name="gemeente" value=""' in page
    r = client.post(url, _record_data("Bergen", world))
    assert r.status_code == 400 and "Bedoelde je:" in r.content.decode()
    r = client.post(url, _record_data("Geen Gemeente Hier", world))
    assert r.status_code == 400
    assert NOT_FOUND in field_error(r.content.decode(), "id_gemeente")
    assert not Agreement.objects.exists()
    r = client.post(url, _record_data("SÚDWEST-FRYSLÂN", world))
    assert r.status_code == 302
    assert Agreement.objects.get().cycle.gemeente == many_gemeenten["sudwest"]


def test_a_corporatie_joins_a_cycle_by_name(world, client):
    cycle = make_cycle(world)
    active = OrganisationFactory.create_batch(55, kind=OrganisationKind.CORPORATIE)
    WorkArea.objects.bulk_create(
        [WorkArea(organisation=o, gemeente=world.gemeente) for o in active]
    )
    newcomer = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Wonen Zuidkant")
    WorkArea.objects.create(organisation=newcomer, gemeente=world.gemeente)
    elsewhere = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Wonen Elders")
    client.force_login(world.users["admin"])
    url = reverse("agreements:cycle_parties", kwargs={"cycle_id": cycle.uuid})
    page = client.get(url).content.decode()
    assert largest_select(page) <= 60 and 'name="organisation"' in page
    assert "Wonen Zuidkant" not in page  # no list of every candidate

    # Not active in the gemeente: not a candidate, whatever the script sent.
    r = client.post(url, {"organisation": elsewhere.name, "organisation_id": elsewhere.pk})
    assert r.status_code == 400
    assert NOT_FOUND in field_error(r.content.decode(), "id_organisation")
    assert not cycle.participants.filter(pk=elsewhere.pk).exists()
    r = client.post(url, {"organisation": "wonen"})
    assert r.status_code == 400 and "Bedoelde je:" in r.content.decode()
    assert f'value="{newcomer.pk}"' in r.content.decode()
    r = client.post(url, {"organisation": "wonen zuidkant"})
    assert r.status_code == 302
    assert cycle.participants.filter(pk=newcomer.pk).exists()
