"""Side-by-side comparison of two frozen versions, with changes marked by <del>/<ins>."""

from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import CommitmentKind, Theme


def _number(value) -> str:
    """A number from the snapshot in the active language's format (Dutch: 1.000.000,5)."""
    if value in (None, ""):
        return "–"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def _label(choices, value) -> str:
    """The translated label of a stored choice; the stored code never shows."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "–")


def flatten(snapshot: dict) -> list[tuple[str, str, str]]:
    """(key, label, text) rows in document order."""
    rows = []
    a = snapshot.get("agreement", {})
    rows.append(("agreement:title", _("Title"), a.get("title", "")))
    rows.append(("agreement:period", _("Period"), f"{a.get('period_start')}–{a.get('period_end')}"))
    rows.append(
        ("parties", _("Parties"), "; ".join(p["name"] for p in snapshot.get("parties", [])))
    )
    for c in snapshot.get("clauses", []):
        rows.append(
            (f"clause:{c['title']}", _("Clause: %(title)s") % {"title": c["title"]}, c["text"])
        )
    for c in snapshot.get("commitments", []):
        targets = ", ".join(f"{y}: {_number(v)}" for y, v in sorted(c.get("targets", {}).items()))
        text = "\n".join(
            [
                c["title"],
                c.get("description", ""),
                _("Theme: %(v)s") % {"v": _label(Theme, c.get("theme"))},
                _("Kind: %(v)s") % {"v": _label(CommitmentKind, c.get("kind"))},
                _("Responsible: %(v)s") % {"v": c.get("responsible", "")},
                _("Indicator: %(v)s (%(unit)s)")
                % {"v": c.get("indicator", ""), "unit": c.get("unit", "")},
                _("Baseline: %(v)s") % {"v": _number(c.get("baseline"))},
                _("Targets: %(v)s") % {"v": targets or "–"},
                _("Estimated cost: %(v)s") % {"v": _number(c.get("estimated_cost"))},
            ]
        )
        rows.append((f"commitment:{c['reference']}", c["reference"], text))
    return rows


def _tokens(text: str) -> list[str]:
    return re.findall(r"\S+|\s+", text)


def _html(tokens, tag: str | None = None) -> str:
    text = escape("".join(tokens))
    if tag and text.strip():
        label = escape(_("removed") if tag == "del" else _("added"))
        text = f'<{tag}><span class="dh-visually-hidden">[{label}: </span>{text}<span class="dh-visually-hidden">]</span></{tag}>'
    return text


def _mark(a: str, b: str):
    ta, tb = _tokens(a), _tokens(b)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=ta, b=tb, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(_html(ta[i1:i2]))
            right.append(_html(tb[j1:j2]))
            continue
        left.append(_html(ta[i1:i2], "del"))
        right.append(_html(tb[j1:j2], "ins"))
    return (
        mark_safe("".join(left).replace("\n", "<br>")),  # noqa: S308
        mark_safe("".join(right).replace("\n", "<br>")),  # noqa: S308
    )


def compare(old: dict, new: dict) -> list[dict]:
    left = {k: (label, text) for k, label, text in flatten(old)}
    right = {k: (label, text) for k, label, text in flatten(new)}
    order = [k for k, _l, _t in flatten(old)]
    order += [k for k, _l, _t in flatten(new) if k not in left]
    rows = []
    for key in order:
        label = (right.get(key) or left.get(key))[0]
        a = left.get(key, (label, ""))[1]
        b = right.get(key, (label, ""))[1]
        if key not in left:
            change = _("Added")
        elif key not in right:
            change = _("Removed")
        elif a != b:
            change = _("Changed")
        else:
            change = ""
        la, rb = (
            _mark(a, b)
            if change
            else (
                mark_safe(escape(a).replace("\n", "<br>")),
                mark_safe(escape(b).replace("\n", "<br>")),
            )
        )  # noqa: S308
        rows.append({"label": label, "left": la, "right": rb, "change": change})
    return rows
