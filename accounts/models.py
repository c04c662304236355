from __future__ import annotations

from auditlog.registry import auditlog
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to Sigap. Never deleted: people who leave are deactivated, so
    that the timelines and the audit log keep who did what."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(
        _("WhatsApp number"), max_length=20, blank=True,
        help_text=_("International format, e.g. +6281234567890."),
    )
    is_leader = models.BooleanField(
        _("leader (Pimpinan)"), default=False,
        help_text=_("Region-wide: sees every agency, leaderboards, can tag and escalate."),
    )
    is_comms = models.BooleanField(
        _("communications office"), default=False,
        help_text=_("Region-wide: registers agencies and accounts, routing, targets, evaluation."),
    )
    is_staff = models.BooleanField(
        _("Django admin access"), default=False,
        help_text=_("May sign in to the Django admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    STAFF = "staff", _("Social media staff")
    HEAD = "head", _("Agency head")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True, user__is_active=True)


class Membership(models.Model):
    """A person's role in one agency. Ended memberships are kept (ended_at set), so the
    history shows who was the agency's head when."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    position_title = models.CharField(
        _("position title"), max_length=120, blank=True,
        help_text=_("E.g. Kepala Dinas, Camat, Lurah, Direktur."),
    )
    started_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["agency", "role", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(role="head", ended_at__isnull=True),
                name="one_active_head_per_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_active_membership_per_role",
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class NotificationPreference(models.Model):
    """Which kinds of in-portal notification a person also wants by e-mail (complaints.models.
    NotificationKind values). None unless they choose: the portal's bell always shows them."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference", verbose_name=_("person"),
    )
    email_kinds = models.JSONField(_("also by e-mail"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {', '.join(self.email_kinds) or '-'}"


class NotificationEmail(models.Model):
    """A notification e-mailed once: the claim a retried task finds before sending again."""

    notification_id = models.PositiveBigIntegerField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")

    def __str__(self) -> str:
        return f"{self.notification_id} {self.sent_at:%Y-%m-%d %H:%M}"


auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Membership)
auditlog.register(NotificationPreference, exclude_fields=["updated_at"])
