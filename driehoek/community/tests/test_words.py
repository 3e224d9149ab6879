"""Dutch words on the organiser pages (issue 13, point 9): the agenda order is "volgorde",
never "standpunt" (an agreement's position), and one person is not "1 mensen"."""

import pytest
from django.urls import reverse

from .factories import QuestionFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_agenda_and_question_order_are_called_volgorde(staff_client, community, meeting):
    page = staff_client.get(
        reverse("community:meeting_manage", kwargs={"slug": community.slug, "uuid": meeting.uuid})
    ).content.decode()
    assert "Volgorde op de agenda" in page
    assert "tandpunt" not in page
    q = QuestionFactory(community=community)
    page = staff_client.get(
        reverse("community:question_edit", kwargs={"slug": community.slug, "pk": q.pk})
    ).content.decode()
    assert "Volgorde in de lijst" in page
    assert "tandpunt" not in page


def test_message_to_one_person_says_persoon(
    staff_client, community, meeting, django_capture_on_commit_callbacks
):
    SeatFactory(
        meeting=meeting, registration__community=community, registration__email="p@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse(
                "community:meeting_message", kwargs={"slug": community.slug, "uuid": meeting.uuid}
            ),
            {"subject": "Andere zaal", "body": "We zitten in zaal 2."},
            follow=True,
        )
    page = response.content.decode()
    assert "Je bericht is gestuurd aan 1 persoon." in page
    assert "1 mensen" not in page
