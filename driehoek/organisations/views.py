from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from driehoek.accounts.forms import SignupForm
from driehoek.core.decorators import staff_required
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.core.versioning import StaleEdit

from . import services
from .forms import (
    DecisionForm,
    DirectoryFilterForm,
    InvitationForm,
    OrganisationEditForm,
    RegionMembersForm,
    RepresentationForm,
    RoleForm,
    StaffOrganisationForm,
    TenantRegistrationForm,
    WorkAreaForm,
)
from .models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationStatus,
    Role,
    TenantRepresentation,
    WorkArea,
    hash_invitation_token,
)
from .selectors import (
    has_role,
    organisation_get_for_user,
    organisation_get_public,
    organisation_list,
    region_get,
    region_list,
    user_role,
)

PAGE_SIZE = 25


def _render(request, template, context, status=200):
    return render(request, template, context, status=status)


@require_safe
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = organisation_list(
        kind=filters.get("kind", ""),
        province=filters.get("province", ""),
        region=filters.get("region"),
        q=filters.get("q", ""),
        include_historic=filters.get("historic", False),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "organisations/directory.html",
        {"form": form, "page_obj": page, "organisations": page.object_list},
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@require_safe
def detail(request, slug):
    org = organisation_get_public(user=request.user, slug=slug)
    role = user_role(request.user, org)
    is_admin = request.user.is_staff or has_role(request.user, org, Role.ADMIN)
    work_area = Organisation.objects.filter(
        pk__in=WorkArea.objects.filter(organisation=org).values("gemeente")
    ).order_by("name")
    active_here = Organisation.objects.filter(
        pk__in=WorkArea.objects.filter(gemeente=org).values("organisation"), status="active"
    ).order_by("kind", "name")
    represents = Organisation.objects.filter(
        pk__in=TenantRepresentation.objects.filter(tenant_body=org).values("corporatie")
    ).order_by("name")
    tenant_bodies = Organisation.objects.filter(
        pk__in=TenantRepresentation.objects.filter(corporatie=org).values("tenant_body"),
        status="active",
    ).order_by("name")
    context = {
        "organisation": org,
        "my_role": role,
        "is_admin": is_admin,
        "work_area": work_area,
        "active_here": active_here,
        "represents": represents,
        "tenant_bodies": tenant_bodies,
        "regions": org.regions.all(),
        "predecessors": org.predecessors.order_by("name"),
        "show_demo_banner": org.is_demo,
    }
    if role or request.user.is_staff:
        context["members"] = org.memberships.select_related("user").order_by("user__full_name")
    if is_admin:
        context["events"] = AuditEvent.objects.for_organisation(org).select_related("actor")[:50]
    return _render(request, "organisations/detail.html", context)


@login_required
@require_safe
def mine(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return _render(request, "organisations/mine.html", {"memberships": memberships})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request, slug):
    org = organisation_get_for_user(user=request.user, slug=slug, need=Role.ADMIN)
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    actor=request.user,
                    organisation=org,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. The link works for %(days)s days.")
                    % {
                        "email": invitation.email,
                        "days": (invitation.expires_at - invitation.created_at).days,
                    },
                )
                return redirect("organisations:members", slug=org.slug)
        status = 400
    memberships = org.memberships.select_related("user").order_by("user__full_name")
    invitations = org.invitations.open().select_related("invited_by")
    return _render(
        request,
        "organisations/members.html",
        {
            "organisation": org,
            "form": form,
            "memberships": memberships,
            "invitations": invitations,
            "role_choices": Role.choices,
            "show_demo_banner": org.is_demo,
        },
        status=status,
    )


def _membership_for(org, pk) -> Membership:
    return get_object_or_404(Membership, pk=pk, organisation=org)


@login_required
@require_POST
def member_role(request, slug, membership_id):
    org = organisation_get_for_user(user=request.user, slug=slug, need=Role.ADMIN)
    membership = _membership_for(org, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
        return redirect("organisations:members", slug=org.slug)
    try:
        services.membership_change_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request, _("The role of %(name)s has been changed.") % {"name": membership.user}
        )
    return redirect("organisations:members", slug=org.slug)


@login_required
@require_POST
def member_remove(request, slug, membership_id):
    org = organisation_get_for_user(user=request.user, slug=slug, need=Role.ADMIN)
    membership = _membership_for(org, membership_id)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    return redirect("organisations:members", slug=org.slug)


