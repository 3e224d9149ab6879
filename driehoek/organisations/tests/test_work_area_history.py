"""The work-area events read as sentences in the history, with the right plural."""

from django.utils import translation

from driehoek.core.audit_text import describe


def test_work_area_events_read_as_dutch_sentences():
    with translation.override("nl"):
        assert (
            describe(
                "organisations.work_area.added_several",
                "Woonstichting X",
                {"added": "Almere, Breda", "count": 2},
            )
            == "2 gemeenten toegevoegd aan het werkgebied: Almere, Breda"
        )
        assert (
            describe("organisations.work_area.added_several", "X", {"added": "Almere", "count": 1})
            == "1 gemeente toegevoegd aan het werkgebied: Almere"
        )
        assert (
            describe("organisations.work_area.removed", "X", {"gemeente": "Breda", "homes": 3})
            == "Breda uit het werkgebied gehaald"
        )
