"""Demo content for the Community of Practice: the Platform31 CoP "Prestatieafspraken" of
2015-2016 (its real question agenda; made-up participants) and an upcoming series in 2027 that
is open for sign-up. Safe to re-run: everything is looked up by slug or title first."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from driehoek.organisations.models import Organisation

from .models import (
    AgendaItem,
    Community,
    KnowledgeItem,
    KnowledgeKind,
    Meeting,
    Party,
    Question,
    Registration,
    RegistrationStatus,
    Seat,
    SeatStatus,
    Team,
    Visibility,
)

AMS = ZoneInfo("Europe/Amsterdam")
DOMAIN = "demo.driehoek.test"
ORGANISER_EMAIL = f"gemeente-beheerder@{DOMAIN}"

PRIVACY = (
    "Wij gebruiken je naam, e-mailadres, organisatie en functie alleen om de bijeenkomsten te "
    "organiseren en je te informeren. Je gegevens delen we niet met anderen. Deelnemerslijsten "
    "zijn alleen zichtbaar voor de organisatoren. Na de bewaartermijn maken we je aanmelding "
    "anoniem. Met je persoonlijke link kun je je gegevens altijd inzien, downloaden of laten "
    "verwijderen."
)

QUESTIONS = [
    ("Wat is investeren naar redelijkheid?", "Redelijkheid"),
    ("Wat doe je als de gemeente geen (goede, actuele) woonvisie heeft?", "Woonvisie"),
    ("Hoe werk je goed en transparant samen?", "Samenwerking"),
    (
        "Hoe organiseer je huurdersparticipatie bij het opstellen van de afspraken?",
        "Huurdersparticipatie",
    ),
    ("Welke kennis van elkaars belangen is nodig?", "Samenwerking"),
    ("Wat kun je regionaal samen doen?", "Regio"),
    ("Hoe houd je afspraken actueel, werkbaar en effectief?", "Monitoring"),
    ("Hoe organiseer je dat allemaal?", "Proces"),
]

COP_MEETINGS = [
    ((2015, 4, 23), "Bijeenkomst 1: de nieuwe Woningwet en de cyclus", 0),
    ((2015, 6, 4), "Bijeenkomst 2: woonvisie en bod", 1),
    ((2015, 9, 10), "Bijeenkomst 3: huurders als volwaardige partij", 3),
    ((2015, 11, 5), "Bijeenkomst 4: regionaal samenwerken", 5),
    ((2016, 1, 21), "Bijeenkomst 5: afspraken actueel en effectief houden", 6),
]

NEW_MEETINGS = [
    ((2027, 3, 11), "Startbijeenkomst: de driehoek aan tafel", 40),
    ((2027, 5, 20), "Werkatelier: het bod en de woonvisie", 30),
    ((2027, 9, 16), "Werkatelier: monitoren en evalueren", 4),
]

PEOPLE = [
    ("Anna de Vries", Party.GEMEENTE, "Gemeente Middelburg", "Zeeland", "beleidsadviseur wonen"),
    ("Bram Jansen", Party.CORPORATIE, "Woonstichting Demodorp (demo)", "Utrecht", "strateeg"),
    ("Carla Pinas", Party.HUURDERS, "Huurdersvereniging Demodorp (demo)", "Utrecht", "voorzitter"),
    ("Dirk Bakker", Party.GEMEENTE, "Gemeente Ede", "Gelderland", "wethouder wonen"),
    ("Esra Yilmaz", Party.HUURDERS, "Huurdersraad Tilburg", "Noord-Brabant", "bestuurslid"),
    ("Frank Visser", Party.CORPORATIE, "Corporatie Krimpen", "Zuid-Holland", "manager vastgoed"),
    ("Gerrit Groen", Party.GEMEENTE, "Gemeente Demodorp (demo)", "Utrecht", "beleidsmedewerker"),
]

# The demo triangle: these three (indexes in PEOPLE) signed up together as a team.
TEAM = ("Demodorp", (6, 1, 2))


def _at(ymd, hour=14) -> datetime:
    return datetime.combine(datetime(*ymd).date(), time(hour, 0), tzinfo=AMS)


def _community(slug: str, **defaults) -> Community:
    community, _created = Community.objects.get_or_create(slug=slug, defaults=defaults)
    organiser = get_user_model().objects.filter(email=ORGANISER_EMAIL).first()
    if organiser is not None:
        community.organisers.add(organiser)
    return community


def _meeting(community: Community, ymd, title: str, capacity: int, place: str) -> Meeting:
    meeting, _created = Meeting.objects.get_or_create(
        community=community,
        title=title,
        defaults={
            "starts_at": _at(ymd, 13),
            "ends_at": _at(ymd, 17),
            "place": place,
            "capacity": capacity,
            "description": "Een middag met korte inleidingen, praktijkvoorbeelden en gesprekken in driehoeken.",
        },
    )
    return meeting


def _registration(
    community: Community, n: int, person, status=RegistrationStatus.CONFIRMED
) -> Registration:
    name, party, org, province, function = person
    email = f"cop-deelnemer-{community.pk}-{n}@{DOMAIN}"
    organisation = Organisation.objects.filter(name=org).first()
    reg, created = Registration.objects.get_or_create(
        community=community,
        email=email,
        defaults={
            "name": f"{name} (demo)",
            "party": party,
            "organisation": organisation,
            "organisation_name": "" if organisation else org,
            "province": province,
            "function": function,
            "status": status,
            "consent_at": timezone.now(),
            "confirmed_at": timezone.now() if status == RegistrationStatus.CONFIRMED else None,
            "is_demo": True,
        },
    )
    return reg


def load(stdout) -> None:
    cop = _community(
        "prestatieafspraken",
        title="Community of Practice Prestatieafspraken",
        description=(
            "Platform31 start na de Woningwet 2015 een Community of Practice over prestatieafspraken "
            "nieuwe stijl. In vijf bijeenkomsten vanaf 23 april 2015 werken gemeenten, corporaties en "
            "huurders aan de vragen waar het veld mee worstelt. We leren van praktijkvoorbeelden, zoals "
            "Middelburg, waar gemeente, corporatie en huurdersvereniging op 17 februari 2015 samen "
            "tekenden."
        ),
        audience="gemeenten, woningcorporaties en huurdersorganisaties",
        contact_name="Annemiek Lucas (Platform31, demo)",
        contact_phone="070 302 84 84",
        contact_email=f"cop-prestatieafspraken@{DOMAIN}",
        privacy_statement=PRIVACY,
        retention_days=365,
        is_demo=True,
    )
    questions = []
    for i, (text, theme) in enumerate(QUESTIONS):
        q, _c = Question.objects.get_or_create(
            community=cop,
            text=text,
            defaults={"is_agenda": True, "position": i, "theme": theme, "group": theme},
        )
        questions.append(q)
    meetings = []
    for ymd, title, q_index in COP_MEETINGS:
        m = _meeting(cop, ymd, title, 40, "Platform31, Den Haag")
        meetings.append(m)
        AgendaItem.objects.get_or_create(
            meeting=m, title="Welkom en kennismaking", defaults={"position": 1}
        )
        AgendaItem.objects.get_or_create(
            meeting=m,
            title=f"Vraag van de dag: {questions[q_index].text}",
            defaults={"position": 2},
        )
        AgendaItem.objects.get_or_create(
            meeting=m, title="Gesprek in driehoeken", defaults={"position": 3}
        )
        q = questions[q_index]
        if q.meeting_id is None:
            q.meeting = m
            q.outcome = (
                "Besproken in driehoeken. Les: maak het vroeg in het jaar concreet, en spreek af wie "
                "wat wanneer levert (demo-uitkomst)."
            )
            q.is_published = True
            q.save()
    KnowledgeItem.objects.get_or_create(
        community=cop,
        title="Middelburg: samen getekend op 17 februari 2015",
        defaults={
            "kind": KnowledgeKind.PRACTICE,
            "theme": "Huurdersparticipatie",
            "body": (
                "Middelburg was een van de eerste gemeenten waar de huurdersvereniging als "
                "volwaardige partij meedeed. Gemeente, corporatie en huurdersvereniging tekenden de "
                "prestatieafspraken samen op 17 februari 2015, nog voor de Woningwet van kracht werd."
            ),
            "visibility": Visibility.PUBLIC,
        },
    )
    KnowledgeItem.objects.get_or_create(
        community=cop,
        title="Ede: tien jaar samenwerken in de driehoek",
        defaults={
            "kind": KnowledgeKind.PRACTICE,
            "theme": "Samenwerking",
            "body": "In Ede werken gemeente, corporaties en huurders al ongeveer tien jaar samen aan afspraken.",
            "visibility": Visibility.PARTICIPANTS,
        },
    )
    for n, person in enumerate(PEOPLE):
        reg = _registration(cop, n, person)
        reg.questions.add(questions[n % len(questions)])
        for m in meetings:
            seat, _c = Seat.objects.get_or_create(
                registration=reg, meeting=m, defaults={"status": SeatStatus.CONFIRMED}
            )
            if m == meetings[0] and seat.attended_at is None:
                seat.attended_at = m.starts_at
                seat.save(update_fields=["attended_at"])

    upcoming = _community(
        "prestatieafspraken-2027",
        title="Leernetwerk Prestatieafspraken 2027",
        description=(
            "Een nieuwe reeks van drie bijeenkomsten voor gemeenten, corporaties en huurders die "
            "samen prestatieafspraken maken. Meld je aan voor de hele reeks of voor losse "
            "bijeenkomsten. Huurders hebben tot 1 februari 2027 voorrang op een derde van de plaatsen."
        ),
        audience="gemeenten, woningcorporaties en huurdersorganisaties",
        contact_name="Team Leernetwerk (demo)",
        contact_phone="030 123 45 67",
        contact_email=f"leernetwerk@{DOMAIN}",
        privacy_statement=PRIVACY,
        signup_deadline=_at((2027, 9, 1), 23),
        reserved_party=Party.HUURDERS,
        reserved_percent=33,
        reserved_until=_at((2027, 2, 1), 0),
        retention_days=180,
        is_demo=True,
    )
    new_meetings = [
        _meeting(upcoming, ymd, title, capacity, "Stadskantoor Utrecht, Stadsplateau 1")
        for ymd, title, capacity in NEW_MEETINGS
    ]
    if cop.next_edition_id is None:
        # The 2015 series is over: its page sends visitors to the edition that is open.
        cop.next_edition = upcoming
        cop.save(update_fields=["next_edition", "updated_at"])
    for i, (text, theme) in enumerate(QUESTIONS):
        Question.objects.get_or_create(
            community=upcoming,
            text=text,
            defaults={"is_agenda": True, "position": i, "theme": theme},
        )
    small = new_meetings[-1]
    team, _created = Team.objects.get_or_create(community=upcoming, place=TEAM[0])
    for n, person in enumerate(PEOPLE):
        reg = _registration(upcoming, n, person)
        if n in TEAM[1] and reg.team_id is None:
            reg.team = team
            reg.save(update_fields=["team"])
        if n == 4:
            Question.objects.get_or_create(
                community=upcoming,
                registration=reg,
                text="Hoe houden huurders het vol als vrijwilliger naast hun werk?",
                defaults={"theme": "Huurdersparticipatie"},
            )
        if not reg.seats.exists():
            status = SeatStatus.CONFIRMED if n < small.capacity else SeatStatus.WAITING
            Seat.objects.create(
                registration=reg,
                meeting=small,
                status=status,
                waiting_since=timezone.now() if status == SeatStatus.WAITING else None,
            )
            reg.whole_series = False
            reg.save(update_fields=["whole_series"])
            reg.chosen_meetings.add(small)
    stdout.write(
        f"  2 communities, {len(meetings) + len(new_meetings)} meetings, "
        f"{Registration.objects.filter(is_demo=True).count()} demo sign-ups (one waiting list)"
    )
