"""Forms of the preparation: cycle, woonvisie, interests, bod."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.core import uploads
from driehoek.core.versioning import VersionedFormMixin
from driehoek.organisations.models import Organisation, OrganisationKind
from driehoek.organisations.picker import OrganisationPickField

from ..legal import CYCLE_DEFAULTS
from ..models import Theme
from .base import DATE, _org_field


class CycleForm(forms.Form):
    gemeente = OrganisationPickField(
        label=_("Municipality"),
        kinds=[OrganisationKind.GEMEENTE],
        help_text=_("Type the name of the municipality and choose it."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    ibw_due = forms.DateField(
        label=_("Financial indication (IBW) before"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the legal default: 1 July."),
    )
    bod_due = forms.DateField(
        label=_("Bod available on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the legal default: 1 July."),
    )
    submission_due = forms.DateField(
        label=_("Submission before"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the legal default: 15 December."),
    )

    def __init__(self, *args, gemeenten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Organisation.objects.filter(
            pk__in=[g.pk for g in gemeenten]
        )


class CycleEditForm(forms.Form):
    ibw_due = forms.DateField(label=_("Financial indication (IBW) before"), widget=DATE)
    bod_due = forms.DateField(label=_("Bod available on"), widget=DATE)
    talks_started_on = forms.DateField(
        label=_("Talks started on"),
        required=False,
        widget=DATE,
        help_text=_("The six-month term for a dispute runs from this date."),
    )
    submission_due = forms.DateField(label=_("Submission before"), widget=DATE)
    dispute_after_months = forms.IntegerField(
        label=_("Dispute possible after (months of talks)"),
        min_value=1,
        max_value=24,
        help_text=_("Woningwet art. 44(4): %(n)s months.")
        % {"n": CYCLE_DEFAULTS["dispute_after_months"]},
    )
    dispute_filing_weeks = forms.IntegerField(
        label=_("Dispute to be filed within (weeks)"), min_value=1, max_value=52
    )


class WoonvisieForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    adopted_on = forms.DateField(label=_("Adopted by the council on"), widget=DATE)
    period_start = forms.IntegerField(label=_("Valid from (year)"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("Valid until (year)"), min_value=2000, max_value=2100)
    url = forms.URLField(label=_("Link to the document"), required=False, assume_scheme="https")
    document = forms.FileField(
        label=_("Document (PDF)"),
        required=False,
        help_text=_("A PDF, ODT or Word file of at most 10 MB."),
    )

    def clean_document(self):
        # Type by content, size and a safe stored name: the shared validator (core.uploads).
        return uploads.clean_upload(
            self.cleaned_data.get("document"),
            extensions=uploads.DOCUMENTS,
            max_bytes=10 * 1024 * 1024,
            rename=False,  # the service names the stored file
        )

    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class GoalForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    text = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))


class InterestForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        choices=[(1, _("High")), (2, _("Medium")), (3, _("Low"))],
        initial=2,
    )
    text = forms.CharField(label=_("What we want"), widget=forms.Textarea(attrs={"rows": 3}))
    set_with_members = forms.BooleanField(label=_("Set together with our members"), required=False)

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting), **self.fields}


class BodForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    corporaties = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Housing associations (several for a joint bod)"),
        widget=forms.CheckboxSelectMultiple,
    )
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, corporaties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corporaties"].queryset = Organisation.objects.filter(
            pk__in=[c.pk for c in corporaties]
        ).order_by("name")


class BodLineForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme (BTIV art. 39)"), choices=Theme.choices)
    description = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 3}))
    quantity = forms.DecimalField(
        label=_("Number"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=60, help_text=_("For example: homes, %, euro")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2015, max_value=2100)
    estimated_investment = forms.DecimalField(
        label=_("Estimated investment (euro)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )


class BodSectionForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme (BTIV art. 39)"), choices=Theme.choices)
    text = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the housing association intends on this theme, and why."),
    )


class ConsultationForm(VersionedFormMixin, forms.Form):
    consulted_on = forms.DateField(label=_("Tenants consulted on"), widget=DATE)
    consultation_note = forms.CharField(
        label=_("Outcome of the tenant consultation"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ConfirmForm(forms.Form):
    pass
