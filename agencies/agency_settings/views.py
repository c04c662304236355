from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import member_required
from accounts.models import Membership, Role
from accounts.roles import roles_of
from accounts.services import invitation_send
from agencies import selectors
from agencies.agency_settings.forms import PublicTagForm, StaffInviteForm
from agencies.models import Agency
from agencies.services import (
    AlreadyMember,
    agency_public_tag_set,
    agency_staff_invite,
    agency_staff_remove,
)


def _page(request: HttpRequest, agency: Agency, **forms: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "agency": agency,
        "head": selectors.agency_head(agency),
        "staff": selectors.agency_staff(agency).order_by("user__full_name"),
        "invite_form": forms.get("invite_form") or StaffInviteForm(),
    }
    return render(request, "agencies/agency_settings.html", context)


@member_required
@require_GET
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    return _page(request, agency)


@member_required
@require_POST
def staff_invite(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    form = StaffInviteForm(request.POST)
    if not form.is_valid():
        return _page(request, agency, invite_form=form)
    data = form.cleaned_data
    try:
        invitation = agency_staff_invite(
            agency=agency, email=data["email"], full_name=data["full_name"], phone=data["phone"],
            actor=request.user, may_edit_person=roles_of(request.user).registrar,
        )
    except AlreadyMember as exc:
        form.add_error("email", _("%(name)s already holds a role in this agency.") % {"name": exc})
        return _page(request, agency, invite_form=form)
    if invitation.needs_password:
        invitation_send(request=request, user=invitation.user)
        messages.success(request, _("%(name)s added as social media staff; an invitation to choose a password "
                                    "was e-mailed to %(email)s.")
                         % {"name": invitation.user.full_name, "email": invitation.user.email})
    else:
        messages.success(request, _("%(name)s added as social media staff; they sign in with their existing "
                                    "account.") % {"name": invitation.user.full_name})
    return redirect("agency_settings:page", slug=agency.slug)


@member_required
@require_POST
def staff_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    membership = get_object_or_404(Membership, pk=pk, agency=agency, role=Role.STAFF, ended_at__isnull=True)
    agency_staff_remove(agency=agency, membership=membership, actor=request.user)
    messages.success(request, _("%(name)s no longer holds this role.") % {"name": membership.user})
    return redirect("agency_settings:page", slug=agency.slug)


@member_required
@require_POST
def public_tag(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    form = PublicTagForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("enabled"))
    agency_public_tag_set(agency=agency, enabled=enabled, actor=request.user)
    if enabled:
        messages.success(request, _("Public tag switched on: Sigap replies under citizens' posts naming the agency."))
    else:
        messages.success(request, _("Public tag switched off: the head is still told by e-mail, WhatsApp and in "
                                    "Sigap."))
    return redirect("agency_settings:page", slug=agency.slug)
