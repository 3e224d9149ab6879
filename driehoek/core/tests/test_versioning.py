"""core.versioning: the conditional save behind "no lost update" (issue 9, item 4)."""

from __future__ import annotations

import pytest
from django.db import connection

from driehoek.core.errors import ServiceError
from driehoek.core.versioning import StaleEdit, save_versioned
from tests.race import race


def test_stale_save_is_refused_and_changes_nothing(world):
    org = world.gemeente
    org.refresh_from_db()
    loaded = org.version
    org.description = "Eerste"
    save_versioned(org, expected=loaded, fields=["description"])
    assert org.version == loaded + 1

    from driehoek.organisations.models import Organisation

    stale = Organisation.objects.get(pk=org.pk)
    stale.description = "Tweede"
    with pytest.raises(StaleEdit) as info:
        save_versioned(stale, expected=loaded, fields=["description", "email"])
    err = info.value
    assert isinstance(err, ServiceError) and err.code == "stale"
    assert err.version == loaded + 1
    assert err.values["description"][1] == "Eerste"
    assert err.values["email"][1] == "(leeg)"
    assert "Dit is nu opgeslagen:" in err.message and "Eerste" in err.message
    org.refresh_from_db()
    assert org.description == "Eerste" and org.version == loaded + 1


def test_no_expected_version_means_no_check_but_the_version_moves_on(world):
    org = world.gemeente
    org.refresh_from_db()
    loaded = org.version
    org.description = "Zonder controle"
    save_versioned(org, expected=None, fields=["description"], update_fields=["description"])
    org.refresh_from_db()
    assert (org.description, org.version) == ("Zonder controle", loaded + 1)


# PostgreSQL: two saves at the same moment with the same loaded version ------------------


def _race(calls):
    return race(calls, what="saving thread")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["organisation", "clause"])
def test_two_simultaneous_saves_with_the_same_version_exactly_one_wins(world, kind):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL")
    from driehoek.agreements import services as agreements
    from driehoek.agreements.models import Clause
    from driehoek.agreements.tests.factories import make_agreement
    from driehoek.organisations import services as organisations
    from driehoek.organisations.models import Organisation

    if kind == "organisation":
        org = Organisation.objects.get(pk=world.gemeente.pk)
        loaded = org.version

        def save(text, actor):
            organisations.organisation_update(
                actor=actor,
                organisation=Organisation.objects.get(pk=org.pk),
                fields={"description": text},
                expected_version=loaded,
            )

        def stored():
            return Organisation.objects.get(pk=org.pk)
    else:
        agreement = make_agreement(world)
        clause = agreements.clause_save(
            actor=world.users["editor"], agreement=agreement, clause=None, title="T", text="Oud"
        )
        loaded = clause.version

        def save(text, actor):
            agreements.clause_save(
                actor=actor,
                agreement=agreement,
                clause=Clause.objects.get(pk=clause.pk),
                title="T",
                text=text,
                expected_version=loaded,
            )

        def stored():
            return Clause.objects.get(pk=clause.pk)

    a, b = world.users["admin"], world.member(world.gemeente, "editor")
    results = _race([lambda: save("Tekst A", a), lambda: save("Tekst B", b)])
    assert results.count("ok") == 1
    refused = [r for r in results if isinstance(r, StaleEdit)]
    assert len(refused) == 1
    obj = stored()
    assert obj.version == loaded + 1
    field = "description" if kind == "organisation" else "text"
    assert getattr(obj, field) in ("Tekst A", "Tekst B")
    # The refused save saw the winner's text, and only the winner's text is stored.
    assert refused[0].values[field][1] == getattr(obj, field)
