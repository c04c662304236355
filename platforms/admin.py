from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from platforms.models import AccountMetricSnapshot, Delivery, InboundItem, Post, PostMetricSnapshot


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["received_at", "platform", "source", "account", "item_count", "body_sha256"]
    list_filter = ["platform", "source"]
    readonly_fields = ["platform", "source", "body_sha256", "headers", "account", "received_at", "item_count"]
    exclude = ["body"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the raw store is kept as it came

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(InboundItem)
class InboundItemAdmin(admin.ModelAdmin):
    list_display = ["received_at", "platform", "kind", "event_key", "external_id", "account", "processed_at", "attempts"]
    list_filter = ["platform", "kind", "event"]
    search_fields = ["external_id", "account_ref"]
    readonly_fields = [f.name for f in InboundItem._meta.fields]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class PostMetricSnapshotInline(admin.TabularInline):
    model = PostMetricSnapshot
    extra = 0
    fields = ["taken_on", "taken_at", "likes", "comments", "shares", "views"]
    readonly_fields = ["taken_at"]
    ordering = ["-taken_on"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["published_at", "platform", "account", "kind", "source", "external_id", "removed_at"]
    list_filter = ["platform", "kind", "source"]
    search_fields = ["external_id", "text", "url", "account__handle"]
    raw_id_fields = ["account", "created_by"]
    date_hierarchy = "published_at"
    inlines = [PostMetricSnapshotInline]


@admin.register(AccountMetricSnapshot)
class AccountMetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["taken_on", "account", "followers", "following", "posts_count", "taken_at"]
    list_filter = ["account__platform"]
    search_fields = ["account__handle"]
    raw_id_fields = ["account"]
    date_hierarchy = "taken_on"
