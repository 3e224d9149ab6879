from django.urls import path

from . import views

app_name = "publication"

A = "afspraken/<uuid:agreement_id>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("open-data/", views.open_data, name="open_data"),
    path("nieuw.atom", views.feed, name="feed"),
    path(A, views.agreement, name="agreement"),
    path(A + "prestatieafspraken.pdf", views.agreement_pdf, name="agreement_pdf"),
    path(A + "afspraken.xlsx", views.agreement_xlsx, name="agreement_xlsx"),
    path("organisaties/<slug:slug>/", views.organisation, name="organisation"),
    path("organisaties/<slug:slug>/termijnen.ics", views.calendar, name="calendar"),
    path("regios/<slug:slug>/", views.region, name="region"),
    path("publiceren/", views.mine, name="mine"),
    path("publiceren/<uuid:agreement_id>/", views.manage, name="manage"),
]
