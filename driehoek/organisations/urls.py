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
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bewerken/", views.edit, name="edit"),
    path("<slug:slug>/leden/", views.members, name="members"),
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
