from django.contrib import admin

from driehoek.core import uploads
from driehoek.core.admin import ReadOnlyAdmin

from .models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    Bod,
    BodLine,
    BodSection,
    Commitment,
    CommitmentTarget,
    Cycle,
    Dispute,
    InformationRequest,
    Signature,
    Woonvisie,
    WoonvisieGoal,
)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "year", "bod_due", "submission_due", "talks_started_on"]
    list_filter = ["year"]
    search_fields = ["gemeente__name"]
    raw_id_fields = ["gemeente"]
    filter_horizontal = ["participants"]


class GoalInline(admin.TabularInline):
    model = WoonvisieGoal
    extra = 0


@admin.register(Woonvisie)
class WoonvisieAdmin(admin.ModelAdmin):
    list_display = ["title", "gemeente", "adopted_on", "period_start", "period_end"]
    search_fields = ["title", "gemeente__name"]
    raw_id_fields = ["gemeente"]
    inlines = [GoalInline]
    formfield_overrides = uploads.admin_overrides(uploads.DOCUMENTS, 10 * 1024 * 1024)


class BodSectionInline(admin.StackedInline):
    model = BodSection
    extra = 0


class BodLineInline(admin.TabularInline):
    model = BodLine
    extra = 0


@admin.register(Bod)
class BodAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "status", "sent_at"]
    list_filter = ["status"]
    inlines = [BodSectionInline, BodLineInline]
    raw_id_fields = ["cycle"]


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "period_start", "period_end", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["cycle", "parent", "bod"]
    inlines = [PartyInline]


class TargetInline(admin.TabularInline):
    model = CommitmentTarget
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "theme", "kind", "responsible"]
    list_filter = ["theme", "kind"]
    search_fields = ["reference", "title"]
    raw_id_fields = ["agreement", "responsible", "origin", "woonvisie_goal", "bod_line"]
    inlines = [TargetInline]


# Frozen versions and signatures never change.
@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "number", "is_final", "frozen_at", "content_hash"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["version", "organisation", "decision", "signer_name", "signed_at"]


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ["agreement", "organisation", "arose_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["agreement", "organisation"]


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    list_display = ["question", "requester", "corporatie", "created_at", "answered_at"]
    raw_id_fields = ["cycle", "requester", "corporatie"]
