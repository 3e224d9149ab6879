from __future__ import annotations

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def widget_type(field) -> str:
    return field.field.widget.__class__.__name__.lower().replace("input", "")


def _width_class(field) -> str:
    """A width that fits the expected answer: short for numbers, dates and short codes."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    if input_type in ("number", "date", "time"):
        return "dh-width-s"
    max_length = getattr(field.field, "max_length", None)
    if input_type in ("text", "email", "url", "tel", "password", "search") or max_length:
        if max_length and max_length <= 12:
            return "dh-width-s"
        if max_length and max_length <= 40:
            return "dh-width-m"
        return "dh-width-l"
    return ""


@register.simple_tag
def field_widget(field, css_class: str):
    """Render a bound field's widget with NL Design System classes and ARIA attributes."""
    classes = [css_class, _width_class(field), field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append(css_class.split()[0] + "--invalid")
    attrs = {"class": " ".join(c for c in classes if c)}
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


@register.simple_tag(takes_context=True)
def pager(context, page_obj, param: str = "") -> object:
    """The pager of ``page_obj`` (``core.listing.Pager``): its page links keep the query."""
    from driehoek.core.listing import Pager, pager_for

    if isinstance(page_obj, Pager):
        return page_obj
    return pager_for(context["request"].GET, page_obj, param or "page")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


def _as_decimal(value):
    """``value`` as an int or a Decimal, or None when it is not a number."""
    from decimal import Decimal, InvalidOperation

    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def nl_number(value, places=None):
    """A quantity in the active language's format: 1.234 and 12,5 in Dutch, 1,234 and 12.5 in
    English. Decimals lose their trailing zeros (12.50 → 12,5; 1E+3 → 1.000); ``places`` fixes
    the number of decimals instead (``|nl_number:1``). None prints "–". Not for years."""
    from decimal import Decimal

    from django.utils.formats import number_format

    if value is None or value == "":
        return "–"
    number = _as_decimal(value)
    if number is None:
        return value
    if isinstance(number, Decimal):
        if not number.is_finite():
            return value
        if places is None:
            number = number.normalize()
            exponent = number.as_tuple().exponent  # finite: an int
            if isinstance(exponent, int) and exponent > 0:  # 1E+3 → 1000, no exponent
                number = number.quantize(Decimal(1))
            if number == 0:
                number = Decimal(0)
        else:
            number = number.quantize(Decimal(1).scaleb(-int(places)))
    return number_format(
        number,
        decimal_pos=None if places is None else int(places),
        use_l10n=True,
        force_grouping=True,
    )


@register.filter
def nl_decimal(value, places=1):
    """A Decimal with a fixed number of decimals (default one) in the active language's format:
    12,5 in Dutch, 12.5 in English. None prints "–"."""
    return nl_number(value, places)
