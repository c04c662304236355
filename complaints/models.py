from __future__ import annotations

import re

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.dispatch import Signal as django_signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, OfficialAccount, Platform, ResolutionTier
from complaints.search import SearchDocument, SearchDocumentField


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


#: Sent after a bulk UPDATE of complaints touching what the figures count, with `rows`: the
#: (agency id, received at) of the affected complaints before and after (the leaderboard's
#: rollups recompute those days). Saves and deletes are seen through post_save/post_delete.
complaints_updated = django_signal()

#: Fields whose change moves a complaint's figures.
COUNTED_FIELDS = frozenset({
    "agency", "agency_id", "received_at", "platform", "category", "status", "merged_into", "merged_into_id",
    "first_response_at", "first_response_working_minutes", "within_target", "head_ack_working_minutes",
    "due_at", "resolved_at",
})


class ComplaintQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        if not COUNTED_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        before = list(self.values_list("pk", "agency_id", "received_at").order_by())
        count = super().update(**kwargs)
        if before:
            after = Complaint.objects.filter(pk__in=[row[0] for row in before]).values_list("agency_id", "received_at")
            complaints_updated.send(sender=Complaint, rows=[row[1:] for row in before] + list(after))
        return count


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
    # The clock's stored figures (complaints/clock.py fills them; never recomputed on a page).
    response_target_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="The first-response target it is measured against (working minutes).",
    )
    total_wait_working_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="The citizen's wait: received to first response, across hand-offs.",
    )
    total_wait_calendar_minutes = models.PositiveIntegerField(null=True, blank=True)
    head_ack_at = models.DateTimeField(null=True, blank=True, help_text="The head's first answer to the tag.")
    head_ack_working_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolution_tier = models.CharField(
        _("resolution tier"), max_length=10, choices=ResolutionTier.choices, default=ResolutionTier.NORMAL,
    )
    resolution_target_days = models.PositiveSmallIntegerField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    hold_working_minutes = models.PositiveIntegerField(
        default=0, help_text="Working minutes on hold (Ditunda) since handed: they pause the resolution clock.",
    )
    resolution_working_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolution_calendar_minutes = models.PositiveIntegerField(null=True, blank=True)
    clock_refreshed_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True, help_text="The citizen removed the first post.")
    version = models.PositiveIntegerField(default=1)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_complaints",
        verbose_name=_("assigned to"), help_text="The colleague of the holding agency who handles it.",
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged",
        help_text="Archived as the same citizen's complaint from another platform: the one that carries on.",
    )
    # Full-text search: a tsvector on PostgreSQL (GIN-indexed in the migration), lower-cased
    # text elsewhere; kept by the database, never written by Django.
    search_document = models.GeneratedField(
        expression=SearchDocument("text", "author_name", "author_handle"),
        output_field=SearchDocumentField(), db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

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
            # The workspace: an agency's inbox of every status, its day's new and answered
            # complaints, the region's queues by status, and the overdue list.
            models.Index(fields=["agency", "received_at"], name="complaint_agency_received_idx"),
            models.Index(fields=["agency", "handed_at"], name="complaint_agency_handed_idx"),
            models.Index(fields=["status", "received_at"], name="complaint_status_received_idx"),
            models.Index(fields=["first_response_at"], name="complaint_first_response_idx"),
            models.Index(fields=["due_at"], condition=models.Q(first_response_at__isnull=True),
                         name="complaint_waiting_due_idx"),
            # The leaderboard's "overdue now" of the current month: this month's unanswered ones.
            models.Index(fields=["received_at"], condition=models.Q(first_response_at__isnull=True),
                         name="complaint_waiting_received_idx"),
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
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Set when a head wrote it with a registered personal handle, or staff sent it from the portal.",
    )
    by_sigap = models.BooleanField(
        default=False, help_text="Sigap's automatic tag or reminder: never the agency's response.",
    )
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
    TAGGED = "tagged", _("Head tagged")
    RESPONDED = "responded", _("First response")
    REPLY_SENT = "reply_sent", _("Reply sent from the portal")
    ACK = "ack", _("Head acknowledged")
    NOTE = "note", _("Note")
    HANDED_OFF = "handed_off", _("Handed off")
    MAYOR_TAG = "mayor_tag", _("Tagged by the mayor's office")
    REMINDED = "reminded", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated")
    ASSIGNED = "assigned", _("Assigned")
    CATEGORY = "category", _("Category changed")
    MERGED = "merged", _("Merged")
    REOPENED = "reopened", _("Reopened")
    TASK_DONE = "task_done", _("Done by hand")


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


class Channel(models.TextChoices):
    PLATFORM = "platform", _("Public reply on the platform")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PORTAL = "portal", _("Portal notification")


