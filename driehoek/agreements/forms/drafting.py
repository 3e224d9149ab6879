"""Forms of drafting and negotiation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.core.versioning import VersionedFormMixin
from driehoek.organisations.models import Organisation

from ..models import AgreementKind, Stance, Theme
from .base import DATE, _org_field


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.IntegerField(label=_("First year"), min_value=2015, max_value=2100)
    period_end = forms.IntegerField(label=_("Last year"), min_value=2015, max_value=2100)
    parties = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Parties"),
        widget=forms.CheckboxSelectMultiple,
    )
    parent = forms.ModelChoiceField(
        queryset=None, label=_("Part of (framework agreement)"), required=False
    )
    bod = forms.ModelChoiceField(queryset=None, label=_("Answers the bod"), required=False)

    def __init__(self, *args, parties=(), parents=None, bods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organisation.objects.filter(
            pk__in=[p.pk for p in parties]
        ).order_by("kind", "name")
        self.fields["parent"].queryset = parents
        self.fields["bod"].queryset = bods


class PartyAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation"), empty_label=None
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in candidates]
        ).order_by("kind", "name")


class ClauseForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))


class CommitmentForm(VersionedFormMixin, forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("result", _("Result")),
            ("process", _("Process")),
            ("request", _("Request to the municipality")),
            ("effort", _("Effort")),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Responsible party")
    )
    counterparties = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Counterparties"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        required=False,
        max_length=200,
        help_text=_("What you measure, for example: new social rental homes delivered."),
    )
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=60, help_text=_("For example: homes, %, euro")
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost (euro)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    dependencies = forms.CharField(
        label=_("Dependencies"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    woonvisie_goal = forms.ModelChoiceField(
        queryset=None, label=_("Woonvisie goal it answers"), required=False
    )
    bod_line = forms.ModelChoiceField(
        queryset=None, label=_("Bod activity it answers"), required=False
    )
    summary_b1 = forms.CharField(
        label=_("Summary in plain language"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Short and simple, so every tenant understands it."),
    )

    def __init__(self, *args, agreement, parties, goals, bod_lines, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Organisation.objects.filter(pk__in=[p.pk for p in parties]).order_by("kind", "name")
        self.fields["responsible"].queryset = qs
        self.fields["counterparties"].queryset = qs
        self.fields["woonvisie_goal"].queryset = goals
        self.fields["bod_line"].queryset = bod_lines
        self.years = agreement.years
        for year in self.years:
            self.fields[f"target_{year}"] = forms.CharField(
                label=_("Target %(year)s") % {"year": year},
                required=False,
                max_length=30,
                help_text=_("A number, for example 120 or 95.5"),
            )

    def targets(self) -> dict:
        return {y: self.cleaned_data.get(f"target_{y}") for y in self.years}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.CharField(widget=forms.HiddenInput)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting), **self.fields}


class PositionForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Your position"), choices=Stance.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    on = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting), **self.fields}


class OpenPointForm(forms.Form):
    title = forms.CharField(label=_("Open point"), max_length=200)
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Owner"), empty_label=None
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(
            pk__in=[p.pk for p in parties]
        ).order_by("name")


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How was it resolved?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalForm(forms.Form):
    on = forms.ChoiceField(label=_("Change to"))
    new_text = forms.CharField(
        label=_("New text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For a clause or the description of a commitment."),
    )
    target_year = forms.IntegerField(
        label=_("Year of the target"), required=False, min_value=2015, max_value=2100
    )
    target_value = forms.CharField(label=_("New target"), required=False, max_length=30)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, acting=(), clauses=(), commitments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting), **self.fields}
        self.fields["on"].choices = [(f"commitment-{c.pk}", str(c)) for c in commitments] + [
            (f"clause-{c.pk}", c.title) for c in clauses
        ]


class DecideForm(forms.Form):
    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _org_field(acting)
        self.fields["reason"] = forms.CharField(
            label=_("Explanation (optional)"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )
