"""Downloads: the agreement as PDF (WeasyPrint), the commitments as Excel and CSV, and the
submission package (all three in one zip)."""

from __future__ import annotations

import csv
import io
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Commitment, Theme


def commitment_rows(agreement) -> tuple[list[str], list[list]]:
    years = agreement.years
    header = [
        _("Reference"),
        _("Theme"),
        _("Kind"),
        _("Title"),
        _("Responsible party"),
        _("Counterparties"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        *[_("Target %(year)s") % {"year": y} for y in years],
        _("Estimated cost (euro)"),
        _("Dependencies"),
        _("Summary in plain language"),
    ]
    rows = []
    for c in (
        Commitment.objects.filter(agreement=agreement)
        .select_related("responsible")
        .prefetch_related("counterparties", "targets")
        .order_by("number")
    ):
        targets = {t.year: t.value for t in c.targets.all()}
        rows.append(
            [
                c.reference,
                c.get_theme_display(),
                c.get_kind_display(),
                c.title,
                c.responsible.name,
                "; ".join(o.name for o in c.counterparties.all()),
                c.indicator,
                c.unit,
                c.baseline,
                *[targets.get(y) for y in years],
                c.estimated_cost,
                c.dependencies,
                c.summary_b1,
            ]
        )
    return header, rows


def commitments_csv(agreement) -> bytes:
    header, rows = commitment_rows(agreement)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def commitments_xlsx(agreement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = commitment_rows(agreement)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Commitments")[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def agreement_pdf(agreement, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "agreements/pdf.html", {**context, "agreement": agreement, "themes": Theme}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def submission_csv(agreement) -> bytes:
    """The recipients of the submission package (Woningwet art. 44a) and when it was sent."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Recipient"), _("Sent at")])
    for label, sent_at in agreement.submission_recipients:
        when = timezone.localtime(sent_at).strftime("%d-%m-%Y %H:%M") if sent_at else ""
        writer.writerow([str(label), when or _("not recorded")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def package_zip(agreement, pdf: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("prestatieafspraken.pdf", pdf)
        zf.writestr("afspraken.xlsx", commitments_xlsx(agreement))
        zf.writestr("afspraken.csv", commitments_csv(agreement))
        zf.writestr("verzending.csv", submission_csv(agreement))
    return out.getvalue()
