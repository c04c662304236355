from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import member_required
from accounts.roles import roles_of
from accounts.selectors import notification_email_kinds
from accounts.services import notification_preference_set
from complaints.notifications import selectors
from complaints.notifications.forms import NotificationPreferenceForm
from complaints.notifications.services import notification_mark_all_read, notification_mark_read

#: htmx stops polling on this status: the bell of a signed-out page goes quiet.
HTMX_STOP_POLLING = 286
PAGE_SIZE = 30


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@member_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notification_list(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page"))
    items = [(n, selectors.notification_link(n)) for n in page]
    return render(request, "notifications/notification_list.html", {
        "page": page, "items": items, "unread_only": unread_only,
        "unread_count": selectors.notification_unread_count(user=request.user),
        "bell_cap": selectors.BELL_CAP,
    })


@member_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification to its complaint; opening it marks it read."""
    notification = selectors.notification_get_for_user(request.user, pk)
    notification_mark_read(notification=notification)
    return redirect(selectors.notification_link(notification))


@member_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_for_user(request.user, pk)
    notification_mark_read(notification=notification)
    return _back(request)


@member_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return _back(request)


@require_GET
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell in the top bar, re-fetched by htmx every 30 seconds."""
    if not request.user.is_authenticated or not roles_of(request.user).has_any:
        return HttpResponse(status=HTMX_STOP_POLLING)
    return render(request, "notifications/_bell.html", {
        "unread": selectors.notification_unread_count(user=request.user), "bell_cap": selectors.BELL_CAP,
        "poll_seconds": selectors.bell_poll_seconds(),
    })


@member_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    initial = {"email_kinds": notification_email_kinds(user_id=request.user.pk)}
    form = NotificationPreferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_preference_set(user=request.user, email_kinds=form.cleaned_data["email_kinds"])
        messages.success(request, _("Notification settings saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/notification_settings.html", {"form": form})
