from django.contrib import admin

from .models import Publication, PublicationConsent


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only: publications are made by the parties' consent (services.consent_give)."""

    list_display = ["agreement", "published_at", "content_hash"]
    search_fields = ["agreement__title", "agreement__cycle__gemeente__name"]
    readonly_fields = ["agreement", "version", "content_hash", "published_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublicationConsent)
class PublicationConsentAdmin(admin.ModelAdmin):
    list_display = ["agreement", "organisation", "decided_at"]
    search_fields = ["agreement__title", "organisation__name"]
    readonly_fields = ["agreement", "organisation", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
