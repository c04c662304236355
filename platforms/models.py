"""The raw inbound store: what the platforms sent, kept verbatim before anything is done
with it, and the items each delivery carries (unique per platform, external id and event)."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
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


# --- The agencies' own posts and their numbers over time ------------------------------


class PostKind(models.TextChoices):
    POST = "post", _("Post")
    REPLY = "reply", _("Reply")
    VIDEO = "video", _("Video")
    REEL = "reel", _("Reel")


class PostSource(models.TextChoices):
    API = "api", _("Read from the platform")
    MANUAL = "manual", _("Logged by hand")


class Post(models.Model):
    """Something an agency published from one of its official accounts: read from the
    platform each day, or logged by hand where the platform gives no API (TikTok). The year-end
    evaluation counts these (posts per week, weeks without a post) and their snapshots."""

    account = models.ForeignKey(
        OfficialAccount, on_delete=models.PROTECT, related_name="posts", verbose_name=_("account")
    )
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    # NULL, not "": a post logged by hand may have no platform id. NULLs never collide.
    external_id = models.CharField(  # noqa: DJ001
        _("platform id"), max_length=128, null=True, blank=True,
        help_text=_("The platform's own id of the post (a string: X ids exceed 2^53)."),
    )
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), help_text=_("The platform's timestamp."))
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices, default=PostKind.POST)
    source = models.CharField(_("source"), max_length=10, choices=PostSource.choices, default=PostSource.API)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("logged by"), help_text=_("Who logged it by hand; empty when read from the platform."),
    )
    removed_at = models.DateTimeField(
        _("removed"), null=True, blank=True,
        help_text=_("When Sigap saw that the post is no longer on the platform."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at"]
        constraints = [
            # Not conditional: an upsert (ON CONFLICT) needs a plain unique index.
            models.UniqueConstraint(fields=["platform", "external_id"], name="post_platform_external_id_unique"),
        ]
        indexes = [models.Index(fields=["account", "published_at"], name="post_account_published_idx")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.external_id or self.url} ({self.published_at:%Y-%m-%d})"


class PostMetricSnapshot(models.Model):
    """A post's public numbers as read on one day (the region's date); read again the same
    day, the row is updated. Empty where the platform does not give that number."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("date"))
    taken_at = models.DateTimeField(_("read at"), default=timezone.now)
    likes = models.PositiveBigIntegerField(_("likes"), null=True, blank=True)
    comments = models.PositiveBigIntegerField(_("comments"), null=True, blank=True)
    shares = models.PositiveBigIntegerField(_("shares"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("views"), null=True, blank=True)

    class Meta:
        verbose_name = _("post snapshot")
        verbose_name_plural = _("post snapshots")
        ordering = ["post", "taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["post", "taken_on"], name="post_snapshot_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} {self.taken_on}"


class AccountMetricSnapshot(models.Model):
    """An official account's audience on one day (the region's date): followers (YouTube:
    subscribers), and where the platform gives them, accounts followed and posts published."""

    account = models.ForeignKey(OfficialAccount, on_delete=models.PROTECT, related_name="metric_snapshots")
    taken_on = models.DateField(_("date"))
    taken_at = models.DateTimeField(_("read at"), default=timezone.now)
    followers = models.PositiveBigIntegerField(_("followers"), null=True, blank=True)
    following = models.PositiveBigIntegerField(_("following"), null=True, blank=True)
    posts_count = models.PositiveBigIntegerField(_("posts"), null=True, blank=True)

    class Meta:
        verbose_name = _("account snapshot")
        verbose_name_plural = _("account snapshots")
        ordering = ["account", "taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["account", "taken_on"], name="account_snapshot_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.taken_on}"


# Posts logged or corrected by hand count in the evaluation: who changed what is kept. Rows
# read from the platform are written in bulk (no audit entry); snapshots are measurements.
auditlog.register(Post, exclude_fields=["updated_at", "created_at"])