@login_required
@require_POST
def invitation_revoke(request, slug, invitation_id):
    org = organisation_get_for_user(user=request.user, slug=slug, need=Role.ADMIN)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=org)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("organisations:members", slug=org.slug)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """Open an invitation link: log in or create an account, then join the organisation."""
    inv = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_invitation_token(token))
        .first()
    )
    if inv is None:
        return _render(
            request,
            "organisations/invitation_invalid.html",
            {
                "reason": _(
                    "This link is not valid. Check that you copied the whole link from the e-mail."
                )
            },
            status=404,
        )
    try:
        services.invitation_check(inv)
    except ServiceError as err:
        return _render(
            request, "organisations/invitation_invalid.html", {"reason": err.message}, status=410
        )
    user = request.user if request.user.is_authenticated else None
    signup = None
    status = 200
    if user is None:
        signup = SignupForm(request.POST or None, email=inv.email)
    if request.method == "POST":
        try:
            if user is not None:
                services.invitation_accept(invitation=inv, user=user)
            elif signup.is_valid():
                membership = services.invitation_accept(
                    invitation=inv,
                    full_name=signup.cleaned_data["full_name"],
                    password=signup.cleaned_data["password1"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                raise ServiceError(_("Please correct the fields marked below."))
        except ServiceError as err:
            if signup is not None:
                if signup.is_valid():
                    err.add_to_form(signup)
            else:
                messages.error(request, err.message)
            status = 400
        else:
            messages.success(
                request,
                _("Welcome! You are now a member of %(organisation)s.")
                % {"organisation": inv.organisation},
            )
            return redirect(inv.organisation.get_absolute_url())
    from django.contrib.auth import get_user_model

    has_account = get_user_model().objects.filter(email__iexact=inv.email).exists()
    return _render(
        request,
        "organisations/invitation.html",
        {"invitation": inv, "signup": signup, "has_account": has_account},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, slug):
    org = organisation_get_for_user(user=request.user, slug=slug, need=Role.ADMIN)
    form = OrganisationEditForm(
        request.POST or None, instance=Organisation.objects.get(pk=org.pk), version=org.version
    )
    area_form = None
    rep_form = None
    if not org.is_gemeente:
        area_form = WorkAreaForm(
            request.POST or None,
            initial={
                "gemeenten": Organisation.objects.filter(
                    pk__in=WorkArea.objects.filter(organisation=org).values("gemeente")
                )
            },
        )
    if org.is_tenant_body:
        rep_form = RepresentationForm(
            request.POST or None,
            initial={
                "corporaties": Organisation.objects.filter(
                    pk__in=TenantRepresentation.objects.filter(tenant_body=org).values("corporatie")
                )
            },
        )
    forms_ok = all(f.is_valid() for f in (form, area_form, rep_form) if f is not None)
    status = None
    if request.method == "POST" and forms_ok:
        from django.db import transaction

        try:
            with transaction.atomic():
                services.organisation_update(
                    actor=request.user,
                    organisation=org,
                    fields={k: form.cleaned_data[k] for k in form.Meta.fields},
                    expected_version=form.loaded_version,
                )
                if area_form is not None:
                    services.work_area_set(
                        actor=request.user,
                        organisation=org,
                        gemeenten=area_form.cleaned_data["gemeenten"],
                    )
                if rep_form is not None:
                    services.representation_set(
                        actor=request.user,
                        tenant_body=org,
                        corporaties=rep_form.cleaned_data["corporaties"],
                    )
        except StaleEdit as err:
            form.refuse_stale(err)
            status = 409
        else:
            messages.success(request, _("The organisation has been saved."))
            return redirect(org.get_absolute_url())
    return _render(
        request,
        "organisations/edit.html",
        {
            "organisation": org,
            "form": form,
            "area_form": area_form,
            "rep_form": rep_form,
            "show_demo_banner": org.is_demo,
        },
        status=status or (400 if request.method == "POST" else 200),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register_tenant(request):
    form = TenantRegistrationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                org = services.tenant_body_register(
                    name=d["name"],
                    kind=d["kind"],
                    corporaties=d["corporaties"],
                    gemeenten=d["gemeenten"],
                    email=d.get("email", ""),
                    website=d.get("website", ""),
                    contact_name=d.get("contact_name", ""),
                    contact_email=d.get("contact_email", ""),
                    password=d.get("password1", ""),
                    user=request.user if request.user.is_authenticated else None,
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                if not request.user.is_authenticated:
                    user = org.memberships.get().user
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _(
                        "Thank you. %(name)s is registered and waits for approval by the platform staff. You will get an e-mail."
                    )
                    % {"name": org.name},
                )
                return redirect(org.get_absolute_url())
        return _render(request, "organisations/register_tenant.html", {"form": form}, status=400)
    return _render(request, "organisations/register_tenant.html", {"form": form})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def approvals(request):
    pending = (
        Organisation.objects.filter(status=OrganisationStatus.PENDING)
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user"))
        )
        .order_by("created_at")
    )
    create_form = StaffOrganisationForm(request.POST or None if "create" in request.POST else None)
    status = 200
    if request.method == "POST" and "create" in request.POST:
        if create_form.is_valid():
            try:
                org = services.organisation_create(actor=request.user, **create_form.cleaned_data)
            except ServiceError as err:
                err.add_to_form(create_form)
            else:
                messages.success(request, _("%(name)s has been added.") % {"name": org.name})
                return redirect("organisations:approvals")
        status = 400
    return _render(
        request,
        "organisations/approvals.html",
        {"pending": pending, "create_form": create_form},
        status=status,
    )


@staff_required
@require_POST
def decide(request, slug):
    org = get_object_or_404(Organisation, slug=slug)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("organisations:approvals")
    try:
        services.organisation_decide(
            actor=request.user, organisation=org, approve=form.cleaned_data["decision"] == "approve"
        )
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request, _("Your decision on %(name)s has been saved.") % {"name": org.name}
        )
    return redirect("organisations:approvals")


@require_safe
def regions(request):
    return _render(request, "organisations/regions.html", {"regions": region_list()})


@require_http_methods(["GET", "HEAD", "POST"])
def region(request, slug):
    reg = region_get(slug=slug)
    form = None
    status = 200
    if request.user.is_authenticated and request.user.is_staff:
        form = RegionMembersForm(request.POST or None, initial={"members": reg.members.all()})
        if request.method == "POST":
            if form.is_valid():
                from django.db import transaction

                from driehoek.core import audit

                with transaction.atomic():
                    reg.members.set(form.cleaned_data["members"])
                    audit.log(
                        action="organisations.region.members_changed",
                        actor=request.user,
                        target=reg,
                        data={"count": len(form.cleaned_data["members"])},
                    )
                messages.success(request, _("The members of the region have been saved."))
                return redirect(reg.get_absolute_url())
            status = 400
    elif request.method == "POST":
        raise Http404
    members = reg.members.order_by("name")
    return _render(
        request,
        "organisations/region.html",
        {"region": reg, "members": members, "form": form},
        status=status,
    )
