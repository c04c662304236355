"""Who may do what: the one place that reads roles. Views and API views ask these
functions (or the gates in each app's selectors built on them) and never test roles inline.

- `staff` / `head`: active Membership rows of one agency each;
- `leader` (Pimpinan) and `comms` (communications office): region-wide flags on the user;
- superusers (Admin Sigap): everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from accounts.models import Membership, Role, User

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Roles:
    authenticated: bool = False
    superuser: bool = False
    leader: bool = False
    comms: bool = False
    staff_of: frozenset[int] = field(default_factory=frozenset)
    head_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def region_wide(self) -> bool:
        """Sees every agency's data."""
        return self.superuser or self.leader or self.comms

    @property
    def registrar(self) -> bool:
        """Registers agencies, accounts, people and routing (the communications office)."""
        return self.superuser or self.comms

    @property
    def agency_ids(self) -> frozenset[int]:
        return self.staff_of | self.head_of

    @property
    def has_any(self) -> bool:
        """Has a role that lets them into the portal's working pages at all."""
        return self.region_wide or bool(self.agency_ids)

    def member_of(self, agency_id: int) -> bool:
        return agency_id in self.agency_ids


_CACHE_ATTR = "_sigap_roles"


def roles_of(user: AnyUser) -> Roles:
    """The user's roles, read once per user object (one query)."""
    if not user.is_authenticated or not user.is_active:
        return Roles()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    staff_of: set[int] = set()
    head_of: set[int] = set()
    for agency_id, role in Membership.objects.active().filter(
        user=user, agency__is_active=True
    ).values_list("agency_id", "role"):
        (head_of if role == Role.HEAD else staff_of).add(agency_id)
    roles = Roles(
        authenticated=True,
        superuser=user.is_superuser,
        leader=user.is_leader,
        comms=user.is_comms,
        staff_of=frozenset(staff_of),
        head_of=frozenset(head_of),
    )
    setattr(user, _CACHE_ATTR, roles)
    return roles


def forget_roles(user: AnyUser) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def requires_mfa(user: AnyUser) -> bool:
    """Leaders, the communications office and superusers hold the keys to every agency."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_leader or user.is_comms)
