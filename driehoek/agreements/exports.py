"""Downloads: the agreement as PDF (WeasyPrint), the commitments as Excel and CSV, and the
submission package (all three in one zip)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import exports

from .models import Agreement, Commitment, Theme

PDF_CACHE_SECONDS = 60 * 60


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
    """Semicolon-separated, decimal comma (what Dutch Excel opens)."""
    header, rows = commitment_rows(agreement)
    return exports.csv_bytes(header, rows, delimiter=";")


def commitments_xlsx(agreement) -> bytes:
    header, rows = commitment_rows(agreement)
    return exports.xlsx_bytes(_("Commitments"), header, rows)


def agreement_pdf(
    agreement,
    context: dict | Callable[[], dict],
    *,
    template: str = "agreements/pdf.html",
    cache_key: str | None = None,
) -> bytes:
    """The agreement as an accessible PDF (PDF/UA-1: tagged, real text, table headers, language
    set), the one renderer of both agreement PDFs: the parties' own (this app's template, which
    names who signed) and the public one (``publication/pdf.html``, public data only).

    ``context`` may be a callable, so a cached PDF costs no queries. With ``cache_key`` the
    bytes are kept for an hour: give a key that changes with the content."""
    if cache_key is not None:
        data = cache.get(cache_key)
        if data is not None:
            return data
    from weasyprint import HTML

    values = context() if callable(context) else context
    html = agreement_html(agreement, values, template=template)
    data = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    if cache_key is not None:
        cache.set(cache_key, data, PDF_CACHE_SECONDS)
    return data


def agreement_html(agreement, context: dict, *, template: str = "agreements/pdf.html") -> str:
    """The HTML that ``agreement_pdf`` turns into the PDF."""
    return render_to_string(template, {**context, "agreement": agreement, "themes": Theme})


def receipt_pdf(agreement, version, signature) -> bytes:
    """The signer's receipt ("ontvangstbewijs") of one signature: the agreement, the version,
    its fingerprint, the organisation, the signer's name and the moment of signing. Small, so
    rendered at once by the one PDF renderer."""
    return agreement_pdf(
        agreement,
        {"version": version, "signature": signature, "now": timezone.now()},
        template="agreements/receipt_pdf.html",
    )


def submission_csv(agreement) -> bytes:
    """The recipients of the submission package (Woningwet art. 44a) and when it was sent."""
    rows = [
        [
            label,
            timezone.localtime(sent_at).replace(microsecond=0) if sent_at else _("not recorded"),
        ]
        for label, sent_at in agreement.submission_recipients
    ]
    return exports.csv_bytes([_("Recipient"), _("Sent at")], rows, delimiter=";")


def package_zip(agreement, pdf: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("prestatieafspraken.pdf", pdf)
        zf.writestr("afspraken.xlsx", commitments_xlsx(agreement))
        zf.writestr("afspraken.csv", commitments_csv(agreement))
        zf.writestr("verzending.csv", submission_csv(agreement))
    return out.getvalue()


def package_from_pdf(agreement_uuid: str, pdf: bytes) -> bytes:
    """The package around an already rendered PDF (the last step of ``core.documents``)."""
    agreement = Agreement.objects.select_related("cycle").get(uuid=agreement_uuid)
    return package_zip(agreement, pdf)
