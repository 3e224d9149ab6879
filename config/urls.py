from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from driehoek.core.views import healthz, security_policy, security_txt

from .api import api

admin.site.site_header = "Driehoek beheer"

handler400 = "driehoek.core.error_views.bad_request"
handler403 = "driehoek.core.error_views.permission_denied"
handler404 = "driehoek.core.error_views.page_not_found"
handler500 = "driehoek.core.error_views.server_error"

urlpatterns = [
    path("", include("driehoek.core.urls")),
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path(".well-known/security-policy.txt", security_policy, name="security_policy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("driehoek.accounts.urls")),
    path("organisaties/", include("driehoek.organisations.urls")),
    path("afspraken/", include("driehoek.agreements.urls")),
    path("monitoring/", include("driehoek.monitoring.urls")),
    path("community/", include("driehoek.community.urls")),
    path("openbaar/", include("driehoek.publication.urls")),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
