"""Formula payloads in commitment titles come out of every agreements export as text; numbers
stay numbers with a decimal comma in the ';' CSV."""

import io
import zipfile
from decimal import Decimal

from django.urls import reverse

from driehoek.core.tests.export_checks import PAYLOADS, csv_has_text, csv_rows, xlsx_text

from ..models import Commitment
from .factories import make_agreement


def test_commitment_title_payloads_are_text_in_every_export(world, client_for, payload_agreement):
    agreement = payload_agreement(baseline="12,5", targets={2027: "120"})
    titles = list(Commitment.objects.order_by("number").values_list("title", flat=True))
    # The service strips white space: "\t=1" and "\r=1" are stored as "=1".
    assert titles == [p.strip() for p in PAYLOADS]
    # A title written with its leading tab or carriage return (e.g. older data) too.
    Commitment.objects.filter(agreement=agreement, number=5).update(title="\t=1")
    Commitment.objects.filter(agreement=agreement, number=6).update(title="\r=1")
    client = client_for(world.users["viewer"])
    kw = {"agreement_id": agreement.uuid}
    xlsx = client.get(reverse("agreements:export_xlsx", kwargs=kw)).content
    csv = client.get(reverse("agreements:export_csv", kwargs=kw)).content
    with zipfile.ZipFile(
        io.BytesIO(client.get(reverse("agreements:package", kwargs=kw)).content)
    ) as zf:
        package_xlsx, package_csv = zf.read("afspraken.xlsx"), zf.read("afspraken.csv")
        sent = csv_rows(zf.read("verzending.csv"), ";")
    assert package_csv == csv
    for workbook in (xlsx, package_xlsx):
        for payload in PAYLOADS:
            assert xlsx_text(workbook, payload)
        baseline = _column(workbook, "Beginwaarde")
        assert baseline and {(c.value, c.data_type) for c in baseline} == {(12.5, "n")}
    rows = csv_rows(csv, ";")
    for payload in PAYLOADS:
        csv_has_text(rows, payload)
    header = rows[0]
    assert {r[header.index("Beginwaarde")] for r in rows[1:]} == {"12,5"}
    assert {r[header.index("Doel 2027")] for r in rows[1:]} == {"120"}
    assert b";12,5;" in csv  # unquoted number with a decimal comma
    assert sent[0] == ["Ontvanger", "Verstuurd op"]


def _column(workbook, title):
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(workbook)).active
    header = [c.value for c in ws[1]]
    col = header.index(title) + 1
    return [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]


def test_negative_decimal_stays_a_number_with_a_decimal_comma(world, client_for):
    agreement = make_agreement(world)
    Commitment.objects.filter(agreement=agreement).update(baseline=Decimal("-0.75"))
    csv = client_for(world.users["viewer"]).get(
        reverse("agreements:export_csv", kwargs={"agreement_id": agreement.uuid})
    )
    rows = csv_rows(csv.content, ";")
    assert rows[1][rows[0].index("Beginwaarde")] == "-0,75"  # a negative number, not text
