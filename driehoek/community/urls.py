from django.urls import path

from . import views

app_name = "community"

M = "<slug:slug>/beheer/bijeenkomst/<uuid:uuid>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.community_create, name="community_create"),
    # Personal link (token in the path, never in a query string)
    path("aanmelding/<str:token>/", views.registration, name="registration"),
    path(
        "aanmelding/<str:token>/bevestigen/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path("aanmelding/<str:token>/wijzigen/", views.registration_edit, name="registration_edit"),
    path("aanmelding/<str:token>/afmelden/", views.registration_cancel, name="registration_cancel"),
    path(
        "aanmelding/<str:token>/bijeenkomst/<uuid:uuid>/afmelden/",
        views.seat_cancel,
        name="seat_cancel",
    ),
    path("aanmelding/<str:token>/gegevens.json", views.registration_data, name="registration_data"),
    path(
        "aanmelding/<str:token>/verwijderen/", views.registration_delete, name="registration_delete"
    ),
    path(
        "aanmelding/<str:token>/kennisbank/",
        views.registration_knowledge,
        name="registration_knowledge",
    ),
    # Public
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/aanmelden/", views.signup, name="signup"),
    path("<slug:slug>/aanmelden/team/", views.signup_team, name="signup_team"),
    path(
        "<slug:slug>/aanmelden/organisaties/",
        views.signup_organisations,
        name="signup_organisations",
    ),
    path("<slug:slug>/aanmelden/verstuurd/", views.signup_sent, name="signup_sent"),
    path("<slug:slug>/link-opnieuw/", views.resend_link, name="resend_link"),
    path("<slug:slug>/privacy/", views.privacy, name="privacy"),
    path("<slug:slug>/agenda.ics", views.series_ics, name="series_ics"),
    path("<slug:slug>/bijeenkomst/<uuid:uuid>/", views.meeting, name="meeting"),
    path("<slug:slug>/bijeenkomst/<uuid:uuid>/agenda.ics", views.meeting_ics, name="meeting_ics"),
    path("<slug:slug>/kennisbank/", views.knowledge, name="knowledge"),
    path("<slug:slug>/kennisbank/<int:pk>/", views.knowledge_item, name="knowledge_item"),
    # Organisers
    path("<slug:slug>/beheer/", views.manage, name="manage"),
    path("<slug:slug>/beheer/wijzigen/", views.community_edit, name="community_edit"),
    path("<slug:slug>/beheer/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/beheer/export.csv", views.export_csv, name="export_csv"),
    path(
        "<slug:slug>/beheer/aanmelding/<int:pk>/certificaat.pdf",
        views.certificate,
        name="certificate",
    ),
    path("<slug:slug>/beheer/bijeenkomst/nieuw/", views.meeting_create, name="meeting_create"),
    path(M, views.meeting_manage, name="meeting_manage"),
    path(M + "wijzigen/", views.meeting_edit, name="meeting_edit"),
    path(M + "agendapunt/", views.agenda_item_add, name="agenda_item_add"),
    path(M + "materiaal/", views.material_add, name="material_add"),
    path(M + "aanwezig/<int:pk>/", views.check_in, name="check_in"),
    # The QR code of a participant (a signed token: see checkin.py)
    path("<slug:slug>/beheer/aanwezig/<str:token>/", views.checkin_scan, name="checkin_scan"),
    path(M + "bericht/", views.meeting_message, name="meeting_message"),
    path("<slug:slug>/beheer/vragen/", views.questions_manage, name="questions_manage"),
    path("<slug:slug>/beheer/vragen/nieuw/", views.question_create, name="question_create"),
    path("<slug:slug>/beheer/vragen/<int:pk>/", views.question_edit, name="question_edit"),
    path("<slug:slug>/beheer/kennis/nieuw/", views.knowledge_create, name="knowledge_create"),
    path("<slug:slug>/beheer/kennis/<int:pk>/", views.knowledge_edit, name="knowledge_edit"),
]
