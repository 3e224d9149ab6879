"""Every catalogue is fully translated into Dutch: no empty and no fuzzy entries."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    [
        *ROOT.glob("locale/nl/LC_MESSAGES/django.po"),
        *ROOT.glob("driehoek/*/locale/nl/LC_MESSAGES/django.po"),
    ]
)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 4


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert not missing, f"{len(missing)} untranslated or fuzzy entries, e.g. {missing[:5]}"


PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|\{(\w*)\}|%[sdif]")


def _placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_translation_keeps_every_placeholder(path):
    """A translation that drops or renames %(name)s, {name} or %s breaks the page or the mail
    at run time (msgfmt --check-format does the same check)."""
    po = polib.pofile(str(path))
    wrong = []
    for entry in po:
        if entry.obsolete or not entry.msgstr and not entry.msgstr_plural:
            continue
        if entry.msgid_plural:
            expected = _placeholders(entry.msgid_plural)
            for text in entry.msgstr_plural.values():
                found = _placeholders(text)
                # A singular form may leave out the count ("één"), never add or rename one.
                if not set(found) <= set(expected):
                    wrong.append((entry.msgid, text))
        elif _placeholders(entry.msgid) != _placeholders(entry.msgstr):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, f"{len(wrong)} translations change their placeholders, e.g. {wrong[:3]}"


def _entries(path: Path) -> str:
    """The catalogue without its creation date, which makemessages rewrites on every run."""
    return "".join(
        line
        for line in path.read_text().splitlines(keepends=True)
        if "POT-Creation-Date" not in line
    )


def test_catalogues_are_in_makemessages_format(tmp_path):
    """`make messages` (Django's makemessages) on a copy of the sources leaves every catalogue
    as it is: the catalogues hold exactly the strings of the code, in makemessages' own wrapping,
    so a contributor's extraction shows only their own change. Without source locations
    (--no-location), so moving code around does not change a catalogue."""
    assert shutil.which("xgettext"), "makemessages needs GNU gettext: apt-get install gettext"
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".*", "__pycache__", "*.mo", "var", "node_modules", "media", "*.egg-info"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    changed = [
        str(path.relative_to(ROOT))
        for path in CATALOGUES
        if _entries(path) != _entries(copy / path.relative_to(ROOT))
    ]
    assert not changed, f"run `make messages` and translate what it adds: {changed}"


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "pgettext_lazy"}


def _gettext_in_fstrings(source: str) -> list[int]:
    """Lines where a gettext call sits inside an f-string."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT_NAMES
                ):
                    lines.append(inner.lineno)
    return lines


def test_the_fstring_check_sees_a_translation_inside_an_fstring():
    assert _gettext_in_fstrings("x = f\"({_('full')})\"\n") == [1]
    assert _gettext_in_fstrings("full = _('full')\nx = f\"({full})\"\n") == []


def test_no_translated_string_hides_inside_an_fstring():
    """xgettext does not look inside f-strings: a `_("...")` there never reaches a catalogue,
    so the page shows English. Translate first, then format."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "driehoek").rglob("*.py"))
        for line in _gettext_in_fstrings(path.read_text())
    ]
    assert not found, f"move these translations out of the f-string: {found}"
