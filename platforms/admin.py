from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from platforms.models import Delivery, InboundItem


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
