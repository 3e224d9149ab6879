"""The glossary explains every word a tenant meets in Driehoek (issue 13, point 9)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TERMS = [
    "Addendum",
    "Streefwaarde",
    "Indicator",
    "Beginwaarde",
    "Inspanningsafspraak",
    "Resultaatafspraak",
    "Vingerafdruk",
    "Jaarschijf",
    "Raamafspraak",
    "Bod",
    "Woonvisie",
    "Zienswijze",
    "Geschil (artikel 44)",
    "Opvolger",
    "Financiële ruimte",
    "Indienen (artikel 44a)",
    "Autoriteit woningcorporaties",
]


@pytest.mark.parametrize("term", TERMS)
def test_glossary_explains_the_term_in_dutch(client, term):
    page = client.get(reverse("core:glossary")).content.decode()
    match = re.search(
        rf"<dt[^>]*><strong>{re.escape(term)}</strong></dt><dd[^>]*>(.*?)</dd>", page, re.S
    )
    assert match, term
    explanation = match.group(1)
    # Dutch, not the English source string: the Dutch article or "je"/"een" is there.
    assert re.search(r"\b(een|de|het|je)\b", explanation, re.I), explanation
    assert not re.search(r"\b(the|an|agreement)\b", explanation), explanation
