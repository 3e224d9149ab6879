from __future__ import annotations

from collections import OrderedDict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.core.versioning import StaleEdit
from driehoek.organisations.models import TENANT_KINDS, Organisation, OrganisationKind, Role
from driehoek.organisations.selectors import user_memberships

from . import exports, forms, selectors, services
from .diff import compare
from .models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    BodLine,
    Decision,
    Dispute,
    OpenPoint,
    Proposal,
    ProposalStatus,
    Signature,
    Theme,
    WoonvisieGoal,
)

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _data(request):
    """Bound data for a POST (even an empty one), unbound on GET."""
    return request.POST if request.method == "POST" else None


def _page(request, template, ctx, *, demo=False, status=200):
    ctx.setdefault("show_demo_banner", demo)
    return render(request, template, ctx, status=status)


def _form_page(
    request,
    *,
    title,
    form,
    submit,
    back,
    intro="",
    warnings=(),
    demo=False,
    danger=False,
    multipart=False,
    extra_template=None,
    extra=None,
    status=None,
):
    if status is None:
        status = 400 if request.method == "POST" else 200
    ctx = {
        "title": title,
        "form": form,
        "submit": submit,
        "back": back,
        "intro": intro,
        "warnings": warnings,
        "danger": danger,
        "multipart": multipart,
        "extra_template": extra_template,
        **(extra or {}),
    }
    return _page(request, "agreements/form_page.html", ctx, demo=demo, status=status)


def _events(*targets):
    q = Q(pk__in=[])
    for t in targets:
        q |= Q(target_type=t._meta.label_lower, target_id=str(t.pk))
    return AuditEvent.objects.filter(q).select_related("actor").order_by("-created_at", "-id")[:50]


# Workspace ---------------------------------------------------------------------------------


@login_required
@require_safe
def index(request):
    user = request.user
    org_ids = selectors.user_org_ids(user)
    cycles = list(selectors.cycle_list_for_user(user)[:50])
    agreements = list(
        selectors.agreement_list_for_user(user).annotate(
            open_point_count=Count(
                "open_points", filter=Q(open_points__resolved_at__isnull=True), distinct=True
            )
        )[:100]
    )
    pending_sign = [a for a in agreements if a.status == AgreementStatus.SIGNING]
    # Only the latest final version counts: after a reopened negotiation everyone signs again.
    latest_final = dict(
        AgreementVersion.objects.filter(agreement__in=pending_sign, is_final=True)
        .values("agreement_id")
        .annotate(n=Max("number"))
        .values_list("agreement_id", "n")
    )
    signed_orgs = {
        (aid, org)
        for aid, number, org in Signature.objects.filter(
            version__agreement__in=pending_sign, version__is_final=True
        ).values_list("version__agreement_id", "version__number", "organisation_id")
        if latest_final.get(aid) == number
    }
    memberships = user_memberships(user)
    party_rows = AgreementParty.objects.filter(
        agreement__in=pending_sign, organisation_id__in=org_ids
    ).select_related("organisation")
    to_sign = [
        (p.agreement_id, p.organisation)
        for p in party_rows
        if (p.agreement_id, p.organisation_id) not in signed_orgs
        and memberships[p.organisation_id].has_role(Role.SIGNATORY)
    ]
    by_id = {a.pk: a for a in agreements}
    to_sign = [(by_id[aid], org) for aid, org in to_sign if aid in by_id]
    my_points = list(
        OpenPoint.objects.filter(owner_id__in=org_ids, resolved_at__isnull=True)
        .select_related("agreement", "owner")
        .order_by("due_on")[:20]
    )
    requests_open = list(
        selectors.inforequest_list_for_user(user)
        .filter(answered_at__isnull=True)
        .order_by("created_at")[:20]
    )
    today = timezone.localdate()
    due = []
    for c in cycles:
        for label, when in ((_("Bod available"), c.bod_due), (_("Submission"), c.submission_due)):
            if when >= today:
                due.append({"cycle": c, "label": label, "date": when})
    due.sort(key=lambda d: d["date"])
    can_start_cycle = user.is_authenticated and any(
        m.has_role(Role.EDITOR) and m.organisation.kind == OrganisationKind.GEMEENTE
        for m in user.memberships.select_related("organisation")
    )
    demo = any(c.gemeente.is_demo for c in cycles)
    return _page(
        request,
        "agreements/index.html",
        {
            "cycles": cycles,
            "agreements": agreements,
            "to_sign": to_sign,
            "my_points": my_points,
            "requests_open": requests_open,
            "due": due[:8],
            "can_start_cycle": can_start_cycle,
        },
        demo=demo,
    )


# Cycle -------------------------------------------------------------------------------------


