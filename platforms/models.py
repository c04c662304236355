"""The raw inbound store: what the platforms sent, kept verbatim before anything is done
with it, and the items each delivery carries (unique per platform, external id and event)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import OfficialAccount, Platform


class DeliverySource(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook")
    POLL = "poll", _("Polling")
    FETCH = "fetch", _("Fetched on demand")


class Delivery(models.Model):
    """One webhook POST body or one polled page, byte for byte. Unique on the hash of its
    body: a platform that delivers the same body twice is stored once."""

    platform = models.CharField(max_length=12, choices=Platform.choices)
    source = models.CharField(max_length=10, choices=DeliverySource.choices)
    body_sha256 = models.CharField(max_length=64, unique=True)
    body = models.BinaryField()
    headers = models.JSONField(default=dict, blank=True)
    account = models.ForeignKey(
        OfficialAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.platform} {self.source} {self.body_sha256[:12]}"


class ItemKind(models.TextChoices):
    MENTION = "mention", _("Mention")
    COMMENT = "comment", _("Comment")
    REPLY = "reply", _("Reply")
    MESSAGE = "message", _("Message")
    POST = "post", _("Post")
    STATUS = "status", _("Delivery status")


class ItemEvent(models.TextChoices):
    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    REMOVE = "remove", _("Removed")


class InboundItem(models.Model):
    """One thing a delivery carried: a citizen's mention or comment, a reply (ours or theirs),
    a WhatsApp message or status. Unique on (platform, external id, event key): a duplicate
    delivery adds nothing; an edit or a removal is its own item."""

    platform = models.CharField(max_length=12, choices=Platform.choices)
    external_id = models.CharField(max_length=128)
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    event = models.CharField(max_length=10, choices=ItemEvent.choices, default=ItemEvent.CREATE)
    event_key = models.CharField(
        max_length=160,
        help_text="create, remove, edit:<time or text hash>, status:<status>",
    )
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="items")
    account = models.ForeignKey(
        OfficialAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="items",
        help_text="The official account it concerns; empty while unmatched.",
    )
    account_ref = models.CharField(
        max_length=128, blank=True,
        help_text="The platform's id of the receiving account, for matching later.",
    )
    posted_at = models.DateTimeField(help_text="The platform's timestamp.")
    received_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(help_text="The item in Sigap's own shape (platforms.connectors.base.Item).")
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("inbound item")
        verbose_name_plural = _("inbound items")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id", "event_key"], name="inbound_item_unique_event"
            ),
        ]
        indexes = [
            models.Index(
                fields=["received_at"], condition=Q(processed_at__isnull=True),
                name="inbound_unprocessed_idx",
            ),
            models.Index(fields=["account", "posted_at"], name="inbound_account_posted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.external_id} {self.event_key}"
