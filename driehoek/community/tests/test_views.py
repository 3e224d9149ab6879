"""Public sign-up pages: sign up, confirm, cancel, bad input, teams."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from driehoek.community.models import Registration, RegistrationStatus, Seat, SeatStatus
from driehoek.organisations.tests.factories import OrganisationFactory

from .factories import (
    QuestionFactory,
)
from .helpers import form_data, link_in_mail, sign_up, signup_url

pytestmark = pytest.mark.django_db


def test_public_sign_up_confirm_and_cancel(
    client, community, meeting, django_capture_on_commit_callbacks
):
    q = QuestionFactory(community=community)
    org = OrganisationFactory(name="Gemeente Echt", province="Zeeland")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            signup_url(community), form_data(questions=[q.pk], organisation=org.pk, province="")
        )
    assert r.status_code == 302
    reg = Registration.objects.get()
    assert (
        reg.organisation == org
        and reg.province == "Zeeland"
        and reg.status == RegistrationStatus.PENDING
    )
    path = link_in_mail(mail.outbox[-1]).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and "Bevestig" in page.content.decode()
    token = path.rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("community:registration_confirm", kwargs={"token": token}))
    assert r.status_code == 302
    assert Seat.objects.get().status == SeatStatus.CONFIRMED
    ics = client.get(
        reverse("community:meeting_ics", kwargs={"slug": community.slug, "uuid": meeting.uuid})
    )
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    data = client.get(reverse("community:registration_data", kwargs={"token": token}))
    assert data.json()["email"] == "hanneke@example.org"
    client.post(reverse("community:registration_cancel", kwargs={"token": token}))
    assert Seat.objects.get().status == SeatStatus.CANCELLED


@pytest.mark.parametrize(
    "change, message",
    [
        ({"consent": ""}, "privacyverklaring"),
        ({"email": "geen-adres"}, "e-mailadres"),
        ({"organisation_name": ""}, "organisatie"),
        ({"website": "http://spam.example"}, "Website"),
        ({"series": "some"}, "bijeenkomst"),
    ],
)
def test_bad_input_gives_400_and_changes_nothing(client, community, meeting, change, message):
    r = client.post(signup_url(community), form_data(**change))
    assert r.status_code == 400
    assert message.lower() in r.content.decode().lower()
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_signing_up_twice_offers_the_personal_link(
    client, community, meeting, django_capture_on_commit_callbacks
):
    sign_up(community, "hanneke@example.org", confirm=True)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(signup_url(community), form_data())
    assert r.status_code == 400
    assert "persoonlijke link" in r.content.decode()
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_closed_sign_up(client, community, meeting):
    community.signup_deadline = timezone.now() - timedelta(days=1)
    community.save()
    assert "gesloten" in client.get(signup_url(community)).content.decode()
    r = client.post(signup_url(community), form_data())
    assert r.status_code == 400 and not Registration.objects.exists()


def test_rate_limit_per_address(client, community, meeting):
    for _i in range(5):
        client.post(signup_url(community), form_data(consent=""))  # invalid: not counted
    statuses = [
        client.post(signup_url(community), form_data(email=f"x{i}@example.org")).status_code
        for i in range(31)
    ]
    assert statuses[-1] == 400
    assert Registration.objects.count() == 30


def test_invalid_and_expired_links(client, community, meeting):
    r = client.get(reverse("community:registration", kwargs={"token": "nope"}))
    assert r.status_code == 404 and "werkt niet" in r.content.decode()
    reg, token = sign_up(community, "old@example.org")
    Registration.objects.filter(pk=reg.pk).update(created_at=timezone.now() - timedelta(days=10))
    r = client.post(reverse("community:registration_confirm", kwargs={"token": token}))
    assert r.status_code == 400 and "verlopen" in r.content.decode()
    assert not Seat.objects.exists()


def test_full_meeting_shows_waiting_list(client, community, meeting):
    sign_up(community, "a@example.org", confirm=True)
    page = client.get(reverse("community:detail", kwargs={"slug": community.slug})).content.decode()
    assert "wachtlijst" in page.lower()
    assert "a@example.org" not in page and "Test Persoon" not in page


def test_delete_my_data(client, community, meeting):
    reg, token = sign_up(community, "del@example.org", confirm=True)
    r = client.post(reverse("community:registration_delete", kwargs={"token": token}))
    assert r.status_code == 302
    reg.refresh_from_db()
    assert reg.email == "" and reg.token_hash is None
    assert client.get(reverse("community:registration", kwargs={"token": token})).status_code == 404


def test_team_sign_up(client, community, meeting):
    data = {"place": "Middelburg", "series": "series", "consent": "on"}
    for key in ("gemeente", "corporatie", "huurders"):
        data.update(
            {
                f"{key}_name": key,
                f"{key}_email": f"{key}@example.org",
                f"{key}_organisation_name": f"{key} org",
            }
        )
    r = client.post(reverse("community:signup_team", kwargs={"slug": community.slug}), data)
    assert r.status_code == 302
    assert Registration.objects.filter(team__place="Middelburg").count() == 3


def _team_data(**organisations):
    data = {"place": "Goes", "series": "series", "consent": "on"}
    for key in ("gemeente", "corporatie", "huurders"):
        data.update({f"{key}_name": key, f"{key}_email": f"{key}@example.org"})
        data.update(organisations.get(key, {f"{key}_organisation_name": f"{key} org"}))
    return data


def test_team_sign_up_finds_organisations_by_name_and_by_suggestion(client, community, meeting):
    """The team form has no lists of hundreds of organisations: each member types the name (with
    the script, a suggestion fills in its id); an exact name is the organisation itself."""
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Goes")
    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Goes")
    url = reverse("community:signup_team", kwargs={"slug": community.slug})
    page = client.get(url).content.decode()
    assert "<select" not in page.split('name="place"', 1)[1].split('name="series"', 1)[0]
    assert 'data-dh-org-search="' in page and "?party=corporatie" in page
    data = _team_data(
        gemeente={"gemeente_organisation_name": "gemeente goes"},  # exact, without case
        corporatie={"corporatie_organisation": str(corporatie.pk)},  # chosen with the script
    )
    data["corporatie_organisation_name"] = "Woonstichting Goes"
    assert client.post(url, data).status_code == 302
    team = Registration.objects.filter(team__place="Goes")
    assert team.get(party="gemeente").organisation == gemeente
    assert team.get(party="corporatie").organisation == corporatie
    tenants = team.get(party="huurders")
    assert tenants.organisation is None and tenants.organisation_name == "huurders org"


def test_team_sign_up_refuses_a_suggestion_of_the_wrong_kind_and_an_empty_organisation(
    client, community, meeting
):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Goes")
    url = reverse("community:signup_team", kwargs={"slug": community.slug})
    # A gemeente's id sent as the corporatie's organisation is not taken; the typed name stays.
    data = _team_data(corporatie={"corporatie_organisation": str(gemeente.pk)})
    data["corporatie_organisation_name"] = "Eigen corporatie"
    assert client.post(url, data).status_code == 302
    corporatie = Registration.objects.get(team__place="Goes", party="corporatie")
    assert corporatie.organisation is None and corporatie.organisation_name == "Eigen corporatie"
    # Nothing typed and nothing chosen: a Dutch error next to the field, nothing saved.
    before = Registration.objects.count()
    empty = _team_data(huurders={"huurders_organisation_name": ""})
    empty["place"] = "Vlissingen"
    r = client.post(url, empty)
    assert r.status_code == 400
    assert "Kies je organisatie uit de lijst of typ de naam." in r.content.decode()
    assert Registration.objects.count() == before
