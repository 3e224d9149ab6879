"""Recording the past (agreements made before the platform), the bods an agreement answers and
a region's gemeenten as parties of a regional agreement."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.dates import long_date
from driehoek.core.permissions import require

from .. import selectors
from ..forms import recording as forms
from ..models import AgreementStatus
from ..services import parties as party_services
from ..services import recording as services
from .base import GET_POST, _data, _form_view, _page


def _record_url(agreement) -> str:
    return reverse("agreements:agreement_record", kwargs={"agreement_id": agreement.uuid})


@login_required
@GET_POST
def record_agreement(request):
    """A historic agreement in one go (staff, or an editor of one of its parties)."""
    require(request.user, "agreements.record_agreement")
    form = forms.AgreementRecordForm(
        _data(request),
        request.FILES or None,
        gemeenten=selectors.recordable_gemeenten(request.user),
        others=selectors.recordable_parties(),
    )
    return _form_view(
        request,
        form,
        lambda data: services.agreement_record(actor=request.user, **data),
        success=_(
            "The agreement has been recorded. Now record the decision of each party with its date."
        ),
        redirect_to=_record_url,
        title=_("Record an agreement made before Driehoek"),
        submit=_("Record the agreement"),
        back=reverse("agreements:index"),
        multipart=True,
        intro=_(
            "Agreements made before Driehoek (from 2015) are recorded as they happened: with "
            "the real dates and, if you have it, the signed document. Driehoek shows that they "
            "were recorded afterwards, by whom and when."
        ),
    )


@login_required
@require_safe
def agreement_record(request, agreement_id):
    agreement = selectors.agreement_get_for_recording(user=request.user, agreement_id=agreement_id)
    agreement = selectors.agreement_with_recorders(agreement)
    state = selectors.recording_state(agreement)
    can_freeze = (
        state["final"] is None
        and agreement.status in (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION)
        and services.is_recorded(agreement)
    )
    return _page(
        request,
        "agreements/recording.html",
        {"agreement": agreement, "can_freeze": can_freeze, **state},
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def source_document(request, agreement_id):
    """The signed document of an agreement recorded afterwards, only for its readers."""
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    if not agreement.source_document:
        raise Http404
    try:
        handle = agreement.source_document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = agreement.source_document_name or agreement.source_document.name.rsplit("/", 1)[-1]
    return FileResponse(handle, filename=name, content_type="application/pdf")


@login_required
@GET_POST
def record_freeze(request, agreement_id):
    agreement = selectors.agreement_get_for_recording(user=request.user, agreement_id=agreement_id)
    form = forms.RecordedFreezeForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.recorded_version_freeze(
            actor=request.user, agreement=agreement, **data
        ),
        success=_("The signed version has been recorded."),
        redirect_to=_record_url(agreement),
        title=_("Record the signed version"),
        submit=_("Record the version"),
        back=_record_url(agreement),
        demo=agreement.is_demo,
        intro=_(
            "This freezes the content as it is now as the final text that the parties signed. "
            "The parties do not need to say they are ready: that happened outside Driehoek."
        ),
    )


@login_required
@GET_POST
def record_signature(request, agreement_id):
    agreement = selectors.agreement_get_for_recording(
        user=request.user, agreement_id=agreement_id, rule="agreements.record_signature"
    )
    state = selectors.recording_state(agreement)
    final = state["final"]
    if final is None:
        raise Http404
    form = forms.SignatureRecordForm(
        _data(request), organisations=[p.organisation for p in state["open_rows"]]
    )
    return _form_view(
        request,
        form,
        lambda data: services.signature_record(actor=request.user, version=final, **data),
        success=_("The decision has been recorded."),
        redirect_to=_record_url(agreement),
        title=_("Record a party's decision"),
        submit=_("Record the decision"),
        back=_record_url(agreement),
        demo=agreement.is_demo,
        intro=_(
            "Enter the day the party signed or declined version %(n)s and the name of the "
            "person who signed. When every party that must sign has signed, the agreement is "
            "concluded on the day of the last signature."
        )
        % {"n": final.number},
    )


@login_required
@GET_POST
def record_submission(request, agreement_id):
    agreement = selectors.agreement_get_for_recording(
        user=request.user, agreement_id=agreement_id, rule="agreements.record_submission"
    )
    form = forms.SubmissionRecordForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.submission_record(actor=request.user, agreement=agreement, **data),
        success=_("The submission date has been recorded."),
        redirect_to=_record_url(agreement),
        title=_("Record the submission date"),
        submit=_("Record the submission"),
        back=_record_url(agreement),
        demo=agreement.is_demo,
        intro=_("The submission was due before %(date)s. A later date is shown as late.")
        % {"date": long_date(agreement.cycle.submission_due)},
    )


@login_required
@GET_POST
def record_dispute(request, agreement_id):
    agreement = selectors.agreement_get_for_recording(
        user=request.user, agreement_id=agreement_id, rule="agreements.record_dispute"
    )
    form = forms.DisputeRecordForm(
        _data(request), organisations=[p.organisation for p in agreement.parties.all()]
    )
    return _form_view(
        request,
        form,
        lambda data: services.dispute_record(actor=request.user, agreement=agreement, **data),
        success=_("The dispute has been recorded."),
        redirect_to=_record_url(agreement),
        title=_("Record a dispute that was filed"),
        submit=_("Record the dispute"),
        back=_record_url(agreement),
        demo=agreement.is_demo,
        intro=_(
            "The filing term and the filing window are judged against the filing date you "
            "enter, not against today."
        ),
    )


@login_required
@GET_POST
def bod_record_sent(request, bod_id):
    bod = selectors.bod_get_for_recording(user=request.user, bod_id=bod_id)
    form = forms.BodSentRecordForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.bod_record_sent(actor=request.user, bod=bod, **data),
        success=_("The date the bod was sent has been recorded."),
        redirect_to=bod,
        title=_("Record the date the bod was sent"),
        submit=_("Record the date"),
        back=bod.get_absolute_url(),
        demo=bod.cycle.gemeente.is_demo,
        intro=_(
            "For a bod sent before it was in Driehoek. The bod date was %(date)s: a later date "
            "is shown as late. After this the bod cannot be changed."
        )
        % {"date": long_date(bod.cycle.bod_due)},
    )


@login_required
@GET_POST
def agreement_bods(request, agreement_id):
    agreement = selectors.agreement_get_for_recording(
        user=request.user, agreement_id=agreement_id, rule="agreements.link_bods"
    )
    form = forms.BodsLinkForm(
        _data(request),
        bods=selectors.linkable_bods(agreement),
        initial={"bods": list(agreement.bods.values_list("pk", flat=True))}
        if request.method != "POST"
        else None,
    )
    return _form_view(
        request,
        form,
        lambda data: services.agreement_bods_set(
            actor=request.user, agreement=agreement, bods=data["bods"]
        ),
        success=_("The bods this agreement answers have been saved."),
        title=_("Bods this agreement answers"),
        submit=_("Save"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "An agreement answers the bod of each of its housing associations. Choose the "
            "sent bods of this cycle; commitments can then refer to their activities."
        ),
    )


@login_required
@GET_POST
def agreement_region(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    require(request.user, "agreements.add_region", agreement)
    form = forms.RegionForm(_data(request), regions=selectors.regions_for_agreement(agreement))
    return _form_view(
        request,
        form,
        lambda data: party_services.agreement_region_add(
            actor=request.user, agreement=agreement, region=data["region"]
        ),
        success=_("The municipalities of the region have been added as parties."),
        redirect_to=reverse("agreements:parties", kwargs={"agreement_id": agreement.uuid}),
        title=_("Add the municipalities of a region"),
        submit=_("Add the municipalities"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "A regional agreement is made with the municipalities of a region. Choose the "
            "region: its current member municipalities become parties."
        ),
    )
