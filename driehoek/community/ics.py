"""Calendar files (.ics) for one meeting or a whole series. No personal data in them."""

from __future__ import annotations

from django.conf import settings
from icalendar import Calendar, Event


def meetings_calendar(meetings, *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Driehoek//Community of Practice//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        event = Event()
        url = settings.BASE_URL + meeting.get_absolute_url()
        event.add("uid", f"{meeting.uuid}@driehoek")
        event.add("summary", f"{meeting.community.title}: {meeting.title}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("dtstamp", meeting.updated_at)
        location = meeting.place or meeting.online_url
        if location:
            event.add("location", location)
        agenda = "\n".join(f"- {item.title}" for item in meeting.agenda_items.all())
        description = "\n\n".join(part for part in (meeting.description, agenda, url) if part)
        event.add("description", description)
        event.add("url", url)
        cal.add_component(event)
    return cal.to_ical()
