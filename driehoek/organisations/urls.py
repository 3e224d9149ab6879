from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("mijn/", views.mine, name="mine"),
    path("aanmelden-huurdersorganisatie/", views.register_tenant, name="register_tenant"),
    path("goedkeuren/", views.approvals, name="approvals"),
    path("goedkeuren/<slug:slug>/", views.decide, name="decide"),
    path("regios/", views.regions, name="regions"),
    path("regios/<slug:slug>/", views.region, name="region"),
    path(
        "regios/<slug:slug>/gemeenten/<int:gemeente_id>/verwijderen/",
        views.region_member_remove,
        name="region_member_remove",
    ),
    path("zoeken/", views.search, name="search"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bewerken/", views.edit, name="edit"),
    path("<slug:slug>/leden/", views.members, name="members"),
    path("<slug:slug>/fusie/", views.record_merger, name="record_merger"),
    path("<slug:slug>/splitsing/", views.record_split, name="record_split"),
    path("<slug:slug>/werkgebied/", views.work_area, name="work_area"),
    path("<slug:slug>/werkgebied/toevoegen/", views.work_area_add, name="work_area_add"),
    path(
        "<slug:slug>/werkgebied/<int:gemeente_id>/woningen/",
        views.work_area_update,
        name="work_area_update",
    ),
    path(
        "<slug:slug>/werkgebied/<int:gemeente_id>/verwijderen/",
        views.work_area_remove,
        name="work_area_remove",
    ),
    path("<slug:slug>/leden/<int:membership_id>/rol/", views.member_role, name="member_role"),
    path(
        "<slug:slug>/leden/<int:membership_id>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:slug>/uitnodigingen/<int:invitation_id>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
