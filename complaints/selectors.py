"""Reads about complaints, and the one permission gate for a complaint."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import AnyUser, roles_of
from complaints.models import Complaint


def complaint_list_for_user(user: AnyUser) -> QuerySet[Complaint]:
    """Region-wide roles see every complaint (triage included); an agency's staff and head
    see the complaints their agency holds now; anyone else nothing."""
    roles = roles_of(user)
    qs = Complaint.objects.select_related("agency")
    if roles.region_wide:
        return qs
    if roles.agency_ids:
        return qs.filter(agency_id__in=roles.agency_ids)
    return qs.none()


def complaint_get_for_user(user: AnyUser, number: str) -> Complaint:
    """The complaint if `user` may see it; 404 otherwise (its existence is not confirmed)."""
    complaint = complaint_list_for_user(user).filter(number=number).first()
    if complaint is None:
        raise Http404
    return complaint