class Purpose(models.TextChoices):
    TAG = "tag", _("Tag to the agency head")
    REMINDER_HALF = "reminder_half", _("First reminder")
    REMINDER_DUE = "reminder_due", _("Second reminder")
    OVERDUE = "overdue", _("Overdue notice to the mayor's office")
    REPLY = "reply", _("Agency's reply")


class DispatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    MANUAL = "manual", _("To do by hand")
    DONE = "done", _("Done by hand")
    SKIPPED = "skipped", _("Not needed")


class Dispatch(models.Model):
    """One thing Sigap sends about a complaint — a public tag reply, an e-mail, a WhatsApp
    message, an agency's reply written in the portal — unique on its idempotency key, so that
    a retried or duplicated task never sends twice. A refusal becomes a task for a person
    (status `manual`), never a silent failure."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="dispatches")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    key = models.CharField(max_length=120, unique=True, help_text="Idempotency key: complaint, purpose, channel.")
    account = models.ForeignKey(
        OfficialAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The account that posts or sends it.",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=200, blank=True, help_text="Handle, e-mail or number it goes to.")
    in_reply_to = models.CharField(max_length=128, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.PENDING)
    external_id = models.CharField(max_length=200, blank=True, help_text="The platform's id of what we sent.")
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    uncertain = models.BooleanField(
        default=False, help_text="The last attempt timed out after sending: look before posting again.",
    )
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        indexes = [
            models.Index(fields=["channel", "external_id"], name="dispatch_external_idx"),
            models.Index(fields=["status", "created_at"], name="dispatch_status_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class NotificationKind(models.TextChoices):
    TAG = "tag", _("New complaint for your agency")
    REMINDER = "reminder", _("Reminder")
    OVERDUE = "overdue", _("Overdue")
    HANDOFF = "handoff", _("Handed to your agency")
    ASSIGNED = "assigned", _("Assigned to you")
    MENTION = "mention", _("Mentioned in a note")
    MANUAL = "manual", _("Needs doing by hand")
    ACK = "ack", _("Head acknowledged")


class Notification(models.Model):
    """An in-portal notification to one person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    text = models.CharField(max_length=500)
    key = models.CharField(max_length=160, unique=True, help_text="One notification per person and event.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.complaint_id}"


class TemplateKey(models.TextChoices):
    PUBLIC_TAG = "public_tag", _("Public tag reply")
    WHATSAPP_TAG = "whatsapp_tag", _("WhatsApp tag to the head")
    EMAIL_TAG = "email_tag", _("E-mail tag to the head")
    REMINDER = "reminder", _("Reminder to the head")
    OVERDUE = "overdue", _("Overdue notice")


class MessageTemplate(models.Model):
    """The wording of what Sigap sends, in Indonesian, editable by the communications office.
    Placeholders: {number}, {agency}, {agency_handle}, {head}, {head_handle}, {excerpt}, {url},
    {due}. Without a row, the default wording in complaints/tagging.py is used."""

    key = models.CharField(max_length=20, choices=TemplateKey.choices, unique=True)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")

    def __str__(self) -> str:
        return self.key


class DigestRun(models.Model):
    """A daily digest to the mayor's office, sent once per day."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    overdue_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.day)


class ReplyTemplate(models.Model):
    """A saved reply an agency's people insert in the composer, in Indonesian. Placeholders
    (REPLY_PLACEHOLDERS, each also by its Indonesian name): {nomor}/{number} (the complaint no.),
    {opd}/{agency} (the agency's short name), {warga}/{author} (the citizen's name or handle);
    anything else is left as written."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reply_templates")
    title = models.CharField(_("title"), max_length=80)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["agency", "title"]
        constraints = [models.UniqueConstraint(fields=["agency", "title"], name="reply_template_unique_title")]

    def __str__(self) -> str:
        return self.title

    def render(self, complaint: Complaint) -> str:
        """The text with the complaint's values in place of the placeholders."""
        values = {
            "number": complaint.number,
            "agency": complaint.agency.short_name if complaint.agency_id else "",
            "author": complaint.author_name or complaint.author_handle,
        }
        return _FORMAT.sub(lambda m: values.get(REPLY_PLACEHOLDERS.get(m.group(1), ""), m.group(0)), self.text)


_FORMAT = re.compile(r"\{(\w+)\}")
#: A reply template's placeholders, by the name written in braces: what each stands for.
REPLY_PLACEHOLDERS = {"nomor": "number", "opd": "agency", "warga": "author",
                      "number": "number", "agency": "agency", "author": "author"}

# Agencies' saved replies are edited on their settings page: who changed what is kept.
auditlog.register(ReplyTemplate, exclude_fields=["created_at", "updated_at"])
auditlog.register(MessageTemplate, exclude_fields=["updated_at"])
