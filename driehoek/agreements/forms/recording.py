"""Forms for recording the past, the bods an agreement answers and parties that change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.organisations.models import Organisation, OrganisationKind
from driehoek.organisations.picker import OrganisationPickField

from ..models import AgreementKind, Decision, DisputeStatus
from .base import DATE

PARTY_KINDS = (
    OrganisationKind.GEMEENTE,
    OrganisationKind.CORPORATIE,
    OrganisationKind.HUURDERS,
    OrganisationKind.BEWONERSCOMMISSIE,
)


class BodSentRecordForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Date the bod was sent"),
        widget=DATE,
        help_text=_("The day the municipality and the tenant organisations received the bod."),
    )


class AgreementRecordForm(forms.Form):
    gemeente = OrganisationPickField(
        label=_("Municipality"),
        kinds=[OrganisationKind.GEMEENTE],
        help_text=_("Type the name of the municipality and choose it."),
    )
    cycle_year = forms.IntegerField(
        label=_("Cycle year"),
        min_value=2015,
        max_value=2100,
        help_text=_(
            "The year the agreements were made. The cycle of a year makes the agreements for "
            "the next year. Driehoek uses the cycle of that year, or makes it."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, label) for k, label in AgreementKind.choices if k != AgreementKind.ADDENDUM],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.IntegerField(label=_("First year"), min_value=2015, max_value=2100)
    period_end = forms.IntegerField(label=_("Last year"), min_value=2015, max_value=2100)
    parties = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Other parties"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "The housing associations and tenant organisations that took part. Hold Ctrl "
            "(or Cmd on a Mac) to choose more than one."
        ),
    )
    final_on = forms.DateField(
        label=_("Date of the final text"),
        widget=DATE,
        help_text=_("The day the parties agreed on the text that was signed."),
    )
    source_document = forms.FileField(
        label=_("Signed document (PDF)"),
        required=False,
        help_text=_("Optional: the signed agreement as a PDF of at most 20 MB."),
    )
    freeze = forms.BooleanField(
        label=_("The text is complete: record it now as the signed version"),
        required=False,
        initial=True,
        help_text=_(
            "Leave this off to add the commitments first. You then record the signed "
            "version from the recording page of the agreement."
        ),
    )

    def __init__(self, *args, gemeenten, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["parties"].queryset = others


class RecordedFreezeForm(forms.Form):
    final_on = forms.DateField(label=_("Date of the final text"), widget=DATE)


class SignatureRecordForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Party"), empty_label=None
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, initial=Decision.SIGNED
    )
    signed_on = forms.DateField(label=_("Date of the decision"), widget=DATE)
    signer_name = forms.CharField(label=_("Name of the signatory"), max_length=200)
    reason = forms.CharField(
        label=_("Reason (when declined)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        ).order_by("name")


class SubmissionRecordForm(forms.Form):
    submitted_on = forms.DateField(
        label=_("Date of the submission"),
        widget=DATE,
        help_text=_(
            "The day the package went to the minister, the municipalities and the tenant "
            "organisations (Woningwet art. 44a)."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DisputeRecordForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Filed by"), empty_label=None
    )
    arose_on = forms.DateField(label=_("The dispute arose on"), widget=DATE)
    filed_on = forms.DateField(label=_("Filed with the minister on"), widget=DATE)
    description = forms.CharField(
        label=_("Description of the dispute"), widget=forms.Textarea(attrs={"rows": 5})
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=DisputeStatus.choices, initial=DisputeStatus.FILED
    )
    status_note = forms.CharField(
        label=_("Advice or ruling"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        ).order_by("name")


class BodsLinkForm(forms.Form):
    bods = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Bods this agreement answers"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, bods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bods"].queryset = bods


class CycleParticipantForm(forms.Form):
    organisation = OrganisationPickField(
        label=_("Organisation"),
        kinds=PARTY_KINDS[1:],
        help_text=_(
            "Type the name of the housing association or tenant organisation and choose it."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RegionForm(forms.Form):
    region = forms.ModelChoiceField(queryset=None, label=_("Region"), empty_label=None)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
