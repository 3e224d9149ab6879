"""Shared by the monitoring service and page tests: the agreement with two commitments that
each of them starts from, and reporting a figure at a fixed date (TODAY)."""

from datetime import date

from driehoek.monitoring import services
from driehoek.monitoring.models import ProgressStatus

from .factories import make_agreement, make_commitment

TODAY = date(2026, 11, 20)


def service_setup(world):
    """The service tests' agreement: homes (corporatie, 2026 and 2027) and a share (gemeente)."""
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(
        agreement, world.corporatie, targets={2026: 100, 2027: 120}, cost=2_000_000
    )
    share = make_commitment(
        agreement, world.gemeente, unit="% passend toegewezen", targets={2026: 95}
    )
    return {
        "agreement": agreement,
        "homes": homes,
        "share": share,
        "corp_editor": world.member(world.corporatie, "editor"),
        "gem_editor": world.users["editor"],
        "huur_editor": world.member(world.huurders, "editor"),
    }


def page_setup(world):
    """The page tests' agreement: Nieuwbouw (corporatie) and a share in betaalbaarheid."""
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(
        agreement, world.corporatie, targets={2026: 100}, cost=2_000_000, title="Nieuwbouw"
    )
    share = make_commitment(
        agreement, world.gemeente, unit="%", targets={2026: 95}, theme="betaalbaarheid"
    )
    return {
        "agreement": agreement,
        "homes": homes,
        "share": share,
        "corp": world.member(world.corporatie, "editor"),
        "huur": world.member(world.huurders, "editor"),
    }


def report(s, commitment=None, actor=None, **kw):
    args = {
        "period_year": 2026,
        "period_quarter": 1,
        "realised": "25",
        "status": ProgressStatus.ON_TRACK,
    }
    args.update(kw)
    return services.report_save(
        actor=actor or s["corp_editor"], commitment=commitment or s["homes"], today=TODAY, **args
    )
