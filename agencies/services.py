"""Writes about an agency made from its settings page (by its head or the communications
office). Each is one transaction; django-auditlog records the change with its actor."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, Role, User
from accounts.services import membership_end, staff_add, user_get_or_create
from agencies.models import Agency


class AlreadyMember(Exception):
    """The person already holds a role in this agency."""


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    user: User
    created: bool

    @property
    def needs_password(self) -> bool:
        """New to Sigap (or never chose a password): the invitation e-mail lets them choose one."""
        return not self.user.has_usable_password()


@transaction.atomic
def agency_staff_invite(
    *, agency: Agency, email: str, full_name: str, phone: str = "", actor: User, may_edit_person: bool = False,
) -> Invitation:
    """Add a person as the agency's social media staff, registering them when new to Sigap.
    Only the communications office (`may_edit_person`) updates an existing person's name
    and number; an agency head adds them as they are."""
    user, created = user_get_or_create(email=email, full_name=full_name, phone=phone,
                                       update_existing=may_edit_person)
    if Membership.objects.active().filter(agency=agency, user=user).exists():
        raise AlreadyMember(user.full_name or user.email)
    membership = staff_add(agency=agency, user=user, actor=actor)
    return Invitation(membership=membership, user=user, created=created)


@transaction.atomic
def agency_staff_remove(*, agency: Agency, membership: Membership, actor: User) -> Membership:
    """End a staff member's role in the agency (kept in the history, never deleted)."""
    if membership.agency_id != agency.pk or membership.role != Role.STAFF:
        raise ValueError("Only the agency's own staff memberships are removed here.")
    return membership_end(membership=membership, actor=actor)


@transaction.atomic
def agency_public_tag_set(*, agency: Agency, enabled: bool, actor: User) -> Agency:
    """Whether Sigap replies under citizens' posts naming the agency and its head."""
    if agency.public_tag_enabled != enabled:
        agency.public_tag_enabled = enabled
        agency.save(update_fields=["public_tag_enabled", "updated_at"])
    return agency
