"""The publication decision. Every party that signed the final version consents on its own;
when the last of them consents the agreement is published. Consent can be withdrawn until then.

A party that declined the final version, and a tenant organisation that only takes note, are
not asked: publishing follows the decisions of the parties that signed (decisions.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, AgreementStatus
from driehoek.agreements.services import build_snapshot, content_hash
from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may
from driehoek.organisations.models import Organisation

from . import decisions
from .models import Publication, PublicationConsent

SIGNED_STATUSES = (AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED)


def signed_version(agreement: Agreement):
    """The final version every gemeente and corporatie signed, or None."""
    version = decisions.final_version(agreement)
    if version is None:
        return None
    if not decisions.all_required_signed(decisions.decisions_on(agreement, version)):
        return None
    return version


def consent_needed(agreement: Agreement) -> set[int]:
    """The organisations whose consent publishing needs: the full parties that signed the
    final version."""
    version = decisions.final_version(agreement)
    if version is None:
        return set()
    return decisions.consent_needed_from(decisions.decisions_on(agreement, version))


def _check_can_decide(
    actor, agreement: Agreement, organisation: Organisation, rule: str = "publication.consent"
) -> None:
    party_ids = set(agreement.parties.values_list("organisation_id", flat=True))
    if organisation.pk not in party_ids:
        raise ServiceError(
            _("%(org)s is not a party to this agreement.") % {"org": organisation},
            field="organisation",
        )
    if not may(actor, rule, organisation):
        raise ServiceError(
            _("Only a signatory or administrator of %(org)s can decide for it.")
            % {"org": organisation},
            field="organisation",
        )


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def consent_give(*, actor, agreement: Agreement, organisation: Organisation) -> Publication | None:
    """Record the party's consent. Returns the Publication when this was the last consent."""
    agreement = _locked(agreement)
    _check_can_decide(actor, agreement, organisation)
    if agreement.status not in SIGNED_STATUSES:
        raise ServiceError(_("Only a signed agreement can be published."))
    if Publication.objects.filter(agreement=agreement).exists():
        raise ServiceError(_("This agreement has already been published."))
    if signed_version(agreement) is None:
        raise ServiceError(_("Only a signed agreement can be published."))
    if organisation.pk not in consent_needed(agreement):
        raise ServiceError(
            _(
                "%(org)s did not sign the agreement, so its consent is not asked: the parties that signed decide on publishing."
            )
            % {"org": organisation},
            field="organisation",
        )
    _consent, created = PublicationConsent.objects.get_or_create(
        agreement=agreement,
        organisation=organisation,
        defaults={"decided_by": actor, "decided_at": timezone.now()},
    )
    if not created:
        raise ServiceError(_("%(org)s has already agreed to publish.") % {"org": organisation})
    audit.log(
        action="publication.consent.given",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"organisation": str(organisation)},
    )
    return publish_if_complete(agreement=agreement)


@transaction.atomic
def consent_withdraw(*, actor, agreement: Agreement, organisation: Organisation) -> None:
    agreement = _locked(agreement)
    _check_can_decide(actor, agreement, organisation, "publication.withdraw_consent")
    if Publication.objects.filter(agreement=agreement).exists():
        raise ServiceError(
            _(
                "The agreement has been published: all parties agreed, so consent can no longer be withdrawn."
            )
        )
    deleted, _rows = PublicationConsent.objects.filter(
        agreement=agreement, organisation=organisation
    ).delete()
    if not deleted:
        raise ServiceError(_("%(org)s had not agreed to publish.") % {"org": organisation})
    audit.log(
        action="publication.consent.withdrawn",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"organisation": str(organisation)},
    )


def publish_if_complete(*, agreement: Agreement) -> Publication | None:
    """Publish when every party that signed consented. Called inside consent_give's
    transaction."""
    needed = consent_needed(agreement)
    consented = set(
        PublicationConsent.objects.filter(agreement=agreement).values_list(
            "organisation_id", flat=True
        )
    )
    if not needed or not needed <= consented:
        return None
    version = signed_version(agreement)
    if version is None:
        raise ServiceError(_("Only a signed agreement can be published."))
    # What the public pages show is read from the live rows of the concluded agreement (they
    # carry the stable UUIDs). They must be exactly what was signed.
    if content_hash(build_snapshot(agreement)) != version.content_hash:
        raise ServiceError(
            _(
                "The content differs from the signed version, so it cannot be published. Contact the administrator."
            )
        )
    publication = Publication.objects.create(
        agreement=agreement,
        version=version,
        content_hash=version.content_hash,
        published_at=timezone.now(),
    )
    audit.log(
        action="publication.agreement.published",
        actor=None,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"hash": version.content_hash[:12]},
    )
    return publication
