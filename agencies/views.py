from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import member_required, registrar_required
from accounts.models import Membership
from accounts.roles import roles_of
from accounts.services import (
    head_assign,
    membership_end,
    person_handles_set,
    staff_add,
    user_get_or_create,
)
from agencies import selectors
from agencies.forms import (
    AgencyFilterForm,
    AgencyForm,
    HeadForm,
    ImportForm,
    OfficialAccountForm,
    PersonForm,
    RoutingRuleFormSet,
)
from agencies.importing import KNOWN_COLUMNS, REQUIRED_COLUMNS, import_file
from agencies.models import Agency, OfficialAccount, display_handle
from platforms.oauth.selectors import may_connect


@member_required
def agency_list(request: HttpRequest) -> HttpResponse:
    form = AgencyFilterForm(request.GET or None)
    q = kind = ""
    if form.is_valid():
        q, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    include_inactive = roles_of(request.user).region_wide
    paginator = Paginator(selectors.agency_list(q=q, kind=kind, include_inactive=include_inactive), 50)
    page = paginator.get_page(request.GET.get("page"))
    template = "agencies/_agency_rows.html" if request.htmx else "agencies/agency_list.html"
    return render(request, template, {"form": form, "page": page, "q": q, "kind": kind})


@member_required
def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, slug)
    roles = roles_of(request.user)
    return render(request, "agencies/agency_detail.html", {
        "agency": agency,
        "head": selectors.agency_head(agency),
        "staff": selectors.agency_staff(agency),
        "accounts": agency.accounts.all().order_by("platform", "handle"),
        "children": agency.children.filter(is_active=True).order_by("name"),
        "rules": agency.routing_rules.filter(is_active=True).order_by("-priority", "phrase"),
        "history": selectors.agency_membership_history(agency) if roles.registrar else None,
        "show_contacts": selectors.can_see_contacts(roles, agency),
        "can_connect": may_connect(roles, agency.pk),
    })


@registrar_required
@require_http_methods(["GET", "POST"])
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = form.save()
        messages.success(request, _("Agency %(name)s registered.") % {"name": agency.name})
        return redirect(agency)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": None})


@registrar_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, slug, for_change=True)
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        agency = form.save()
        messages.success(request, _("Changes saved."))
        return redirect(agency)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": agency})


@registrar_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, slug, for_change=True)
    account = OfficialAccount(agency=agency)
    form = OfficialAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Official account added."))
        return redirect(agency)
    return render(request, "agencies/account_form.html", {"form": form, "agency": agency, "account": None})


@registrar_required
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get_for_registrar(request.user, pk)
    form = OfficialAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(account.agency)
    return render(request, "agencies/account_form.html",
                  {"form": form, "agency": account.agency, "account": account})


@registrar_required
@require_http_methods(["GET", "POST"])
def routing_rules_edit(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, slug, for_change=True)
    formset = RoutingRuleFormSet(request.POST or None, instance=agency)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
        messages.success(request, _("Routing rules saved."))
        return redirect(agency)
    return render(request, "agencies/routing_rules_form.html", {"formset": formset, "agency": agency})


@registrar_required
@require_http_methods(["GET", "POST"])
def head_change(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, slug, for_change=True)
    current = selectors.agency_head(agency)
    initial = {}
    if current is not None:
        initial = {"email": current.user.email, "full_name": current.user.full_name,
                   "phone": current.user.phone, "position_title": current.position_title,
                   "handles": ";".join(f"{h.platform}:{display_handle(h.platform, h.handle)}"
                                        for h in current.user.handles.all())}
    form = HeadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user, _created = user_get_or_create(
                email=data["email"], full_name=data["full_name"], phone=data["phone"]
            )
            head_assign(agency=agency, user=user, actor=request.user,
                        position_title=data["position_title"])
            person_handles_set(user=user, handles=[(h.platform, h.handle) for h in data["handle_specs"]])
        messages.success(request, _("%(name)s is now the head of %(agency)s.")
                         % {"name": user.full_name, "agency": agency.short_name})
        return redirect(agency)
    return render(request, "agencies/person_form.html", {
        "form": form, "agency": agency, "title": _("Change the agency head"),
        "intro": _("The previous head's membership is ended, not deleted: the history keeps who was head when."),
    })


@registrar_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, slug, for_change=True)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user, _created = user_get_or_create(
                email=data["email"], full_name=data["full_name"], phone=data["phone"]
            )
            staff_add(agency=agency, user=user, actor=request.user)
        messages.success(request, _("%(name)s added as social media staff.") % {"name": user.full_name})
        return redirect(agency)
    return render(request, "agencies/person_form.html", {
        "form": form, "agency": agency, "title": _("Add social media staff"), "intro": "",
    })


@registrar_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = selectors.agency_get_for_user(request.user, slug, for_change=True)
    membership = get_object_or_404(Membership, pk=pk, agency=agency, ended_at__isnull=True)
    membership_end(membership=membership, actor=request.user)
    messages.success(request, _("%(name)s no longer holds this role.") % {"name": membership.user})
    return redirect(agency)


@registrar_required
@require_http_methods(["GET", "POST"])
def agency_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_file(upload.read(), upload.name, actor=request.user,
                             dry_run=form.cleaned_data["dry_run"])
        if report.ok and not report.dry_run:
            messages.success(request, _("Import finished."))
    return render(request, "agencies/import.html", {
        "form": form, "report": report, "required_columns": REQUIRED_COLUMNS,
        "optional_columns": [c for c in KNOWN_COLUMNS if c not in REQUIRED_COLUMNS],
        "agency_count": Agency.objects.count(),
    })
