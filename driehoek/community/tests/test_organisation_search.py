"""The organisation field of the volunteer's sign-up: the suggestions the script asks for as you
type (``<slug>/aanmelden/organisaties/?q=``) and, without the script, "Bedoelde je:" after
sending. Pages in Dutch (the site's language)."""

import io
import re

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.community.models import Registration
from driehoek.organisations import demo as organisations_demo
from driehoek.organisations import services as organisation_services
from driehoek.organisations.models import OrganisationKind, OrganisationStatus
from driehoek.organisations.tests.factories import OrganisationFactory

from .factories import CommunityFactory
from .helpers import form_data, signup_url

pytestmark = pytest.mark.django_db

HUURDERS = OrganisationKind.HUURDERS


def _search_url(community, q: str, **extra) -> str:
    url = reverse("community:signup_organisations", kwargs={"slug": community.slug})
    query = "&".join([f"q={q}", *(f"{k}={v}" for k, v in extra.items())])
    return f"{url}?{query}"


def _names(client, community, q: str, **extra) -> list[str]:
    response = client.get(_search_url(community, q, **extra))
    assert response.status_code == 200
    return re.findall(r'<li role="option"[^>]*data-name="([^"]*)"', response.content.decode())


# --- the suggestions as you type ---------------------------------------------------------------


def test_suggestions_match_every_word_of_the_name(client, community):
    OrganisationFactory(name="Huurdersvereniging Oost-Utrecht", kind=HUURDERS)
    OrganisationFactory(name="Utrecht", kind=OrganisationKind.GEMEENTE)
    OrganisationFactory(name="Woonstichting De Key", kind=OrganisationKind.CORPORATIE)
    assert _names(client, community, "utrecht") == ["Utrecht", "Huurdersvereniging Oost-Utrecht"]
    assert _names(client, community, "oost utr") == ["Huurdersvereniging Oost-Utrecht"]
    # "Gemeente" says what kind, not which one: "Gemeente Utrecht" finds "Utrecht".
    assert _names(client, community, "Gemeente Utrecht") == [
        "Utrecht",
        "Huurdersvereniging Oost-Utrecht",
    ]
    assert _names(client, community, "key") == ["Woonstichting De Key"]
    assert _names(client, community, "amsterdam") == []
    page = client.get(_search_url(community, "key")).content.decode()
    assert 'role="listbox"' in page
    assert "1 organisatie gevonden." in page
    assert "(Woningcorporatie)" in page
    empty = client.get(_search_url(community, "amsterdam")).content.decode()
    assert 'role="listbox"' not in empty
    assert "Geen organisatie gevonden met deze naam" in empty


def test_suggestions_ignore_case_and_accents(client, community):
    OrganisationFactory(name="Súdwest-Fryslân")
    OrganisationFactory(name="Bergen (NH)")
    assert _names(client, community, "sudwest fryslan") == ["Súdwest-Fryslân"]
    assert _names(client, community, "SÚDWEST") == ["Súdwest-Fryslân"]
    assert _names(client, community, "fryslân") == ["Súdwest-Fryslân"]
    assert _names(client, community, "bergen (nh") == ["Bergen (NH)"]
    assert _names(client, community, "%") == []  # a wildcard is a character like any other


def test_current_organisations_come_first_then_names_that_start_with_the_text(client, community):
    OrganisationFactory(name="Haaren", is_current=False)  # merged in 2021
    OrganisationFactory(name="Haarlemmermeer")
    OrganisationFactory(name="Haarlem")
    OrganisationFactory(name="Huurdersvereniging Haarlem-Noord", kind=HUURDERS)
    assert _names(client, community, "haar") == [
        "Haarlem",
        "Haarlemmermeer",
        "Huurdersvereniging Haarlem-Noord",
        "Haaren",
    ]
    page = client.get(_search_url(community, "haaren")).content.decode()
    assert 'Haaren <span class="dh-muted">(Gemeente, bestaat niet meer)</span>' in page


def test_at_most_ten_suggestions_and_nothing_for_one_letter(client, community):
    for n in range(15):
        OrganisationFactory(name=f"Huurdersvereniging Wijk {n:02d}", kind=HUURDERS)
    names = _names(client, community, "wijk")
    assert names == [f"Huurdersvereniging Wijk {n:02d}" for n in range(10)]
    assert _names(client, community, "w") == []
    assert _names(client, community, "wijk " * 100) == names  # a long text is cut short


