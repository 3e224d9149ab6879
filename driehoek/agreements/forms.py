from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.core import uploads
from driehoek.core.versioning import VersionedFormMixin
from driehoek.organisations.models import Organisation

from .legal import CYCLE_DEFAULTS
from .models import (
    AgreementKind,
    Decision,
    DisputeStatus,
    Stance,
    Theme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _org_field(orgs, label=None):
    return forms.ModelChoiceField(
        queryset=Organisation.objects.filter(pk__in=[o.pk for o in orgs]).order_by("name"),
        label=label or _("On behalf of"),
        empty_label=None,
    )


class CycleForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Municipality"), empty_label=None
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


class FreezeForm(forms.Form):
    final = forms.BooleanField(
        label=_("This is the final version for signing"),
        required=False,
        help_text=_("After this nobody can change the text. Changes then need an addendum."),
    )
    label = forms.CharField(label=_("Name of this round"), required=False, max_length=200)


class SignForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        initial=Decision.SIGNED,
    )
    signer_name = forms.CharField(
        label=_("Name and position of the signatory"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Reason (required when you decline)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting, _("Sign for")), **self.fields}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AddendumForm(forms.Form):
    title = forms.CharField(label=_("Title of the addendum"), max_length=200, required=False)


class SubmitForm(forms.Form):
    sent_to_minister = forms.BooleanField(
        label=_("Sent to the minister (Autoriteit woningcorporaties)")
    )
    sent_to_gemeenten = forms.BooleanField(label=_("Sent to the municipalities"))
    sent_to_tenants = forms.BooleanField(label=_("Sent to the tenant organisations"))
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting), **self.fields}


class DisputeForm(forms.Form):
    arose_on = forms.DateField(label=_("The dispute arose on"), widget=DATE)
    description = forms.CharField(
        label=_("Description of the dispute and the positions"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    understood = forms.BooleanField(
        label=_("I understand that the content of the woonvisie cannot be disputed")
    )

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting), **self.fields}


class DisputeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DisputeStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        label=_("Advice or ruling"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class InfoRequestForm(forms.Form):
    corporatie = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Housing association"), empty_label=None
    )
    question = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, acting=(), corporaties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"requester": _org_field(acting, _("Asked by")), **self.fields}
        self.fields["corporatie"].queryset = Organisation.objects.filter(
            pk__in=[c.pk for c in corporaties]
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
