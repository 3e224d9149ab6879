"""The organisation names that match what someone types in a picker
(``organisations.picker``; static/js/organisation-search.js asks for them as you type)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .. import selectors_picker


@require_safe
@cache_control(public=True, max_age=60)
def search(request):
    """At most 20 active organisations (names anyone may see in the directory) whose name
    matches ``q``, of the kinds in ``soort`` (repeatable) and with ``huidig=1`` only those that
    exist today; a small HTML list. A plain GET: no session, no form."""
    organisations = selectors_picker.public_suggestions(
        request.GET.get("q", ""),
        kinds=request.GET.getlist("soort"),
        current_only=request.GET.get("huidig") == "1",
    )
    return render(request, "organisations/_suggestions.html", {"organisations": organisations})
