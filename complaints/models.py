from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, OfficialAccount, Platform


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGE = "triage", _("Triage")
    DISPATCHED = "dispatched", _("Dispatched")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved")
    OUT_OF_SCOPE = "out_of_scope", _("Not our remit")
    ARCHIVED = "archived", _("Archived")


class Category(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    QUESTION = "question", _("Question")
    PRAISE = "praise", _("Praise")
    OTHER = "other", _("Other")


class ComplaintCounter(models.Model):
    """The last complaint number given out in a year (WIB): SGP-<year>-<6 digits>."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Complaint(models.Model):
    """A citizen's conversation with the region on one platform: their first post and every
    message in the same thread. Routed to one agency at a time."""

    number = models.CharField(_("complaint no."), max_length=20, unique=True)
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    external_id = models.CharField(_("post id"), max_length=128, help_text="The citizen's first post.")
    thread_key = models.CharField(max_length=200, help_text="The conversation on the platform.")
    account = models.ForeignKey(
        OfficialAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints",
        help_text="The official account the citizen wrote to.",
    )
    author_id = models.CharField(max_length=128, blank=True)
    author_handle = models.CharField(max_length=128, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    text = models.TextField(_("text"))
    url = models.URLField(max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    routing_reason = models.CharField(_("routing reason"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received"), help_text="When the citizen posted (platform time).")
    handed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the current agency got it (routing or hand-off)."
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    first_response_working_minutes = models.PositiveIntegerField(null=True, blank=True)
    first_response_calendar_minutes = models.PositiveIntegerField(null=True, blank=True)
    within_target = models.BooleanField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True, help_text="The citizen removed the first post.")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(fields=["platform", "thread_key"], name="complaint_one_per_thread"),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "received_at"], name="complaint_agency_status_idx"),
            models.Index(fields=["received_at"], name="complaint_received_idx"),
            models.Index(fields=["platform", "author_id", "last_message_at"], name="complaint_author_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class Message(models.Model):
    """One post in a complaint's thread: the citizen's, the agency's or anyone else's."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    platform = models.CharField(max_length=12, choices=Platform.choices)
    external_id = models.CharField(max_length=128)
    parent_external_id = models.CharField(max_length=128, blank=True)
    author_id = models.CharField(max_length=128, blank=True)
    author_handle = models.CharField(max_length=128, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    posted_at = models.DateTimeField()
    from_account = models.ForeignKey(
        OfficialAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Set when an official account wrote it.",
    )
    is_citizen = models.BooleanField(default=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["posted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "external_id"], name="message_unique_post"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.external_id}"


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Routed")
    TRIAGED = "triaged", _("Sent to triage")
    MESSAGE = "message", _("Message")
    REPLY = "reply", _("Reply")
    EDITED = "edited", _("Edited")
    REMOVED = "removed", _("Removed")
    STATUS = "status", _("Status changed")


class TimelineEvent(models.Model):
    """Everything that happened to a complaint, in order: who, when, what."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"], name="timeline_complaint_at_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ThreadLock(models.Model):
    """A row to lock while deciding which complaint a message joins, so that two workers
    never open two complaints for one conversation (WhatsApp senders have no thread id)."""

    key = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.key

