from django.contrib import admin

from driehoek.core import uploads

from .models import (
    Evaluation,
    FinancialRoom,
    ImportJob,
    MonitoringSettings,
    ProgressReport,
    ReportReview,
    SentNotice,
)


class ReviewInline(admin.TabularInline):
    model = ReportReview
    extra = 0
    readonly_fields = ["organisation", "decision", "reason", "user", "at"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = [
        "commitment",
        "period_year",
        "period_quarter",
        "realised",
        "status",
        "review_state",
    ]
    list_filter = ["status", "review_state", "period_year"]
    raw_id_fields = ["commitment", "reported_by_org", "reported_by"]
    inlines = [ReviewInline]
    formfield_overrides = uploads.admin_overrides(uploads.EVIDENCE, 10 * 1024 * 1024)


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(admin.ModelAdmin):
    list_display = ["agreement", "frequency", "closed_until"]
    raw_id_fields = ["agreement"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["agreement", "year", "status"]
    raw_id_fields = ["agreement", "carried_over_to"]


@admin.register(FinancialRoom)
class FinancialRoomAdmin(admin.ModelAdmin):
    list_display = ["corporatie", "year", "icr", "ltv", "solvency"]
    raw_id_fields = ["corporatie"]


@admin.register(SentNotice)
class SentNoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "organisation", "message"]
    list_filter = ["kind"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: to see why an import failed or is stuck (``process_imports`` redoes those)."""

    list_display = [
        "file_name",
        "agreement",
        "uploaded_by",
        "status",
        "rows_done",
        "rows_total",
        "created_at",
    ]
    list_filter = ["status"]
    raw_id_fields = ["agreement", "uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
