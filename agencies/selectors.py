"""Reads about agencies, and the one permission gate for an agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import Membership, Role
from accounts.roles import AnyUser, Roles, roles_of
from agencies.models import (
    CIVIL_SERVICE_WEEK,
    DEFAULT_RESPONSE_MINUTES,
    TARGET_CATEGORIES,
    Agency,
    CalendarKind,
    CalendarProposal,
    OfficialAccount,
    ProposalStatus,
    ResponseTarget,
    WeeklySchedule,
)


def _with_heads(qs: QuerySet[Agency]) -> QuerySet[Agency]:
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active()
            .filter(role=Role.HEAD)
            .select_related("user")
            .prefetch_related("user__handles"),
            to_attr="active_heads",
        )
    )


def agency_list(*, q: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("parent")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(slug__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    return _with_heads(qs.prefetch_related("accounts")).order_by("name")


def agency_get_for_user(user: AnyUser, slug: str, *, for_change: bool = False) -> Agency:
    """The agency, if `user` may see it (anyone with a role: the directory is shared by the
    region's own people); 404 for outsiders; 403 when `for_change` and the user may see but
    not change it (only the communications office registers agencies)."""
    roles = roles_of(user)
    if not roles.has_any:
        raise Http404
    agency = (
        _with_heads(Agency.objects.select_related("parent"))
        .filter(slug=slug)
        .first()
    )
    if agency is None or (not agency.is_active and not roles.region_wide):
        raise Http404
    if for_change and not roles.registrar:
        raise PermissionDenied
    return agency


def agency_head(agency: Agency) -> Membership | None:
    heads = getattr(agency, "active_heads", None)
    if heads is not None:
        return heads[0] if heads else None
    return Membership.objects.active().filter(agency=agency, role=Role.HEAD).select_related("user").first()


def can_see_contacts(roles: Roles, agency: Agency) -> bool:
    """Heads' e-mail and phone: leaders, the communications office and the agency itself."""
    return roles.region_wide or roles.member_of(agency.pk)


def agency_staff(agency: Agency) -> QuerySet[Membership]:
    return Membership.objects.active().filter(agency=agency, role=Role.STAFF).select_related("user")


def agency_membership_history(agency: Agency) -> QuerySet[Membership]:
    return Membership.objects.filter(agency=agency).select_related("user").order_by("-started_at")


def account_get_for_registrar(user: AnyUser, pk: int) -> OfficialAccount:
    roles = roles_of(user)
    if not roles.has_any:
        raise Http404
    account = OfficialAccount.objects.select_related("agency").filter(pk=pk).first()
    if account is None:
        raise Http404
    if not roles.registrar:
        raise PermissionDenied
    return account


def agency_settings_get_for_user(user: AnyUser, slug: str) -> Agency:
    """The agency whose settings `user` may change: its head, and the communications office
    for any agency. Outsiders and other agencies' people get 404 (the page is the agency's
    own); the agency's staff and leaders, who may see the agency but not change it, 403."""
    roles = roles_of(user)
    if not roles.has_any:
        raise Http404
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None or not (roles.region_wide or roles.member_of(agency.pk)):
        raise Http404
    if not agency.is_active and not roles.region_wide:
        raise Http404
    if not (roles.registrar or agency.pk in roles.head_of):
        raise PermissionDenied
    return agency


def may_change_settings(roles: Roles, agency: Agency) -> bool:
    return roles.registrar or agency.pk in roles.head_of


# --- The calendar and targets in force, and proposals to change them -------------------


@dataclass(frozen=True)
class WeekInForce:
    always_open: bool
    hours: dict[str, list[list[str]]]
    source: str  # "agency", "24x7" (the agency's calendar kind) or "region"
    valid_from: date | None


def week_in_force(agency: Agency, day: date) -> WeekInForce:
    """The working week the agency keeps on `day`: its own latest row valid by then; without
    one, around the clock when its calendar is 24x7, else the region's week."""
    own = WeeklySchedule.objects.filter(agency=agency, valid_from__lte=day).order_by("-valid_from").first()
    if own is not None:
        return WeekInForce(own.always_open, own.hours, "agency", own.valid_from)
    if agency.calendar == CalendarKind.ALWAYS:
        return WeekInForce(True, {}, "24x7", None)
    region = WeeklySchedule.objects.filter(agency__isnull=True, valid_from__lte=day).order_by("-valid_from").first()
    if region is None:  # the migration writes the region's week; without it, the civil-service week
        return WeekInForce(False, CIVIL_SERVICE_WEEK, "region", None)
    return WeekInForce(region.always_open, region.hours, "region", region.valid_from)


@dataclass(frozen=True)
class TargetInForce:
    category: str
    label: str
    minutes: int
    source: str  # "agency" or "region"
    valid_from: date | None


def first_response_targets_in_force(agency: Agency, day: date) -> list[TargetInForce]:
    """The first-response target of each measured category on `day`: the most specific row
    with a figure (agency + category, agency, region + category, region), each the latest
    valid by then; 60 working minutes without any row."""
    rows = list(
        ResponseTarget.objects.filter(Q(agency=agency) | Q(agency__isnull=True), valid_from__lte=day,
                                      first_response_minutes__isnull=False).order_by("-valid_from")
    )
    targets = []
    for category, label in TARGET_CATEGORIES:
        found = None
        for agency_id, wanted_category in ((agency.pk, category), (agency.pk, ""), (None, category), (None, "")):
            found = next((r for r in rows if r.agency_id == agency_id and r.category == wanted_category), None)
            if found is not None:
                break
        if found is None:
            targets.append(TargetInForce(category, str(label), DEFAULT_RESPONSE_MINUTES, "region", None))
        else:
            targets.append(TargetInForce(category, str(label), found.first_response_minutes,
                                         "agency" if found.agency_id else "region", found.valid_from))
    return targets


def calendar_proposals_of(agency: Agency) -> QuerySet[CalendarProposal]:
    return CalendarProposal.objects.filter(agency=agency).select_related("proposed_by", "decided_by")


def calendar_proposals_for_review(*, status: str = ProposalStatus.PENDING) -> QuerySet[CalendarProposal]:
    qs = CalendarProposal.objects.select_related("agency", "proposed_by", "decided_by")
    if status == ProposalStatus.PENDING:
        return qs.filter(status=status).order_by("proposed_at", "pk")
    return qs.exclude(status=ProposalStatus.PENDING).order_by("-decided_at", "-pk")
