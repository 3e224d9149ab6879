"""Recording the past through the pages: staff records a whole history, bad dates show next
to the field, bounded queries, and who may not record."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..models import Agreement, AgreementStatus
from .recording_helpers import PDF, _sign_all, _snapshot
from .recording_walk import historic_agreement

# The recording tests run on 15 March 2026 (conftest.recording_today).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("recording_today")]


# Pages ------------------------------------------------------------------------------------


def test_staff_records_a_historic_agreement_through_the_pages(world, client):
    staff = world.users["staff"]
    client.force_login(staff)
    url = reverse("agreements:record_agreement")
    assert client.get(url).status_code == 200
    data = {
        "gemeente": world.gemeente.pk,
        "cycle_year": 2018,
        "kind": "kader",
        "title": "Prestatieafspraken Testdorp 2019–2022",
        "period_start": 2019,
        "period_end": 2022,
        "parties": [world.corporatie.pk, world.huurders.pk],
        "final_on": "2018-12-01",
        "freeze": "on",
        "source_document": SimpleUploadedFile("afspraken.pdf", PDF, content_type="application/pdf"),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Prestatieafspraken Testdorp 2019–2022")
    record_url = reverse("agreements:agreement_record", kwargs={"agreement_id": agreement.uuid})
    assert response["Location"] == record_url
    sign_url = reverse("agreements:record_signature", kwargs={"agreement_id": agreement.uuid})
    for org in (world.gemeente, world.corporatie, world.huurders):
        r = client.post(
            sign_url,
            {
                "organisation": org.pk,
                "decision": "signed",
                "signed_on": "2018-12-12",
                "signer_name": f"Tekenaar {org.pk}",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CONCLUDED
    r = client.post(
        reverse("agreements:record_submission", kwargs={"agreement_id": agreement.uuid}),
        {"submitted_on": "2018-12-14"},
    )
    assert r.status_code == 302
    page = client.get(record_url).content.decode()
    assert "vastgelegd achteraf door" in page
    assert "14 december 2018" in page
    doc = client.get(reverse("agreements:source_document", kwargs={"agreement_id": agreement.uuid}))
    assert doc.status_code == 200 and b"".join(doc.streaming_content).startswith(b"%PDF")


def test_bad_dates_on_the_pages_show_next_to_the_field(world, client):
    agreement = historic_agreement(world)
    client.force_login(world.member(world.gemeente, "editor"))
    sign_url = reverse("agreements:record_signature", kwargs={"agreement_id": agreement.uuid})
    before = _snapshot()
    r = client.post(
        sign_url,
        {
            "organisation": world.gemeente.pk,
            "decision": "signed",
            "signed_on": "2027-01-01",
            "signer_name": "X",
        },
    )
    assert r.status_code == 400
    assert "toekomst" in r.content.decode()
    assert _snapshot() == before


def test_recording_page_queries_are_bounded(world, client, django_assert_max_num_queries):
    agreement = historic_agreement(world)
    _sign_all(world, agreement)
    client.force_login(world.users["staff"])
    url = reverse("agreements:agreement_record", kwargs={"agreement_id": agreement.uuid})
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_viewer_may_not_record(world, client):
    agreement = historic_agreement(world)
    client.force_login(world.users["viewer"])
    url = reverse("agreements:agreement_record", kwargs={"agreement_id": agreement.uuid})
    assert client.get(url).status_code == 403
    client.force_login(world.users["outsider"])
    assert client.get(url).status_code == 404
