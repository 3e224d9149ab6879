"""Every agreements URL with the expected status per persona.

The role personas (viewer, editor, signatory, admin) are members of ``world.gemeente``, which
is a party to the agreement made here, together with ``world.corporatie`` and ``world.huurders``.
The outsider is administrator of another gemeente. Staff may read everything but do not act for
a party: 403 on every page that changes something.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from driehoek.core.testing import UrlCase

from .. import services
from ..models import Theme, Woonvisie
from .authz_recording import url_cases as recording_cases
from .factories import all_ready, make_agreement, make_cycle

ANON = 302
READ = {"anonymous": ANON, "outsider": 404, "*": 200}
EDIT = {"anonymous": ANON, "outsider": 404, "viewer": 403, "staff": 403, "*": 200}
SIGN = {"anonymous": ANON, "outsider": 404, "viewer": 403, "editor": 403, "staff": 403, "*": 200}
# Pages only a corporatie (or the asked corporatie) may use: the gemeente's people get 403.
CORPORATIE_ONLY = {"anonymous": ANON, "outsider": 404, "*": 403}


def url_cases(world) -> list[UrlCase]:
    cycle = make_cycle(world)
    corp_editor = world.member(world.corporatie, "editor")
    woonvisie = services.woonvisie_create(
        actor=None,
        gemeente=world.gemeente,
        title="Woonvisie Testdorp",
        adopted_on=date(2024, 3, 1),
        period_start=2024,
        period_end=2028,
    )
    document = "woonvisies/authz-woonvisie.pdf"
    if not default_storage.exists(document):
        default_storage.save(document, ContentFile(b"%PDF-1.4 test"))
    Woonvisie.objects.filter(pk=woonvisie.pk).update(document=document)
    bod = services.bod_create(
        actor=corp_editor, cycle=cycle, corporaties=[world.corporatie], title="Bod 2027"
    )
    services.bod_line_add(
        actor=corp_editor,
        bod=bod,
        theme=Theme.AVAILABILITY,
        description="Nieuwbouw",
        quantity="40",
        unit="woningen",
        year=2027,
    )
    services.bod_record_consultation(
        actor=corp_editor, bod=bod, consulted_on=date(2026, 5, 1), note="Besproken"
    )
    services.bod_send(actor=corp_editor, bod=bod)
    agreement = make_agreement(world, cycle=cycle)
    commitment = agreement.commitments.get()
    clause = agreement.clauses.first()
    point = services.open_point_add(
        actor=None, agreement=agreement, title="Grondprijs", owner=world.gemeente
    )
    proposal = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        commitment=commitment,
        new_text="Meer woningen",
    )
    services.comment_add(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        text="Te weinig",
        commitment=commitment,
    )
    services.version_freeze(actor=None, agreement=agreement)
    dispute = services.dispute_start(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        arose_on=date(2026, 1, 10),
        description="Geen akkoord",
    )
    final = make_agreement(world, cycle=cycle)
    all_ready(world, final)
    final_version = services.version_freeze(actor=None, agreement=final, final=True)
    # The corporatie signed the final version; the gemeente signed another agreement.
    corp_signature = services.version_sign(
        actor=world.member(world.corporatie, "signatory"),
        version=final_version,
        organisation=world.corporatie,
    )
    signed = make_agreement(world, cycle=cycle)
    all_ready(world, signed)
    signed_version = services.version_freeze(actor=None, agreement=signed, final=True)
    own_signature = services.version_sign(
        actor=world.users["signatory"], version=signed_version, organisation=world.gemeente
    )
    req = services.inforequest_create(
        actor=None,
        cycle=cycle,
        requester=world.gemeente,
        corporatie=world.corporatie,
        question="Hoeveel woningen heeft label E, F of G?",
    )

    c = {"cycle_id": cycle.uuid}
    a = {"agreement_id": agreement.uuid}
    s = {"agreement_id": signed.uuid, "number": signed_version.number}
    f = {"agreement_id": final.uuid, "number": final_version.number}
    return [
        UrlCase("agreements:index", expect={"anonymous": ANON, "*": 200}),
        UrlCase(
            "agreements:cycle_create",
            expect={"anonymous": ANON, "viewer": 403, "staff": 403, "*": 200},
        ),
        UrlCase("agreements:cycle_detail", c, READ),
        UrlCase("agreements:cycle_edit", c, EDIT),
        UrlCase("agreements:woonvisie_create", c, EDIT),
        UrlCase("agreements:interests", c, READ),
        UrlCase("agreements:interest_add", c, EDIT),
        UrlCase("agreements:bod_create", c, CORPORATIE_ONLY),
        UrlCase("agreements:agreement_create", c, EDIT),
        UrlCase("agreements:inforequest_create", c, EDIT),
        UrlCase("agreements:woonvisie_detail", {"woonvisie_id": woonvisie.uuid}, READ),
        UrlCase("agreements:woonvisie_document", {"woonvisie_id": woonvisie.uuid}, READ),
        UrlCase("agreements:woonvisie_goal_add", {"woonvisie_id": woonvisie.uuid}, EDIT),
        UrlCase("agreements:bod_detail", {"bod_id": bod.uuid}, READ),
        UrlCase("agreements:bod_line_add", {"bod_id": bod.uuid}, CORPORATIE_ONLY),
        UrlCase("agreements:bod_section", {"bod_id": bod.uuid}, CORPORATIE_ONLY),
        UrlCase("agreements:bod_consultation", {"bod_id": bod.uuid}, CORPORATIE_ONLY),
        UrlCase("agreements:bod_send", {"bod_id": bod.uuid}, CORPORATIE_ONLY),
        UrlCase("agreements:inforequest_detail", {"request_id": req.uuid}, READ),
        UrlCase("agreements:inforequest_answer", {"request_id": req.uuid}, CORPORATIE_ONLY),
        UrlCase("agreements:dispute_detail", {"dispute_id": dispute.uuid}, READ),
        UrlCase("agreements:dispute_update", {"dispute_id": dispute.uuid}, EDIT),
        UrlCase("agreements:dispute_dossier", {"dispute_id": dispute.uuid}, READ),
        UrlCase("agreements:dispute_dossier_pdf", {"dispute_id": dispute.uuid}, READ),
        UrlCase("agreements:agreement_detail", a, READ),
        UrlCase("agreements:parties", a, EDIT),
        UrlCase(
            "agreements:party_remove",
            {**a, "pk": agreement.parties.get(organisation=world.huurders).pk},
            EDIT,
        ),
        UrlCase("agreements:clause_create", a, EDIT),
        UrlCase("agreements:clause_edit", {**a, "pk": clause.pk}, EDIT),
        UrlCase("agreements:commitment_create", a, EDIT),
        UrlCase("agreements:commitment_edit", {**a, "pk": commitment.pk}, EDIT),
        UrlCase("agreements:discussion", {**a, "on": commitment.discussion_key}, READ),
        UrlCase("agreements:comment_add", a, EDIT, query=f"on={commitment.discussion_key}"),
        UrlCase("agreements:position_set", a, EDIT, query=f"on={clause.discussion_key}"),
        UrlCase("agreements:open_points", a, READ),
        UrlCase("agreements:open_point_add", a, EDIT),
        UrlCase("agreements:open_point_resolve", {**a, "pk": point.pk}, EDIT),
        UrlCase("agreements:proposal_create", a, EDIT),
        UrlCase("agreements:proposal_decide", {**a, "pk": proposal.pk}, EDIT),
        # Only a tenant organisation's editor chooses its signing role: the gemeente's get 403.
        UrlCase("agreements:signing_role", a, CORPORATIE_ONLY),
        UrlCase("agreements:signing_role", a, CORPORATIE_ONLY, method="post", data={"signs": "0"}),
        UrlCase("agreements:ready", a, EDIT),
        UrlCase("agreements:ready_withdraw", a, EDIT),
        # Posting without an organisation changes nothing: 400 for those who may act.
        UrlCase("agreements:ready", a, {**EDIT, "*": 400}, method="post", data={}),
        UrlCase("agreements:version_freeze", a, EDIT),
        UrlCase("agreements:version_compare", a, READ),
        UrlCase("agreements:version_detail", {**a, "number": 1}, READ),
        UrlCase(
            "agreements:sign", {"agreement_id": final.uuid, "number": final_version.number}, SIGN
        ),
        # Posting without choosing an organisation changes nothing: 400 for those who may sign.
        UrlCase(
            "agreements:sign",
            {"agreement_id": final.uuid, "number": final_version.number},
            {**SIGN, "signatory": 400, "admin": 400},
            method="post",
            data={"decision": "signed"},
        ),
        # The confirmation and the receipt of a signature: its organisation's members and staff.
        *[
            UrlCase(
                name,
                {**s, "signature_id": own_signature.pk},
                READ,
            )
            for name in ("agreements:sign_done", "agreements:signature_receipt")
        ],
        *[
            UrlCase(
                name,
                {**f, "signature_id": corp_signature.pk},
                {"anonymous": ANON, "outsider": 404, "staff": 200, "*": 403},
            )
            for name in ("agreements:sign_done", "agreements:signature_receipt")
        ],
        UrlCase("agreements:reopen", a, EDIT),
        UrlCase("agreements:next_slice", a, EDIT),
        UrlCase("agreements:addendum_create", a, EDIT),
        UrlCase("agreements:submit", a, CORPORATIE_ONLY),
        UrlCase("agreements:pdf", a, READ),
        UrlCase("agreements:export_xlsx", a, READ),
        UrlCase("agreements:export_csv", a, READ),
        UrlCase("agreements:package", a, READ),
        UrlCase("agreements:dispute_create", a, EDIT),
        *recording_cases(world, cycle),
    ]
