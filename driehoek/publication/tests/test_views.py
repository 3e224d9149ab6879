import io
import re
import subprocess

import pytest
from django.urls import reverse

from driehoek.organisations.models import OrganisationKind, Role
from driehoek.organisations.tests.factories import OrganisationFactory, RegionFactory
from driehoek.publication.models import Publication

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(world):
    a = f.published(
        gemeente=world.gemeente, others=[world.corporatie, world.huurders], theme="betaalbaarheid"
    )
    c = a.commitments.first()
    f.report(c, realised="64", explanation="Bevestigd cijfer")
    f.report(c, year=2026, realised="999", state="contested", explanation="Betwist cijfer")
    return a


def test_index_lists_published_agreements_and_links_glossary(client, public, world):
    draft = f.agreement(gemeente=world.gemeente, others=[world.corporatie], title="Conceptversie")
    html = client.get(reverse("publication:index")).content.decode()
    assert public.title in html and draft.title not in html
    assert reverse("core:glossary") in html


@pytest.mark.parametrize(
    "query,found",
    [
        ("theme=betaalbaarheid", True),
        ("theme=leefbaarheid", False),
        ("year=2026", True),
        ("year=2030", False),
        ("status=concluded", True),
        ("status=submitted", False),
        ("province=Utrecht", True),
        ("province=Limburg", False),
        ("q=Testdorp", True),
        ("q=Elders", False),
    ],
)
def test_index_filters(client, public, query, found):
    html = client.get(reverse("publication:index") + "?" + query).content.decode()
    assert (public.title in html) is found


def test_index_filters_by_gemeente_corporatie_and_region(client, public, world):
    region = RegionFactory()
    region.members.add(world.gemeente)
    url = reverse("publication:index")
    assert public.title in client.get(url, {"gemeente": world.gemeente.slug}).content.decode()
    assert public.title in client.get(url, {"corporatie": world.corporatie.slug}).content.decode()
    assert public.title in client.get(url, {"region": region.slug}).content.decode()
    other = RegionFactory()
    assert public.title not in client.get(url, {"region": other.slug}).content.decode()


@pytest.mark.parametrize(
    "query", ["year=twintig", "theme=kasteel", "gemeente=nergens", "year=1900"]
)
def test_bad_filters_give_400_with_a_dutch_message(client, public, query):
    response = client.get(reverse("publication:index") + "?" + query)
    assert response.status_code == 400
    assert "utrecht-form-field-error-message" in response.content.decode()


def _many(world, n):
    for i in range(n):
        corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
        gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE)
        f.published(gemeente=gemeente, others=[corporatie], commitments=1, year=2020 + i % 5)


@pytest.mark.parametrize("n", [2, 30])
def test_index_query_count_does_not_grow(client, world, django_assert_max_num_queries, n):
    _many(world, n)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("publication:index")).status_code == 200


@pytest.mark.parametrize("n", [2, 30])
def test_organisation_page_query_count_does_not_grow(
    client, world, django_assert_max_num_queries, n
):
    for _i in range(n):
        f.published(gemeente=world.gemeente, others=[world.corporatie], commitments=1)
    with django_assert_max_num_queries(8):
        url = reverse("publication:organisation", kwargs={"slug": world.corporatie.slug})
        assert client.get(url).status_code == 200


def test_agreement_page_shows_confirmed_progress_only(client, public):
    html = client.get(
        reverse("publication:agreement", kwargs={"agreement_id": public.uuid})
    ).content.decode()
    assert "Bevestigd cijfer" in html and "64" in html
    # 999 is the contested figure; it must not show as a number (a hex fingerprint may hold it).
    assert "Betwist cijfer" not in html
    assert re.search(r"(?<![0-9a-f])999(?![0-9a-f])", html) is None
    assert "Eenvoudig 1" in html  # plain-language summary
    assert "Ondertekenaar" not in html  # signatories' names stay private
    assert reverse("core:glossary") in html


def test_unpublished_agreement_is_404(client, world):
    signed = f.sign(f.agreement(gemeente=world.gemeente, others=[world.corporatie]))
    for name in ("agreement", "agreement_pdf", "agreement_xlsx"):
        url = reverse(f"publication:{name}", kwargs={"agreement_id": signed.uuid})
        assert client.get(url).status_code == 404


