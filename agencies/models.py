from __future__ import annotations

import re

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField


class AgencyKind(models.TextChoices):
    PIMPINAN = "pimpinan", _("Regional leadership")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    BAGIAN = "bagian", _("Bagian (Setda)")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa/Nagari")
    UPT = "upt", _("UPT/UPTD")
    RSUD = "rsud", _("RSUD")
    BUMD = "bumd", _("BUMD")
    OTHER = "other", _("Other")


class Platform(models.TextChoices):
    X = "x", "X"
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    WHATSAPP = "whatsapp", "WhatsApp"
    TIKTOK = "tiktok", "TikTok"


#: The letters or sign on each platform's small badge (templates/includes/platform.html).
PLATFORM_ICONS = {"x": "X", "instagram": "IG", "facebook": "f", "youtube": "▶", "whatsapp": "WA", "tiktok": "TT"}


def platform_icon(platform: str) -> str:
    return PLATFORM_ICONS.get(platform, "TT")


class CalendarKind(models.TextChoices):
    DEFAULT = "default", _("Civil-service week (Monday–Friday)")
    ALWAYS = "24x7", _("24 hours, 7 days")


_HANDLE_PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    Platform.X: (re.compile(r"^[a-z0-9_]{1,15}$"), _("letters, digits and _, at most 15")),
    Platform.INSTAGRAM: (re.compile(r"^[a-z0-9._]{1,30}$"), _("letters, digits, . and _, at most 30")),
    Platform.FACEBOOK: (re.compile(r"^[a-z0-9.\-]{1,80}$"), _("letters, digits, . and -")),
    Platform.YOUTUBE: (re.compile(r"^[a-z0-9._\-]{3,30}$"), _("letters, digits, ., _ and -, 3 to 30")),
    Platform.TIKTOK: (re.compile(r"^[a-z0-9._]{2,24}$"), _("letters, digits, . and _, 2 to 24")),
    Platform.WHATSAPP: (re.compile(r"^\+62[0-9]{8,13}$"), _("an Indonesian number such as +6281234567890")),
}


def normalize_handle(platform: str, raw: str) -> str:
    """The stored form of a handle: without '@', lowercase; a WhatsApp number in E.164
    (+62...), accepting the 08..., 62... and +62... ways Indonesians write it."""
    value = (raw or "").strip()
    if platform == Platform.WHATSAPP:
        digits = re.sub(r"[\s\-().]", "", value)
        if digits.startswith("whatsapp:"):
            digits = digits.removeprefix("whatsapp:")
        if digits.startswith("0"):
            digits = "+62" + digits[1:]
        elif digits.startswith("62"):
            digits = "+" + digits
        return digits
    return value.removeprefix("@").strip().lower()


def validate_handle(platform: str, handle: str) -> None:
    pattern, rule = _HANDLE_PATTERNS[platform]
    if not pattern.match(handle):
        raise ValidationError(
            _("%(handle)s is not a valid %(platform)s handle (%(rule)s)."),
            params={"handle": handle, "platform": Platform(platform).label, "rule": rule},
            code="invalid_handle",
        )


