"""``{% region_agreements region %}``: the regional agreements on a region's page that the
visitor's organisations take part in, published or not.

The region's page belongs to ``organisations``, which never imports ``agreements`` (the apps
depend one way); its template loads this tag, which asks the rule
``agreements.see_own_regional_agreements`` and reads through
``selectors.agreements_for_region`` with the visitor's access. The published regional
agreements, for everyone, come from publication's ``{% published_region_agreements %}``."""

from __future__ import annotations

from django import template

from driehoek.core.permissions import may

from .. import selectors

register = template.Library()


@register.inclusion_tag("agreements/_region_agreements.html", takes_context=True)
def region_agreements(context, region) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    shown = may(user, "agreements.see_own_regional_agreements", region)
    return {
        "region": region,
        "shown": shown,
        "agreements": list(selectors.agreements_for_region(region, user=user)) if shown else [],
        "signed_in": bool(user is not None and user.is_authenticated),
    }