def test_demo_banner(client, world):
    demo = OrganisationFactory(kind=OrganisationKind.GEMEENTE, is_demo=True)
    a = f.published(gemeente=demo, others=[world.corporatie])
    html = client.get(
        reverse("publication:agreement", kwargs={"agreement_id": a.uuid})
    ).content.decode()
    assert "dh-demo-banner" in html


def _pdf_objects(data: bytes) -> bytes:
    """The PDF with its compressed streams inflated (the catalogue sits in an object stream)."""
    import re
    import zlib

    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"".join(parts)


def test_pdf_is_tagged_with_real_text_and_language(client, public, tmp_path):
    response = client.get(
        reverse("publication:agreement_pdf", kwargs={"agreement_id": public.uuid})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "a.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert public.title in info  # document title set
    assert b"/Lang (nl)" in _pdf_objects(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Afspraak 1" in text and "Ondertekenaar" not in text


def test_xlsx_has_commitments_and_confirmed_progress(client, public):
    from openpyxl import load_workbook

    response = client.get(
        reverse("publication:agreement_xlsx", kwargs={"agreement_id": public.uuid})
    )
    wb = load_workbook(io.BytesIO(response.content))
    sheets = wb.worksheets
    assert sheets[0].max_row == 3  # header + two commitments
    values = [c.value for row in sheets[1].iter_rows() for c in row]
    assert "Bevestigd cijfer" in values and "Betwist cijfer" not in values


def test_atom_feed_and_calendar(client, public, world):
    feed = client.get(reverse("publication:feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert f"urn:uuid:{public.uuid}" in feed.content.decode()
    ics = client.get(reverse("publication:calendar", kwargs={"slug": world.corporatie.slug}))
    from icalendar import Calendar

    cal = Calendar.from_ical(ics.content)
    events = cal.walk("VEVENT")
    assert len(events) == 3
    assert {e.decoded("dtstart").isoformat() for e in events} == {"2025-07-01", "2025-12-15"}


def test_region_and_organisation_pages(client, public, world):
    region = RegionFactory()
    region.members.add(world.gemeente)
    for url in (
        reverse("publication:region", kwargs={"slug": region.slug}),
        reverse("publication:organisation", kwargs={"slug": world.huurders.slug}),
    ):
        assert public.title in client.get(url).content.decode()


def test_manage_flow(world, client_for):
    signed = f.sign(f.agreement(gemeente=world.gemeente, others=[world.corporatie]))
    url = reverse("publication:manage", kwargs={"agreement_id": signed.uuid})
    gemeente_client = client_for(world.users["signatory"])
    page = gemeente_client.get(url)
    assert page.status_code == 200 and 'name="decision"' in page.content.decode()
    response = gemeente_client.post(url, {"organisation": world.gemeente.pk, "decision": "consent"})
    assert response.status_code == 302
    assert not Publication.objects.exists()
    # Another party's organisation cannot be chosen by the gemeente's signatory.
    response = gemeente_client.post(
        url, {"organisation": world.corporatie.pk, "decision": "consent"}
    )
    assert response.status_code == 400
    corporatie_client = client_for(world.member(world.corporatie, Role.ADMIN))
    corporatie_client.post(url, {"organisation": world.corporatie.pk, "decision": "consent"})
    assert Publication.objects.filter(agreement=signed).exists()
    html = gemeente_client.get(url).content.decode()
    assert reverse("publication:agreement", kwargs={"agreement_id": signed.uuid}) in html
    mine = gemeente_client.get(reverse("publication:mine")).content.decode()
    assert signed.title in mine


def test_manage_refuses_a_viewer(world, client_for):
    signed = f.sign(f.agreement(gemeente=world.gemeente, others=[world.corporatie]))
    url = reverse("publication:manage", kwargs={"agreement_id": signed.uuid})
    c = client_for(world.users["viewer"])
    assert 'name="decision"' not in c.get(url).content.decode()
    assert (
        c.post(url, {"organisation": world.gemeente.pk, "decision": "consent"}).status_code == 403
    )