def display_handle(platform: str, handle: str) -> str:
    if platform in (Platform.WHATSAPP, Platform.FACEBOOK):
        return handle
    return f"@{handle}"


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class Agency(models.Model):
    """An OPD (or the mayor's office, a kecamatan, a BUMD...). Its head is its active `head`
    membership, not a field here."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, help_text=_("E.g. Dinas PUPR."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent agency"),
        help_text=_("Kelurahan → its kecamatan; UPT → its dinas."),
    )
    phone = models.CharField(_("official phone"), max_length=20, blank=True)
    whatsapp = models.CharField(_("official WhatsApp"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    expected_platforms = models.JSONField(
        _("expected platforms"), default=list, blank=True,
        help_text=_("Platforms the agency is expected to have an official account on."),
    )
    calendar = models.CharField(
        _("working calendar"), max_length=10, choices=CalendarKind.choices,
        default=CalendarKind.DEFAULT,
    )
    public_tag_enabled = models.BooleanField(
        _("public tag on the platform"), default=True,
        help_text=_("Sigap replies under a citizen's post naming the agency and its head."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", kwargs={"slug": self.slug})

    @property
    def is_hub(self) -> bool:
        """The mayor's office and the region's own accounts: messages to them are routed by
        their content, never to this agency itself."""
        return self.kind == AgencyKind.PIMPINAN

    def clean(self) -> None:
        unknown = [p for p in self.expected_platforms or [] if p not in Platform.values]
        if unknown:
            raise ValidationError(
                {"expected_platforms": _("Unknown platform: %(p)s") % {"p": ", ".join(unknown)}}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An agency cannot be its own ancestor.")})
            ancestor = ancestor.parent


class ConnectionStatus(models.TextChoices):
    NOT_CONNECTED = "not_connected", _("Not connected")
    CONNECTED = "connected", _("Connected")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")
    MANUAL = "manual", _("Manual (no API)")


class OfficialAccount(models.Model):
    """An agency's official account on one platform. Tokens are encrypted at rest and never
    shown, logged or audited."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="accounts")
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    handle = models.CharField(
        _("handle"), max_length=80,
        help_text=_("Without '@'. For WhatsApp the number, e.g. +6281234567890."),
    )
    # NULL, not "": unique per platform only where the id is known.
    external_id = models.CharField(  # noqa: DJ001
        _("platform id"), max_length=64, null=True, blank=True,
        help_text=_("The platform's own id of the account (a string: X ids exceed 2^53)."),
    )
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    profile_url = models.URLField(_("profile URL"), blank=True)
    is_platform_verified = models.BooleanField(_("Platform verified"), default=False)
    access_token = EncryptedTextField(null=True, blank=True, editable=False)
    refresh_token = EncryptedTextField(null=True, blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("connection"), max_length=20, choices=ConnectionStatus.choices,
        default=ConnectionStatus.NOT_CONNECTED,
    )
    last_error = models.TextField(_("last error"), blank=True)
    cursor = models.JSONField(_("polling cursor"), default=dict, blank=True, editable=False)
    last_polled_at = models.DateTimeField(_("last synced"), null=True, blank=True, editable=False)
    paused_until = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official account")
        verbose_name_plural = _("official accounts")
        ordering = ["agency__name", "platform", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="account_platform_handle_unique"),
            models.UniqueConstraint(
                fields=["platform", "external_id"], condition=Q(external_id__isnull=False),
                name="account_platform_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.display_handle}"

    @property
    def display_handle(self) -> str:
        return display_handle(self.platform, self.handle)

    @property
    def has_token(self) -> bool:
        return bool(self.access_token)

    def clean(self) -> None:
        self.handle = normalize_handle(self.platform, self.handle)
        if self.platform:
            try:
                validate_handle(self.platform, self.handle)
            except ValidationError as exc:
                raise ValidationError({"handle": exc.messages}) from exc
        if self.external_id == "":
            self.external_id = None


class PersonHandle(models.Model):
    """A person's own public handle on a platform (an agency head's personal account). The
    handle belongs to the person: when the head changes, the new head's handles count."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handles"
    )
    platform = models.CharField(_("platform"), max_length=12, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=80)
    external_id = models.CharField(_("platform id"), max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("personal handle")
        verbose_name_plural = _("personal handles")
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="person_handle_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {display_handle(self.platform, self.handle)}"

    def clean(self) -> None:
        self.handle = normalize_handle(self.platform, self.handle)
        if self.platform:
            try:
                validate_handle(self.platform, self.handle)
            except ValidationError as exc:
                raise ValidationError({"handle": exc.messages}) from exc


class RuleKind(models.TextChoices):
    KEYWORD = "keyword", _("Keyword")
    PLACE = "place", _("Place name")


class RoutingRule(models.Model):
    """A word or phrase (or a place name) that sends a complaint to an agency. Matched on
    whole words; the rule with the highest priority wins when several agencies match."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="routing_rules")
    phrase = models.CharField(_("phrase"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices, default=RuleKind.KEYWORD)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=100, help_text=_("Higher wins when several agencies match.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["agency__name", "-priority", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "phrase"], name="routing_rule_unique_phrase"),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.agency.short_name}"

    def clean(self) -> None:
        self.phrase = " ".join((self.phrase or "").lower().split())
        if not self.phrase:
            raise ValidationError({"phrase": _("A phrase is required.")})


_ACCOUNT_UNAUDITED = [
    "access_token", "refresh_token", "token_expires_at", "cursor", "last_polled_at",
    "paused_until", "updated_at",
]
auditlog.register(Agency, exclude_fields=["updated_at", "created_at"])
auditlog.register(OfficialAccount, exclude_fields=_ACCOUNT_UNAUDITED)
auditlog.register(PersonHandle)
auditlog.register(RoutingRule)


# --- The working-time clock's calendar (DESIGN.md "What the numbers mean") ----------------

#: Perpres 21/2023: 37 hours 30 minutes a week, from 07.30; Friday with a longer break.
CIVIL_SERVICE_WEEK: dict[str, list[list[str]]] = {
    **{str(day): [["07:30", "12:00"], ["13:00", "16:00"]] for day in range(4)},
    "4": [["07:30", "11:30"], ["13:00", "16:30"]],
    "5": [],
    "6": [],
}
#: Ramadan (Perpres 21/2023: 32 hours 30 minutes a week, from 08.00), as the Minister of
#: PANRB's circulars set it for a five-day week (e.g. SE MenPANRB 6/2023): Monday to Thursday
#: 08.00 to 15.00 with a break 12.00 to 12.30, Friday 08.00 to 15.30 with a break 11.30 to 12.30.
RAMADAN_WEEK: dict[str, list[list[str]]] = {
    **{str(day): [["08:00", "12:00"], ["12:30", "15:00"]] for day in range(4)},
    "4": [["08:00", "11:30"], ["12:30", "15:30"]],
    "5": [],
    "6": [],
}
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")


def _minute_of_day(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def week_hours_clean(value: object) -> dict[str, list[list[str]]]:
    """A week of working intervals, {"0": [["07:30", "12:00"], ...], ..., "6": []} with
    Monday = "0": HH:MM (24:00 may end a day), each start before its end, sorted and not
    overlapping (touching is allowed). Missing days are days off. Raises ValidationError."""
    if not isinstance(value, dict):
        raise ValidationError(_("Working hours must be a mapping of weekday to intervals."), code="hours")
    cleaned: dict[str, list[list[str]]] = {}
    for key, intervals in value.items():
        if str(key) not in {str(d) for d in range(7)}:
            raise ValidationError(_("Unknown weekday %(day)s (use 0 = Monday to 6 = Sunday).") % {"day": key},
                                  code="hours")
        if not isinstance(intervals, list | tuple):
            raise ValidationError(_("Weekday %(day)s: a list of intervals is required.") % {"day": key},
                                  code="hours")
        day: list[list[str]] = []
        previous_end = -1
        for interval in intervals:
            if not isinstance(interval, list | tuple) or len(interval) != 2 or not all(
                isinstance(t, str) and _HHMM.match(t) for t in interval
            ):
                raise ValidationError(
                    _("Weekday %(day)s: %(interval)s is not a pair of times HH:MM.")
                    % {"day": key, "interval": interval}, code="hours")
            start, end = (_minute_of_day(t) for t in interval)
            if interval[0] == "24:00" or start >= end:
                raise ValidationError(
                    _("Weekday %(day)s: %(start)s–%(end)s does not end after it starts.")
                    % {"day": key, "start": interval[0], "end": interval[1]}, code="hours")
            if start < previous_end:
                raise ValidationError(
                    _("Weekday %(day)s: the intervals must be in order and must not overlap.") % {"day": key},
                    code="hours")
            previous_end = end
            day.append([interval[0], interval[1]])
        cleaned[str(key)] = day
    for d in range(7):
        cleaned.setdefault(str(d), [])
    return dict(sorted(cleaned.items()))


def week_hours_minutes(value: dict[str, list[list[str]]]) -> int:
    """Working minutes in a week of these hours."""
    return sum(_minute_of_day(end) - _minute_of_day(start) for day in value.values() for start, end in day)


class WeeklySchedule(models.Model):
    """An agency's working week (or the region's, when `agency` is empty) from `valid_from`
    on, until the next row of the same agency. Old complaints keep the week valid at their
    time. An agency without rows of its own follows the region's rows, or is open around
    the clock when its `calendar` is 24x7."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules",
        verbose_name=_("agency"), help_text=_("Empty: the region's default week."),
    )
    valid_from = models.DateField(_("valid from"))
    always_open = models.BooleanField(_("open 24 hours, 7 days"), default=False)
    hours = models.JSONField(
        _("working hours"), default=dict, blank=True,
        help_text=_('Per weekday (0 = Monday): [["07:30", "12:00"], ["13:00", "16:00"]].'),
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("E.g. the decree that set it."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working week")
        verbose_name_plural = _("working weeks")
        ordering = ["agency__name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "valid_from"], name="schedule_agency_valid_from_unique"),
            models.UniqueConstraint(
                fields=["valid_from"], condition=Q(agency__isnull=True), name="schedule_region_valid_from_unique",
            ),
        ]

    def __str__(self) -> str:
        who = self.agency.short_name if self.agency_id else _("Region")
        return f"{who} {self.valid_from:%Y-%m-%d}"

    def clean(self) -> None:
        if self.always_open:
            self.hours = {}
            return
        try:
            self.hours = week_hours_clean(self.hours)
        except ValidationError as exc:
            raise ValidationError({"hours": exc.messages}) from exc


class RamadanPeriod(models.Model):
    """The dates of Ramadan hours in one year, as `comms` enters them (none by default). The
    region's agencies work these hours on these dates; 24/7 agencies ignore them."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    hours = models.JSONField(_("working hours"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Ramadan hours")
        verbose_name_plural = _("Ramadan hours")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="ramadan_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"Ramadan {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def clean(self) -> None:
        if not self.hours:
            self.hours = RAMADAN_WEEK
        try:
            self.hours = week_hours_clean(self.hours)
        except ValidationError as exc:
            raise ValidationError({"hours": exc.messages}) from exc
        if self.start and self.end:
            if self.end < self.start:
                raise ValidationError({"end": _("The last day cannot be before the first.")})
            if (self.end - self.start).days > 40:
                raise ValidationError({"end": _("Ramadan lasts at most 30 days.")})
            overlapping = RamadanPeriod.objects.filter(start__lte=self.end, end__gte=self.start).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("These dates overlap another Ramadan period."))


class DayOff(models.Model):
    """A local day off set by decree (the whole region's, or one agency's). National public
    holidays and cuti bersama come from the `holidays` package and are not stored here."""

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. the city's anniversary."))
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="days_off",
        verbose_name=_("agency"), help_text=_("Empty: the whole region."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("local day off")
        verbose_name_plural = _("local days off")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "agency"], name="day_off_agency_unique"),
            models.UniqueConstraint(
                fields=["date"], condition=Q(agency__isnull=True), name="day_off_region_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class ResolutionTier(models.TextChoices):
    """Public-service complaint handling tiers, in working days."""

    LIGHT = "light", _("Light")
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    BUDGET = "budget", _("Needs a budget or works")


#: Categories that enter the clock (complaints.models.Category values).
TARGET_CATEGORIES = [("complaint", _("Complaint")), ("question", _("Question"))]

DEFAULT_RESPONSE_MINUTES = 60
DEFAULT_RESOLUTION_DAYS = {
    ResolutionTier.LIGHT: 2, ResolutionTier.NORMAL: 5, ResolutionTier.COMPLEX: 14, ResolutionTier.BUDGET: 60,
}


class ResponseTarget(models.Model):
    """Targets from `valid_from` on: the region's default (no agency, no category) or an
    override for an agency and/or a category. An empty figure inherits from the next less
    specific row: agency + category, then agency, then region + category, then region."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="targets",
        verbose_name=_("agency"), help_text=_("Empty: every agency."),
    )
    category = models.CharField(_("category"), max_length=10, choices=TARGET_CATEGORIES, blank=True,
                                help_text=_("Empty: complaints and questions."))
    valid_from = models.DateField(_("valid from"))
    first_response_minutes = models.PositiveIntegerField(
        _("first response (working minutes)"), null=True, blank=True,
    )
    light_days = models.PositiveSmallIntegerField(_("light (working days)"), null=True, blank=True)
    normal_days = models.PositiveSmallIntegerField(_("normal (working days)"), null=True, blank=True)
    complex_days = models.PositiveSmallIntegerField(_("complex (working days)"), null=True, blank=True)
    budget_days = models.PositiveSmallIntegerField(_("needs a budget or works (working days)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("response target")
        verbose_name_plural = _("response targets")
        ordering = ["agency__name", "category", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "category", "valid_from"], name="target_scope_unique"),
            models.UniqueConstraint(
                fields=["category", "valid_from"], condition=Q(agency__isnull=True), name="target_region_unique",
            ),
            models.CheckConstraint(
                condition=Q(first_response_minutes__isnull=True) | Q(first_response_minutes__gt=0),
                name="target_first_response_positive",
            ),
        ]

    def __str__(self) -> str:
        who = self.agency.short_name if self.agency_id else _("Region")
        return f"{who} {self.category or '*'} {self.valid_from:%Y-%m-%d}"

    def clean(self) -> None:
        figures = [self.first_response_minutes, self.light_days, self.normal_days, self.complex_days,
                   self.budget_days]
        if self.agency_id is None and not self.category and any(f is None for f in figures):
            raise ValidationError(_("The region's default target needs every figure."))
        if all(f is None for f in figures):
            raise ValidationError(_("Set at least one figure."))
        if any(f == 0 for f in figures):
            raise ValidationError(_("A target must be more than zero."))

    def days_for(self, tier: str) -> int | None:
        return getattr(self, f"{tier}_days")


auditlog.register(WeeklySchedule)
auditlog.register(RamadanPeriod)
auditlog.register(DayOff)
auditlog.register(ResponseTarget)


# --- Proposals from an agency to change its own calendar or targets ---------------------


class ProposalKind(models.TextChoices):
    SCHEDULE = "schedule", _("Working week")
    TARGET = "target", _("First-response target")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CalendarProposal(models.Model):
    """An agency's head asks to change the agency's working week or its first-response
    target; the communications office approves or rejects. These figures rank the agency,
    so nothing changes before the approval, and an approval applies from its own date on (a
    new WeeklySchedule or ResponseTarget row valid from that date): figures already measured
    stay as they were. One pending proposal per agency and subject."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="calendar_proposals",
                               verbose_name=_("agency"))
    kind = models.CharField(_("change to"), max_length=10, choices=ProposalKind.choices)
    always_open = models.BooleanField(_("open 24 hours, 7 days"), default=False)
    hours = models.JSONField(_("working hours"), default=dict, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=TARGET_CATEGORIES, blank=True,
                                help_text=_("Empty: complaints and questions."))
    first_response_minutes = models.PositiveIntegerField(_("first response (working minutes)"), null=True,
                                                         blank=True)
    reason = models.TextField(_("reason"), help_text=_("Why, and the decree or letter that sets it."))
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    applied_from = models.DateField(_("applies from"), null=True, blank=True)
    schedule = models.ForeignKey(WeeklySchedule, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", help_text="The working week the approval created.")
    target = models.ForeignKey(ResponseTarget, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", help_text="The target the approval created.")

    class Meta:
        verbose_name = _("calendar proposal")
        verbose_name_plural = _("calendar proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "category"], condition=Q(status="pending"),
                name="calendar_proposal_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(kind="target") | Q(first_response_minutes__gt=0),
                name="calendar_proposal_target_positive",
            ),
        ]
        indexes = [models.Index(fields=["status", "proposed_at"], name="calendar_proposal_status_idx")]

    def __str__(self) -> str:
        return f"{self.agency.short_name} {self.kind} {self.status}"


auditlog.register(CalendarProposal)
