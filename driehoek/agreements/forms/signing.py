"""Forms of freezing, signing, submission, disputes and information requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.organisations.models import Organisation

from ..models import Decision, DisputeStatus
from .base import DATE, _org_field


class FreezeForm(forms.Form):
    final = forms.BooleanField(
        label=_("This is the final version for signing"),
        required=False,
        help_text=_("After this nobody can change the text. Changes then need an addendum."),
    )
    label = forms.CharField(label=_("Name of this round"), required=False, max_length=200)


class SigningRoleForm(forms.Form):
    """A tenant organisation chooses how it takes part in signing."""

    signs = forms.TypedChoiceField(
        label=_("How does your organisation take part?"),
        choices=[
            ("1", _("We sign as a full party: the agreement waits for our decision")),
            ("0", _("We only take note: we may still sign or decline")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting), **self.fields}


class ReadyForm(forms.Form):
    """A party says it is ready to sign, or withdraws that."""

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _org_field(acting)


class SignForm(forms.Form):
    """The signing ceremony: the decision, and to sign the signer's full name and the ticked
    statement. Nothing is chosen or filled in beforehand."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose sign or decline.")},
    )
    signer_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        required=False,
        help_text=_("Needed when you sign. Your name is on the signature and on the receipt."),
    )
    statement = forms.BooleanField(required=False)
    reason = forms.CharField(
        label=_("Reason (required when you decline)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, acting=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"organisation": _org_field(acting, _("Sign for")), **self.fields}
        acting = list(acting)
        self.fields["statement"].label = (
            _("I have read this version and sign it on behalf of %(org)s") % {"org": acting[0]}
            if len(acting) == 1
            else _(
                "I have read this version and sign it on behalf of the organisation chosen above"
            )
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.SIGNED:
            if not (data.get("signer_name") or "").strip():
                self.add_error("signer_name", _("Type your full name to sign."))
            if not data.get("statement"):
                self.add_error(
                    "statement",
                    _("Tick the statement to sign: you have read this version and sign it."),
                )
        return data


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
