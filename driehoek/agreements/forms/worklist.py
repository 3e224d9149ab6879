"""The filter of the werkplek's lists (GET, works without JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AgreementStatus


class WorkspaceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or municipality"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *AgreementStatus.choices],
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Fill in a year as a number, for example 2027."),
            "min_value": _("Fill in a year between 2000 and 2100."),
            "max_value": _("Fill in a year between 2000 and 2100."),
        },
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {k: data.get(k) or None for k in ("q", "status", "year")}