def test_only_active_organisations_of_the_party_are_suggested(client, community):
    OrganisationFactory(name="Huurdersvereniging Zuid", kind=HUURDERS)
    OrganisationFactory(name="Bewonerscommissie Zuidplein", kind=OrganisationKind.BEWONERSCOMMISSIE)
    OrganisationFactory(name="Zuidplas", kind=OrganisationKind.GEMEENTE)
    OrganisationFactory(
        name="Huurders Zuid-wacht", kind=HUURDERS, status=OrganisationStatus.PENDING
    )
    OrganisationFactory(name="Zuid Afgewezen", kind=HUURDERS, status=OrganisationStatus.REJECTED)
    OrganisationFactory(name="Adviesbureau Zuid", kind=OrganisationKind.OTHER)
    assert _names(client, community, "zuid") == [
        "Zuidplas",
        "Bewonerscommissie Zuidplein",
        "Huurdersvereniging Zuid",
    ]
    assert _names(client, community, "zuid", party="huurders") == [
        "Bewonerscommissie Zuidplein",
        "Huurdersvereniging Zuid",
    ]
    assert _names(client, community, "zuid", party="gemeente") == ["Zuidplas"]


def test_tenant_organisations_registered_here_are_found(client, community):
    """The reference data has no huurdersorganisaties (no public list exists): those come from
    the product itself, the demo's and the ones that register and are approved."""
    organisations_demo.load(io.StringIO())
    assert _names(client, community, "demodorp", party="huurders") == [
        "Huurdersvereniging Demodorp (demo)"
    ]
    org = organisation_services.tenant_body_register(
        name="Bewonerscommissie Het Zonnehof",
        kind=OrganisationKind.BEWONERSCOMMISSIE,
        corporaties=[],
        gemeenten=[],
        email="",
        website="",
        contact_name="Zoë Zonnehof",
        contact_email="zoe@example.org",
        password="een-lang-wachtwoord-42",
    )
    assert _names(client, community, "zonnehof") == []  # waiting for approval
    organisation_services.organisation_decide(
        actor=UserFactory(is_staff=True), organisation=org, approve=True
    )
    assert _names(client, community, "zonnehof") == ["Bewonerscommissie Het Zonnehof"]


@pytest.mark.parametrize("count", [2, 50])
def test_suggestions_take_the_same_few_queries_for_2_or_50_organisations(
    client, community, count, django_assert_max_num_queries
):
    for n in range(count):
        OrganisationFactory(name=f"Woonstichting Thuis {n:02d}", kind=OrganisationKind.CORPORATIE)
    with django_assert_max_num_queries(2):
        names = _names(client, community, "thuis")
    assert len(names) == min(count, 10)


def test_suggestions_are_a_plain_get_without_session_or_cookies(client, community):
    OrganisationFactory(name="Utrecht")
    response = client.get(_search_url(community, "utrecht"))
    assert response.status_code == 200
    assert not response.cookies  # no session started, no CSRF cookie set
    assert "private" in response["Cache-Control"]
    assert client.post(_search_url(community, "utrecht")).status_code == 405


def test_no_suggestions_from_a_draft_community(client):
    draft = CommunityFactory(is_published=False)
    OrganisationFactory(name="Utrecht")
    assert client.get(_search_url(draft, "utrecht")).status_code == 404


# --- the sign-up form: chosen, named exactly, or "Bedoelde je:" ---------------------------------


def test_the_form_field_is_a_plain_text_field_the_script_enhances(client, community, meeting):
    page = client.get(signup_url(community)).content.decode()
    field = re.search(r'<input type="text" name="organisation_name"[^>]*>', page).group(0)
    search = reverse("community:signup_organisations", kwargs={"slug": community.slug})
    assert f'data-dh-org-search="{search}"' in field
    assert 'data-dh-org-target="id_organisation"' in field
    assert '<input type="hidden" name="organisation" id="id_organisation">' in page
    assert "js/organisation-search.js" in page
    assert "Bedoelde je" not in page
    assert "<select" not in page.split('name="organisation_name"')[0].rsplit("<fieldset", 1)[-1]


