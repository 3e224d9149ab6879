from __future__ import annotations

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def widget_type(field) -> str:
    return field.field.widget.__class__.__name__.lower().replace("input", "")


@register.simple_tag
def field_widget(field, css_class: str):
    """Render a bound field's widget with NL Design System classes and ARIA attributes."""
    attrs = {
        "class": css_class + (" " + css_class.split()[0] + "--invalid" if field.errors else "")
    }
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.field.required and field.field.widget.__class__.__name__ != "CheckboxInput":
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return urlencode(sorted(query.lists()), doseq=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
