from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("afspraak/<uuid:agreement_id>/", views.agreement_dashboard, name="agreement"),
    path(
        "afspraak/<uuid:agreement_id>/afspraken/<int:commitment_id>/rapporteren/",
        views.report_create,
        name="report_create",
    ),
    path("afspraak/<uuid:agreement_id>/instellingen/", views.settings_edit, name="settings"),
    path("afspraak/<uuid:agreement_id>/importeren/", views.import_upload, name="import"),
    path(
        "afspraak/<uuid:agreement_id>/importeren/<uuid:job_id>/",
        views.import_job,
        name="import_job",
    ),
    path(
        "afspraak/<uuid:agreement_id>/importeren/sjabloon.xlsx",
        views.import_template,
        name="import_template",
    ),
    path("afspraak/<uuid:agreement_id>/evaluatie/<int:year>/", views.evaluation, name="evaluation"),
    path(
        "afspraak/<uuid:agreement_id>/evaluatie/<int:year>/afronden/",
        views.evaluation_complete,
        name="evaluation_complete",
    ),
    path(
        "afspraak/<uuid:agreement_id>/evaluatie/<int:year>/overnemen/",
        views.carry_over,
        name="carry_over",
    ),
    path("rapportage/<uuid:report_id>/", views.report_detail, name="report_detail"),
    path("rapportage/<uuid:report_id>/beoordelen/", views.report_review, name="report_review"),
    path("rapportage/<uuid:report_id>/bewijs/", views.report_evidence, name="report_evidence"),
    path("gemeente/<slug:slug>/", views.dashboard_gemeente, name="gemeente"),
    path("corporatie/<slug:slug>/", views.dashboard_corporatie, name="corporatie"),
    path("huurders/<slug:slug>/", views.dashboard_huurders, name="huurders"),
    path("regio/<slug:slug>/", views.dashboard_region, name="region"),
    path("landelijk/", views.dashboard_national, name="national"),
    path("redelijkheid/<slug:slug>/", views.reasonableness_view, name="reasonableness"),
    path(
        "redelijkheid/<slug:slug>/financiele-ruimte/",
        views.financial_room_edit,
        name="financial_room",
    ),
]
