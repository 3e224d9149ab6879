"""Preparation: woonvisie, interests of the parties, the bod."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.errors import ServiceError
from driehoek.core.versioning import StaleEdit
from driehoek.organisations.models import OrganisationKind, Role
from driehoek.organisations.selectors import user_memberships

from .. import forms, selectors, services
from ..models import (
    Theme,
)
from .base import GET_POST, _data, _events, _form_page, _page


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
