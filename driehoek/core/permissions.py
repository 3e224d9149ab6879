"""The one way to ask "may <user> <action> <object>".

Each app answers its own questions in ``<app>/rules.py``: plain predicate functions (built
with the ``rules`` library, so they combine with ``&``, ``|`` and ``~``) registered under
``"<app>.<action>"``. Selectors and services enforce with :func:`require`, views decide what
to show with :func:`may`, templates use ``{% may "<app>.<action>" obj as flag %}`` (a builtin
tag, see ``core/templatetags/permissions.py``). Nothing else computes a permission.

We use rule sets (``rules.add_rule`` / ``test_rule``), not Django's ``user.has_perm``: the
latter answers True for every superuser, and staff must never act for a party. An unknown
name raises instead of answering False, so a typo cannot hide a button or open a door.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied


class UnknownRule(LookupError):
    pass


def may(user, name: str, obj: Any = None) -> bool:
    if not rules.rule_exists(name):
        raise UnknownRule(f"No rule named {name!r}: register it in the app's rules.py")
    return bool(rules.test_rule(name, user, obj))


def require(user, name: str, obj: Any = None) -> None:
    """Raise 403 unless the rule allows it. (Visibility stays with the selectors: an outsider
    gets 404 before any rule is asked.)"""
    if not may(user, name, obj):
        raise PermissionDenied


def register(name: str, predicate) -> None:
    """``rules.add_rule`` that tolerates a module being imported twice (autoreload, tests)."""
    if rules.rule_exists(name):
        rules.set_rule(name, predicate)
    else:
        rules.add_rule(name, predicate)
