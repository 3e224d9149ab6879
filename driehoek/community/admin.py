from django.contrib import admin

from driehoek.core import uploads

from .forms import MAX_FILE_BYTES
from .models import (
    AgendaItem,
    Community,
    KnowledgeItem,
    Material,
    Meeting,
    OrganiserMessage,
    Question,
    Registration,
    Seat,
    Team,
)


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["title", "starts_at", "ends_at", "place", "capacity"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "signup_deadline"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers"]
    inlines = [MeetingInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    formfield_overrides = uploads.admin_overrides(uploads.MATERIALS, MAX_FILE_BYTES)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "starts_at", "capacity"]
    list_filter = ["community"]
    inlines = [AgendaItemInline, MaterialInline]


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    readonly_fields = [
        "meeting",
        "status",
        "waiting_since",
        "promoted_at",
        "reminder_sent_at",
        "attended_at",
    ]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["pk", "community", "party", "status", "created_at"]
    list_filter = ["community", "status", "party"]
    exclude = ["token_hash"]
    inlines = [SeatInline]


admin.site.register(Team)
admin.site.register(Question)


@admin.register(KnowledgeItem)
class KnowledgeItemAdmin(admin.ModelAdmin):
    formfield_overrides = uploads.admin_overrides(uploads.MATERIALS, MAX_FILE_BYTES)


admin.site.register(OrganiserMessage)
