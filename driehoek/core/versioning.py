"""No lost update: optimistic locking for the edit forms of shared objects.

A versioned model has an integer ``version`` (``version_field()``). An edit form carries the
version it was loaded from (``VersionedFormMixin``, a hidden field); the service passes it to
``save_versioned``, which claims the row with one conditional
``UPDATE ... SET version = version + 1 WHERE pk = .. AND version = <loaded>``. Of two
simultaneous saves with the same loaded version only one matches: the other gets ``StaleEdit``
(nothing is written, the surrounding transaction rolls back) carrying what is saved now.

``expected=None`` means "no check" (demo loaders, other callers, and a POST without the
hidden field): the version is still raised so later stale forms are caught.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.db import models
from django.db.models import F
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from driehoek.core.errors import ServiceError


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Raised on every save through an edit form (no lost update)."),
    )


def _display(obj, name: str) -> str:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        value = ", ".join(str(o) for o in getattr(obj, name).all())
    elif field.choices:
        value = getattr(obj, f"get_{name}_display")()
    else:
        value = getattr(obj, name)
        if isinstance(value, datetime.datetime):
            value = formats.localize(timezone.localtime(value))
        elif isinstance(value, datetime.date | int | float) or hasattr(value, "normalize"):
            value = formats.localize(value)
        value = "" if value is None else str(value)
    value = " ".join(value.split())
    return Truncator(value).chars(200) if value else _("(empty)")


class StaleEdit(ServiceError):
    """Someone else saved the object after this form was loaded. ``version`` is the current
    version; ``values`` maps each edited field name to (label, current value shown as text)."""

    def __init__(self, *, current, fields):
        self.version = current.version
        self.values = {
            name: (str(current._meta.get_field(name).verbose_name), _display(current, name))
            for name in fields
        }
        super().__init__(self.build_message(), code="stale")

    def build_message(self, labels: dict | None = None) -> str:
        labels = labels or {}
        listed = "; ".join(
            f"{labels.get(name) or label}: {value}" for name, (label, value) in self.values.items()
        )
        return _(
            "Someone else changed this in the meantime. This is what is saved now: %(values)s. "
            "Your text is still below. Do you want to keep your version anyway? Then save again."
        ) % {"values": listed}


def save_versioned(obj, *, expected: int | None, fields, update_fields=None) -> None:
    """Claim ``obj``'s row for this save, then save it. ``fields`` are the names the edit form
    changes (shown in the refusal). Call inside the service's transaction, before other writes.
    Raises ``StaleEdit`` when the stored version is not ``expected``."""
    manager = type(obj)._default_manager
    rows = manager.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if not rows.update(version=F("version") + 1):
        raise StaleEdit(current=manager.get(pk=obj.pk), fields=fields)
    obj.version = manager.filter(pk=obj.pk).values_list("version", flat=True).get()
    if update_fields is None:
        obj.save()
    else:
        obj.save(update_fields=[*update_fields, "version"])


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionedFormMixin(_FormBase):
    """Adds a hidden ``version`` field (pass ``version=obj.version`` when editing). Not
    required: a POST without it is saved without a check (see docs/architecture.md)."""

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=1, initial=version
        )

    @property
    def loaded_version(self) -> int | None:
        return self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None

    def refuse_stale(self, err: StaleEdit) -> None:
        """Show what is saved now at the top of the form, keep what the user typed, and carry
        the current version so a second, deliberate save overwrites knowingly."""
        labels = {n: self.fields[n].label for n in err.values if n in self.fields}
        self.add_error(None, err.build_message(labels))
        data = self.data.copy()  # type: ignore[attr-defined]  # a bound form's data is a QueryDict
        data["version"] = str(err.version)
        self.data = data
