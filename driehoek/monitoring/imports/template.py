"""The pre-filled Excel template for an agreement."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from driehoek.agreements.models import Agreement, CommitmentTarget
from driehoek.core import exports

from ..models import Frequency
from ..services import (
    settings_for,
)
from .checking import STATUS_TEMPLATE_WORDS
from .reading import COLUMNS, INFO_COLUMNS


def current_period(agreement: Agreement, today: date | None = None) -> tuple[int, int | None]:
    today = today or timezone.localdate()
    year = min(max(today.year, agreement.period_start), agreement.period_end)
    if settings_for(agreement).frequency == Frequency.YEAR:
        return year, None
    quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
    return year, quarter


def template_xlsx(agreement: Agreement) -> bytes:
    """Written with the one export writer (core.exports): a commitment title that looks like a
    formula is a text cell."""
    from openpyxl.worksheet.datavalidation import DataValidation

    year, quarter = current_period(agreement)
    book = exports.XlsxBook()
    sheet = book.sheet("Voortgang", [*COLUMNS, *INFO_COLUMNS])
    ws = sheet.ws
    targets = dict(
        CommitmentTarget.objects.filter(commitment__agreement=agreement, year=year).values_list(
            "commitment_id", "value"
        )
    )
    for c in agreement.commitments.order_by("number"):
        sheet.append(
            [c.reference, year, quarter, None, None, None, None, c.title, c.unit, targets.get(c.pk)]
        )
    dv = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_TEMPLATE_WORDS) + '"', allow_blank=True
    )
    ws.add_data_validation(dv)
    dv.add("E2:E5000")
    for col, width in zip("ABCDEFGHIJ", [14, 8, 10, 14, 14, 40, 30, 50, 16, 14], strict=True):
        ws.column_dimensions[col].width = width
    help_sheet = book.sheet("Uitleg")
    for line in [
        "Vul per afspraak de gerealiseerde waarde in, in de eenheid van de afspraak.",
        "gerealiseerd: de stand aan het eind van de periode, opgeteld over het jaar.",
        "kwartaal: 1 tot en met 4; leeg als de afspraak per jaar rapporteert.",
        "status: " + ", ".join(STATUS_TEMPLATE_WORDS) + ".",
        "Bij risico, niet gehaald of vervallen is een toelichting verplicht.",
        "De kolommen titel, eenheid en streefwaarde zijn alleen ter informatie.",
        "Bevat één regel een fout, dan wordt niets opgeslagen en ziet u per regel wat er mis is.",
    ]:
        help_sheet.append([line])
    return book.to_bytes()
