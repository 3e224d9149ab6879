"""A pytest plugin that sends every test's mail through the outbox, as the project does outside
tests (pytest-django puts the locmem backend in EMAIL_BACKEND for the whole run). Delivery stays
locmem and the immediate task backend runs the task at once, so ``mail.outbox`` fills as before.

Use it for the whole suite with ``pytest -p driehoek.core.tests.outbox_plugin`` or
``pytest_plugins = ["driehoek.core.tests.outbox_plugin"]`` in the root conftest."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(request):
    from django.conf import settings

    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        yield  # without a database the outbox cannot store anything: locmem as before
        return
    previous = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "driehoek.core.mail.QueuedEmailBackend"
    yield
    settings.EMAIL_BACKEND = previous
