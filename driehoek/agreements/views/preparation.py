"""Preparation: woonvisie, interests of the parties, the bod."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.dates import long_date
from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.organisations.models import OrganisationKind, Role

from .. import forms, selectors, services
from ..models import (
    Theme,
)
from .base import GET_POST, _data, _events, _form_page, _form_view, _page


@login_required
@GET_POST
def woonvisie_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(
        user=request.user, cycle_id=cycle_id, need=Role.EDITOR, kinds=[OrganisationKind.GEMEENTE]
    )
    form = forms.WoonvisieForm(_data(request), request.FILES or None)
    return _form_view(
        request,
        form,
        lambda data: services.woonvisie_create(actor=request.user, gemeente=cycle.gemeente, **data),
        success=_("The woonvisie has been recorded. Add its goals per theme."),
        title=_("Record the woonvisie"),
        submit=_("Save the woonvisie"),
        back=cycle.get_absolute_url(),
        multipart=True,
        demo=cycle.gemeente.is_demo,
    )


@login_required
@require_safe
def woonvisie_detail(request, woonvisie_id):
    woonvisie = selectors.woonvisie_get_for_user(user=request.user, woonvisie_id=woonvisie_id)
    goals = selectors.woonvisie_goals(woonvisie)
    return _page(
        request,
        "agreements/woonvisie_detail.html",
        {
            "woonvisie": woonvisie,
            "goals": goals,
            "warning": services.woonvisie_warning(woonvisie),
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
    return _form_view(
        request,
        form,
        lambda data: services.woonvisie_goal_add(actor=request.user, woonvisie=woonvisie, **data),
        success=_("The goal has been added."),
        redirect_to=woonvisie,
        title=_("Add a goal to %(title)s") % {"title": woonvisie.title},
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
    for interest in selectors.interests_of(cycle):
        by_org.setdefault(interest.organisation, []).append(interest)
    return _page(
        request,
        "agreements/interests.html",
        {"cycle": cycle, "by_org": by_org},
        demo=cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def interest_add(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id, need=Role.EDITOR)
    form = forms.InterestForm(_data(request), acting=cycle.acting)
    return _form_view(
        request,
        form,
        lambda data: services.interest_set(actor=request.user, cycle=cycle, **data),
        success=_("Your interest has been recorded. The other parties can see it."),
        redirect_to=reverse("agreements:interests", kwargs={"cycle_id": cycle.uuid}),
        title=_("Record an interest"),
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

    def save(data):
        chosen = list(data["corporaties"])
        if not {c.pk for c in chosen} & {c.pk for c in cycle.acting}:
            raise ServiceError(
                _("Your own housing association must be one of the senders."),
                field="corporaties",
            )
        return services.bod_create(
            actor=request.user,
            cycle=cycle,
            corporaties=chosen,
            title=data["title"],
            introduction=data["introduction"],
        )

    return _form_view(
        request,
        form,
        save,
        success=_("The bod has been created. Add the proposed activities per theme."),
        title=_("Draft a bod"),
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
    return _page(
        request,
        "agreements/bod_detail.html",
        {
            "bod": bod,
            "themes": themes,
            "events": _events(bod),
        },
        demo=bod.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def bod_line_add(request, bod_id):
    bod = selectors.bod_get_for_user(user=request.user, bod_id=bod_id, need=Role.EDITOR)
    form = forms.BodLineForm(_data(request), initial={"year": bod.cycle.year + 1})
    return _form_view(
        request,
        form,
        lambda data: services.bod_line_add(actor=request.user, bod=bod, **data),
        success=_("The activity has been added."),
        redirect_to=bod,
        title=_("Add a proposed activity"),
        submit=_("Add the activity"),
        back=bod.get_absolute_url(),
        demo=bod.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def bod_section(request, bod_id):
    bod = selectors.bod_get_for_user(user=request.user, bod_id=bod_id, need=Role.EDITOR)
    form = forms.BodSectionForm(_data(request), initial={"theme": request.GET.get("theme")})
    return _form_view(
        request,
        form,
        lambda data: services.bod_section_set(actor=request.user, bod=bod, **data),
        success=_("The explanation has been saved."),
        redirect_to=bod,
        title=_("Explain the bod per theme"),
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
    return _form_view(
        request,
        form,
        lambda data: services.bod_record_consultation(
            actor=request.user,
            bod=bod,
            consulted_on=data["consulted_on"],
            note=data["consultation_note"],
            expected_version=form.loaded_version,
        ),
        success=_("The consultation has been recorded."),
        redirect_to=bod,
        title=_("Record the tenant consultation"),
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
    outcome = handle_form(
        request,
        form,
        lambda data: services.bod_send(actor=request.user, bod=bod),
        success=_("The bod has been sent to the municipality and the tenant organisations."),
        redirect_to=bod,
    )
    if outcome.response:
        return outcome.response
    warnings = []
    if timezone.localdate() > bod.cycle.bod_due:
        warnings.append(
            _("The bod date (%(date)s) has passed: the bod will be marked as late.")
            % {"date": long_date(bod.cycle.bod_due)}
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
