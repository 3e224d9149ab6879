"""The public sign-up POST is cheap (issue 14, point 7): at most 12 queries for a valid sign-up
for the whole series or for one meeting (the confirmation e-mail is queued after the commit)."""

import pytest

from driehoek.community.models import Registration

from .helpers import form_data, signup_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("choice", ["series", "one meeting"])
def test_a_sign_up_takes_at_most_12_queries(
    client, community, meeting, choice, django_assert_max_num_queries
):
    client.get(signup_url(community))  # the form, as a visitor would load it first
    extra = {"series": "some", "meetings": [meeting.pk]} if choice == "one meeting" else {}
    with django_assert_max_num_queries(12):
        response = client.post(signup_url(community), form_data(**extra))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.whole_series is (choice == "series")
    chosen = list(registration.chosen_meetings.all())
    assert chosen == ([] if choice == "series" else [meeting])


def test_signing_up_again_after_cancelling_replaces_the_choices(client, community, meeting):
    """The path for an existing (cancelled) sign-up still compares and replaces its choices."""
    from driehoek.community import services

    from .factories import MeetingFactory

    other = MeetingFactory(community=community)
    client.post(signup_url(community), form_data(series="some", meetings=[meeting.pk]))
    registration = Registration.objects.get()
    services.registration_cancel(registration=registration)
    response = client.post(signup_url(community), form_data(series="some", meetings=[other.pk]))
    assert response.status_code == 302
    assert list(Registration.objects.get().chosen_meetings.all()) == [other]
