"""What the organisations views share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import render

from driehoek.core.errors import ServiceError


def _render(request, template, context, status=200):
    return render(request, template, context, status=status)


def act(request, action: Callable[[], object], success: str) -> bool:
    """A button without a form: run the service; its refusal or ``success`` is the message."""
    try:
        action()
    except ServiceError as err:
        messages.error(request, err.message)
        return False
    messages.success(request, success)
    return True
