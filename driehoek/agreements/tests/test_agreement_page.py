"""The agreement page through HTTP (issue 13, point 4): exactly one primary action, the right
one for each persona and stage, or who the agreement waits on; the formal steps apart; each
party's position in its own labelled block; a bounded number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .. import services
from ..models import Decision
from ..services.readiness import signing_role_set
from .factories import all_ready, make_agreement, sign_ready

pytestmark = pytest.mark.django_db

PRIMARY = re.compile(
    r'<a class="utrecht-button utrecht-button--primary-action[^"]*" href="([^"]+)">([^<]+)</a>'
)


@pytest.fixture(autouse=True)
def _november_2026(clock):
    clock.travel_to("2026-11-20 10:00")


def page(client_for, user, agreement) -> str:
    response = client_for(user).get(agreement.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def primary(html: str) -> list[tuple[str, str]]:
    """(href, label) of every primary button on the page."""
    return PRIMARY.findall(html)


def next_step_panel(html: str) -> str:
    start = html.index('<section class="dh-nextstep')
    return html[start : html.index("</section>", start)]


def url(name, agreement, **kwargs):
    return reverse(f"agreements:{name}", kwargs={"agreement_id": agreement.uuid, **kwargs})


def test_draft_editor_gets_one_button_to_say_ready(world, client_for):
    agreement = make_agreement(world)
    html = page(client_for, world.member(world.gemeente, "editor"), agreement)
    assert primary(html) == [
        (url("ready", agreement), "Geef aan dat jullie klaar zijn om te tekenen")
    ]
    assert "Volgende stap voor jou" in next_step_panel(html)
    # The same page still has the plain link, and the groups and formal steps.
    assert "Laat weten dat je klaar bent om te ondertekenen" in html
    for heading in ("Tekst bewerken", "Bekijken en downloaden", "Partijen", "Formele stappen"):
        assert f">{heading}</h" in html, heading


def test_negotiation_a_party_with_a_proposal_to_answer_decides(world, client_for):
    agreement = make_agreement(world)
    proposal = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.gemeente,
        commitment=agreement.commitments.get(),
        new_text="Meer woningen",
    )
    html = page(client_for, world.member(world.corporatie, "editor"), agreement)
    assert primary(html) == [
        (url("proposal_decide", agreement, pk=proposal.pk), "Beslis over 1 voorstel")
    ]
    assert 'id="proposals"' in html


def test_a_tenant_that_takes_note_is_asked_for_its_view(world, client_for):
    agreement = make_agreement(world)
    editor = world.member(world.huurders, "editor")
    signing_role_set(actor=editor, agreement=agreement, organisation=world.huurders, signs=False)
    c = agreement.commitments.get()
    [(href, label)] = primary(page(client_for, editor, agreement))
    assert (href, label) == (
        url("discussion", agreement, on=c.discussion_key),
        "Geef jullie standpunt over de afspraken",
    )


def test_all_ready_the_final_freeze_is_the_formal_primary_step(world, client_for):
    agreement = make_agreement(world)
    all_ready(world, agreement)
    html = page(client_for, world.member(world.corporatie, "editor"), agreement)
    assert primary(html) == [
        (url("version_freeze", agreement), "Leg de definitieve versie vast om te tekenen")
    ]
    assert "Formele stap" in next_step_panel(html)


def test_signing_the_signatory_signs_once_as_a_button(world, client_for):
    agreement, version = sign_ready(world)
    html = page(client_for, world.member(world.huurders, "signatory"), agreement)
    sign_url = url("sign", agreement, number=version.number)
    assert primary(html) == [(sign_url, f"Onderteken versie {version.number} of weiger")]
    formal = html[html.index('<section class="dh-formal"') :]
    # In the formal steps as a plain link with what it means, not a second button.
    assert f'<a class="utrecht-link" href="{sign_url}">Ondertekenen of weigeren</a>' in formal
    assert "Je besluit geldt voor je organisatie. Je kunt het niet terugdraaien." in formal


def test_readers_and_editors_without_a_step_see_who_it_waits_on(world, client_for):
    agreement, version = sign_ready(world)
    services.version_sign(
        actor=world.member(world.gemeente, "signatory"),
        version=version,
        organisation=world.gemeente,
    )
    for user in (world.users["viewer"], world.member(world.huurders, "viewer")):
        html = page(client_for, user, agreement)
        assert primary(html) == []
        panel = next_step_panel(html)
        assert "Wacht op de handtekening van Huurdersvereniging Test en Woonstichting Test" in (
            panel
        )
        assert "<a " not in panel


def test_concluded_the_corporatie_records_the_submission(world, client_for):
    agreement, version = sign_ready(world)
    for org in (world.gemeente, world.corporatie, world.huurders):
        services.version_sign(
            actor=world.member(org, "signatory"), version=version, organisation=org
        )
    assert primary(page(client_for, world.member(world.corporatie, "editor"), agreement)) == [
        (url("submit", agreement), "Leg de indiening vast")
    ]
    html = page(client_for, world.member(world.gemeente, "editor"), agreement)
    assert primary(html) == []
    assert "Wacht tot Woonstichting Test de indiening vastlegt" in next_step_panel(html)


def test_a_required_decline_makes_reopening_the_step(world, client_for):
    agreement, version = sign_ready(world)
    services.version_sign(
        actor=world.member(world.gemeente, "signatory"),
        version=version,
        organisation=world.gemeente,
        decision=Decision.DECLINED,
        reason="Te duur",
    )
    assert primary(page(client_for, world.member(world.corporatie, "editor"), agreement)) == [
        (url("reopen", agreement), "Open de onderhandeling opnieuw")
    ]


def test_each_partys_position_is_its_own_labelled_block(world, client_for):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    services.position_set(
        actor=None, agreement=agreement, organisation=world.huurders, stance="agree", commitment=c
    )
    services.position_set(
        actor=None,
        agreement=agreement,
        organisation=world.corporatie,
        stance="disagree",
        commitment=c,
    )
    html = page(client_for, world.users["viewer"], agreement)
    blocks = re.findall(
        r'<div class="dh-position( dh-position--\w+)?">\s*<dt class="dh-position__party">([^<]+)'
        r'</dt>\s*<dd class="dh-position__stance">(.*?)</dd>',
        html,
        re.S,
    )
    commitment_blocks = [(org, stance) for _mod, org, stance in blocks][:3]
    assert commitment_blocks == [
        ("Gemeente Testdorp", '<span class="dh-muted">nog geen standpunt</span>'),
        ("Huurdersvereniging Test", "Eens"),
        ("Woonstichting Test", "Oneens"),
    ]
    # A clause nobody took a position on says so in one line.
    assert (
        'Standpunten: <span class="dh-muted dh-positions__none">nog geen standpunten gegeven'
        in html
    )
    # Not in the table any more: the table keeps the commitment's data.
    table = html[html.index('<section aria-labelledby="commitments-heading"') :]
    table = table[: table.index("</table>")]
    assert "Eens" not in table and "Oneens" not in table


@pytest.mark.parametrize("n", [3, 60])
def test_the_page_with_its_next_step_stays_within_its_queries(
    world, client_for, django_assert_max_num_queries, n
):
    """The same bound as before the next step (``test_views_drafting``), for an editor who has
    a proposal to answer and a reader."""
    agreement = make_agreement(world, commitments=n)
    services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.gemeente,
        commitment=agreement.commitments.first(),
        new_text="Meer woningen",
    )
    for user in (world.member(world.corporatie, "editor"), world.users["viewer"]):
        client = client_for(user)
        with django_assert_max_num_queries(25):
            assert client.get(agreement.get_absolute_url()).status_code == 200
