"""One organisation chosen by typing its name, instead of a select with hundreds of options.

``OrganisationPickField`` is a form field over a queryset the view passes (like
``ModelChoiceField``, and it never accepts anything outside it). It renders:

- a short list (at most ``SELECT_LIMIT``) as a plain select;
- otherwise a text field; with the script (static/js/organisation-search.js) it is a combobox
  that asks ``organisations:search`` for names as you type and puts the chosen id in a hidden
  field. Without the script the server reads the name after sending: exactly one match is
  chosen, several become "Did you mean:" radio buttons under the field, none gives the Dutch
  error "Geen organisatie gevonden met deze naam." next to the field.

The cleaned value is the ``Organisation``."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import selectors_picker
from .models import Organisation

SELECT_LIMIT = 50
ID_SUFFIX = "_id"
CHOICE_SUFFIX = "_choice"


def pick_label(organisation: Organisation) -> str:
    values = {"name": organisation.name, "kind": organisation.get_kind_display()}
    if not organisation.is_current:
        return _("%(name)s (%(kind)s, no longer exists)") % values
    return _("%(name)s (%(kind)s)") % values


class OrganisationPickWidget(forms.Widget):
    """The text field, the hidden id and (after a send without the script) the radio buttons
    of "Did you mean:"; or a select when the field offers a short list."""

    template_name = "organisations/widgets/pick.html"

    class Media:
        css = {"all": ["css/organisation-search.css"]}
        js = [forms.Script("js/organisation-search.js", defer=True)]

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.search_url = ""
        self.options: list[Organisation] | None = None
        self.suggestions: list[Organisation] = []

    def value_from_datadict(self, data, files, name):
        return {
            "text": data.get(name, ""),
            "id": data.get(name + ID_SUFFIX, ""),
            "choice": data.get(name + CHOICE_SUFFIX, ""),
        }

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + ID_SUFFIX not in data

    def format_value(self, value):
        if isinstance(value, Organisation):
            return {"text": value.name, "id": str(value.pk), "choice": ""}
        if isinstance(value, dict):
            return {k: str(value.get(k) or "") for k in ("text", "id", "choice")}
        return {"text": "", "id": "", "choice": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        value = widget["value"]
        widget_id = widget["attrs"].get("id", "")
        if self.options is not None:
            chosen = value["id"] or value["text"]
            widget["as_select"] = True
            widget["options"] = [
                {"value": str(o.pk), "label": o.name, "selected": str(o.pk) == chosen}
                for o in self.options
            ]
            widget["attrs"]["class"] = (
                widget["attrs"].get("class", "").replace("utrecht-textbox--html-input", "")
                + " utrecht-select utrecht-select--html-select"
            ).strip()
            return context
        widget["id_name"] = name + ID_SUFFIX
        widget["id_id"] = widget_id + ID_SUFFIX
        widget["attrs"].update(
            {
                "autocomplete": "off",
                "data-dh-org-search": self.search_url,
                "data-dh-org-target": widget["id_id"],
                "data-dh-org-label": _("Suggested organisations"),
            }
        )
        if self.suggestions:
            widget["choice_name"] = name + CHOICE_SUFFIX
            widget["choice_id"] = widget_id + CHOICE_SUFFIX
            widget["suggestions"] = [
                {
                    "value": str(o.pk),
                    "label": pick_label(o),
                    "checked": str(o.pk) == value["choice"],
                }
                for o in self.suggestions
            ]
        return context

    def id_for_label(self, id_):
        return id_


class OrganisationPickField(forms.Field):
    """One organisation of ``queryset``, chosen from a short select or by typing its name.
    ``kinds`` narrow what the suggestions endpoint sends (it never widens the queryset: a
    suggestion outside it is refused when sent)."""

    widget = OrganisationPickWidget
    default_error_messages = {
        "required": _("Type the name of the organisation."),
        "not_found": _("No organisation found with this name."),
        "choose": _("Several organisations match. Choose the one you mean below."),
        "invalid_choice": _("Choose one of the organisations below."),
    }

    def __init__(self, *, queryset=None, kinds=(), current_only=True, **kwargs):
        super().__init__(**kwargs)
        self.kinds = tuple(kinds)
        self.current_only = current_only
        self.queryset = queryset if queryset is not None else Organisation.objects.none()

    @property
    def queryset(self) -> QuerySet[Organisation]:
        return self._queryset

    @queryset.setter
    def queryset(self, queryset) -> None:
        self._queryset = queryset.all() if queryset is not None else None
        self._small: list[Organisation] | None | bool = False  # not read yet

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.queryset = self._queryset
        return result

    def search_url(self) -> str:
        query = [("soort", k) for k in self.kinds]
        if self.current_only:
            query.append(("huidig", "1"))
        url = reverse("organisations:search")
        return f"{url}?{urlencode(query)}" if query else url

    def small(self) -> list[Organisation] | None:
        if self._small is False:
            self._small = selectors_picker.small_list(self._queryset, SELECT_LIMIT)
        return self._small  # type: ignore[return-value]

    def offers_any(self) -> bool:
        """Whether there is anything to choose (without reading a long list)."""
        small = self.small()
        return small is None or bool(small)

    def get_bound_field(self, form, field_name):
        self.widget.options = self.small()
        self.widget.search_url = self.search_url()
        return super().get_bound_field(form, field_name)

    def prepare_value(self, value):
        if isinstance(value, (int, str)) and not isinstance(value, bool) and value != "":
            return selectors_picker.by_id(self._queryset, value) or value
        return value

    def to_python(self, value):
        if isinstance(value, Organisation):
            return value
        value = value if isinstance(value, dict) else {"text": "", "id": value, "choice": ""}
        qs = self._queryset
        self.widget.suggestions = []
        for key in ("choice", "id"):
            if value.get(key):
                found = selectors_picker.by_id(qs, value[key])
                if found is not None:
                    return found
                if key == "choice":
                    raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid")
        text = str(value.get("text") or "").strip()
        if not text:
            if value.get("id"):
                raise forms.ValidationError(self.error_messages["not_found"], "not_found")
            return None
        # From the short select, or an id typed by a test or an old link.
        found = selectors_picker.by_id(qs, text)
        if found is not None:
            return found
        same = selectors_picker.named(qs, text)
        if len(same) == 1:
            return same[0]
        suggestions = same or selectors_picker.matching(
            qs, text, limit=selectors_picker.DID_YOU_MEAN_LIMIT
        )
        if not suggestions:
            raise forms.ValidationError(self.error_messages["not_found"], "not_found")
        self.widget.suggestions = suggestions
        raise forms.ValidationError(self.error_messages["choose"], "choose")

    def has_changed(self, initial, data):
        return True
