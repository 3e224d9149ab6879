"""E-mail notices to the other parties on key events of the cycle.

Services schedule these with ``transaction.on_commit`` and pass primary keys: the notice reads
the committed state. Recipients are the members with role editor or above of the other
parties (never the person who acted). Each recipient gets their own message. Notices are in
Dutch, whatever language the person who acted uses.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from driehoek.organisations.demo import DEMO_DOMAIN
from driehoek.organisations.models import Membership, Role

from .models import (
    Agreement,
    AgreementVersion,
    Bod,
    Decision,
    Dispute,
    InformationRequest,
)

logger = logging.getLogger(__name__)

NOTICE_ROLES = [Role.EDITOR, Role.SIGNATORY, Role.ADMIN]


def schedule(func, *args) -> None:
    """Send the notice once the surrounding transaction has committed."""
    transaction.on_commit(lambda: func(*args))


def recipients(org_ids, *, exclude_user_id=None) -> list[str]:
    qs = Membership.objects.filter(
        organisation_id__in=list(org_ids), role__in=NOTICE_ROLES, user__is_active=True
    ).exclude(user__email="")
    # Demo addresses (a reserved .test domain) never receive mail.
    qs = qs.exclude(user__email__iendswith="@" + DEMO_DOMAIN)
    if exclude_user_id is not None:
        qs = qs.exclude(user_id=exclude_user_id)
    return sorted(set(qs.values_list("user__email", flat=True)))


def _other_party_ids(agreement: Agreement, *, acting_org_ids=(), actor_id=None) -> list[int]:
    """The agreement's parties except those that acted (or, when no organisation is known,
    those the person who acted is a member of)."""
    party_ids = list(agreement.parties.values_list("organisation_id", flat=True))
    excluded = set(acting_org_ids)
    if not excluded and actor_id is not None:
        excluded = set(
            Membership.objects.filter(user_id=actor_id, organisation_id__in=party_ids).values_list(
                "organisation_id", flat=True
            )
        )
    return [pk for pk in party_ids if pk not in excluded]


def _deliver(org_ids, *, subject_fn, template: str, context_fn, exclude_user_id=None) -> int:
    emails = recipients(org_ids, exclude_user_id=exclude_user_id)
    if not emails:
        return 0
    with translation.override("nl"):
        subject = str(subject_fn())
        body = render_to_string(f"agreements/email/{template}.txt", context_fn())
    sent = 0
    for email in emails:
        try:
            sent += EmailMessage(subject, body, None, [email]).send()
        except Exception:  # a mail server that fails must not undo the committed change
            logger.exception("Could not send the %s notice to %s", template, email)
    return sent


def _url(obj) -> str:
    return settings.BASE_URL + obj.get_absolute_url()


def bod_sent(bod_id: int, actor_id=None) -> int:
    bod = Bod.objects.select_related("cycle__gemeente").get(pk=bod_id)
    corporaties = list(bod.corporaties.all())
    org_ids = [bod.cycle.gemeente_id, *[o.pk for o in bod.tenant_bodies.all()]]
    org_ids = [pk for pk in org_ids if pk not in {c.pk for c in corporaties}]
    names = ", ".join(c.name for c in corporaties)
    return _deliver(
        org_ids,
        subject_fn=lambda: (
            _("Driehoek: %(org)s sent the bod “%(title)s”") % {"org": names, "title": bod.title}
        ),
        template="bod_sent",
        context_fn=lambda: {"bod": bod, "corporaties": names, "url": _url(bod)},
        exclude_user_id=actor_id,
    )


def final_ready(version_id: int, actor_id=None) -> int:
    version = AgreementVersion.objects.select_related("agreement__cycle__gemeente").get(
        pk=version_id
    )
    agreement = version.agreement
    return _deliver(
        _other_party_ids(agreement, actor_id=actor_id),
        subject_fn=lambda: _("Driehoek: “%(title)s” is ready to sign") % {"title": agreement},
        template="final_ready",
        context_fn=lambda: {
            "agreement": agreement,
            "version": version,
            "url": _url(version),
        },
        exclude_user_id=actor_id,
    )


def concluded(agreement_id: int, organisation_id=None, actor_id=None) -> int:
    agreement = Agreement.objects.select_related("cycle__gemeente").get(pk=agreement_id)
    final = agreement.versions.filter(is_final=True).order_by("-number").first()
    declined = (
        list(final.signatures.filter(decision=Decision.DECLINED).select_related("organisation"))
        if final
        else []
    )

    def subject():
        if agreement.concluded_with_tenant_refusal:
            return _("Driehoek: “%(title)s” is concluded; a tenant organisation declined") % {
                "title": agreement
            }
        return _("Driehoek: “%(title)s” is concluded") % {"title": agreement}

    return _deliver(
        _other_party_ids(
            agreement,
            acting_org_ids=[organisation_id] if organisation_id else (),
            actor_id=actor_id,
        ),
        subject_fn=subject,
        template="concluded",
        context_fn=lambda: {
            "agreement": agreement,
            "declined": declined,
            "url": _url(agreement),
        },
        exclude_user_id=actor_id,
    )


def dispute_started(dispute_id: int, actor_id=None) -> int:
    dispute = Dispute.objects.select_related("agreement__cycle", "organisation").get(pk=dispute_id)
    return _deliver(
        _other_party_ids(dispute.agreement, acting_org_ids=[dispute.organisation_id]),
        subject_fn=lambda: (
            _("Driehoek: %(org)s started a dispute about “%(title)s”")
            % {"org": dispute.organisation, "title": dispute.agreement}
        ),
        template="dispute_started",
        context_fn=lambda: {"dispute": dispute, "url": _url(dispute)},
        exclude_user_id=actor_id,
    )


def inforequest_asked(request_id: int, actor_id=None) -> int:
    req = InformationRequest.objects.select_related("requester", "corporatie", "cycle").get(
        pk=request_id
    )
    return _deliver(
        [req.corporatie_id],
        subject_fn=lambda: _("Driehoek: %(org)s asks you for information") % {"org": req.requester},
        template="inforequest_asked",
        context_fn=lambda: {"req": req, "url": _url(req)},
        exclude_user_id=actor_id,
    )


def inforequest_answered(request_id: int, actor_id=None) -> int:
    req = InformationRequest.objects.select_related("requester", "corporatie", "cycle").get(
        pk=request_id
    )
    return _deliver(
        [req.requester_id],
        subject_fn=lambda: (
            _("Driehoek: %(org)s answered your information request") % {"org": req.corporatie}
        ),
        template="inforequest_answered",
        context_fn=lambda: {"req": req, "url": _url(req)},
        exclude_user_id=actor_id,
    )
