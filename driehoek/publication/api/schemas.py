"""The published data's schemas and query parameters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from driehoek.agreements.models import AgreementKind, CommitmentKind, Theme
from driehoek.core.schemas import Text
from driehoek.organisations.models import OrganisationKind, Province

MAX_PAGE_SIZE = 200

DatasetName = Literal["agreements", "parties", "commitments", "targets", "progress", "cycles"]
PublicStatus = Literal["concluded", "submitted"]
PartyDecisionCode = Literal["signed", "declined", "takes_note", "no_decision"]
DisputeStatusCode = Literal["filed", "advice_requested", "advised"]
ProgressStatusCode = Literal["on_track", "at_risk", "achieved", "not_achieved", "cancelled"]


AGREEMENT_EXAMPLE = "3f6c1c2e-8a0b-4d55-9a53-0d7f0c1e2a11"


class OrganisationRef(Schema):
    slug: str = Field(
        ..., description="Stable identifier of the organisation.", examples=["utrecht"]
    )
    name: str = Field(..., examples=["Utrecht"])
    kind: OrganisationKind
    code: str = Field(
        ..., description="CBS gemeentecode or L-number; empty when unknown.", examples=["0344"]
    )


class PartyDecisionOut(OrganisationRef):
    signs: bool = Field(
        ...,
        description=(
            "True: signs as a full party (gemeenten and corporaties always do). False: a "
            "tenant organisation that only takes note."
        ),
    )
    decision: PartyDecisionCode = Field(
        ...,
        description=(
            "Its decision on the published version: signed, declined (the agreement was "
            "concluded without it), takes_note, or no_decision."
        ),
    )
    signed_on: date | None = Field(
        ...,
        description=(
            "The real date it signed or declined (for a decision recorded afterwards: the "
            "date of the decision, not the day it was entered). Null without a decision."
        ),
        examples=["2021-03-04"],
    )
    recorded_at: datetime | None = Field(
        ...,
        description=(
            "When the decision was entered in Driehoek, if it was recorded afterwards; null "
            "when it was made in Driehoek itself."
        ),
    )
    reason: str = Field(
        ...,
        description="Why it declined, as the parties published it; empty otherwise.",
    )
    successor: OrganisationRef | None = Field(
        ...,
        description=(
            "The organisation that gave this decision for the party after the party went up "
            "in it (a merger or split): the decision stays the party's. Null when the party "
            "decided itself or made no decision."
        ),
    )


class DisputeOut(Schema):
    status: DisputeStatusCode = Field(
        ...,
        description="filed, advice_requested or advised (no binding ruling yet).",
    )
    filed_on: date = Field(..., description="When it was filed (the real date).")
    recorded_at: datetime | None = Field(
        ..., description="When the filing was entered, if recorded afterwards; else null."
    )


class AgreementOut(Schema):
    id: str = Field(
        ..., description="UUID of the agreement (stable).", examples=[AGREEMENT_EXAMPLE]
    )
    title: str = Field(..., examples=["Prestatieafspraken Utrecht 2025–2028"])
    kind: AgreementKind
    status: PublicStatus = Field(
        ..., description="concluded = signed; submitted = sent to the minister."
    )
    period_start: int = Field(..., examples=[2025])
    period_end: int = Field(..., examples=[2028])
    gemeente: OrganisationRef
    province: str
    cycle_id: str = Field(..., description="UUID of the yearly cycle.")
    cycle_year: int
    concluded_at: datetime | None = Field(
        ...,
        description=(
            "When the last party signed, by the real dates of the signatures (also when they "
            "were recorded afterwards)."
        ),
    )
    concluded_with_tenant_refusal: bool = Field(
        ..., description="True when a tenant organisation declined and the others concluded."
    )
    submitted_at: datetime | None = Field(
        ..., description="When it was submitted to the minister (the real date); null if not."
    )
    submission_recorded_at: datetime | None = Field(
        ..., description="When the submission was entered, if recorded afterwards; else null."
    )
    published_at: datetime = Field(
        ..., description="When the parties that signed all agreed to publish."
    )
    content_hash: str = Field(..., description="SHA-256 fingerprint of the signed version.")
    parties: list[PartyDecisionOut] = Field(
        ..., description="Every party with its decision on the published version."
    )
    pending_disputes: list[DisputeOut] = Field(
        ...,
        description=(
            "Disputes (article 44 Woningwet) about the agreement still under way: status and "
            "filing date only, never their content."
        ),
    )
    is_demo: bool = Field(..., description="True for made-up demo data.")
    url: str = Field(..., description="Public page.")
    pdf_url: str = Field(..., description="The signed agreement as accessible PDF.")


class TargetOut(Schema):
    year: int = Field(..., examples=[2025])
    value: float = Field(..., examples=[120.0])


class ProgressOut(Schema):
    id: str = Field(..., description="UUID of the progress report.")
    commitment_id: str
    agreement_id: str
    period_year: int = Field(..., examples=[2025])
    period_quarter: int | None = Field(
        ..., description="1–4, or null for the whole year.", examples=[2]
    )
    period_end: date
    realised: float = Field(
        ...,
        description="Position at the end of the period, cumulative over the year.",
        examples=[64.0],
    )
    status: ProgressStatusCode
    explanation: str
    updated_at: datetime


class CommitmentOut(Schema):
    id: str = Field(..., description="UUID of the commitment (stable).")
    agreement_id: str
    gemeente: OrganisationRef
    reference: str = Field(..., examples=["A-03"])
    number: int
    theme: Theme
    kind: CommitmentKind
    title: str = Field(..., examples=["120 sociale huurwoningen per jaar bouwen"])
    description: str
    summary_b1: str = Field(..., description="Summary in plain language (B1).")
    responsible: OrganisationRef
    counterparties: list[OrganisationRef]
    indicator: str
    unit: str = Field(..., examples=["woningen"])
    baseline: float | None
    estimated_cost: float | None = Field(..., description="Euro.")
    dependencies: str
    targets: list[TargetOut]
    progress: list[ProgressOut] = Field(..., description="Only progress every party confirmed.")


class ClauseOut(Schema):
    title: str
    text: str


class AgreementDetailOut(AgreementOut):
    clauses: list[ClauseOut]
    commitments: list[CommitmentOut]


# Cursors as the lists issue them (tests/test_api_cursor.py checks each one is accepted).
AGREEMENT_CURSOR = (
    "WyIzMTc4NTZiZCIsIlV0cmVjaHQiLDIwMjUsIlByZXN0YXRpZWFmc3ByYWtlbiBVdHJlY2h0IDIwMjXigJMyMDI4Iiwx"
    "N10"
)
COMMITMENT_CURSOR = (
    "WyIzZjgxNmI2OCIsIlV0cmVjaHQiLCIzZjZjMWMyZS04YTBiLTRkNTUtOWE1My0wZDdmMGMxZTJhMTEiLDNd"
)
PROGRESS_CURSOR = "WyI2ZWI0NDA2NyIsMTIzNCwyMDI1LDIsOTg3NjVd"


class CursorPage(Schema):
    """A page of a list that can be walked by page number or by cursor."""

    count: int = Field(
        ...,
        description=(
            "Number of results for these filters on all pages together (the same with `page` "
            "or `cursor`); counted once per data version."
        ),
        examples=[1],
    )
    page: int | None = Field(
        ..., description="The page number asked for; null when the page was asked by `cursor`."
    )
    page_size: int = Field(..., examples=[50])
    next_cursor: str | None = Field(
        ...,
        description=(
            "Pass as `cursor` to get the next page (also after a page asked by number); null "
            "on the last page. Opaque: do not build or change it."
        ),
        examples=[COMMITMENT_CURSOR],
    )
    next: str | None = Field(
        ...,
        description="URL of the next page (these filters and `cursor`); null on the last page.",
        examples=[f"https://driehoek.example/api/v1/commitments?cursor={COMMITMENT_CURSOR}"],
    )


class AgreementPage(CursorPage):
    results: list[AgreementOut]


class CommitmentPage(CursorPage):
    results: list[CommitmentOut]


class ProgressPage(CursorPage):
    results: list[ProgressOut]


class PartyOut(OrganisationRef):
    province: str
    published_agreements: int = Field(
        ..., description="Number of published agreements it is party to."
    )
    url: str


class PartyPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PartyOut]


class CycleOut(Schema):
    id: str = Field(..., description="UUID of the cycle (stable).")
    year: int = Field(..., examples=[2025])
    gemeente: OrganisationRef
    participants: list[OrganisationRef]
    ibw_due: date = Field(..., description="Financial indication (IBW) due.")
    bod_due: date = Field(..., description="Bod available on.")
    submission_due: date = Field(..., description="Agreements submitted before.")
    published_agreements: list[str] = Field(..., description="UUIDs of its published agreements.")


class CyclePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CycleOut]


class Paging(Schema):
    page: int = Field(1, ge=1, le=100000, description="Page number, from 1.")
    page_size: int = Field(
        50, ge=1, le=MAX_PAGE_SIZE, description="Results per page (at most 200)."
    )


def _cursor(example: str):
    return Field(
        None,
        max_length=4000,  # the longest key: a 200-character name and title, JSON-escaped
        description=(
            "Where the page starts: the `next_cursor` of the previous answer (or follow its "
            "`next` URL). Every page by cursor costs the same, however deep; rows added or "
            "removed meanwhile never make a row appear twice or be skipped. Not together with "
            "`page`: 422, as for a cursor that is not one of this list's."
        ),
        # A parameter's `examples` must be a map in OpenAPI; `example` is copied as is.
        json_schema_extra={"example": example},
    )


class CursorPaging(Paging):
    page: int = Field(
        1,
        ge=1,
        le=100000,
        description="Page number, from 1. Not together with `cursor` (422).",
    )
    cursor: Text | None = _cursor(AGREEMENT_CURSOR)


class AgreementFilterQuery(CursorPaging):
    gemeente: Text | None = Field(
        None,
        max_length=100,
        description="Slug or CBS code of a gemeente that is a party.",
        # A parameter's `examples` must be a map in OpenAPI; `example` is copied as is.
        json_schema_extra={"example": "0344"},
    )
    corporatie: Text | None = Field(
        None, max_length=100, description="Slug or L-number of a corporatie that is a party."
    )
    region: Text | None = Field(None, max_length=100, description="Slug of a region.")
    province: Province | None = None
    theme: Theme | None = Field(
        None, description="Only agreements with a commitment on this theme."
    )
    year: int | None = Field(
        None, ge=2015, le=2100, description="Agreements that apply in this year."
    )
    status: PublicStatus | None = None
    q: Text = Field("", max_length=100, description="Search in title and gemeente name.")


class CommitmentFilterQuery(AgreementFilterQuery):
    cursor: Text | None = _cursor(COMMITMENT_CURSOR)
    agreement: Text | None = Field(None, max_length=64, description="UUID of an agreement.")
    kind: CommitmentKind | None = None
    responsible: Text | None = Field(
        None, max_length=100, description="Slug of the responsible party."
    )


class ProgressFilterQuery(CursorPaging):
    cursor: Text | None = _cursor(PROGRESS_CURSOR)
    agreement: Text | None = Field(None, max_length=64, description="UUID of an agreement.")
    commitment: Text | None = Field(None, max_length=64, description="UUID of a commitment.")
    gemeente: Text | None = Field(
        None, max_length=100, description="Slug or CBS code of a gemeente."
    )
    year: int | None = Field(None, ge=2015, le=2100)
    status: ProgressStatusCode | None = None


class PartyFilterQuery(Paging):
    kind: OrganisationKind | None = None


class CycleFilterQuery(Paging):
    gemeente: Text | None = Field(
        None, max_length=100, description="Slug or CBS code of the gemeente."
    )
    year: int | None = Field(None, ge=2015, le=2100)
