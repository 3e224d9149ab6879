from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import AgreementStatus, Theme
from driehoek.organisations.models import Province, Region

from .selectors import PUBLIC_STATUSES, AgreementFilters

STATUS_CHOICES = [(s.value, s.label) for s in AgreementStatus if s in PUBLIC_STATUSES]


class PublicFilterForm(forms.Form):
    """Search and filters of the public list. Gemeente and corporatie list only those that
    have a published agreement."""

    q = forms.CharField(label=_("Search by title or municipality"), required=False, max_length=100)
    gemeente = forms.ChoiceField(label=_("Municipality"), required=False)
    corporatie = forms.ChoiceField(label=_("Housing association"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.order_by("kind", "number", "name"),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All provinces")), *Province.choices]
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2015,
        max_value=2100,
        help_text=_("Agreements that apply in this year."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *STATUS_CHOICES]
    )

    def __init__(self, *args, choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {"gemeente": [], "corporatie": []}
        self.fields["gemeente"].choices = [("", _("All municipalities")), *choices["gemeente"]]
        self.fields["corporatie"].choices = [
            ("", _("All housing associations")),
            *choices["corporatie"],
        ]

    def filters(self) -> AgreementFilters:
        if not self.is_bound or not self.is_valid():
            return AgreementFilters()
        d = self.cleaned_data
        return AgreementFilters(
            q=d.get("q") or "",
            gemeente=d.get("gemeente") or "",
            corporatie=d.get("corporatie") or "",
            region=d["region"].slug if d.get("region") else "",
            province=d.get("province") or "",
            theme=d.get("theme") or "",
            year=d.get("year"),
            status=d.get("status") or "",
        )


class DecisionForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("consent", _("We agree to publish this agreement")),
            ("withdraw", _("Withdraw our consent")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.organisations = {o.pk: o for o in organisations}
