from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from agencies.models import Agency, CalendarProposal, OfficialAccount, PersonHandle, RoutingRule


class OfficialAccountInline(admin.TabularInline):
    model = OfficialAccount
    extra = 0
    fields = ["platform", "handle", "external_id", "is_platform_verified", "status", "is_active"]


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "calendar", "is_active"]
    list_filter = ["kind", "calendar", "is_active"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    inlines = [OfficialAccountInline, RoutingRuleInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # deactivate instead: complaints and rankings refer to agencies


@admin.register(OfficialAccount)
class OfficialAccountAdmin(admin.ModelAdmin):
    # Tokens are not editable fields and never appear here.
    list_display = ["__str__", "agency", "platform", "external_id", "status", "last_polled_at", "is_active"]
    list_filter = ["platform", "status", "is_active"]
    search_fields = ["handle", "external_id", "agency__name", "agency__short_name"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["last_polled_at", "paused_until", "token_expires_at"]


@admin.register(PersonHandle)
class PersonHandleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "external_id"]
    list_filter = ["platform"]
    search_fields = ["handle", "user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "agency", "kind", "priority", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["phrase", "agency__name", "agency__short_name"]
    autocomplete_fields = ["agency"]


@admin.register(CalendarProposal)
class CalendarProposalAdmin(admin.ModelAdmin):
    """Read only: a decision applies the change, so it is made on the proposals page."""

    list_display = ["agency", "kind", "status", "proposed_by", "proposed_at", "decided_by", "applied_from"]
    list_filter = ["kind", "status"]
    search_fields = ["agency__name", "agency__short_name", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
