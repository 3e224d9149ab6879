"""Every catalogue is fully translated into Dutch: no empty and no fuzzy entries."""

import re
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
