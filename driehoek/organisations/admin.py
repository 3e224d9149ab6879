from django.contrib import admin

from .models import Invitation, Membership, Organisation, Region, TenantRepresentation, WorkArea


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "province", "status", "is_current", "is_demo"]
    list_filter = ["kind", "status", "is_current", "province", "is_demo"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successor"]
    inlines = [MembershipInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "number", "expected_gemeenten"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(WorkArea)
class WorkAreaAdmin(admin.ModelAdmin):
    list_display = ["organisation", "gemeente", "homes"]
    autocomplete_fields = ["organisation", "gemeente"]


@admin.register(TenantRepresentation)
class TenantRepresentationAdmin(admin.ModelAdmin):
    list_display = ["tenant_body", "corporatie"]
    autocomplete_fields = ["tenant_body", "corporatie"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]
