"""``{% published_region_agreements region %}``: the published regional agreements of a region,
for every visitor, on the region's page (which belongs to ``organisations``, a lower app that
never imports publication). Reads through ``selectors.published_regional_agreements`` only."""

from __future__ import annotations

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("publication/_region_published.html")
def published_region_agreements(region) -> dict:
    return {
        "region": region,
        "agreements": list(selectors.published_regional_agreements(region)),
    }
