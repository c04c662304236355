from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import registrar_required
from accounts.forms import AuditFilterForm, UserCreateForm, UserRolesForm, audit_entries
from accounts.models import User
from accounts.services import invitation_send, user_deactivate, user_get_or_create, user_reactivate


def _send_invitation(request: HttpRequest, user: User) -> None:
    invitation_send(request=request, user=user)


@registrar_required
def user_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    users = User.objects.prefetch_related("memberships__agency").order_by("-is_active", "full_name")
    if q:
        users = users.filter(full_name__icontains=q) | users.filter(email__icontains=q)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "q": q})


@registrar_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user, _created = user_get_or_create(
                email=data["email"], full_name=data["full_name"], phone=data["phone"]
            )
            user.is_leader, user.is_comms = data["is_leader"], data["is_comms"]
            user.save(update_fields=["is_leader", "is_comms"])
        _send_invitation(request, user)
        messages.success(request, _("%(name)s registered; an invitation to choose a password was e-mailed.")
                         % {"name": user.full_name})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "person": None})


@registrar_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = UserRolesForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "person": person})


@registrar_required
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    if person.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate yourself."))
    elif request.POST.get("active") == "1":
        user_reactivate(user=person, actor=request.user)
        messages.success(request, _("%(name)s reactivated.") % {"name": person})
    else:
        user_deactivate(user=person, actor=request.user)
        messages.success(request, _("%(name)s deactivated; their roles have ended.") % {"name": person})
    return redirect("accounts:user_list")


@registrar_required
@require_POST
def user_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk, is_active=True)
    _send_invitation(request, person)
    messages.success(request, _("Invitation e-mailed to %(email)s.") % {"email": person.email})
    return redirect("accounts:user_list")


@registrar_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(audit_entries()).order_by("-timestamp", "-pk")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})
