from django.contrib import admin

from .models import AuditEvent, OutgoingMail


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that never change in the admin: no adding, changing or deleting."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "target_repr", "actor", "organisation"]
    list_filter = ["action"]
    search_fields = ["action", "target_repr"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """Read-only: staff retry from the outbox page (core:mail_queue)."""

    list_display = ["created_at", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
