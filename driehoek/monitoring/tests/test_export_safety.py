"""A commitment title that looks like a formula is a text cell in the progress template."""

from django.urls import reverse

from driehoek.agreements.models import AgreementStatus
from driehoek.core.tests.export_checks import PAYLOADS, xlsx_text


def test_template_has_payload_titles_as_text_and_targets_as_numbers(
    world, client_for, payload_agreement
):
    agreement = payload_agreement(
        years=(2025, 2027), targets=dict.fromkeys(range(2025, 2028), "12,5")
    )
    agreement.status = AgreementStatus.CONCLUDED
    agreement.save(update_fields=["status"])
    response = client_for(world.member(world.corporatie, "editor")).get(
        reverse("monitoring:import_template", args=[agreement.uuid])
    )
    assert response.status_code == 200
    for payload in {p.strip() for p in PAYLOADS}:
        assert xlsx_text(response.content, payload)
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(response.content)).active
    targets = [row[9] for row in ws.iter_rows(min_row=2)]
    assert len(targets) == len(PAYLOADS)
    assert {(c.value, c.data_type) for c in targets} == {(12.5, "n")}
