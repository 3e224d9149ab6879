"""Formula payloads in commitment titles and progress explanations come out of the public Excel
and the open-data bulk CSV as text; the bulk CSV keeps its decimal point."""

import pytest
from django.urls import reverse

from driehoek.core.tests.export_checks import PAYLOADS, csv_has_text, csv_rows, xlsx_text

from . import factories as f


@pytest.fixture
def public(payload_agreement):
    agreement = payload_agreement(baseline="12,5", targets={2027: "120"})
    f.sign(agreement)
    assert f.publish(agreement)
    f.report(agreement.commitments.first(), year=2027, realised="7.25", explanation="@SUM(A1)")
    return agreement


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_public_excel_has_the_payloads_as_text(client, public):
    xlsx = client.get(reverse("publication:agreement_xlsx", kwargs={"agreement_id": public.uuid}))
    assert xlsx.status_code == 200
    for payload in {p.strip() for p in PAYLOADS}:
        assert xlsx_text(xlsx.content, payload)
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    baselines = [row[7] for row in wb.worksheets[0].iter_rows(min_row=2)]
    assert {(c.value, c.data_type) for c in baselines} == {(12.5, "n")}
    realised = wb.worksheets[1]["C2"]
    assert (realised.value, realised.data_type) == (7.25, "n")


def test_bulk_csv_has_the_payloads_as_text_and_a_decimal_point(client, public):
    rows = csv_rows(_body(client.get("/api/v1/bulk/commitments.csv")), ",")
    for payload in {p.strip() for p in PAYLOADS}:
        csv_has_text(rows, payload)
    header = rows[0]
    assert {r[header.index("baseline")] for r in rows[1:]} == {"12.5"}
    progress = csv_rows(_body(client.get("/api/v1/bulk/progress.csv")), ",")
    assert progress[1][progress[0].index("realised")] == "7.25"
    assert progress[1][progress[0].index("explanation")] == "'@SUM(A1)"
    json_rows = client.get("/api/v1/bulk/commitments.json")
    assert '"=HYPERLINK' in _body(json_rows).decode()  # JSON is data, not a spreadsheet
