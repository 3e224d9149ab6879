import pytest
from django.core import mail
from django.urls import reverse

from driehoek.core.models import AuditEvent
from driehoek.organisations import selectors
from driehoek.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    TenantRepresentation,
)

from .factories import MembershipFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def make_orgs(n):
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind=OrganisationKind.GEMEENTE,
                name=f"Gemeente {i:04d}",
                slug=f"g-{i}",
                province="Utrecht",
            )
            for i in range(n)
        ]
    )


def _query_count(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_directory_query_count_is_the_same_at_10_and_300(client):
    url = reverse("organisations:directory")
    region = RegionFactory()
    params = [{}, {"kind": "gemeente", "region": region.slug}, {"page": 2}, {"q": "gemeente"}]
    make_orgs(10)
    small = [_query_count(client, url, p) for p in params]
    make_orgs_from = 10
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind=OrganisationKind.GEMEENTE,
                name=f"Gemeente x{i:04d}",
                slug=f"gx-{i}",
                province="Utrecht",
            )
            for i in range(make_orgs_from, 300)
        ]
    )
    large = [_query_count(client, url, p) for p in params]
    assert small == large
    assert max(large) <= 6


def test_directory_filters_and_search(client):
    OrganisationFactory(name="Amersfoort", kind=OrganisationKind.GEMEENTE, province="Utrecht")
    OrganisationFactory(name="Almelo", kind=OrganisationKind.GEMEENTE, province="Overijssel")
    OrganisationFactory(
        name="Woonstichting Amersfoort", kind=OrganisationKind.CORPORATIE, province=""
    )
    html = client.get(reverse("organisations:directory"), {"province": "Utrecht"}).content.decode()
    assert "Amersfoort" in html and "Almelo" not in html
    html = client.get(
        reverse("organisations:directory"), {"q": "amersf", "kind": "woningcorporatie"}
    ).content.decode()
    assert "Woonstichting Amersfoort" in html and ">Amersfoort<" not in html


def test_historic_gemeenten_only_on_request(client):
    now = OrganisationFactory(name="Gooise Meren")
    OrganisationFactory(name="Bussum", is_current=False, successor=now)
    assert "Bussum" not in client.get(reverse("organisations:directory")).content.decode()
    html = client.get(reverse("organisations:directory"), {"historic": "on"}).content.decode()
    assert "Bussum" in html and "Gooise Meren" in html


def test_bad_filter_value_gets_a_message_and_400(client):
    response = client.get(reverse("organisations:directory"), {"kind": "kasteel"})
    assert response.status_code == 400
    assert "kasteel" in response.content.decode()


def test_members_are_shown_to_members_only(client):
    m = MembershipFactory(role=Role.VIEWER, user__full_name="Zichtbaar Lid")
    url = m.organisation.get_absolute_url()
    assert "Zichtbaar Lid" not in client.get(url).content.decode()
    client.force_login(m.user)
    assert "Zichtbaar Lid" in client.get(url).content.decode()


def test_admin_sees_history_of_the_organisation(client):
    admin = MembershipFactory(role=Role.ADMIN)
    client.force_login(admin.user)
    client.post(
        reverse("organisations:members", args=[admin.organisation.slug]),
        {"email": "collega@example.org", "role": "editor"},
    )
    html = client.get(admin.organisation.get_absolute_url()).content.decode()
    assert "collega@example.org" in html  # in the history table


def test_invite_and_accept_through_the_pages(client, django_capture_on_commit_callbacks):
    admin = MembershipFactory(role=Role.ADMIN)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:members", args=[admin.organisation.slug]),
            {"email": "collega@example.org", "role": "editor"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/uitnodiging/" in line)
    path = link[link.index("/organisaties/") :]
    client.logout()
    response = client.post(
        path, {"full_name": "Nieuwe Collega", "password1": "kort", "password2": "kort"}
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user__email="collega@example.org").exists()
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
    # The link is used up now.
    client.logout()
    assert client.get(path).status_code == 410


def test_inviting_an_existing_member_shows_message_next_to_field(client):
    admin = MembershipFactory(role=Role.ADMIN)
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:members", args=[admin.organisation.slug]),
        {"email": admin.user.email, "role": "viewer"},
    )
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_removing_last_admin_via_page_changes_nothing(client):
    admin = MembershipFactory(role=Role.ADMIN)
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:member_remove", args=[admin.organisation.slug, admin.pk]),
        follow=True,
    )
    assert Membership.objects.filter(pk=admin.pk).exists()
    assert "utrecht-alert--error" in response.content.decode()


