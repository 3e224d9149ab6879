from django.urls import path

from . import mail_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("begrippen/", views.glossary, name="glossary"),
    path("bronnen/", views.sources, name="sources"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    # Staff only; before the admin's own beheer/ URLs (config/urls.py includes core first).
    path("beheer/e-mail/", mail_views.mail_queue, name="mail_queue"),
    path("beheer/e-mail/<int:pk>/opnieuw/", mail_views.mail_retry, name="mail_retry"),
]
