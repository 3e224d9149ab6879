import pytest

from driehoek.organisations.models import Organisation, OrganisationKind, Region
from driehoek.organisations.reference import load_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    return load_reference_data()


def test_exact_counts(loaded):
    gemeenten = Organisation.objects.gemeenten()
    assert gemeenten.current().count() == 342
    assert gemeenten.filter(is_current=False).count() == 72
    # The 393 gemeenten of 1 January 2015: the 72 that ended plus the 321 that still exist.
    assert (
        gemeenten.filter(is_current=False).count()
        + gemeenten.current().filter(code__in=_codes_2015()).count()
        == 393
    )
    assert Organisation.objects.corporaties().count() == 336
    assert Region.objects.count() == 19


def _codes_2015():
    import csv

    from driehoek.organisations.reference import DATA_DIR

    with open(DATA_DIR / "gemeenten_2015.csv", encoding="utf-8") as fh:
        return [row["gemeentecode"] for row in csv.DictReader(fh)]


def test_every_historic_gemeente_maps_to_a_current_one(loaded):
    historic = Organisation.objects.gemeenten().filter(is_current=False).select_related("successor")
    for org in historic:
        now = org.current_successor
        assert now is not None and now.is_current, org.name
        assert now.kind == OrganisationKind.GEMEENTE


def test_known_merger(loaded):
    bussum = Organisation.objects.get(kind=OrganisationKind.GEMEENTE, code="0381")
    assert bussum.current_successor.name == "Gooise Meren"
    voorne = Organisation.objects.get(code="1992", kind=OrganisationKind.GEMEENTE)
    assert {p.name for p in voorne.predecessors.all()} == {
        "Brielle",
        "Hellevoetsluis",
        "Westvoorne",
    }


def test_second_load_changes_nothing(loaded):
    before = list(
        Organisation.objects.order_by("pk").values_list("pk", "name", "slug", "updated_at")
    )
    report = load_reference_data()
    assert report.changed == 0
    after = list(
        Organisation.objects.order_by("pk").values_list("pk", "name", "slug", "updated_at")
    )
    assert before == after


def test_staff_corrections_to_corporaties_are_kept(loaded):
    corp = Organisation.objects.corporaties().get(code="L0001")
    corp.name = "Stichting Eigen Bouw (gecorrigeerd)"
    corp.save()
    load_reference_data()
    corp.refresh_from_db()
    assert corp.name == "Stichting Eigen Bouw (gecorrigeerd)"


def test_command_reports_progress(loaded, capsys):
    from django.core.management import call_command

    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "342/342" in out
    assert "already up to date" in out
