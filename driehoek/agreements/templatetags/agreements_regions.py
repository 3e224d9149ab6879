"""``{% region_agreements region %}``: the regional agreements on a region's page.

The region's page belongs to ``organisations``, which never imports ``agreements`` (the apps
depend one way); its template loads this tag, which reads through
``selectors.agreements_for_region`` with the visitor's access."""

from __future__ import annotations

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("agreements/_region_agreements.html", takes_context=True)
def region_agreements(context, region) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {
        "region": region,
        "agreements": list(selectors.agreements_for_region(region, user=user)),
        "signed_in": bool(user is not None and user.is_authenticated),
    }
