from django.urls import path

from . import views

app_name = "agreements"

A = "<uuid:agreement_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("cycli/nieuw/", views.cycle_create, name="cycle_create"),
    path("cycli/<uuid:cycle_id>/", views.cycle_detail, name="cycle_detail"),
    path("cycli/<uuid:cycle_id>/bewerken/", views.cycle_edit, name="cycle_edit"),
    path("cycli/<uuid:cycle_id>/woonvisie/nieuw/", views.woonvisie_create, name="woonvisie_create"),
    path("cycli/<uuid:cycle_id>/belangen/", views.interests, name="interests"),
    path("cycli/<uuid:cycle_id>/belangen/nieuw/", views.interest_add, name="interest_add"),
    path("cycli/<uuid:cycle_id>/bod/nieuw/", views.bod_create, name="bod_create"),
    path("cycli/<uuid:cycle_id>/afspraak/nieuw/", views.agreement_create, name="agreement_create"),
    path(
        "cycli/<uuid:cycle_id>/informatieverzoek/nieuw/",
        views.inforequest_create,
        name="inforequest_create",
    ),
    path("woonvisies/<uuid:woonvisie_id>/", views.woonvisie_detail, name="woonvisie_detail"),
    path(
        "woonvisies/<uuid:woonvisie_id>/document/",
        views.woonvisie_document,
        name="woonvisie_document",
    ),
    path(
        "woonvisies/<uuid:woonvisie_id>/doelen/nieuw/",
        views.woonvisie_goal_add,
        name="woonvisie_goal_add",
    ),
    path("biedingen/<uuid:bod_id>/", views.bod_detail, name="bod_detail"),
    path("biedingen/<uuid:bod_id>/activiteiten/nieuw/", views.bod_line_add, name="bod_line_add"),
    path("biedingen/<uuid:bod_id>/toelichting/", views.bod_section, name="bod_section"),
    path("biedingen/<uuid:bod_id>/raadpleging/", views.bod_consultation, name="bod_consultation"),
    path("biedingen/<uuid:bod_id>/versturen/", views.bod_send, name="bod_send"),
    path(
        "informatieverzoeken/<uuid:request_id>/",
        views.inforequest_detail,
        name="inforequest_detail",
    ),
    path(
        "informatieverzoeken/<uuid:request_id>/beantwoorden/",
        views.inforequest_answer,
        name="inforequest_answer",
    ),
    path("geschillen/<uuid:dispute_id>/", views.dispute_detail, name="dispute_detail"),
    path("geschillen/<uuid:dispute_id>/status/", views.dispute_update, name="dispute_update"),
    path("geschillen/<uuid:dispute_id>/dossier/", views.dispute_dossier, name="dispute_dossier"),
    path(
        "geschillen/<uuid:dispute_id>/dossier.pdf",
        views.dispute_dossier_pdf,
        name="dispute_dossier_pdf",
    ),
    path(A, views.agreement_detail, name="agreement_detail"),
    path(A + "artikelen/nieuw/", views.clause_edit, name="clause_create"),
    path(A + "artikelen/<int:pk>/bewerken/", views.clause_edit, name="clause_edit"),
    path(A + "afspraken/nieuw/", views.commitment_edit, name="commitment_create"),
    path(A + "afspraken/<int:pk>/bewerken/", views.commitment_edit, name="commitment_edit"),
    path(A + "bespreken/<str:on>/", views.discussion, name="discussion"),
    path(A + "reageren/", views.comment_add, name="comment_add"),
    path(A + "standpunt/", views.position_set, name="position_set"),
    path(A + "open-punten/", views.open_points, name="open_points"),
    path(A + "open-punten/nieuw/", views.open_point_add, name="open_point_add"),
    path(A + "open-punten/<int:pk>/afronden/", views.open_point_resolve, name="open_point_resolve"),
    path(A + "voorstellen/nieuw/", views.proposal_create, name="proposal_create"),
    path(A + "voorstellen/<int:pk>/besluiten/", views.proposal_decide, name="proposal_decide"),
    path(A + "versies/vastleggen/", views.version_freeze, name="version_freeze"),
    path(A + "versies/vergelijken/", views.version_compare, name="version_compare"),
    path(A + "versies/<int:number>/", views.version_detail, name="version_detail"),
    path(A + "versies/<int:number>/ondertekenen/", views.sign, name="sign"),
    path(A + "heropenen/", views.reopen, name="reopen"),
    path(A + "volgende-jaarschijf/", views.next_slice, name="next_slice"),
    path(A + "addendum/", views.addendum_create, name="addendum_create"),
    path(A + "indienen/", views.submit, name="submit"),
    path(A + "prestatieafspraken.pdf", views.pdf, name="pdf"),
    path(A + "afspraken.xlsx", views.export_xlsx, name="export_xlsx"),
    path(A + "afspraken.csv", views.export_csv, name="export_csv"),
    path(A + "indieningspakket.zip", views.package, name="package"),
    path(A + "geschil/nieuw/", views.dispute_create, name="dispute_create"),
]
