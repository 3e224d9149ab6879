from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Theme

from .models import Frequency, ProgressStatus, ReviewDecision

PARTY_CHOICES = [
    ("", _("All parties")),
    ("gemeente", _("Municipality")),
    ("corporatie", _("Housing association")),
    ("huurders", _("Tenant organisation")),
]


class FilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100, required=False)
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("All themes")), *Theme.choices], required=False
    )
    party = forms.ChoiceField(label=_("Responsible party"), choices=PARTY_CHOICES, required=False)

    def __init__(self, *args, default_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_year = default_year or timezone.localdate().year


class ScopeFilterForm(FilterForm):
    """The filter of a dashboard over many agreements: also a name search for its lists."""

    q = forms.CharField(
        label=_("Search the lists"),
        help_text=_("By the name of a municipality or an agreement. The figures count everything."),
        required=False,
        max_length=100,
    )


QUARTER_CHOICES = [("", _("Whole year")), ("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class ReportForm(forms.Form):
    period_year = forms.IntegerField(label=_("Year"))
    period_quarter = forms.ChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, required=False)
    realised = forms.CharField(label=_("Realised"), max_length=40)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Choose…")), *ProgressStatus.choices]
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required when the commitment is at risk, not achieved or cancelled."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        help_text=_("PDF, spreadsheet, document or image; at most 10 MB."),
    )
    evidence_url = forms.CharField(label=_("Evidence (link)"), required=False, max_length=300)

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if unit:
            self.fields["realised"].help_text = _(
                "In %(unit)s, the position at the end of the period (cumulative for the year)."
            ) % {"unit": unit}


class ReviewForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you contest the figure."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class SettingsForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Reporting frequency"), choices=Frequency.choices)
    closed_until = forms.DateField(
        label=_("Periods closed up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Periods that end on or before this date can no longer be reported or changed."
        ),
    )
    report_due_days = forms.IntegerField(
        label=_("Report due (days after the period ends)"), min_value=0, max_value=365
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel (.xlsx) or CSV, with the columns of the template. At most 20 MB and 20,000 rows."
        ),
    )


class EvaluationPartyForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    view = forms.CharField(
        label=_("Our view on the year"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Each party writes its own view. It is shown next to the other parties' views."
        ),
    )

    def __init__(self, *args, organisations=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        labels = dict(Theme.choices)
        self.theme_codes = list(themes)
        for code in self.theme_codes:
            name = labels.get(code, code)
            self.fields[f"{code}__realised"] = forms.CharField(
                label=_("%(theme)s: what was realised") % {"theme": name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields[f"{code}__why_not"] = forms.CharField(
                label=_("%(theme)s: what was not realised, and why") % {"theme": name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields[f"{code}__lessons"] = forms.CharField(
                label=_("%(theme)s: lessons for next year") % {"theme": name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def theme_data(self) -> dict:
        return {
            code: {
                k: self.cleaned_data.get(f"{code}__{k}", "")
                for k in ("realised", "why_not", "lessons")
            }
            for code in self.theme_codes
        }


class ActingForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    target = forms.TypedChoiceField(
        label=_("Carry over to"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, organisations=(), targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        if targets is None:
            del self.fields["target"]
        else:
            self.fields["target"].choices = [
                ("", _("A new annual slice for next year")),
                *[(a.pk, a.title) for a in targets],
            ]


class FinancialRoomForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    ibw_new_build = forms.CharField(
        label=_("IBW: extra new-build investment (euro)"), required=False, max_length=30
    )
    ibw_improvement = forms.CharField(
        label=_("IBW: extra improvement investment (euro)"), required=False, max_length=30
    )
    ibw_rent_moderation = forms.CharField(
        label=_("IBW: rent moderation spending (euro)"), required=False, max_length=30
    )
    icr = forms.CharField(label=_("ICR"), required=False, max_length=20)
    ltv = forms.CharField(label=_("LTV on policy value (%)"), required=False, max_length=20)
    solvency = forms.CharField(label=_("Solvency (%)"), required=False, max_length=20)
    icr_norm = forms.CharField(label=_("ICR norm (at least)"), max_length=20, initial="1.4")
    ltv_norm = forms.CharField(label=_("LTV norm (at most, %)"), max_length=20, initial="70")
    solvency_norm = forms.CharField(
        label=_("Solvency norm (at least, %)"), max_length=20, initial="30"
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
