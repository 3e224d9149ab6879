import io

import pytest

from driehoek.monitoring.models import Evaluation, FinancialRoom, ProgressReport, ReviewState


@pytest.mark.django_db
def test_demo_shows_progress_contest_evaluation_and_room():
    from driehoek.agreements import demo as agreements_demo
    from driehoek.monitoring import demo
    from driehoek.organisations import demo as organisations_demo

    out = io.StringIO()
    organisations_demo.load(out)
    agreements_demo.load(out)
    demo.load(out)
    assert ProgressReport.objects.count() == 12
    assert ProgressReport.objects.filter(review_state=ReviewState.CONTESTED).count() == 1
    assert ProgressReport.objects.filter(review_state=ReviewState.CONFIRMED).exists()
    assert Evaluation.objects.get(year=2026).views.count() == 3
    assert FinancialRoom.objects.count() == 2
    demo.load(out)  # safe to re-run
    assert ProgressReport.objects.count() == 12
    assert "loaded already" in out.getvalue()
