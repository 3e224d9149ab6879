"""What signing on the platform (``signing.version_sign``) and recording a decision afterwards
(``recording.signature_record``) share: the fingerprint of a version's content, the checks that
a version can be signed for a party, and writing the signature once."""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Organisation

from .. import lifecycle
from ..models import Agreement, AgreementParty, AgreementVersion, Signature


def content_hash(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signable_party(
    agreement: Agreement, version: AgreementVersion, organisation: Organisation
) -> AgreementParty:
    """The party of ``organisation``, when ``version`` can be signed for it: the organisation
    is a party, the version is the latest and final one, the agreement is in signing and the
    content still matches its fingerprint. Otherwise ``ServiceError``."""
    party = agreement.parties.filter(organisation=organisation).first()
    if party is None:
        raise ServiceError(
            _("%(org)s is not a party to this agreement.") % {"org": organisation},
            field="organisation",
        )
    if not version.is_final:
        raise ServiceError(
            _("This version is a negotiation round, not the final version for signing.")
        )
    latest = agreement.versions.order_by("-number").values_list("pk", flat=True).first()
    if latest != version.pk:
        raise ServiceError(
            _(
                "This version is outdated: a newer version exists or the negotiation was reopened. Open the latest version."
            )
        )
    lifecycle.check(agreement, "sign")
    if content_hash(version.snapshot) != version.content_hash:
        raise ServiceError(
            _(
                "The content of this version does not match its fingerprint. Signing is not possible; contact the administrator."
            )
        )
    return party


def signature_create(**fields) -> Signature:
    """The signature (or refusal) with ``fields``; one per organisation and version, so one
    written at the same moment by someone else is refused."""
    try:
        with transaction.atomic():
            return Signature.objects.create(**fields)
    except IntegrityError:
        raise ServiceError(
            _("%(org)s has already signed or declined this version.")
            % {"org": fields["organisation"]}
        ) from None
