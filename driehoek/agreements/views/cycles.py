"""The workspace and the cycle: the start page, creating and editing a cycle, its timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.dates import long_date
from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.listing import listing
from driehoek.organisations.models import OrganisationKind, Role

from .. import forms, selectors, services
from ..forms import recording as recording_forms
from ..forms.worklist import WorkspaceFilterForm
from ..models import (
    AgreementStatus,
)
from ..selectors import worklist
from ..services import cycles as cycle_services
from .base import GET_POST, _data, _events, _form_view, _page


@login_required
@require_safe
def index(request):
    """The werkplek: what waits, then the user's cycles and agreements as lists that sort,
    filter and page (``core.listing``)."""
    user = request.user
    today = timezone.localdate()
    bound = any(request.GET.get(k) for k in WorkspaceFilterForm.base_fields)
    form = WorkspaceFilterForm(request.GET if bound else None)
    valid = not form.is_bound or form.is_valid()
    f = form.filters() if valid else {}
    agreements = listing(
        request,
        worklist.workspace_agreements(
            user, q=f.get("q") or "", status=f.get("status") or "", year=f.get("year")
        ),
        sorts=worklist.AGREEMENT_SORTS,
        default="-period",
    )
    cycles = listing(
        request,
        worklist.workspace_cycles(user, q=f.get("q") or "", year=f.get("year")),
        sorts=worklist.CYCLE_SORTS,
        default="-year",
        prefix="c",
    )
    agreement_rows, cycle_rows = agreements.rows, cycles.rows
    agreement_waits = worklist.agreement_waits(user, agreement_rows, today)
    cycle_waits = worklist.cycle_waits(user, cycle_rows, today)
    signing = list(selectors.agreement_list_for_user(user).filter(status=AgreementStatus.SIGNING))
    return _page(
        request,
        "agreements/index.html",
        {
            "form": form,
            "agreements": agreements,
            "agreement_rows": [(a, agreement_waits[a.pk]) for a in agreement_rows],
            "cycles": cycles,
            "cycle_rows": [(c, cycle_waits[c.pk]) for c in cycle_rows],
            "to_sign": selectors.to_sign_for_user(user, signing),
            "my_points": selectors.open_points_for_user(user),
            "requests_open": selectors.open_inforequests_for_user(user),
            "due": worklist.upcoming_deadlines(user, today),
        },
        demo=any(c.gemeente.is_demo for c in cycle_rows),
        status=200 if valid else 400,
    )


@login_required
@GET_POST
def cycle_create(request):
    gemeenten = selectors.gemeenten_to_start_cycle(request.user)
    if not gemeenten:
        raise PermissionDenied
    form = forms.CycleForm(
        _data(request), gemeenten=gemeenten, initial={"year": timezone.localdate().year + 1}
    )
    return _form_view(
        request,
        form,
        lambda data: services.cycle_create(actor=request.user, **data),
        success=_("The cycle has been started."),
        title=_("Start a cycle"),
        submit=_("Start the cycle"),
        back=reverse("agreements:index"),
        intro=_(
            "A cycle is one year of making performance agreements with one municipality. The dates come from the law; you can change them when the law changes."
        ),
    )


def _waiting_for_signatures(signing) -> list:
    """Parties that must sign and have not signed the latest final version yet."""
    return selectors.waiting_for_signatures(signing)


def _timeline(cycle, *, woonvisie, warning, bods, agreements, interests_by_org, user_org_ids):
    today = timezone.localdate()
    parties = [cycle.gemeente, *cycle.participants.all()]
    corporaties = [o for o in parties if o.is_corporatie]
    steps = []

    def step(title, *, when=None, done=False, late=False, text="", waiting=()):
        waiting = list(waiting)
        steps.append(
            {
                "title": title,
                "when": when,
                "done": done,
                "late": late and not done,
                "text": text,
                "waiting": waiting,
                "mine": any(o.pk in user_org_ids for o in waiting),
            }
        )

    step(
        _("Financial indication (IBW) from the minister"),
        when=cycle.ibw_due,
        done=today > cycle.ibw_due,
        text=_(
            "Before this date the minister tells each housing association roughly how much "
            "money it can spend in the coming years: its financial room, the IBW "
            "(BTIV article 38)."
        ),
    )
    step(
        _("Woonvisie of the municipality"),
        done=warning is None,
        text=(
            warning["title"] if warning else _("Current: %(title)s") % {"title": woonvisie.title}
        ),
        waiting=[cycle.gemeente] if warning else [],
    )
    missing = [o for o in parties if o.pk not in interests_by_org]
    step(
        _("Interests per party"),
        done=not missing,
        text=_("Each party records its priorities per theme before the talks."),
        waiting=missing,
    )
    sent_by = {o.pk for b in bods if b.is_sent for o in b.corporaties.all()}
    late_bods = [b for b in bods if b.is_sent and b.is_late]
    waiting = [o for o in corporaties if o.pk not in sent_by]
    step(
        _("Bod from the housing associations"),
        when=cycle.bod_due,
        done=not waiting and bool(corporaties),
        late=today > cycle.bod_due,
        text=(_("Sent late: %(titles)s") % {"titles": ", ".join(b.title for b in late_bods)})
        if late_bods
        else _("The recipients must have the bod on this date (Woningwet art. 44(1))."),
        waiting=waiting,
    )
    step(
        _("Start of the talks"),
        when=cycle.talks_started_on,
        done=bool(cycle.talks_started_on),
        text=(
            _("A dispute about failing talks is possible from %(date)s.")
            % {"date": long_date(cycle.dispute_possible_from)}
        )
        if cycle.talks_started_on
        else _("Record the date the talks started: the dispute terms run from it."),
        waiting=[] if cycle.talks_started_on else [cycle.gemeente],
    )
    concluded = [
        a for a in agreements if a.status in (AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED)
    ]
    signing = [a for a in agreements if a.status == AgreementStatus.SIGNING]
    step(
        _("Agreements signed"),
        done=bool(concluded) and not signing,
        text=", ".join(f"{a.title}: {a.get_status_display()}" for a in agreements)
        or _("No agreement drafted yet."),
        waiting=_waiting_for_signatures(signing) if agreements else parties,
    )
    submitted = [a for a in agreements if a.status == AgreementStatus.SUBMITTED]
    step(
        _("Submission to the minister"),
        when=cycle.submission_due,
        done=bool(submitted),
        late=today > cycle.submission_due,
        text=_(
            "Before this date the housing association sends the signed agreements to the "
            "minister, the municipalities and the tenant organisations (Woningwet article 44a)."
        ),
        waiting=[] if submitted else corporaties,
    )
    return steps


@login_required
@require_safe
def cycle_detail(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    woonvisie = selectors.woonvisie_current(cycle.gemeente_id, year=cycle.year)
    warning = services.woonvisie_warning(woonvisie, year=cycle.year)
    bods = selectors.bods_for_cycle(user=request.user, cycle=cycle)
    agreements = selectors.cycle_agreements(cycle)
    disputes = selectors.cycle_disputes(cycle)
    interest_orgs = selectors.interest_org_ids(cycle)
    org_ids = selectors.user_org_ids(request.user)
    steps = _timeline(
        cycle,
        woonvisie=woonvisie,
        warning=warning,
        bods=bods,
        agreements=agreements,
        interests_by_org=interest_orgs,
        user_org_ids=org_ids,
    )
    next_for_me = next((s for s in steps if s["mine"] and not s["done"]), None)
    requests_ = selectors.cycle_information_requests(cycle, request.user)
    return _page(
        request,
        "agreements/cycle_detail.html",
        {
            "cycle": cycle,
            "woonvisie": woonvisie,
            "warning": warning,
            "bods": bods,
            "agreements": agreements,
            "steps": steps,
            "next_for_me": next_for_me,
            "disputes": disputes,
            "requests": requests_,
            "events": _events(cycle),
        },
        demo=cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def cycle_edit(request, cycle_id):
    cycle = selectors.cycle_get_for_user(
        user=request.user, cycle_id=cycle_id, need=Role.EDITOR, kinds=[OrganisationKind.GEMEENTE]
    )
    initial = {k: getattr(cycle, k) for k in services.CYCLE_FIELDS}
    form = forms.CycleEditForm(_data(request), initial=initial)
    return _form_view(
        request,
        form,
        lambda data: services.cycle_update(actor=request.user, cycle=cycle, **data),
        success=_("The cycle has been saved."),
        redirect_to=cycle,
        title=_("Dates of cycle %(cycle)s") % {"cycle": cycle},
        submit=_("Save"),
        back=cycle.get_absolute_url(),
        demo=cycle.gemeente.is_demo,
        intro=_(
            "Check the current legal dates: the law may have changed. Each year keeps its own dates."
        ),
    )


@login_required
@GET_POST
def cycle_parties(request, cycle_id):
    """The cycle's participants: add an organisation that became active in the gemeente after
    the cycle started, or remove one (the gemeente's administrator, or staff)."""
    cycle = selectors.cycle_get_for_parties(user=request.user, cycle_id=cycle_id)
    remove_error = None
    if request.method == "POST" and request.POST.get("remove"):
        organisation = next(
            (o for o in cycle.participants.all() if str(o.pk) == request.POST["remove"]), None
        )
        if organisation is None:
            raise Http404
        try:
            cycle_services.cycle_participant_remove(
                actor=request.user, cycle=cycle, organisation=organisation
            )
        except ServiceError as err:
            remove_error = err.message
        else:
            messages.success(
                request,
                _("%(org)s no longer takes part in this cycle.") % {"org": organisation},
            )
            return redirect("agreements:cycle_parties", cycle_id=cycle.uuid)
        form = recording_forms.CycleParticipantForm(
            organisations=selectors.cycle_participant_candidates(cycle)
        )
        outcome_status = 400
    else:
        form = recording_forms.CycleParticipantForm(
            _data(request), organisations=selectors.cycle_participant_candidates(cycle)
        )
        outcome = handle_form(
            request,
            form,
            lambda data: cycle_services.cycle_participant_add(
                actor=request.user, cycle=cycle, organisation=data["organisation"]
            ),
            success=_("The organisation takes part in this cycle now."),
            redirect_to=reverse("agreements:cycle_parties", kwargs={"cycle_id": cycle.uuid}),
        )
        if outcome.response:
            return outcome.response
        outcome_status = 400 if request.method == "POST" else 200
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle.uuid)
    return _page(
        request,
        "agreements/cycle_parties.html",
        {
            "cycle": cycle,
            "participants": list(cycle.participants.all()),
            "form": form,
            "remove_error": remove_error,
        },
        demo=cycle.gemeente.is_demo,
        status=outcome_status,
    )
