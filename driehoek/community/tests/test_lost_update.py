"""No lost update for the meeting edit form (issue 9, item 4)."""

from __future__ import annotations

from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.models import AuditEvent
from driehoek.core.tests.lost_update import assert_refused_keeping_typed, two_editors_save

from ..forms import MeetingForm
from .factories import CommunityFactory, MeetingFactory


def test_two_organisers_edit_the_meeting_the_second_is_refused_nothing_is_lost(db, client_for):
    a, b = UserFactory(), UserFactory()
    community = CommunityFactory(organisers=[a, b])
    meeting = MeetingFactory(community=community, place="Den Haag")
    loaded = meeting.version
    events = AuditEvent.objects.filter(action="community.meeting.updated").count()
    url = reverse("community:meeting_edit", args=[community.slug, meeting.uuid])
    _ra, response_b, _data = two_editors_save(
        client_for(a), client_for(b), url, "place", "Utrecht, Stadhuis", "Zwolle, Provinciehuis"
    )
    assert_refused_keeping_typed(
        response_b,
        label=str(MeetingForm.base_fields["place"].label),
        theirs="Utrecht, Stadhuis",
        typed="Zwolle, Provinciehuis",
        loaded=str(loaded),
    )
    meeting.refresh_from_db()
    assert meeting.place == "Utrecht, Stadhuis"
    assert meeting.version == loaded + 1
    assert AuditEvent.objects.filter(action="community.meeting.updated").count() == events + 1
