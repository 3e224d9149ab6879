"""``{% may "agreements.sign_version" version as can_sign %}``: the template side of the rules
layer (``core/permissions.py``). Loaded as a builtin, so templates need no ``{% load %}``."""

from __future__ import annotations

from django import template

from driehoek.core.permissions import may as _may

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, name: str, obj=None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _may(user, name, obj)