@login_required
@GET_POST
def cycle_create(request):
    gemeenten = [
        m.organisation
        for m in request.user.memberships.select_related("organisation")
        if m.has_role(Role.EDITOR) and m.organisation.kind == OrganisationKind.GEMEENTE
    ]
    if not gemeenten:
        raise PermissionDenied
    form = forms.CycleForm(
        _data(request), gemeenten=gemeenten, initial={"year": timezone.localdate().year + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The cycle has been started."))
            return redirect(cycle)
    return _form_page(
        request,
        title=_("Start a cycle"),
        form=form,
        submit=_("Start the cycle"),
        back=reverse("agreements:index"),
        intro=_(
            "A cycle is one year of making performance agreements with one municipality. The dates come from the law; you can change them when the law changes."
        ),
    )


def _waiting_for_signatures(signing) -> list:
    """Parties that must sign and have not signed the latest final version yet."""
    if not signing:
        return []
    latest = dict(
        AgreementVersion.objects.filter(agreement__in=signing, is_final=True)
        .values("agreement_id")
        .annotate(n=Max("number"))
        .values_list("agreement_id", "n")
    )
    signed = {
        (aid, org)
        for aid, number, org in Signature.objects.filter(
            version__agreement__in=signing, version__is_final=True, decision=Decision.SIGNED
        ).values_list("version__agreement_id", "version__number", "organisation_id")
        if latest.get(aid) == number
    }
    waiting = {}
    for party in AgreementParty.objects.filter(agreement__in=signing).select_related(
        "organisation"
    ):
        if party.must_sign and (party.agreement_id, party.organisation_id) not in signed:
            waiting[party.organisation_id] = party.organisation
    return sorted(waiting.values(), key=lambda o: o.name)


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
            "The minister sends each corporatie's spending room before this date (BTIV art. 38)."
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
            % {"date": cycle.dispute_possible_from.strftime("%d-%m-%Y")}
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
        text=_("The corporatie sends the agreements before this date (Woningwet art. 44a)."),
        waiting=[] if submitted else corporaties,
    )
    return steps


@login_required
@require_safe
def cycle_detail(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    woonvisie = selectors.woonvisie_current(cycle.gemeente_id)
    warning = services.woonvisie_warning(woonvisie)
    bods = selectors.bods_for_cycle(user=request.user, cycle=cycle)
    agreements = list(cycle.agreements.order_by("title"))
    disputes = list(
        Dispute.objects.filter(agreement__cycle=cycle)
        .select_related("agreement", "organisation")
        .order_by("-created_at")
    )
    interest_orgs = set(cycle.interests.values_list("organisation_id", flat=True))
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
    memberships = user_memberships(request.user)
    is_editor = {
        o.pk: memberships[o.pk].has_role(Role.EDITOR)
        for o in [cycle.gemeente, *cycle.participants.all()]
        if o.pk in memberships
    }
    requests_ = (
        list(
            cycle.information_requests.select_related("requester", "corporatie").filter(
                Q(requester_id__in=org_ids) | Q(corporatie_id__in=org_ids)
            )
        )
        if not request.user.is_staff
        else list(cycle.information_requests.select_related("requester", "corporatie"))
    )
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
            "gemeente_editor": is_editor.get(cycle.gemeente_id, False),
            "corporatie_editor": any(
                v
                for k, v in is_editor.items()
                if any(o.pk == k and o.is_corporatie for o in cycle.participants.all())
            ),
            "any_editor": any(is_editor.values()),
            "asker_editor": any(
                v
                for k, v in is_editor.items()
                if k == cycle.gemeente_id
                or any(o.pk == k and o.is_tenant_body for o in cycle.participants.all())
            ),
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
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_update(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The cycle has been saved."))
            return redirect(cycle)
    return _form_page(
        request,
        title=_("Dates of cycle %(cycle)s") % {"cycle": cycle},
        form=form,
        submit=_("Save"),
        back=cycle.get_absolute_url(),
        demo=cycle.gemeente.is_demo,
        intro=_(
            "Check the current legal dates: the law may have changed. Each year keeps its own dates."
        ),
    )


# Woonvisie ---------------------------------------------------------------------------------


@login_required
@GET_POST
def woonvisie_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(
        user=request.user, cycle_id=cycle_id, need=Role.EDITOR, kinds=[OrganisationKind.GEMEENTE]
    )
    form = forms.WoonvisieForm(_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            woonvisie = services.woonvisie_create(
                actor=request.user, gemeente=cycle.gemeente, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request, _("The woonvisie has been recorded. Add its goals per theme.")
            )
            return redirect(woonvisie)
    return _form_page(
        request,
        title=_("Record the woonvisie"),
        form=form,
        submit=_("Save the woonvisie"),
        back=cycle.get_absolute_url(),
        multipart=True,
        demo=cycle.gemeente.is_demo,
    )


@login_required
@require_safe
def woonvisie_detail(request, woonvisie_id):
    woonvisie = selectors.woonvisie_get_for_user(user=request.user, woonvisie_id=woonvisie_id)
    goals = list(woonvisie.goals.all())
    can_edit = user_memberships(request.user).get(
        woonvisie.gemeente_id
    ) is not None and user_memberships(request.user)[woonvisie.gemeente_id].has_role(Role.EDITOR)
    return _page(
        request,
        "agreements/woonvisie_detail.html",
        {
            "woonvisie": woonvisie,
            "goals": goals,
            "warning": services.woonvisie_warning(woonvisie),
            "can_edit": can_edit,
            "events": _events(woonvisie),
        },
        demo=woonvisie.gemeente.is_demo,
    )


@login_required
@require_safe
def woonvisie_document(request, woonvisie_id):
    """The uploaded woonvisie, only for the parties (media files are not public)."""
    woonvisie = selectors.woonvisie_get_for_user(user=request.user, woonvisie_id=woonvisie_id)
    if not woonvisie.document:
        raise Http404
    try:
        handle = woonvisie.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=woonvisie.document.name.rsplit("/", 1)[-1])


@login_required
@GET_POST
def woonvisie_goal_add(request, woonvisie_id):
    woonvisie = selectors.woonvisie_get_for_user(
        user=request.user, woonvisie_id=woonvisie_id, need=Role.EDITOR
    )
    form = forms.GoalForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.woonvisie_goal_add(
                actor=request.user, woonvisie=woonvisie, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The goal has been added."))
            return redirect(woonvisie)
    return _form_page(
        request,
        title=_("Add a goal to %(title)s") % {"title": woonvisie.title},
        form=form,
        submit=_("Add the goal"),
        back=woonvisie.get_absolute_url(),
        demo=woonvisie.gemeente.is_demo,
    )


# Interests ---------------------------------------------------------------------------------


@login_required
@require_safe
def interests(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id)
    by_org = OrderedDict()
    for party in [cycle.gemeente, *cycle.participants.all()]:
        by_org[party] = []
    for interest in cycle.interests.select_related("organisation"):
        by_org.setdefault(interest.organisation, []).append(interest)
    memberships = user_memberships(request.user)
    can_edit = any(memberships[o.pk].has_role(Role.EDITOR) for o in by_org if o.pk in memberships)
    return _page(
        request,
        "agreements/interests.html",
        {"cycle": cycle, "by_org": by_org, "can_edit": can_edit},
        demo=cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def interest_add(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id, need=Role.EDITOR)
    form = forms.InterestForm(_data(request), acting=cycle.acting)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_set(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request, _("Your interest has been recorded. The other parties can see it.")
            )
            return redirect("agreements:interests", cycle_id=cycle.uuid)
    return _form_page(
        request,
        title=_("Record an interest"),
        form=form,
        submit=_("Save"),
        back=reverse("agreements:interests", kwargs={"cycle_id": cycle.uuid}),
        demo=cycle.gemeente.is_demo,
        intro=_(
            "What matters most to your organisation on this theme this year? One entry per theme; saving again replaces it."
        ),
    )


# Bod ---------------------------------------------------------------------------------------


@login_required
@GET_POST
def bod_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(
        user=request.user, cycle_id=cycle_id, need=Role.EDITOR, kinds=[OrganisationKind.CORPORATIE]
    )
    corporaties = [o for o in cycle.participants.all() if o.is_corporatie]
    form = forms.BodForm(
        _data(request),
        corporaties=corporaties,
        initial={"corporaties": cycle.acting, "title": f"Bod {cycle.year + 1} – {cycle.gemeente}"},
    )
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["corporaties"])
        try:
            if not {c.pk for c in chosen} & {c.pk for c in cycle.acting}:
                raise ServiceError(
                    _("Your own housing association must be one of the senders."),
                    field="corporaties",
                )
            bod = services.bod_create(
                actor=request.user,
                cycle=cycle,
                corporaties=chosen,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request, _("The bod has been created. Add the proposed activities per theme.")
            )
            return redirect(bod)
    return _form_page(
        request,
        title=_("Draft a bod"),
        form=form,
        submit=_("Create the bod"),
        back=cycle.get_absolute_url(),
        demo=cycle.gemeente.is_demo,
    )


@login_required
@require_safe
def bod_detail(request, bod_id):
    bod = selectors.bod_get_for_user(user=request.user, bod_id=bod_id)
    sections = {sec.theme: sec.text for sec in bod.sections.all()}
    lines = sorted(bod.lines.all(), key=lambda ln: (ln.year or 0, ln.pk))
    themes = [
        {
            "label": label,
            "text": sections.get(value, ""),
            "lines": [ln for ln in lines if ln.theme == value],
        }
        for value, label in Theme.choices
        if value in sections or any(ln.theme == value for ln in lines)
    ]
    memberships = user_memberships(request.user)
    can_edit = any(
        memberships[o.pk].has_role(Role.EDITOR)
        for o in bod.corporaties.all()
        if o.pk in memberships
    )
    return _page(
        request,
        "agreements/bod_detail.html",
        {
            "bod": bod,
            "themes": themes,
            "can_edit": can_edit and not bod.is_sent,
            "events": _events(bod),
        },
        demo=bod.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def bod_line_add(request, bod_id):
    bod = selectors.bod_get_for_user(user=request.user, bod_id=bod_id, need=Role.EDITOR)
    form = forms.BodLineForm(_data(request), initial={"year": bod.cycle.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.bod_line_add(actor=request.user, bod=bod, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The activity has been added."))
            return redirect(bod)
    return _form_page(
        request,
        title=_("Add a proposed activity"),
        form=form,
        submit=_("Add the activity"),
        back=bod.get_absolute_url(),
        demo=bod.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def bod_section(request, bod_id):
    bod = selectors.bod_get_for_user(user=request.user, bod_id=bod_id, need=Role.EDITOR)
    form = forms.BodSectionForm(_data(request), initial={"theme": request.GET.get("theme")})
    if request.method == "POST" and form.is_valid():
        try:
            services.bod_section_set(actor=request.user, bod=bod, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The explanation has been saved."))
            return redirect(bod)
    return _form_page(
        request,
        title=_("Explain the bod per theme"),
        form=form,
        submit=_("Save"),
        back=bod.get_absolute_url(),
        demo=bod.cycle.gemeente.is_demo,
        intro=_("One explanation per theme; saving again replaces it."),
    )


@login_required
@GET_POST
def bod_consultation(request, bod_id):
    bod = selectors.bod_get_for_user(user=request.user, bod_id=bod_id, need=Role.EDITOR)
    form = forms.ConsultationForm(
        _data(request),
        initial={"consulted_on": bod.consulted_on, "consultation_note": bod.consultation_note},
        version=bod.version,
    )
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            services.bod_record_consultation(
                actor=request.user,
                bod=bod,
                consulted_on=form.cleaned_data["consulted_on"],
                note=form.cleaned_data["consultation_note"],
                expected_version=form.loaded_version,
            )
        except StaleEdit as err:
            form.refuse_stale(err)
            status = 409
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The consultation has been recorded."))
            return redirect(bod)
    return _form_page(
        request,
        status=status,
        title=_("Record the tenant consultation"),
        form=form,
        submit=_("Save"),
        back=bod.get_absolute_url(),
        demo=bod.cycle.gemeente.is_demo,
        intro=_(
            "The corporatie consults its tenant organisations on the bod before sending it (Woningwet art. 43(2))."
        ),
    )


@login_required
@GET_POST
def bod_send(request, bod_id):
    bod = selectors.bod_get_for_user(user=request.user, bod_id=bod_id, need=Role.EDITOR)
    form = forms.ConfirmForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.bod_send(actor=request.user, bod=bod)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("The bod has been sent to the municipality and the tenant organisations."),
            )
            return redirect(bod)
    warnings = []
    if timezone.localdate() > bod.cycle.bod_due:
        warnings.append(
            _("The bod date (%(date)s) has passed: the bod will be marked as late.")
            % {"date": bod.cycle.bod_due.strftime("%d-%m-%Y")}
        )
    return _form_page(
        request,
        title=_("Send the bod"),
        form=form,
        submit=_("Send the bod"),
        back=bod.get_absolute_url(),
        warnings=warnings,
        demo=bod.cycle.gemeente.is_demo,
        intro=_(
            "Sending shares the bod with the municipality and the tenant organisations, with the date and time. After sending it cannot be changed."
        ),
    )


# Agreement ---------------------------------------------------------------------------------


def _party_candidates(cycle) -> list[Organisation]:
    """The cycle's own parties and, for regional agreements, the other gemeenten of the same
    region(s)."""
    neighbours = list(
        Organisation.objects.filter(
            kind=OrganisationKind.GEMEENTE, is_current=True, regions__members=cycle.gemeente
        )
        .exclude(pk=cycle.gemeente_id)
        .distinct()
        .order_by("name")[:60]
    )
    return [cycle.gemeente, *cycle.participants.all(), *neighbours]


@login_required
@GET_POST
def agreement_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id, need=Role.EDITOR)
    in_cycle = [cycle.gemeente, *cycle.participants.all()]
    parties = _party_candidates(cycle)
    parents = Agreement.objects.filter(cycle__gemeente=cycle.gemeente).order_by("-period_start")
    bods = cycle.bods.filter(status="sent")
    form = forms.AgreementForm(
        _data(request),
        parties=parties,
        parents=parents,
        bods=bods,
        initial={
            "parties": in_cycle,
            "period_start": cycle.year + 1,
            "period_end": cycle.year + 1,
            "kind": "jaarschijf",
            "title": f"Prestatieafspraken {cycle.gemeente} {cycle.year + 1}",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            if not {o.pk for o in form.cleaned_data["parties"]} & {o.pk for o in cycle.acting}:
                raise ServiceError(
                    _("Your own organisation must be one of the parties."), field="parties"
                )
            agreement = services.agreement_create(
                actor=request.user, cycle=cycle, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("The agreement has been created with the standard clauses. Add the commitments."),
            )
            return redirect(agreement)
    return _form_page(
        request,
        title=_("Draft an agreement"),
        form=form,
        submit=_("Create the agreement"),
        back=cycle.get_absolute_url(),
        demo=cycle.gemeente.is_demo,
    )


def _parties_changeable(agreement) -> bool:
    return agreement.is_editable and not agreement.versions.filter(is_final=True).exists()


@login_required
@GET_POST
def parties(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    rows = list(agreement.parties.select_related("organisation"))
    current = {p.organisation_id for p in rows}
    candidates = [
        o for o in _party_candidates(agreement.cycle) if o.pk not in current and o.is_current
    ]
    form = forms.PartyAddForm(_data(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_party_add(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("%(org)s is now a party to the agreement.")
                % {"org": form.cleaned_data["organisation"]},
            )
            return redirect("agreements:parties", agreement_id=agreement.uuid)
    involved = {}
    for c in agreement.commitments.select_related("responsible").prefetch_related("counterparties"):
        for org_id in {c.responsible_id, *[o.pk for o in c.counterparties.all()]}:
            involved.setdefault(org_id, []).append(c.reference)
    return _page(
        request,
        "agreements/parties.html",
        {
            "agreement": agreement,
            "rows": [(p, sorted(involved.get(p.organisation_id, []))) for p in rows],
            "form": form,
            "changeable": _parties_changeable(agreement),
            "candidates": candidates,
        },
        demo=agreement.is_demo,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@GET_POST
def party_remove(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    party = selectors.agreement_party_get(agreement, pk)
    form = forms.ConfirmForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_party_remove(actor=request.user, agreement=agreement, party=party)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("%(org)s is no longer a party to the agreement.") % {"org": party.organisation},
            )
            return redirect("agreements:parties", agreement_id=agreement.uuid)
    warnings = []
    if not _parties_changeable(agreement):
        warnings.append(
            _(
                "The parties can only change while the agreement is a draft or in negotiation, before a version was frozen as final for signing."
            )
        )
    return _form_page(
        request,
        title=_("Remove %(org)s as a party") % {"org": party.organisation},
        form=form,
        submit=_("Remove the party"),
        back=reverse("agreements:parties", kwargs={"agreement_id": agreement.uuid}),
        warnings=warnings,
        danger=True,
        demo=agreement.is_demo,
        intro=_(
            "The organisation's comments and positions stay on record. Commitments of this party must be reassigned first."
        ),
    )


def _positions_summary(objects, parties):
    for obj in objects:
        by_org = {p.organisation_id: p for p in obj.positions.all()}
        obj.position_rows = [(org, by_org.get(org.pk)) for org in parties]
        obj.comment_count = len(obj.comments.all())


@login_required
@require_safe
def agreement_detail(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    parties = [p.organisation for p in agreement.parties.all()]
    commitments = selectors.agreement_commitments(agreement)
    clauses = selectors.agreement_clauses(agreement)
    _positions_summary(commitments, parties)
    _positions_summary(clauses, parties)
    by_theme = OrderedDict()
    for c in commitments:
        c.target_map = {t.year: t.value for t in c.targets.all()}
        c.target_list = [c.target_map.get(y) for y in agreement.years]
        by_theme.setdefault(c.get_theme_display(), []).append(c)
    versions = list(agreement.versions.order_by("-number"))
    final = next((v for v in versions if v.is_final), None)
    signatures = {s.organisation_id: s for s in selectors.signatures_for(final)}
    sign_rows = [(p, signatures.get(p.organisation_id)) for p in agreement.parties.all()]
    memberships = user_memberships(request.user)
    mine = [p for p in parties if p.pk in memberships]
    can_edit = any(memberships[o.pk].has_role(Role.EDITOR) for o in mine)
    can_sign = (
        final is not None
        and versions[0].pk == final.pk
        and agreement.status in (AgreementStatus.SIGNING, AgreementStatus.CONCLUDED)
        and any(memberships[o.pk].has_role(Role.SIGNATORY) and o.pk not in signatures for o in mine)
    )
    open_points = list(
        agreement.open_points.filter(resolved_at__isnull=True).select_related("owner")
    )
    proposals = list(
        agreement.proposals.filter(status=ProposalStatus.OPEN).select_related(
            "organisation", "commitment", "clause"
        )
    )
    disputes = list(agreement.disputes.select_related("organisation"))
    children = list(agreement.children.order_by("period_start", "title"))
    woonvisie_warning = services.woonvisie_warning(
        selectors.woonvisie_current(agreement.cycle.gemeente_id)
    )
    tenant_declined = [
        s
        for s in signatures.values()
        if s.decision == Decision.DECLINED and s.organisation.kind in TENANT_KINDS
    ]
    return _page(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "by_theme": by_theme,
            "clauses": clauses,
            "commitment_count": len(commitments),
            "warnings": services.drafting_warnings(agreement, commitments, parties)
            if agreement.is_editable
            else [],
            "versions": versions,
            "final": final,
            "sign_rows": sign_rows,
            "can_edit": can_edit and agreement.is_editable,
            "can_act": can_edit,
            "can_sign": can_sign,
            "open_points": open_points,
            "proposals": proposals,
            "disputes": disputes,
            "children": children,
            "tenant_declined": tenant_declined,
            "warning": woonvisie_warning,
            "is_corporatie_member": any(
                o.is_corporatie and memberships[o.pk].has_role(Role.EDITOR) for o in mine
            ),
            "events": _events(agreement),
        },
        demo=agreement.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def clause_edit(request, agreement_id, pk=None):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    clause = selectors.clause_get(agreement, pk) if pk else None
    form = forms.ClauseForm(
        _data(request),
        initial={"title": clause.title, "text": clause.text} if clause else None,
        version=clause.version if clause else None,
    )
    status = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.clause_save(
                actor=request.user,
                agreement=agreement,
                clause=clause,
                expected_version=form.loaded_version if clause else None,
                **data,
            )
        except StaleEdit as err:
            form.refuse_stale(err)
            status = 409
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The clause has been saved."))
            return redirect(agreement)
    warnings = (
        []
        if agreement.is_editable
        else [
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        ]
    )
    return _form_page(
        request,
        status=status,
        title=_("Edit clause") if clause else _("Add a clause"),
        form=form,
        submit=_("Save"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
    )


def _commitment_form(request, agreement, commitment=None):
    parties = [p.organisation for p in agreement.parties.all()]
    goals = WoonvisieGoal.objects.filter(
        woonvisie__gemeente__in=[p for p in parties if p.is_gemeente]
    ).select_related("woonvisie")
    lines = BodLine.objects.filter(bod__cycle=agreement.cycle, bod__status="sent")
    initial = None
    if commitment is not None:
        initial = {k: getattr(commitment, k) for k in services.COMMITMENT_FIELDS}
        initial["counterparties"] = list(commitment.counterparties.all())
        for t in commitment.targets.all():
            initial[f"target_{t.year}"] = format(t.value.normalize(), "f")
    return forms.CommitmentForm(
        _data(request),
        initial=initial,
        version=commitment.version if commitment is not None else None,
        agreement=agreement,
        parties=parties,
        goals=goals,
        bod_lines=lines,
    )


@login_required
@GET_POST
def commitment_edit(request, agreement_id, pk=None):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    commitment = selectors.commitment_get(agreement, pk) if pk else None
    form = _commitment_form(request, agreement, commitment)
    status = None
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.COMMITMENT_FIELDS}
        try:
            services.commitment_save(
                actor=request.user,
                agreement=agreement,
                commitment=commitment,
                targets=form.targets(),
                counterparties=form.cleaned_data["counterparties"],
                expected_version=form.loaded_version if commitment else None,
                **data,
            )
        except StaleEdit as err:
            form.refuse_stale(err)
            status = 409
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The commitment has been saved."))
            return redirect(agreement.get_absolute_url() + "#commitments")
    warnings = (
        []
        if agreement.is_editable
        else [
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        ]
    )
    return _form_page(
        request,
        status=status,
        title=(_("Edit commitment %(ref)s") % {"ref": commitment.reference})
        if commitment
        else _("Add a commitment"),
        form=form,
        submit=_("Save the commitment"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        intro=_(
            "A result commitment is SMART when it has an indicator, a unit and a target for at least one year."
        ),
    )


def _discussion_target(agreement, on: str):
    kind, _sep, pk = (on or "").partition("-")
    if kind == "commitment":
        return selectors.commitment_get(agreement, pk), None
    if kind == "clause":
        return None, selectors.clause_get(agreement, pk)
    raise Http404


@login_required
@require_safe
def discussion(request, agreement_id, on):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    commitment, clause = _discussion_target(agreement, on)
    target = commitment or clause
    comments = list(target.comments.select_related("organisation", "author"))
    roots = [c for c in comments if c.parent_id is None]
    for c in comments:
        c.reply_list = [r for r in comments if r.parent_id == c.pk]
    positions = list(target.positions.select_related("organisation", "updated_by"))
    proposals = list(target.proposals.select_related("organisation"))
    memberships = user_memberships(request.user)
    acting = [
        p.organisation
        for p in agreement.parties.all()
        if p.organisation_id in memberships and memberships[p.organisation_id].has_role(Role.EDITOR)
    ]
    ctx = {
        "agreement": agreement,
        "commitment": commitment,
        "clause": clause,
        "target": target,
        "on": on,
        "roots": roots,
        "positions": positions,
        "proposals": proposals,
        "acting": acting,
    }
    if acting:
        ctx["comment_form"] = forms.CommentForm(acting=acting, initial={"on": on})
        ctx["position_form"] = forms.PositionForm(
            acting=acting, initial={"on": on}, auto_id="pos_%s"
        )
    if commitment is not None:
        ctx["targets"] = list(commitment.targets.all())
    return _page(request, "agreements/discussion.html", ctx, demo=agreement.is_demo)


@login_required
@GET_POST
def comment_add(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    on = request.POST.get("on") or request.GET.get("on") or ""
    form = forms.CommentForm(
        _data(request),
        acting=agreement.acting,
        initial={"on": on, "parent": request.GET.get("parent")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment, clause = _discussion_target(agreement, form.cleaned_data["on"])
            parent = None
            if form.cleaned_data.get("parent"):
                parent = agreement.comments.filter(pk=form.cleaned_data["parent"]).first()
                if parent is None:
                    raise ServiceError(_("You can only reply to a comment on this agreement."))
            services.comment_add(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
                commitment=commitment,
                clause=clause,
                parent=parent,
            )
        except ServiceError as err:
            err.add_to_form(form)
        except Http404:
            form.add_error(None, _("Choose a commitment or clause to comment on."))
        else:
            messages.success(request, _("Your comment has been placed."))
            return redirect(
                "agreements:discussion", agreement_id=agreement.uuid, on=form.cleaned_data["on"]
            )
    return _form_page(
        request,
        title=_("Comment"),
        form=form,
        submit=_("Place the comment"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def position_set(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    on = request.POST.get("on") or request.GET.get("on") or ""
    form = forms.PositionForm(_data(request), acting=agreement.acting, initial={"on": on})
    if request.method == "POST" and form.is_valid():
        try:
            commitment, clause = _discussion_target(agreement, form.cleaned_data["on"])
            services.position_set(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                stance=form.cleaned_data["stance"],
                note=form.cleaned_data["note"],
                commitment=commitment,
                clause=clause,
            )
        except ServiceError as err:
            err.add_to_form(form)
        except Http404:
            form.add_error(None, _("Choose a commitment or clause."))
        else:
            messages.success(request, _("Your position has been recorded."))
            return redirect(
                "agreements:discussion", agreement_id=agreement.uuid, on=form.cleaned_data["on"]
            )
    return _form_page(
        request,
        title=_("Record your position"),
        form=form,
        submit=_("Save the position"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def open_points(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    points = list(agreement.open_points.select_related("owner", "commitment"))
    memberships = user_memberships(request.user)
    can_edit = any(
        memberships[p.organisation_id].has_role(Role.EDITOR)
        for p in agreement.parties.all()
        if p.organisation_id in memberships
    )
    return _page(
        request,
        "agreements/open_points.html",
        {
            "agreement": agreement,
            "open": [p for p in points if not p.resolved_at],
            "resolved": [p for p in points if p.resolved_at],
            "can_edit": can_edit,
            "today": timezone.localdate(),
        },
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def open_point_add(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.OpenPointForm(
        _data(request), parties=[p.organisation for p in agreement.parties.all()]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.open_point_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The open point has been added."))
            return redirect("agreements:open_points", agreement_id=agreement.uuid)
    return _form_page(
        request,
        title=_("Add an open point"),
        form=form,
        submit=_("Add"),
        back=reverse("agreements:open_points", kwargs={"agreement_id": agreement.uuid}),
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def open_point_resolve(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    point = agreement.open_points.filter(pk=pk).first()
    if point is None:
        raise Http404
    form = forms.ResolveForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.open_point_resolve(actor=request.user, point=point, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The open point has been resolved."))
            return redirect("agreements:open_points", agreement_id=agreement.uuid)
    return _form_page(
        request,
        title=_("Resolve: %(title)s") % {"title": point.title},
        form=form,
        submit=_("Resolve"),
        back=reverse("agreements:open_points", kwargs={"agreement_id": agreement.uuid}),
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def proposal_create(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.ProposalForm(
        _data(request),
        acting=agreement.acting,
        clauses=agreement.clauses.all(),
        commitments=agreement.commitments.all(),
        initial={"on": request.GET.get("on")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment, clause = _discussion_target(agreement, form.cleaned_data["on"])
            services.proposal_create(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                commitment=commitment,
                clause=clause,
                new_text=form.cleaned_data["new_text"],
                target_year=form.cleaned_data["target_year"],
                target_value=form.cleaned_data["target_value"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request, _("Your proposal has been placed. Another party accepts or rejects it.")
            )
            return redirect(
                "agreements:discussion", agreement_id=agreement.uuid, on=form.cleaned_data["on"]
            )
    warnings = (
        []
        if agreement.is_editable
        else [
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        ]
    )
    return _form_page(
        request,
        title=_("Propose a change"),
        form=form,
        submit=_("Place the proposal"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def proposal_decide(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    proposal = (
        Proposal.objects.filter(agreement=agreement, pk=pk)
        .select_related("commitment", "clause", "organisation")
        .first()
    )
    if proposal is None:
        raise Http404
    form = forms.DecideForm(_data(request), acting=agreement.acting)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decide(
                actor=request.user,
                proposal=proposal,
                organisation=form.cleaned_data["organisation"],
                accept=request.POST.get("decision") == "accept",
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The proposal has been decided."))
            return redirect(agreement)
    status = 400 if request.method == "POST" else 200
    return _page(
        request,
        "agreements/proposal_decide.html",
        {"agreement": agreement, "proposal": proposal, "form": form},
        demo=agreement.is_demo,
        status=status,
    )


# Versions and signing ----------------------------------------------------------------------


@login_required
@GET_POST
def version_freeze(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.FreezeForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_freeze(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("Version %(n)s has been frozen.") % {"n": version.number})
            return redirect(version)
    open_count = agreement.open_points.filter(resolved_at__isnull=True).count()
    warnings = []
    if not agreement.is_editable:
        warnings.append(
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        )
    if open_count:
        warnings.append(_("There are still %(n)s open points.") % {"n": open_count})
    warnings += services.drafting_warnings(agreement)
    return _form_page(
        request,
        title=_("Freeze a version"),
        form=form,
        submit=_("Freeze this version"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        intro=_(
            "Freezing saves the current text as a version that never changes. Use it at the end of each negotiation round; the final version is the one the parties sign."
        ),
    )


@login_required
@require_safe
def version_detail(request, agreement_id, number):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    version = selectors.version_get(agreement, number)
    signatures = selectors.signatures_for(version)
    return _page(
        request,
        "agreements/version_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "snap": version.snapshot,
            "signatures": signatures,
            "numbers": list(agreement.versions.values_list("number", flat=True)),
            "theme_labels": dict(Theme.choices),
        },
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def version_compare(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    versions = {v.number: v for v in agreement.versions.all()}
    numbers = sorted(versions)
    try:
        a = int(request.GET.get("a") or (numbers[-2] if len(numbers) > 1 else 0))
        b = int(request.GET.get("b") or (numbers[-1] if numbers else 0))
    except ValueError:
        a = b = 0
    rows = None
    error = ""
    show_all = request.GET.get("all") == "1"
    changed_count = 0
    if a in versions and b in versions:
        rows = compare(versions[a].snapshot, versions[b].snapshot)
        changed_count = sum(1 for r in rows if r["change"])
        if not show_all:
            rows = [r for r in rows if r["change"]]
    elif numbers:
        error = _("Choose two existing versions.")
    return _page(
        request,
        "agreements/version_compare.html",
        {
            "agreement": agreement,
            "numbers": numbers,
            "a": a,
            "b": b,
            "rows": rows,
            "error": error,
            "show_all": show_all,
            "changed_count": changed_count,
        },
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def sign(request, agreement_id, number):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.SIGNATORY
    )
    version = selectors.version_get(agreement, number)
    form = forms.SignForm(_data(request), acting=agreement.acting)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_sign(actor=request.user, version=version, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("Your decision has been recorded."))
            return redirect(agreement)
    status = 400 if request.method == "POST" else 200
    return _page(
        request,
        "agreements/sign.html",
        {
            "agreement": agreement,
            "version": version,
            "form": form,
            "signatures": selectors.signatures_for(version),
        },
        demo=agreement.is_demo,
        status=status,
    )


@login_required
@GET_POST
def reopen(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.ReasonForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_reopen(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The negotiation has been reopened."))
            return redirect(agreement)
    return _form_page(
        request,
        title=_("Reopen the negotiation"),
        form=form,
        submit=_("Reopen"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "When a party declines the final version, the parties can negotiate again. Signatures on the old version stay on record; the new final version is signed again."
        ),
    )


@login_required
@GET_POST
def next_slice(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.ConfirmForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.annual_slice_create(actor=request.user, agreement=agreement)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The annual slice has been made from this agreement."))
            return redirect(new)
    return _form_page(
        request,
        title=_("Start next year's annual slice"),
        form=form,
        submit=_("Make the annual slice"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "This copies the parties, clauses and commitments (with next year's targets) into a new draft for %(year)s."
        )
        % {"year": agreement.cycle.year + 2},
    )


@login_required
@GET_POST
def addendum_create(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.AddendumForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.addendum_create(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The addendum has been made. All parties sign it again."))
            return redirect(new)
    return _form_page(
        request,
        title=_("Make an addendum"),
        form=form,
        submit=_("Make the addendum"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "A signed agreement never changes. An addendum copies its content into a new draft that all parties sign again."
        ),
    )


@login_required
@GET_POST
def submit(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user,
        agreement_id=agreement_id,
        need=Role.EDITOR,
        kinds=[OrganisationKind.CORPORATIE],
    )
    form = forms.SubmitForm(_data(request), acting=agreement.acting)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_submit(
                actor=request.user,
                agreement=agreement,
                **form.cleaned_data,
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The submission has been recorded."))
            return redirect(agreement)
    warnings = []
    if timezone.localdate() > agreement.cycle.submission_due:
        warnings.append(
            _("The submission date (%(date)s) has passed: the submission will be marked as late.")
            % {"date": agreement.cycle.submission_due.strftime("%d-%m-%Y")}
        )
    return _form_page(
        request,
        title=_("Record the submission"),
        form=form,
        submit=_("Record the submission"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        extra_template="agreements/_package_links.html",
        extra={"agreement": agreement},
        intro=_(
            "The corporatie sends the package to the minister (Autoriteit woningcorporaties), the municipalities and the tenant organisations before 15 December (Woningwet art. 44a)."
        ),
    )


def _pdf_context(agreement):
    final = selectors.final_version(agreement)
    parties = [p.organisation for p in agreement.parties.select_related("organisation")]
    commitments = selectors.agreement_commitments(agreement)
    by_theme = OrderedDict()
    for c in commitments:
        targets = {t.year: t.value for t in c.targets.all()}
        c.target_list = [targets.get(y) for y in agreement.years]
        by_theme.setdefault(c.get_theme_display(), []).append(c)
    return {
        "parties": parties,
        "clauses": list(agreement.clauses.all()),
        "by_theme": by_theme,
        "final": final,
        "signatures": selectors.signatures_for(final),
        "now": timezone.now(),
    }


@login_required
@require_safe
def pdf(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    response = HttpResponse(
        exports.agreement_pdf(agreement, _pdf_context(agreement)), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="prestatieafspraken-{agreement.period_start}.pdf"'
    )
    return response


@login_required
@require_safe
def export_xlsx(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    response = HttpResponse(
        exports.commitments_xlsx(agreement),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="afspraken.xlsx"'
    return response


@login_required
@require_safe
def export_csv(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    response = HttpResponse(
        exports.commitments_csv(agreement), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="afspraken.csv"'
    return response


@login_required
@require_safe
def package(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    data = exports.package_zip(agreement, exports.agreement_pdf(agreement, _pdf_context(agreement)))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="indieningspakket.zip"'
    return response


# Disputes ----------------------------------------------------------------------------------


@login_required
@GET_POST
def dispute_create(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.DisputeForm(_data(request), acting=agreement.acting)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.dispute_start(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                arose_on=form.cleaned_data["arose_on"],
                description=form.cleaned_data["description"],
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The dispute has been recorded."))
            for warning in services.dispute_filing_warnings(
                cycle=agreement.cycle, filed_on=dispute.filed_on, arose_on=dispute.arose_on
            ):
                messages.warning(request, warning)
            return redirect(dispute)
    cycle = agreement.cycle
    warnings = [
        _(
            "The content of the woonvisie cannot be disputed. A dispute is about making the agreements (Woningwet art. 44)."
        )
    ]
    if cycle.dispute_possible_from:
        warnings.append(
            _(
                "Talks started on %(start)s: after six months without agreements (from %(date)s) any party may ask the minister to decide."
            )
            % {
                "start": cycle.talks_started_on.strftime("%d-%m-%Y"),
                "date": cycle.dispute_possible_from.strftime("%d-%m-%Y"),
            }
        )
    else:
        warnings.append(
            _(
                "The start date of the talks is not recorded, so the six-month term cannot be computed."
            )
        )
    warnings.append(
        _("File the dispute within %(n)s weeks after it arose.") % {"n": cycle.dispute_filing_weeks}
    )
    arose_on = getattr(form, "cleaned_data", {}).get("arose_on") if form.is_bound else None
    warnings += services.dispute_filing_warnings(
        cycle=cycle, filed_on=timezone.localdate(), arose_on=arose_on
    )
    return _form_page(
        request,
        title=_("Start a dispute (article 44 Woningwet)"),
        form=form,
        submit=_("Start the dispute"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
    )


def _dossier_context(dispute):
    agreement = dispute.agreement
    cycle = agreement.cycle
    woonvisie = selectors.woonvisie_current(cycle.gemeente_id)
    return {
        "dispute": dispute,
        "agreement": agreement,
        "cycle": cycle,
        "parties": [p.organisation for p in agreement.parties.select_related("organisation")],
        "positions": list(
            agreement.positions.select_related("organisation", "commitment", "clause")
        ),
        "woonvisie": woonvisie,
        "goals": list(woonvisie.goals.all()) if woonvisie else [],
        "bods": [b for b in cycle.bods.prefetch_related("lines", "corporaties") if b.is_sent],
        "open_points": list(
            agreement.open_points.filter(resolved_at__isnull=True).select_related("owner")
        ),
        "versions": list(agreement.versions.order_by("number")),
        "talks_deadline": cycle.dispute_possible_from,
        "filing_deadline": dispute.filing_deadline,
        "filing_warnings": services.dispute_filing_warnings(
            cycle=cycle, filed_on=dispute.filed_on, arose_on=dispute.arose_on
        ),
        "today": timezone.localdate(),
    }


@login_required
@require_safe
def dispute_detail(request, dispute_id):
    dispute = selectors.dispute_get_for_user(user=request.user, dispute_id=dispute_id)
    memberships = user_memberships(request.user)
    can_edit = any(
        memberships[pk].has_role(Role.EDITOR)
        for pk in dispute.agreement.parties.values_list("organisation_id", flat=True)
        if pk in memberships
    )
    ctx = _dossier_context(dispute)
    ctx.update({"can_edit": can_edit, "events": _events(dispute.agreement)})
    return _page(request, "agreements/dispute_detail.html", ctx, demo=dispute.agreement.is_demo)


@login_required
@GET_POST
def dispute_update(request, dispute_id):
    dispute = selectors.dispute_get_for_user(
        user=request.user, dispute_id=dispute_id, need=Role.EDITOR
    )
    form = forms.DisputeStatusForm(
        _data(request), initial={"status": dispute.status, "on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dispute_update(actor=request.user, dispute=dispute, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The status of the dispute has been changed."))
            return redirect(dispute)
    return _form_page(
        request,
        title=_("Change the status of the dispute"),
        form=form,
        submit=_("Save"),
        back=dispute.get_absolute_url(),
        demo=dispute.agreement.is_demo,
    )


@login_required
@require_safe
def dispute_dossier(request, dispute_id):
    dispute = selectors.dispute_get_for_user(user=request.user, dispute_id=dispute_id)
    return _page(
        request,
        "agreements/dispute_dossier.html",
        _dossier_context(dispute),
        demo=dispute.agreement.is_demo,
    )


@login_required
@require_safe
def dispute_dossier_pdf(request, dispute_id):
    from weasyprint import HTML

    dispute = selectors.dispute_get_for_user(user=request.user, dispute_id=dispute_id)
    html = render_to_string(
        "agreements/dossier_pdf.html", _dossier_context(dispute), request=request
    )
    response = HttpResponse(
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = 'inline; filename="geschil-artikel-44-woningwet.pdf"'
    return response


# Information requests ----------------------------------------------------------------------


@login_required
@GET_POST
def inforequest_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(
        user=request.user,
        cycle_id=cycle_id,
        need=Role.EDITOR,
        kinds=[OrganisationKind.GEMEENTE, *TENANT_KINDS],
    )
    corporaties = [o for o in cycle.participants.all() if o.is_corporatie]
    form = forms.InfoRequestForm(_data(request), acting=cycle.acting, corporaties=corporaties)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.inforequest_create(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("Your request has been sent to the housing association."))
            return redirect(req)
    warning = services.woonvisie_warning(selectors.woonvisie_current(cycle.gemeente_id))
    warnings = (
        [
            _(
                "There is no current woonvisie: the broad right to information (Woningwet art. 44b(2)) does not apply now."
            )
        ]
        if warning
        else []
    )
    return _form_page(
        request,
        title=_("Ask the housing association for information"),
        form=form,
        submit=_("Send the request"),
        back=cycle.get_absolute_url(),
        warnings=warnings,
        demo=cycle.gemeente.is_demo,
        intro=_(
            "Municipalities and tenant organisations may ask the corporatie for the information they need to judge its contribution (Woningwet art. 44b)."
        ),
    )


@login_required
@require_safe
def inforequest_detail(request, request_id):
    req = selectors.inforequest_get_for_user(user=request.user, request_id=request_id)
    memberships = user_memberships(request.user)
    can_answer = (
        not req.answered_at
        and req.corporatie_id in memberships
        and memberships[req.corporatie_id].has_role(Role.EDITOR)
    )
    return _page(
        request,
        "agreements/inforequest_detail.html",
        {"req": req, "can_answer": can_answer, "events": _events(req)},
        demo=req.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def inforequest_answer(request, request_id):
    req = selectors.inforequest_get_for_user(
        user=request.user, request_id=request_id, need=Role.EDITOR, answering=True
    )
    form = forms.AnswerForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.inforequest_answer(actor=request.user, request=req, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("Your answer has been sent."))
            return redirect(req)
    return _form_page(
        request,
        title=_("Answer the information request"),
        form=form,
        submit=_("Send the answer"),
        back=req.get_absolute_url(),
        demo=req.cycle.gemeente.is_demo,
        extra_template="agreements/_question.html",
        extra={"req": req},
    )
