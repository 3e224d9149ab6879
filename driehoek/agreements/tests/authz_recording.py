"""The recording pages (agreements made before the platform, bods answered, parties that
change, regional agreements) with the expected status per persona. Staff may record for any
agreement: those pages answer 200 for staff."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from driehoek.core.testing import UrlCase
from driehoek.organisations.models import OrganisationKind

from .. import services
from ..models import Agreement, AgreementKind, Theme
from ..services import recording
from .recording_walk import historic_agreement

ANON = 302
# The parties' editors and staff record; viewers 403; outsiders 404.
RECORD = {"anonymous": ANON, "outsider": 404, "viewer": 403, "*": 200}


def url_cases(world, cycle) -> list[UrlCase]:
    staff = world.users["staff"]
    signing = historic_agreement(world, actor=staff, title="Historisch, tekenen")
    document = "agreements/sources/authz-source.pdf"
    if not default_storage.exists(document):
        default_storage.save(document, ContentFile(b"%PDF-1.4 test"))
    Agreement.objects.filter(pk=signing.pk).update(
        source_document=document, source_document_name="getekend.pdf"
    )
    concluded = historic_agreement(
        world,
        actor=staff,
        title="Historisch, rond",
        cycle_year=2019,
        period_start=2020,
        period_end=2023,
        final_on=date(2019, 12, 1),
    )
    version = concluded.versions.get()
    for org in (world.gemeente, world.corporatie, world.huurders):
        recording.signature_record(
            actor=staff,
            version=version,
            organisation=org,
            signed_on=date(2019, 12, 10),
            signer_name="Tekenaar",
        )
    draft = historic_agreement(
        world,
        actor=staff,
        title="Historisch, concept",
        cycle_year=2020,
        period_start=2021,
        period_end=2024,
        final_on=date(2020, 12, 1),
        freeze=False,
    )
    bod = services.bod_create(
        actor=staff, cycle=cycle, corporaties=[world.corporatie], title="Bod, nog te versturen"
    )
    services.bod_line_add(actor=staff, bod=bod, theme=Theme.AVAILABILITY, description="Nieuwbouw")
    regional = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.REGIONAL,
        title="Regionale afspraken",
        period_start=2027,
        period_end=2030,
        parties=[world.gemeente, world.corporatie],
    )
    s = {"agreement_id": signing.uuid}
    c = {"agreement_id": concluded.uuid}
    return [
        UrlCase(
            "agreements:record_agreement",
            expect={"anonymous": ANON, "viewer": 403, "*": 200},
        ),
        UrlCase("agreements:agreement_record", s, RECORD),
        UrlCase("agreements:record_freeze", {"agreement_id": draft.uuid}, RECORD),
        UrlCase("agreements:record_signature", s, RECORD),
        # Posting nothing changes nothing: 400 for those who may record.
        UrlCase(
            "agreements:record_signature",
            s,
            {**RECORD, "*": 400},
            method="post",
            data={"decision": "signed"},
        ),
        UrlCase("agreements:record_submission", c, RECORD),
        UrlCase("agreements:record_dispute", s, RECORD),
        UrlCase("agreements:agreement_bods", s, RECORD),
        UrlCase(
            "agreements:source_document",
            s,
            {"anonymous": ANON, "outsider": 404, "*": 200},
        ),
        # A draft bod is seen by its corporatie and tenants only: staff may record its date.
        UrlCase(
            "agreements:bod_record_sent",
            {"bod_id": bod.uuid},
            {"anonymous": ANON, "staff": 200, "*": 404},
        ),
        UrlCase(
            "agreements:agreement_region",
            {"agreement_id": regional.uuid},
            {"anonymous": ANON, "outsider": 404, "viewer": 403, "staff": 403, "*": 200},
        ),
        UrlCase(
            "agreements:cycle_parties",
            {"cycle_id": cycle.uuid},
            {
                "anonymous": ANON,
                "outsider": 404,
                "viewer": 403,
                "editor": 403,
                "signatory": 403,
                "*": 200,
            },
        ),
    ]


__all__ = ["OrganisationKind", "url_cases"]
