"""The signing ceremony: the review of exactly what is signed and the decision, the
confirmation after signing (Post/Redirect/Get) and the signer's receipt as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.permissions import require
from driehoek.organisations.models import Role

from .. import exports, selectors, services
from ..forms import signing as signing_forms
from ..models import Decision
from .base import GET_POST, _data, _form_view, _page


def _review(agreement, version) -> dict:
    """What the sign page shows: the version, the agreement, each party with its decision on
    this version so far and the number of commitments in the frozen text."""
    rows = selectors.version_decisions(agreement, version)
    return {
        "agreement": agreement,
        "version": version,
        "party_rows": rows,
        "signatures": [s for _p, s in rows if s is not None],
        "commitment_count": len(version.snapshot.get("commitments", [])),
    }


def _done_url(signature) -> str:
    """After a signature its confirmation; after a refusal the agreement, as before."""
    version = signature.version
    if signature.decision != Decision.SIGNED:
        return version.agreement.get_absolute_url()
    return reverse(
        "agreements:sign_done",
        kwargs={
            "agreement_id": version.agreement.uuid,
            "number": version.number,
            "signature_id": signature.pk,
        },
    )


@login_required
@GET_POST
def sign(request, agreement_id, number):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.SIGNATORY
    )
    version = selectors.version_get(agreement, number)
    form = signing_forms.SignForm(_data(request), acting=agreement.acting)
    return _form_view(
        request,
        form,
        lambda data: services.version_sign(
            actor=request.user,
            version=version,
            organisation=data["organisation"],
            decision=data["decision"],
            signer_name=data["signer_name"],
            reason=data["reason"],
        ),
        success=_("Your decision has been recorded."),
        redirect_to=_done_url,
        template="agreements/sign.html",
        context=_review(agreement, version),
        demo=agreement.is_demo,
    )


def _signature_for_receipt(request, agreement_id, number, signature_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    version = selectors.version_get(agreement, number)
    signature = selectors.signature_get(version, signature_id)
    require(request.user, "agreements.see_signature_receipt", signature)
    return agreement, version, signature


@login_required
@require_safe
def sign_done(request, agreement_id, number, signature_id):
    """What was signed, who still has to decide, and the receipt."""
    agreement, version, signature = _signature_for_receipt(
        request, agreement_id, number, signature_id
    )
    return _page(
        request,
        "agreements/sign_done.html",
        {
            "agreement": agreement,
            "version": version,
            "signature": signature,
            "waiting": selectors.version_waiting_for(agreement, version),
        },
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def signature_receipt(request, agreement_id, number, signature_id):
    """The receipt ("ontvangstbewijs") of one signature, as a small PDF."""
    agreement, version, signature = _signature_for_receipt(
        request, agreement_id, number, signature_id
    )
    response = HttpResponse(
        exports.receipt_pdf(agreement, version, signature), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ontvangstbewijs-versie-{version.number}.pdf"'
    )
    return response
