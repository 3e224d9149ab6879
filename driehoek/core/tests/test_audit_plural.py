"""History lines that count say "1 persoon" and "3 mensen", not "1 mensen"."""

from django.utils import translation

from driehoek.core.audit_text import describe


def test_a_counted_history_line_has_singular_and_plural():
    with translation.override("nl"):
        one = describe("community.message.sent", "Bericht", {"recipients": 1})
        three = describe("community.message.sent", "Bericht", {"recipients": 3})
    assert one == "Er is een bericht gestuurd aan 1 persoon"
    assert three == "Er is een bericht gestuurd aan 3 mensen"
    with translation.override("en"):
        assert describe("community.message.sent", "x", {"recipients": 1}).endswith("1 person")


def test_a_plain_history_line_still_formats():
    with translation.override("en"):
        assert describe("community.seat.checked_in", "x", {"meeting": "Avond"}) == (
            "Someone was checked in at Avond"
        )


def test_a_new_cycle_names_its_year_once(world):
    from driehoek.agreements import services
    from driehoek.core.models import AuditEvent

    cycle = services.cycle_create(actor=world.users["admin"], gemeente=world.gemeente, year=2031)
    event = AuditEvent.objects.get(action="agreements.cycle.created")
    with translation.override("nl"):
        line = describe(event.action, event.target_repr, event.data)
    assert line == f"Cyclus {cycle} gestart"
    assert line.count("2031") == 1
