"""Reads for the account pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def active_user(pk):
    """The active user with this id, or None (a sign-in waiting for its code)."""
    if not pk:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
