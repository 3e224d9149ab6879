"""Every catalogue is fully translated into Dutch: no empty and no fuzzy entries."""

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
