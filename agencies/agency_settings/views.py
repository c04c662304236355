from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import member_required, registrar_required
from accounts.models import Membership, Role
from accounts.roles import roles_of
from accounts.services import invitation_send
from agencies import selectors
from agencies.agency_settings.forms import (
    ProposalDecisionForm,
    PublicTagForm,
    ReplyTemplateForm,
    ScheduleProposalForm,
    StaffInviteForm,
    TargetProposalForm,
    hours_text,
)
from agencies.models import Agency, CalendarProposal, ProposalKind, ProposalStatus
from agencies.services import (
    AlreadyMember,
    ProposalDecided,
    ProposalPending,
    agency_public_tag_set,
    agency_staff_invite,
    agency_staff_remove,
    calendar_proposal_approve,
    calendar_proposal_create,
    calendar_proposal_reject,
    calendar_proposal_withdraw,
)
from complaints.models import ReplyTemplate
from complaints.reply_templates import (
    TitleTaken,
    reply_template_delete,
    reply_template_save,
    reply_templates_of,
)


def week_rows(hours: dict[str, list[list[str]]]) -> list[tuple[str, str]]:
    return [(str(name), hours_text(hours.get(str(day), []))) for day, name in WEEKDAYS.items()]


def _page(request: HttpRequest, agency: Agency, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    week = selectors.week_in_force(agency, today)
    proposals = selectors.calendar_proposals_of(agency)
    context: dict[str, Any] = {
        "agency": agency,
        "head": selectors.agency_head(agency),
        "staff": selectors.agency_staff(agency).order_by("user__full_name"),
        "invite_form": forms.get("invite_form") or StaffInviteForm(),
        "week": week,
        "week_rows": week_rows(week.hours),
        "targets": selectors.first_response_targets_in_force(agency, today),
        "pending": list(proposals.filter(status=ProposalStatus.PENDING)),
        "decided": list(proposals.exclude(status=ProposalStatus.PENDING).order_by("-decided_at", "-pk")[:5]),
        "templates": reply_templates_of(agency),
        "template_form": forms.get("template_form") or ReplyTemplateForm(),
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


# --- Reply templates ----------------------------------------------------------------------


@member_required
@require_POST
def template_create(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    form = ReplyTemplateForm(request.POST)
    if form.is_valid():
        try:
            template = reply_template_save(agency=agency, actor=request.user, **form.cleaned_data)
        except TitleTaken:
            form.add_error("title", _("The agency has a template with this title already."))
        else:
            messages.success(request, _("Reply template “%(title)s” saved.") % {"title": template.title})
            return redirect(f"{reverse('agency_settings:page', kwargs={'slug': agency.slug})}#templates")
    return _page(request, agency, template_form=form)


@member_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    template = get_object_or_404(ReplyTemplate, pk=pk, agency=agency)
    form = ReplyTemplateForm(request.POST if request.method == "POST" else None,
                             initial={"title": template.title, "text": template.text})
    if request.method == "POST" and form.is_valid():
        try:
            reply_template_save(agency=agency, actor=request.user, template=template, **form.cleaned_data)
        except TitleTaken:
            form.add_error("title", _("The agency has a template with this title already."))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(f"{reverse('agency_settings:page', kwargs={'slug': agency.slug})}#templates")
    return render(request, "agencies/reply_template_form.html", {"agency": agency, "form": form,
                                                                  "template": template})


@member_required
@require_POST
def template_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    template = get_object_or_404(ReplyTemplate, pk=pk, agency=agency)
    reply_template_delete(template=template, actor=request.user)
    messages.success(request, _("Reply template “%(title)s” deleted.") % {"title": template.title})
    return redirect(f"{reverse('agency_settings:page', kwargs={'slug': agency.slug})}#templates")


# --- Proposals to change the working week or the first-response target ------------------


@member_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    data = request.POST if request.method == "POST" else None
    if kind == ProposalKind.SCHEDULE:
        week = selectors.week_in_force(agency, timezone.localdate())
        form: forms.Form = ScheduleProposalForm(
            data, initial=ScheduleProposalForm.initial_from(always_open=week.always_open, hours=week.hours),
            in_force=(week.always_open, week.hours))
    else:
        form = TargetProposalForm(data)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            if kind == ProposalKind.SCHEDULE:
                calendar_proposal_create(agency=agency, actor=request.user, kind=kind, reason=values["reason"],
                                         always_open=values["always_open"], hours=values["hours"])
            else:
                calendar_proposal_create(agency=agency, actor=request.user, kind=kind, reason=values["reason"],
                                         category=values["category"],
                                         first_response_minutes=values["first_response_minutes"])
        except ProposalPending:
            form.add_error(None, _("A proposal on this subject is waiting for a decision: withdraw it first."))
        else:
            messages.success(request, _("Proposal sent to %(office)s for approval. Nothing changes until then.")
                             % {"office": settings.SIGAP_COMMS_OFFICE_NAME})
            return redirect("agency_settings:page", slug=agency.slug)
    return render(request, "agencies/proposal_form.html", {"agency": agency, "form": form, "kind": kind})


@member_required
@require_POST
def proposal_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = selectors.agency_settings_get_for_user(request.user, slug)
    proposal = get_object_or_404(CalendarProposal, pk=pk, agency=agency)
    try:
        calendar_proposal_withdraw(proposal=proposal, actor=request.user)
    except ProposalDecided:
        messages.error(request, _("This proposal was decided on meanwhile."))
    else:
        messages.success(request, _("Proposal withdrawn."))
    return redirect("agency_settings:page", slug=agency.slug)


@registrar_required
@require_GET
def proposal_review(request: HttpRequest) -> HttpResponse:
    """The communications office's queue: pending proposals, oldest first, each beside what
    is in force now; then the decisions made."""
    today = timezone.localdate()
    pending = []
    for proposal in selectors.calendar_proposals_for_review():
        week = selectors.week_in_force(proposal.agency, today)
        pending.append({
            "proposal": proposal,
            "form": ProposalDecisionForm(prefix=f"p{proposal.pk}"),
            "week": week,
            "rows": list(zip(week_rows(week.hours), week_rows(proposal.hours), strict=True)),
            "targets": selectors.first_response_targets_in_force(proposal.agency, today),
        })
    decided = Paginator(selectors.calendar_proposals_for_review(status="decided"), 20).get_page(
        request.GET.get("page"))
    return render(request, "agencies/proposal_review.html", {"pending": pending, "page": decided})


def _decision(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    proposal = get_object_or_404(CalendarProposal, pk=pk)
    form = ProposalDecisionForm(request.POST, prefix=f"p{pk}")
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if approve:
            decided = calendar_proposal_approve(proposal=proposal, actor=request.user, note=note)
            messages.success(request, _("Approved: %(agency)s applies it from %(date)s.")
                             % {"agency": decided.agency.short_name,
                                "date": date_format(decided.applied_from, "j F Y")})
        elif not note.strip():
            messages.error(request, _("Write the reason for the rejection: the agency reads it."))
        else:
            calendar_proposal_reject(proposal=proposal, actor=request.user, note=note)
            messages.success(request, _("Rejected; the agency is told why."))
    except ProposalDecided as exc:
        messages.error(request, _("Someone else decided first: this proposal is now “%(status)s”.")
                       % {"status": exc})
    return redirect("proposals:review")


@registrar_required
@require_POST
def proposal_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, approve=True)


@registrar_required
@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, approve=False)
