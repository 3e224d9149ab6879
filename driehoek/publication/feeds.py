"""Atom feed of newly published agreements; iCalendar of one organisation's cycle dates."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _

from . import selectors

FEED_SIZE = 50


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def atom_feed() -> feedgenerator.Atom1Feed:
    feed = feedgenerator.Atom1Feed(
        title=_("Driehoek: newly published performance agreements"),
        link=_absolute(reverse("publication:index")),
        description=_("Performance agreements that all parties signed and decided to publish."),
        language="nl",
        feed_url=_absolute(reverse("publication:feed")),
        feed_guid="urn:driehoek:publication:feed",
    )
    agreements = selectors.with_parties(selectors.latest_published()[:FEED_SIZE])
    for a in agreements:
        parties = ", ".join(p.organisation.name for p in a.parties.all())
        feed.add_item(
            title=f"{a.cycle.gemeente.name}: {a.title}",
            link=_absolute(reverse("publication:agreement", kwargs={"agreement_id": a.uuid})),
            description=_("%(kind)s %(start)s–%(end)s between %(parties)s.")
            % {
                "kind": a.get_kind_display(),
                "start": a.period_start,
                "end": a.period_end,
                "parties": parties,
            },
            unique_id=f"urn:uuid:{a.uuid}",
            pubdate=a.publication.published_at,
            updateddate=a.publication.published_at,
            categories=[a.cycle.gemeente.name],
        )
    return feed


DEADLINES = (
    ("ibw_due", "Financial indication (IBW) due"),
    ("bod_due", "Bod due from the housing associations"),
    ("submission_due", "Performance agreements to be submitted"),
)


def cycle_calendar(organisation) -> bytes:
    """All-day events for the statutory dates of the organisation's cycles. Dates only."""
    from icalendar import Calendar, Event

    labels = {
        "ibw_due": _("Financial indication (IBW) due"),
        "bod_due": _("Bod due from the housing associations"),
        "submission_due": _("Performance agreements to be submitted"),
    }
    cal = Calendar()
    cal.add("prodid", "-//Driehoek//Publication//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Cycle dates: %(name)s") % {"name": organisation.name})
    stamp = timezone.now()
    for cycle in selectors.cycles_for_organisation(organisation):
        for field, _label in DEADLINES:
            day = getattr(cycle, field)
            if day is None:
                continue
            event = Event()
            event.add("uid", f"{cycle.uuid}-{field}@driehoek")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add(
                "summary",
                f"{labels[field]} – {cycle.gemeente.name} {cycle.year}",
            )
            event.add("transp", "TRANSPARENT")
            event.add("last-modified", cycle.updated_at)
            cal.add_component(event)
    return cal.to_ical()
