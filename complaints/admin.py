from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from complaints.models import Complaint, Message, TimelineEvent


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["posted_at", "author_handle", "text", "from_account", "edited_at", "removed_at"]
    readonly_fields = fields
    can_delete = False


class TimelineInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ["at", "kind", "actor", "summary"]
    readonly_fields = fields
    can_delete = False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["number", "platform", "agency", "category", "status", "received_at", "first_response_at"]
    list_filter = ["status", "category", "platform"]
    search_fields = ["number", "text", "author_handle", "author_name"]
    readonly_fields = [f.name for f in Complaint._meta.fields]
    inlines = [MessageInline, TimelineInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # complaints are archived, never deleted
