"""Widgets and fields the agreement forms share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from driehoek.organisations.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _org_field(orgs, label=None):
    return forms.ModelChoiceField(
        queryset=Organisation.objects.filter(pk__in=[o.pk for o in orgs]).order_by("name"),
        label=label or _("On behalf of"),
        empty_label=None,
    )
