from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.core.versioning import VersionedFormMixin

from .models import TENANT_KINDS, Organisation, OrganisationKind, Province, Region, Role
from .picker import OrganisationPickField

_PICK_SEVERAL = _("Hold Ctrl (or Cmd) to choose more than one.")


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or code"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds"))] + OrganisationKind.choices
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All provinces"))] + Province.choices
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.order_by("kind", "number", "name"),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    historic = forms.BooleanField(
        label=_("Also show municipalities that no longer exist"), required=False
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.VIEWER,
        help_text=_(
            "Viewer: reads. Editor: also writes and comments. Signatory: also signs for the "
            "organisation. Administrator: also invites colleagues and changes roles."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OrganisationEditForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["description", "website", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


# The organisations one can choose in the lists below (each field takes its own copy).
_GEMEENTEN = Organisation.objects.current().gemeenten().active()
_CORPORATIES = Organisation.objects.current().corporaties().active()


def _several_organisations(
    label, queryset, *, size: int = 10, required: bool = False, help_text=_PICK_SEVERAL
) -> forms.ModelMultipleChoiceField:
    """Organisations to choose one or more of in a plain multiple select ``size`` rows high."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        widget=forms.SelectMultiple(attrs={"size": size}),
        help_text=help_text,
    )


class RepresentationForm(forms.Form):
    """The housing associations whose tenants a tenant body represents: those it represents
    now as check boxes (untick to stop), and one more to add by typing its name (no list of
    every housing association)."""

    corporaties = forms.ModelMultipleChoiceField(
        label=_("Housing associations whose tenants you represent"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a housing association whose tenants you no longer represent."),
    )
    corporatie_add = OrganisationPickField(
        label=_("Add a housing association"),
        kinds=[OrganisationKind.CORPORATIE],
        required=False,
        help_text=_("Type its name and choose it."),
    )

    def __init__(self, *args, represented=(), **kwargs):
        represented = list(represented)
        kwargs.setdefault("initial", {"corporaties": represented})
        super().__init__(*args, **kwargs)
        self.fields["corporaties"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in represented]
        ).order_by("name")
        self.fields["corporatie_add"].queryset = _CORPORATIES
        if not represented:
            del self.fields["corporaties"]

    def chosen(self) -> list[Organisation]:
        """What the tenant body represents after saving: the ticked ones and the added one."""
        chosen = list(self.cleaned_data.get("corporaties") or [])
        added = self.cleaned_data.get("corporatie_add")
        if added is not None and added not in chosen:
            chosen.append(added)
        return chosen


class TenantRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=[(k.value, k.label) for k in TENANT_KINDS],
        widget=forms.RadioSelect,
        initial=OrganisationKind.HUURDERS,
    )
    corporaties = _several_organisations(
        _("Housing association(s) whose tenants you represent"),
        _CORPORATIES,
        size=8,
        required=True,
    )
    gemeenten = _several_organisations(
        _("Municipality or municipalities"), _GEMEENTEN, size=8, required=True, help_text=""
    )
    email = forms.EmailField(label=_("E-mail address of the organisation"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("You log in with this address.")
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only numbers, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            for name in ("contact_name", "contact_email", "password1", "password2"):
                del self.fields[name]

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        if "password1" in self.fields:
            p1, p2 = data.get("password1"), data.get("password2")
            if p1 and p2 and p1 != p2:
                self.add_error("password2", _("The two passwords are not the same."))
            elif p1:
                try:
                    validate_password(p1)
                except forms.ValidationError as exc:
                    self.add_error("password1", exc)
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )


class StaffOrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        required=False,
        help_text=_("CBS code for a municipality, L-number for a housing association."),
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", "—")] + Province.choices
    )


def _offer(field: forms.Field, organisations) -> None:
    """Show only ``organisations`` as choices; the field still accepts any organisation, so a
    service decides (with its own message) what may not be chosen."""
    field.widget.choices = [
        *([("", "—")] if isinstance(field.widget, forms.Select) else []),
        *((o.pk, o.name) for o in organisations),
    ]


class PickFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or code"), required=False, max_length=100)


class SuccessionDateMixin(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the new organisation started, for example 1 January 2019."),
    )


def _ticked_organisations(label, help_text) -> forms.ModelMultipleChoiceField:
    """Check boxes for the organisations a view offers (``_offer``); none ticked is allowed
    here (the service says what is missing)."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class MergerForm(SuccessionDateMixin):
    predecessors = _ticked_organisations(
        _("Organisations that went up in the successor"),
        _("Use the search field above to find more organisations of the same kind."),
    )
    successor = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_(
            "It must exist already. A new organisation? Add it first on the approvals page."
        ),
    )
    field_order = ["predecessors", "successor", "date"]

    def __init__(self, *args, candidates=(), successors=(), **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["predecessors"], candidates)
        _offer(self.fields["successor"], successors)


class SplitForm(SuccessionDateMixin):
    main_successor = forms.ModelChoiceField(
        label=_("Largest successor"),
        queryset=Organisation.objects.all(),
        help_text=_("The municipality that got the largest part. The old page links to it."),
    )
    successors = _ticked_organisations(
        _("Other municipalities that got a part"),
        _("Use the search field above to find municipalities."),
    )
    field_order = ["main_successor", "successors", "date"]

    def __init__(self, *args, candidates=(), successors=(), **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["main_successor"], successors)
        _offer(self.fields["successors"], candidates)


class WorkAreaAddForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.all(), required=False
    )
    homes = forms.IntegerField(
        label=_("Number of homes"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0}),
        help_text=_("Optional: how many homes you have there."),
    )

    def __init__(self, *args, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["gemeente"], gemeenten)


class WorkAreaHomesForm(forms.Form):
    homes = forms.IntegerField(
        label=_("Number of homes"), required=False, widget=forms.NumberInput(attrs={"min": 0})
    )


class RegionAddForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Add municipalities"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Use the search field above to find municipalities."),
    )

    def __init__(self, *args, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self.fields["members"], gemeenten)


class WorkAreaPickForm(forms.Form):
    """Check boxes to add several gemeenten to a work area at once, grouped by province."""

    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Municipalities to add"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every municipality where you work. You fill in the homes afterwards."),
    )

    def __init__(self, *args, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = list(gemeenten)
        _offer(self.fields["gemeenten"], self.offered)

    def by_province(self) -> list[tuple[str, list]]:
        """[(province, [(gemeente, check box), ...]), ...] in the order offered."""
        groups: list[tuple[str, list]] = []
        for gemeente, box in zip(self.offered, self["gemeenten"], strict=True):
            label = gemeente.province or _("No province")
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            groups[-1][1].append((gemeente, box))
        return groups
