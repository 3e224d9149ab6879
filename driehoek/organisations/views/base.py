"""What the organisations views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may

PAGE_SIZE = 25


def _render(request, template, context, status=200):
    return render(request, template, context, status=status)


def rule_required(name: str):
    """For pages whose rule needs no object (staff pages): anonymous users go to the login
    page, users the rule refuses get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user, name):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def act(request, action: Callable[[], object], success: str) -> bool:
    """A button without a form: run the service; its refusal or ``success`` is the message."""
    try:
        action()
    except ServiceError as err:
        messages.error(request, err.message)
        return False
    messages.success(request, success)
    return True
