"""The agreement's status transitions: from where each may start, where it goes, and the
message when it may not."""

from __future__ import annotations

import pytest

from driehoek.core.errors import ServiceError

from .. import lifecycle
from ..models import Agreement, AgreementStatus

S = AgreementStatus
FROZEN = "Deze afspraak is vastgelegd om te ondertekenen of al ondertekend"
OUTDATED = "Deze versie is verouderd"
NOT_SIGNING = "Alleen een afspraak die op ondertekening wacht, kan worden heropend."
ADDENDUM = "Een addendum kan alleen bij een gesloten afspraak."
NOT_CONCLUDED = "Je kunt de afspraken pas indienen als ze rond zijn."
SUBMITTED_ALREADY = "Deze afspraak is al ingediend."

# transition, the statuses it starts from, where it goes (None: stays), a status it refuses
# and the start of the message then.
CASES = [
    ("freeze", [S.DRAFT, S.NEGOTIATION], S.NEGOTIATION, S.SIGNING, FROZEN),
    ("freeze_final", [S.DRAFT, S.NEGOTIATION], S.SIGNING, S.CONCLUDED, FROZEN),
    ("sign", [S.SIGNING, S.CONCLUDED], None, S.NEGOTIATION, OUTDATED),
    ("conclude", [S.SIGNING], S.CONCLUDED, S.DRAFT, OUTDATED),
    ("reopen", [S.SIGNING], S.NEGOTIATION, S.CONCLUDED, NOT_SIGNING),
    ("submit", [S.CONCLUDED], S.SUBMITTED, S.SIGNING, NOT_CONCLUDED),
    ("submit", [S.CONCLUDED], S.SUBMITTED, S.SUBMITTED, SUBMITTED_ALREADY),
    ("addendum", [S.CONCLUDED, S.SUBMITTED], None, S.NEGOTIATION, ADDENDUM),
]


@pytest.mark.parametrize(("name", "sources", "target", "refused", "message"), CASES)
def test_transition(name, sources, target, refused, message):
    for status in sources:
        agreement = Agreement(status=status)
        assert lifecycle.allows(agreement, name)
        lifecycle.apply(agreement, name)
        assert agreement.status == (target or status)
    agreement = Agreement(status=refused)
    assert not lifecycle.allows(agreement, name)
    with pytest.raises(ServiceError) as err:
        lifecycle.apply(agreement, name)
    assert str(err.value.message).startswith(message)
    assert agreement.status == refused


def test_next_slice_from_every_status():
    for status in S.values:
        agreement = Agreement(status=status)
        lifecycle.apply(agreement, "next_slice")
        assert agreement.status == status


def test_every_transition_names_a_registered_rule():
    import rules

    for t in lifecycle.TRANSITIONS.values():
        assert t.rule is None or rules.rule_exists(t.rule), t.rule


def test_unknown_transition_raises():
    with pytest.raises(LookupError):
        lifecycle.check(Agreement(status=S.DRAFT), "publish")


def test_services_go_through_the_table(world):
    from .. import services
    from .factories import all_ready, make_agreement

    agreement = make_agreement(world)
    editor = world.member(world.gemeente, "editor")
    with pytest.raises(ServiceError) as err:
        services.agreement_reopen(actor=editor, agreement=agreement, reason="Opnieuw")
    assert str(err.value.message) == NOT_SIGNING
    with pytest.raises(ServiceError) as err:
        services.addendum_create(actor=editor, agreement=agreement)
    assert str(err.value.message).startswith(ADDENDUM)
    services.version_freeze(actor=editor, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == S.NEGOTIATION
    all_ready(world, agreement)
    services.version_freeze(actor=editor, agreement=agreement, final=True)
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNING
    with pytest.raises(ServiceError) as err:
        services.version_freeze(actor=editor, agreement=agreement)
    assert str(err.value.message).startswith(FROZEN)
