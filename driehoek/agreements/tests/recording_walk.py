"""One walk through the recording services (every audit action they write), for the audit
walk in test_flow_preparation and for the recording tests."""

from __future__ import annotations

from datetime import date

from ..models import AgreementKind, Theme
from ..services import cycles as cycle_services
from ..services import preparation, recording


def historic_agreement(world, *, actor=None, freeze=True, **kwargs):
    """Demodorp-like: cycle 2018, agreements 2019–2022, final text of 1 December 2018."""
    fields = {
        "gemeente": world.gemeente,
        "cycle_year": 2018,
        "kind": AgreementKind.FRAMEWORK,
        "title": "Prestatieafspraken 2019–2022",
        "period_start": 2019,
        "period_end": 2022,
        "parties": [world.corporatie, world.huurders],
        "final_on": date(2018, 12, 1),
        "freeze": freeze,
        **kwargs,
    }
    return recording.agreement_record(actor=actor or world.users["staff"], **fields)


def walk_recording(world) -> None:
    staff = world.users["staff"]
    agreement = historic_agreement(world)
    cycle = agreement.cycle
    bod = preparation.bod_create(
        actor=staff, cycle=cycle, corporaties=[world.corporatie], title="Bod 2019"
    )
    preparation.bod_line_add(
        actor=staff, bod=bod, theme=Theme.AVAILABILITY, description="Nieuwbouw", year=2019
    )
    recording.bod_record_sent(actor=staff, bod=bod, sent_on=date(2018, 6, 20))
    recording.agreement_bods_set(actor=staff, agreement=agreement, bods=[bod])
    version = agreement.versions.get()
    for org, name in (
        (world.gemeente, "J. de Wethouder"),
        (world.corporatie, "A. Directeur"),
        (world.huurders, "H. Voorzitter"),
    ):
        recording.signature_record(
            actor=staff,
            version=version,
            organisation=org,
            signed_on=date(2018, 12, 12),
            signer_name=name,
        )
    recording.submission_record(actor=staff, agreement=agreement, submitted_on=date(2018, 12, 14))
    recording.dispute_record(
        actor=staff,
        agreement=agreement,
        organisation=world.huurders,
        arose_on=date(2018, 11, 1),
        filed_on=date(2018, 11, 20),
        description="Geen akkoord over huurverhoging",
    )
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    newcomer = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Nieuwe Woonstichting")
    cycle_services.cycle_participant_add(actor=staff, cycle=cycle, organisation=newcomer)
    cycle_services.cycle_participant_remove(actor=staff, cycle=cycle, organisation=newcomer)
    declined = historic_agreement(
        world,
        title="Addendum-achtig",
        cycle_year=2019,
        period_start=2020,
        period_end=2020,
        final_on=date(2019, 11, 1),
    )
    recording.signature_record(
        actor=staff,
        version=declined.versions.get(),
        organisation=world.huurders,
        signed_on=date(2019, 11, 5),
        signer_name="H. Voorzitter",
        decision="declined",
        reason="Te weinig nieuwbouw",
    )
