"""Writes about people and their roles. Each is one transaction; the audit log rows are
written by django-auditlog in that same transaction."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Membership, NotificationPreference, Role, User
from accounts.roles import forget_roles
from agencies.models import Agency, PersonHandle, normalize_handle
from agencies.models import Platform as PlatformChoice


def _clean_phone(phone: str) -> str:
    return normalize_handle(PlatformChoice.WHATSAPP, phone) if phone else ""


@transaction.atomic
def user_get_or_create(
    *, email: str, full_name: str, phone: str = "", update_existing: bool = True
) -> tuple[User, bool]:
    """The person with this e-mail (case-insensitive), created without a usable password
    (they set one through "lupa kata sandi") when missing."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    phone = _clean_phone(phone)
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name, phone=phone)
        return user, True
    if update_existing:
        changed = []
        if full_name and user.full_name != full_name:
            user.full_name = full_name
            changed.append("full_name")
        if phone and user.phone != phone:
            user.phone = phone
            changed.append("phone")
        if changed:
            user.save(update_fields=changed)
    return user, False


@transaction.atomic
def head_assign(
    *, agency: Agency, user: User, actor: User | None = None, position_title: str = ""
) -> Membership:
    """Make `user` the agency's head. The previous head's membership is ended, not deleted,
    so the history keeps who was head when. Assigning the current head again changes
    nothing (except the position title, when given)."""
    current = (
        Membership.objects.select_for_update()
        .filter(agency=agency, role=Role.HEAD, ended_at__isnull=True)
        .first()
    )
    if current is not None and current.user_id == user.pk:
        if position_title and current.position_title != position_title:
            current.position_title = position_title
            current.save(update_fields=["position_title"])
        return current
    now = timezone.now()
    if current is not None:
        current.ended_at = now
        current.save(update_fields=["ended_at"])
        forget_roles(current.user)
    membership = Membership.objects.create(
        user=user, agency=agency, role=Role.HEAD, started_at=now,
        position_title=position_title, created_by=actor,
    )
    forget_roles(user)
    return membership


@transaction.atomic
def staff_add(*, agency: Agency, user: User, actor: User | None = None) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, agency=agency, role=Role.STAFF, ended_at__isnull=True,
        defaults={"created_by": actor},
    )
    forget_roles(user)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor: User | None = None) -> Membership:
    if membership.ended_at is None:
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
    forget_roles(membership.user)
    return membership


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None = None) -> User:
    """People leave: the account is deactivated and its memberships ended, never deleted."""
    now = timezone.now()
    for membership in Membership.objects.select_for_update().filter(user=user, ended_at__isnull=True):
        membership.ended_at = now
        membership.save(update_fields=["ended_at"])
    if user.is_active:
        user.is_active = False
        user.deactivated_at = now
        user.save(update_fields=["is_active", "deactivated_at"])
    forget_roles(user)
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: User | None = None) -> User:
    if not user.is_active:
        user.is_active = True
        user.deactivated_at = None
        user.save(update_fields=["is_active", "deactivated_at"])
    return user


@transaction.atomic
def person_handles_set(*, user: User, handles: list[tuple[str, str]]) -> None:
    """The person's own public handles, exactly these (platform, handle) pairs."""
    wanted = set(handles)
    for handle in PersonHandle.objects.filter(user=user):
        if (handle.platform, handle.handle) not in wanted:
            handle.delete()
    existing = set(PersonHandle.objects.filter(user=user).values_list("platform", "handle"))
    for platform, handle in wanted - existing:
        PersonHandle.objects.create(user=user, platform=platform, handle=handle)


def invitation_send(*, request: HttpRequest, user: User) -> None:
    """The invitation is allauth's password-reset e-mail: the person chooses a password."""
    from allauth.account.forms import ResetPasswordForm

    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)


@transaction.atomic
def notification_preference_set(*, user: User, email_kinds: list[str]) -> NotificationPreference:
    """The kinds of notification `user` also wants by e-mail, exactly these."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    wanted = sorted(set(email_kinds))
    if preference.email_kinds != wanted:
        preference.email_kinds = wanted
        preference.save()
    return preference