def test_a_suggestion_chosen_with_the_script_is_stored_as_the_organisation(
    client, community, meeting
):
    org = OrganisationFactory(name="Huurdersvereniging Oost-Utrecht", kind=HUURDERS)
    data = form_data(organisation=str(org.pk), organisation_name=org.name)
    assert client.post(signup_url(community), data).status_code == 302
    registration = Registration.objects.get()
    assert registration.organisation == org
    assert registration.organisation_label == org.name


def test_a_name_typed_exactly_is_linked_without_asking(client, community, meeting):
    org = OrganisationFactory(name="Súdwest-Fryslân")
    data = form_data(party="gemeente", organisation_name="sudwest fryslan")
    assert client.post(signup_url(community), data).status_code == 302
    assert Registration.objects.get().organisation == org


def test_without_the_script_a_name_like_one_in_the_list_asks_did_you_mean(
    client, community, meeting
):
    org = OrganisationFactory(name="Huurdersvereniging Oost-Utrecht", kind=HUURDERS)
    OrganisationFactory(name="Oostzaan", kind=OrganisationKind.GEMEENTE)  # not the party's kind
    data = form_data(organisation_name="Huurders Oost")
    response = client.post(signup_url(community), data)
    assert response.status_code == 400
    assert not Registration.objects.exists()
    page = response.content.decode()
    assert "Bedoelde je:" in page
    choices = re.findall(
        r'<input type="radio" name="organisation_choice" value="([^"]+)"[^>]*>\s*([^<]+)</label>',
        page,
    )
    assert choices == [
        (str(org.pk), "Huurdersvereniging Oost-Utrecht (Huurdersorganisatie)"),
        ("typed", "Nee, houd wat ik typte: “Huurders Oost”"),
    ]
    assert "Kies een van de organisaties, of houd wat je typte." in page
    # The suggestions come right after the field they are about.
    assert page.index('name="organisation_name"') < page.index('name="organisation_choice"')
    assert page.index('name="organisation_choice"') < page.index('name="function"')

    response = client.post(signup_url(community), {**data, "organisation_choice": str(org.pk)})
    assert response.status_code == 302
    assert Registration.objects.get().organisation == org


def test_without_the_script_one_may_keep_what_one_typed(client, community, meeting):
    OrganisationFactory(name="Huurdersvereniging Oost-Utrecht", kind=HUURDERS)
    data = form_data(organisation_name="Huurders Oost", organisation_choice="typed")
    assert client.post(signup_url(community), data).status_code == 302
    registration = Registration.objects.get()
    assert registration.organisation is None
    assert registration.organisation_name == "Huurders Oost"


def test_a_choice_that_no_longer_fits_the_text_is_asked_again(client, community, meeting):
    OrganisationFactory(name="Huurdersvereniging Oost-Utrecht", kind=HUURDERS)
    other = OrganisationFactory(name="Huurdersvereniging Zuid", kind=HUURDERS)
    data = form_data(organisation_name="Huurders Oost", organisation_choice=str(other.pk))
    response = client.post(signup_url(community), data)
    assert response.status_code == 400
    assert "Kies een van de organisaties, of houd wat je typte." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_name_like_nothing_in_the_list_is_kept_as_today(client, community, meeting):
    OrganisationFactory(name="Utrecht")
    data = form_data(organisation_name="Huurdersvereniging Oost")
    assert client.post(signup_url(community), data).status_code == 302
    registration = Registration.objects.get()
    assert registration.organisation is None
    assert registration.organisation_name == "Huurdersvereniging Oost"


def test_no_organisation_at_all_gets_a_dutch_message(client, community, meeting):
    response = client.post(signup_url(community), form_data(organisation_name=" "))
    assert response.status_code == 400
    assert "Typ de naam van je organisatie." in response.content.decode()
    assert not Registration.objects.exists()


def test_an_unknown_or_pending_organisation_id_falls_back_to_the_name(client, community, meeting):
    pending = OrganisationFactory(
        name="Wacht Nog", kind=HUURDERS, status=OrganisationStatus.PENDING
    )
    for value in ("999999", "abc", str(pending.pk), "9" * 40):
        data = form_data(
            organisation=value, organisation_name="Eigen Naam", email=f"{value[:9]}@example.org"
        )
        assert client.post(signup_url(community), data).status_code == 302
    assert {r.organisation_id for r in Registration.objects.all()} == {None}
