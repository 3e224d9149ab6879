from datetime import timedelta

import factory
from django.utils import timezone

from driehoek.community.models import (
    Community,
    KnowledgeItem,
    Meeting,
    Party,
    Question,
    Registration,
    RegistrationStatus,
    Seat,
    SeatStatus,
    Visibility,
)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    description = "Leren van elkaar."
    audience = "gemeenten, corporaties en huurders"
    contact_name = "Annemiek Contact"
    contact_phone = "070 123 45 67"
    contact_email = "contact@example.org"
    privacy_statement = "Wij bewaren je gegevens alleen voor deze bijeenkomsten."

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisers.add(*extracted)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    place = "Den Haag"
    capacity = 10


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    community = factory.SubFactory(CommunityFactory)
    text = factory.Sequence(lambda n: f"Vraag {n}?")
    is_agenda = True


class KnowledgeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnowledgeItem

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Praktijkvoorbeeld {n}")
    theme = "Samenwerking"
    body = "Zo deden ze het."
    visibility = Visibility.PUBLIC


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration without seats (use SeatFactory, or the services)."""

    class Meta:
        model = Registration

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.org")
    organisation_name = "Gemeente Voorbeeld"
    party = Party.GEMEENTE
    province = "Utrecht"
    status = RegistrationStatus.CONFIRMED
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    registration = factory.SubFactory(RegistrationFactory)
    meeting = factory.SubFactory(MeetingFactory)
    status = SeatStatus.CONFIRMED
