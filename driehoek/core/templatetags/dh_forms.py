"""Form helpers for the error summary (GOV.UK / NL Design System pattern): where each error
links to, and whether the page shows a form with errors (its <title> then starts "Fout:")."""

from __future__ import annotations

from django import template
from django.forms import BaseForm, BaseFormSet

register = template.Library()


@register.filter
def error_anchor(field) -> str:
    """The id the error summary links to: the field's input, or the first option of a group of
    radios or checkboxes (whose fieldset has no input of its own)."""
    widget = field.field.widget
    if getattr(widget, "input_type", "") in ("radio", "checkbox") and hasattr(widget, "choices"):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def _has_errors(value) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def page_has_form_errors(context) -> bool:
    """True when any bound form or formset in the page's context has errors."""
    return any(_has_errors(value) for value in context.flatten().values())


@register.simple_tag
def choice_tag(choice, css_class: str):
    """One radio or checkbox of a group, with NL Design System classes."""
    attrs = {**choice.data["attrs"], "class": css_class}
    context = {"widget": {**choice.data, "attrs": attrs, "wrap_label": False}}
    return choice.parent_widget._render(choice.template_name, context, choice.renderer)


@register.simple_tag
def field_groups(form, fields) -> list[tuple[str, list]]:
    """The visible fields grouped as the form's ``fieldsets = [(legend, [names]), ...]`` says;
    fields in no group come first under an empty legend. Without ``fieldsets``: one group."""
    fieldsets = getattr(form, "fieldsets", None) or []
    grouped = {name for _legend, names in fieldsets for name in names}
    by_name = {bf.name: (bf, errors) for bf, errors in fields}
    groups = [("", [item for item in fields if item[0].name not in grouped])]
    for legend, names in fieldsets:
        groups.append((legend, [by_name[n] for n in names if n in by_name]))
    return [(legend, items) for legend, items in groups if items]
