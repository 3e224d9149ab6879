"""Public documents of a published agreement: an accessible PDF (PDF/UA-1: tagged, real
text, table headers, language set) and the commitments as Excel.

The PDF is rendered by agreements' one PDF renderer (``agreements.exports.agreement_pdf``) with
the public template and the context below: public data only (agreements' internal PDF also
shows the names of the people who signed)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from driehoek.core import exports as core_exports

from . import decisions, selectors


def agreement_context(agreement) -> dict:
    commitments = selectors.commitments_for(agreement)
    years = agreement.years
    by_theme: OrderedDict[str, list] = OrderedDict()
    for c in commitments:
        targets = {t.year: t.value for t in c.targets.all()}
        c.target_list = [targets.get(y) for y in years]
        by_theme.setdefault(c.get_theme_display(), []).append(c)
    found = decisions.published_decisions(agreement)
    parties = []
    for d in found:
        p = d.party
        p.decision = d
        p.signed_at = d.signed_at if d.signed else None
        parties.append(p)
    return {
        "agreement": agreement,
        "publication": agreement.publication,
        "gemeente": agreement.cycle.gemeente,
        "parties": parties,
        # The real dates: when the last party signed, and the submission (a date recorded
        # afterwards is the date on the documents, not the day it was entered).
        "concluded_on": decisions.concluded_on(found, agreement.concluded_at),
        "disputes": decisions.pending_disputes(agreement),
        "commitments": commitments,
        "by_theme": by_theme,
        "years": years,
        "clauses": list(selectors.published_clauses(agreement)),
    }


PDF_TEMPLATE = "publication/pdf.html"


def pdf_context(agreement) -> dict:
    return {**agreement_context(agreement), "now": timezone.now(), "lang": get_language()}


def pdf_cache_key(agreement) -> str:
    """Per signed content, the parties' decisions, the pending disputes and the language: a
    signed version never changes, but a tenant organisation may still decline and a dispute
    may be filed or settled."""
    state = [
        (d.party.organisation_id, d.code, str(d.signed_at), str(d.recorded_at))
        for d in decisions.published_decisions(agreement)
    ] + [(x.pk, x.status) for x in decisions.pending_disputes(agreement)]
    digest = hashlib.sha256(repr(state).encode()).hexdigest()[:16]
    return (
        f"publication-pdf:{agreement.publication.content_hash}:{agreement.uuid}:{digest}:"
        f"{get_language()}"
    )


def commitments_xlsx(agreement) -> bytes:
    ctx = agreement_context(agreement)
    years = ctx["years"]
    book = core_exports.XlsxBook()
    sheet = book.sheet(
        _("Commitments"),
        [
            _("Reference"),
            _("Theme"),
            _("Kind"),
            _("Title"),
            _("Responsible party"),
            _("Indicator"),
            _("Unit"),
            _("Baseline"),
            *[_("Target %(year)s") % {"year": y} for y in years],
            _("In plain language"),
            _("Description"),
            _("Identifier"),
        ],
    )
    for c in ctx["commitments"]:
        sheet.append(
            [
                c.reference,
                c.get_theme_display(),
                c.get_kind_display(),
                c.title,
                c.responsible.name,
                c.indicator,
                c.unit,
                c.baseline,
                *c.target_list,
                c.summary_b1,
                c.description,
                str(c.uuid),
            ]
        )
    progress = book.sheet(
        _("Confirmed progress"),
        [_("Reference"), _("Period"), _("Realised"), _("Status"), _("Explanation")],
    )
    for c in ctx["commitments"]:
        for r in c.confirmed:
            progress.append(
                [c.reference, r.period_label, r.realised, r.get_status_display(), r.explanation]
            )
    return book.to_bytes()