def test_register_tenant_organisation_page(client):
    corp = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    g = OrganisationFactory(kind=OrganisationKind.GEMEENTE)
    data = {
        "name": "Bewonerscommissie De Linde",
        "kind": "bewonerscommissie",
        "corporaties": [corp.pk],
        "gemeenten": [g.pk],
        "contact_name": "Bea Bewoner",
        "contact_email": "bea@example.org",
        "password1": "veilig-wachtwoord-1",
        "password2": "veilig-wachtwoord-2",
    }
    response = client.post(reverse("organisations:register_tenant"), data)
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Bewonerscommissie De Linde").exists()
    data["password2"] = data["password1"]
    response = client.post(reverse("organisations:register_tenant"), data)
    assert response.status_code == 302
    org = Organisation.objects.get(name="Bewonerscommissie De Linde")
    assert org.status == "pending"
    # The registrant sees the page of the pending organisation; the public does not.
    assert client.get(org.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(org.get_absolute_url()).status_code == 404


def test_staff_approves(client):
    from driehoek.accounts.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    org = OrganisationFactory(kind=OrganisationKind.HUURDERS, status="pending")
    client.force_login(staff)
    assert org.name in client.get(reverse("organisations:approvals")).content.decode()
    client.post(reverse("organisations:decide", args=[org.slug]), {"decision": "approve"})
    org.refresh_from_db()
    assert org.status == "active"
    assert AuditEvent.objects.filter(action="organisations.organisation.approved").exists()


def test_edit_work_area(client):
    """The edit page lists no gemeenten: an empty work area links to the picker page, where
    they are ticked by province."""
    admin = MembershipFactory(role=Role.ADMIN, organisation__kind=OrganisationKind.CORPORATIE)
    g = OrganisationFactory(kind=OrganisationKind.GEMEENTE)
    client.force_login(admin.user)
    edit_url = reverse("organisations:edit", args=[admin.organisation.slug])
    page = client.get(edit_url).content.decode()
    add_url = reverse("organisations:work_area_add", args=[admin.organisation.slug])
    assert f'href="{add_url}"' in page and "<select" not in page
    response = client.post(
        edit_url,
        {"description": "Wij verhuren woningen.", "website": "", "email": "", "gemeenten": [g.pk]},
    )
    assert response.status_code == 302
    assert not admin.organisation.work_area.exists()  # not from this page any more
    assert client.post(add_url, {"gemeenten": [g.pk]}).status_code == 302
    assert list(admin.organisation.work_area.all()) == [g]
    assert g.name in client.get(admin.organisation.get_absolute_url()).content.decode()


def test_edit_representation_by_name(client):
    """A tenant body keeps the housing associations it represents as check boxes and adds one
    by typing its name: no select of every housing association."""
    admin = MembershipFactory(role=Role.ADMIN, organisation__kind=OrganisationKind.HUURDERS)
    tenants = admin.organisation
    OrganisationFactory.create_batch(60, kind=OrganisationKind.CORPORATIE)
    kept = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstede Oost")
    added = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Wóónbron West")
    TenantRepresentation.objects.create(tenant_body=tenants, corporatie=kept)
    client.force_login(admin.user)
    url = reverse("organisations:edit", args=[tenants.slug])
    page = client.get(url).content.decode()
    assert "<select" not in page and 'name="corporatie_add"' in page
    base = {"description": "", "website": "", "email": "", "corporaties": [kept.pk]}
    r = client.post(url, {**base, "corporatie_add": "Nergens Wonen"})
    assert r.status_code == 400
    assert "Geen organisatie gevonden met deze naam." in r.content.decode()
    # A gemeente is no housing association, whatever the script sent.
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Westdorp")
    r = client.post(url, {**base, "corporatie_add": "Westdorp", "corporatie_add_id": gemeente.pk})
    assert r.status_code == 400
    assert list(selectors.represented_by(tenants)) == [kept]
    r = client.post(url, {**base, "corporatie_add": "woonbron west"})
    assert r.status_code == 302
    assert set(selectors.represented_by(tenants)) == {kept, added}
    r = client.post(url, {**base, "corporaties": [added.pk], "corporatie_add": ""})
    assert r.status_code == 302
    assert list(selectors.represented_by(tenants)) == [added]


def test_staff_assigns_region_members(client):
    from driehoek.accounts.tests.factories import UserFactory

    region = RegionFactory()
    g = OrganisationFactory()
    client.force_login(UserFactory(is_staff=True))
    client.post(region.get_absolute_url(), {"members": [g.pk]})
    assert list(region.members.all()) == [g]


def test_dutch_is_the_default_language(client):
    html = client.get(reverse("organisations:directory")).content.decode()
    assert 'lang="nl"' in html
    # The page's own heading, not the menu item of the same name.
    assert '<h1 class="utrecht-heading-1">Organisaties</h1>' in html
