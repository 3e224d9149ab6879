"""The form-POST skeleton that every editing view shares: validate, save through a service,
show a stale edit as 409 with what is saved now, a refused business rule next to its field,
and on success a message and a redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from .errors import ServiceError
from .versioning import StaleEdit


@dataclass
class Outcome:
    """``response`` is the redirect after a successful save; otherwise the form is shown
    again with ``status`` (None lets the page choose: 400 after a POST, 200 on GET)."""

    response: HttpResponse | None = None
    status: int | None = None


def handle_form(
    request,
    form,
    save: Callable[[dict], Any],
    *,
    success: str | None = None,
    redirect_to: Any = None,
) -> Outcome:
    """On POST with a valid form call ``save(cleaned_data)``. ``redirect_to`` is a URL, a
    model (its ``get_absolute_url``), a callable taking what ``save`` returned, or None to
    redirect to what ``save`` returned."""
    if request.method != "POST" or not form.is_valid():
        return Outcome()
    try:
        result = save(form.cleaned_data)
    except StaleEdit as err:
        form.refuse_stale(err)
        return Outcome(status=409)
    except ServiceError as err:
        err.add_to_form(form)
        return Outcome()
    if success:
        messages.success(request, success)
    target = redirect_to(result) if callable(redirect_to) else redirect_to
    return Outcome(response=redirect(target if target is not None else result))
