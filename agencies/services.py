"""Writes about an agency made from its settings page (by its head or the communications
office). Each is one transaction; django-auditlog records the change with its actor."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from accounts.services import membership_end, staff_add, user_get_or_create
from agencies.models import (
    Agency,
    CalendarKind,
    CalendarProposal,
    ProposalKind,
    ProposalStatus,
    ResponseTarget,
    WeeklySchedule,
    week_hours_clean,
)

logger = logging.getLogger(__name__)


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


# --- Proposals to change the agency's working week or first-response target ------------


class ProposalPending(Exception):
    """The agency has a proposal on the same subject waiting for a decision."""


class ProposalDecided(Exception):
    """Someone decided on (or withdrew) the proposal meanwhile."""


@transaction.atomic
def calendar_proposal_create(
    *, agency: Agency, actor: User, kind: str, reason: str, always_open: bool = False,
    hours: dict | None = None, category: str = "", first_response_minutes: int | None = None,
) -> CalendarProposal:
    """Propose a new working week (hours per weekday, or open around the clock) or a new
    first-response target (for complaints and questions, or one of them). Nothing changes
    until the communications office approves. Raises ValidationError on bad hours,
    ProposalPending when one on the same subject waits already."""
    proposal = CalendarProposal(agency=agency, kind=kind, reason=reason.strip(), proposed_by=actor)
    if kind == ProposalKind.SCHEDULE:
        proposal.always_open = always_open
        proposal.hours = {} if always_open else week_hours_clean(hours or {})
    elif kind == ProposalKind.TARGET:
        if not first_response_minutes or first_response_minutes <= 0:
            raise ValueError("a target must be more than zero")
        proposal.category = category
        proposal.first_response_minutes = first_response_minutes
    else:
        raise ValueError(f"unknown proposal kind {kind!r}")
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as exc:
        raise ProposalPending from exc
    return proposal


def _pending(proposal: CalendarProposal) -> CalendarProposal:
    """The proposal locked for the decision; of two people deciding at once, the second is told."""
    locked = CalendarProposal.objects.select_for_update().select_related("agency").get(pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise ProposalDecided(locked.get_status_display())
    return locked


def _decide(proposal: CalendarProposal, *, status: str, actor: User, note: str, **extra: object) -> CalendarProposal:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()[:500]
    for name, value in extra.items():
        setattr(proposal, name, value)
    proposal.save()
    return proposal


@transaction.atomic
def calendar_proposal_approve(*, proposal: CalendarProposal, actor: User, note: str = "") -> CalendarProposal:
    """Apply the proposal from today (the region's date) on: a working week or a target row
    valid from today. Complaints already answered keep their figures."""
    proposal = _pending(proposal)
    today = timezone.localdate()
    agency = proposal.agency
    extra: dict[str, object] = {"applied_from": today}
    label = f"Usulan #{proposal.pk} disetujui {today:%d-%m-%Y}"
    if proposal.kind == ProposalKind.SCHEDULE:
        schedule, _created = WeeklySchedule.objects.update_or_create(
            agency=agency, valid_from=today,
            defaults={"always_open": proposal.always_open, "hours": proposal.hours, "note": label},
        )
        extra["schedule"] = schedule
        calendar = CalendarKind.ALWAYS if proposal.always_open else CalendarKind.DEFAULT
        if agency.calendar != calendar:
            agency.calendar = calendar
            agency.save(update_fields=["calendar", "updated_at"])
    else:
        target, _created = ResponseTarget.objects.update_or_create(
            agency=agency, category=proposal.category, valid_from=today,
            defaults={"first_response_minutes": proposal.first_response_minutes},
        )
        extra["target"] = target
    decided = _decide(proposal, status=ProposalStatus.APPROVED, actor=actor, note=note, **extra)
    transaction.on_commit(lambda: _tell_proposer(decided.pk))
    return decided


@transaction.atomic
def calendar_proposal_reject(*, proposal: CalendarProposal, actor: User, note: str) -> CalendarProposal:
    if not note.strip():
        raise ValueError("a rejection needs a reason")
    decided = _decide(_pending(proposal), status=ProposalStatus.REJECTED, actor=actor, note=note)
    transaction.on_commit(lambda: _tell_proposer(decided.pk))
    return decided


@transaction.atomic
def calendar_proposal_withdraw(*, proposal: CalendarProposal, actor: User) -> CalendarProposal:
    return _decide(_pending(proposal), status=ProposalStatus.WITHDRAWN, actor=actor, note="")


def _tell_proposer(proposal_id: int) -> None:
    """An e-mail to the head who proposed: approved (from when) or rejected (why)."""
    proposal = CalendarProposal.objects.select_related("agency", "proposed_by", "decided_by").get(pk=proposal_id)
    person = proposal.proposed_by
    if not person.is_active or not person.email:
        return
    site = settings.SIGAP_SITE_URL.rstrip("/")
    context = {"proposal": proposal, "name": person.full_name or person.email,
               "link": site + reverse("agency_settings:page", kwargs={"slug": proposal.agency.slug}),
               "approved": proposal.status == ProposalStatus.APPROVED}
    subject = " ".join(render_to_string("emails/proposal-decided-subject.txt", context).split())
    try:
        send_mail(subject, render_to_string("emails/proposal-decided-body.txt", context), None, [person.email])
    except OSError:
        logger.warning("e-mail about proposal %s not sent", proposal_id)
