import pytest


@pytest.fixture
def outbox(settings):
    """The apps' mail goes through the outbox (pytest-django puts locmem in EMAIL_BACKEND for
    every test; the project itself uses the outbox), delivered by locmem."""
    settings.EMAIL_BACKEND = "driehoek.core.mail.QueuedEmailBackend"
    settings.DRIEHOEK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def smtp_settings(outbox):
    """Delivery over SMTP to a loopback port where nothing listens yet (``.EMAIL_PORT``);
    start ``SmtpServer(port=smtp_settings.EMAIL_PORT)`` to bring the mail server up."""
    from .smtp_server import free_port

    outbox.DRIEHOEK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    outbox.EMAIL_HOST = "127.0.0.1"
    outbox.EMAIL_PORT = free_port()
    outbox.EMAIL_HOST_USER = ""
    outbox.EMAIL_HOST_PASSWORD = ""
    outbox.EMAIL_USE_TLS = False
    outbox.EMAIL_USE_SSL = False
    outbox.EMAIL_TIMEOUT = 5
    return outbox
