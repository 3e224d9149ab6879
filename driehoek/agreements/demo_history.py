"""Demo of an agreement made before the platform: Demodorp's agreements 2019–2022, made in
the cycle of 2018, recorded as they happened (final text 1 December 2018, signed on
12 December 2018 by the gemeente, the corporatie and the tenant organisation, submitted on
14 December 2018), with a small made-up signed PDF as its source. Safe to re-run."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from driehoek.organisations.demo import email_for, organisations
from driehoek.organisations.models import Role

from .models import Agreement, AgreementKind, CommitmentKind, Theme
from .services import drafting, recording

TITLE = "Prestatieafspraken Demodorp 2019–2022"


def _pdf() -> bytes:
    """A one-page PDF that says what it is (made up, for the demo)."""
    text = b"Prestatieafspraken Demodorp 2019-2022 - ondertekend 12 december 2018 (demo)"
    stream = b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(n).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\n"
    out += b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return out


def load(stdout) -> None:
    orgs = organisations()
    gemeente, corporatie, huurders = (orgs[k] for k in ("gemeente", "corporatie", "huurders"))
    if Agreement.objects.filter(cycle__gemeente=gemeente, title=TITLE).exists():
        stdout.write("  historic agreement demo is loaded already")
        return
    from django.contrib.auth import get_user_model

    g_ed = get_user_model().objects.get(email=email_for("gemeente", Role.EDITOR))
    agreement = recording.agreement_record(
        actor=g_ed,
        gemeente=gemeente,
        cycle_year=2018,
        kind=AgreementKind.FRAMEWORK,
        title=TITLE,
        period_start=2019,
        period_end=2022,
        parties=[corporatie, huurders],
        final_on=date(2018, 12, 1),
        source_document=SimpleUploadedFile(
            "prestatieafspraken-demodorp-2019-2022.pdf", _pdf(), content_type="application/pdf"
        ),
        freeze=False,
    )
    drafting.commitment_save(
        actor=g_ed,
        agreement=agreement,
        theme=Theme.AVAILABILITY,
        kind=CommitmentKind.RESULT,
        title="Nieuwbouw sociale huurwoningen",
        responsible=corporatie,
        indicator="opgeleverde woningen",
        unit="woningen",
        counterparties=[gemeente],
        targets={2019: "30", 2020: "30", 2021: "40", 2022: "40"},
    )
    drafting.commitment_save(
        actor=g_ed,
        agreement=agreement,
        theme=Theme.QUALITY,
        kind=CommitmentKind.EFFORT,
        title="Woningen met label E, F of G verbeteren",
        responsible=corporatie,
    )
    version = recording.recorded_version_freeze(
        actor=g_ed, agreement=agreement, final_on=date(2018, 12, 1)
    )
    for org, name in (
        (gemeente, "M. de Wethouder"),
        (corporatie, "P. Bestuurder"),
        (huurders, "R. Voorzitter"),
    ):
        recording.signature_record(
            actor=g_ed,
            version=version,
            organisation=org,
            signed_on=date(2018, 12, 12),
            signer_name=name,
        )
    recording.submission_record(actor=g_ed, agreement=agreement, submitted_on=date(2018, 12, 14))
    stdout.write(f"  historic agreement recorded: {TITLE}")
