"""The agency workspace: the inbox, the complaint page and its actions. Views are thin: the
gate is `complaint_get_for_user` (outsiders 404) and `complaint_role_allows` (a person who can
see but not do: 403); the work is done by the services in complaints/actions.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import member_required
from accounts.roles import roles_of
from agencies.models import Agency, Platform, display_handle, platform_icon
from complaints import actions, selectors, tagging
from complaints.forms import (
    SEARCH_MAX,
    ArchiveForm,
    AssignForm,
    CategoryForm,
    HandOffForm,
    InboxFilterForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    ReplyForm,
    ResolveForm,
    TaskDoneForm,
    VersionForm,
)
from complaints.models import (
    Complaint,
    Dispatch,
    DispatchStatus,
    EventKind,
    Message,
    Status,
    TimelineEvent,
)
from complaints.services import TransitionRefused

# --- Inbox --------------------------------------------------------------------------------


def _filter_form(request: HttpRequest) -> InboxFilterForm:
    roles = roles_of(request.user)
    agencies = None
    if roles.region_wide:
        agencies = Agency.objects.filter(is_active=True).order_by("name")  # as the list shows them
    elif len(roles.agency_ids) > 1:
        agencies = Agency.objects.filter(pk__in=roles.agency_ids).order_by("name")
    return InboxFilterForm(request.GET or None, agencies=agencies)


@member_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if request.GET and not form.is_valid():
        return render(request, "complaints/inbox.html", {"form": form, "invalid": True, "search_max": SEARCH_MAX},
                      status=400)
    filters = form.filters()
    now = timezone.now()
    page = selectors.inbox_page(user=request.user, filters=filters, now=now,
                                after=request.GET.get("after", ""), before=request.GET.get("before", ""))
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    without_dates = query.copy()
    for key in ("received_from", "received_to"):
        without_dates.pop(key, None)
    context = {
        "form": form, "filters": filters, "page": page, "now": now,
        "query_without_dates": without_dates.urlencode(),
        "query": query.urlencode(), "roles": roles_of(request.user),
        "poll_seconds": settings.SIGAP_INBOX_POLL_SECONDS,
        "tabs": _tabs(request, filters),
        "paged": bool(request.GET.get("after") or request.GET.get("before")), "search_max": SEARCH_MAX,
    }
    template = "complaints/inbox.html"
    if request.htmx and request.htmx.target == "inbox-results":
        template = "complaints/_inbox_results.html"
    return render(request, template, context)


def _tabs(request: HttpRequest, filters: selectors.InboxFilters) -> list[dict[str, Any]]:
    roles = roles_of(request.user)
    tabs = [
        ("open", _("Open"), {"status": "open"}),
        ("mine", _("Assigned to me"), {"status": "open", "mine": "on"}),
        ("unassigned", _("Unassigned"), {"status": "open", "unassigned": "on"}),
        ("overdue", _("Overdue"), {"status": "open", "overdue": "on"}),
    ]
    if roles.region_wide:
        tabs.append(("triage", _("Triage"), {"status": "triage"}))
    tabs.append(("all", _("All"), {"status": "all"}))
    if not roles.agency_ids:
        tabs = [t for t in tabs if t[0] not in ("mine", "unassigned")]
    current = "open"
    if filters.mine:
        current = "mine"
    elif filters.unassigned:
        current = "unassigned"
    elif filters.overdue:
        current = "overdue"
    elif filters.status in ("triage", "all"):
        current = filters.status
    elif filters.status != "open":
        current = ""
    from urllib.parse import urlencode

    return [{"key": key, "label": label, "query": urlencode(params), "current": key == current}
            for key, label, params in tabs]


@member_required
@require_GET
def inbox_fresh(request: HttpRequest) -> HttpResponse:
    """The rows that arrived since the inbox was shown (htmx polls this)."""
    form = _filter_form(request)
    try:
        after = int(request.GET.get("since", ""))
    except ValueError:
        return HttpResponseBadRequest("since")
    if request.GET and not form.is_valid():
        return HttpResponseBadRequest("filters")
    rows = selectors.inbox_fresh(user=request.user, filters=form.filters(), now=timezone.now(), after_pk=after)
    query = request.GET.copy()
    query.pop("since", None)
    return render(request, "complaints/_inbox_fresh.html", {
        "rows": rows, "since": after, "query": query.urlencode(), "now": timezone.now(),
        "roles": roles_of(request.user), "poll_seconds": settings.SIGAP_INBOX_POLL_SECONDS,
        "fresh": True,
    })


# --- The complaint page -----------------------------------------------------------------------


#: The action bar, in order: action -> (summary label, submit label, danger). Their forms are
#: fetched when a person opens one (complaint_action_form), not rendered with every page view.
ACTION_BAR: dict[str, tuple[Any, Any, bool]] = {
    "assign": (gettext_lazy("Assign"), gettext_lazy("Save"), False),
    "category": (gettext_lazy("Change category"), gettext_lazy("Save"), False),
    "hold": (gettext_lazy("Put on hold"), gettext_lazy("Put on hold"), False),
    "resume": (gettext_lazy("Resume"), gettext_lazy("Resume"), False),
    "resolve": (gettext_lazy("Mark resolved"), gettext_lazy("Mark resolved"), False),
    "reopen": (gettext_lazy("Reopen"), gettext_lazy("Reopen"), False),
    "handoff": (gettext_lazy("Hand off to another agency"), gettext_lazy("Hand off"), False),
    "not_ours": (gettext_lazy("Not our remit"), gettext_lazy("Back to triage"), False),
    "merge": (gettext_lazy("Merge"), gettext_lazy("Merge"), False),
    "archive": (gettext_lazy("Archive"), gettext_lazy("Archive"), True),
}


def _action_form(action: str, complaint: Complaint, version: int) -> forms.Form:
    """The unbound form of one action, against the version of the complaint the person saw."""
    initial: dict[str, Any] = {"version": version}
    if action == "assign":
        initial["assignee"] = complaint.assignee_id
    elif action == "category":
        initial["category"] = complaint.category
    elif action == "reply":
        initial = {"key": uuid.uuid4().hex}
    elif action == "note":
        initial = {}
    form_class, _handler = ACTIONS[action]
    return form_class(initial=initial, **_form_kwargs(action, complaint))


def _form_kwargs(action: str, complaint: Complaint) -> dict[str, Any]:
    """What an action's form needs besides its data: its ids, and its choices."""
    kwargs: dict[str, Any] = {"auto_id": f"id_{action}_%s"}
    if action == "assign":
        kwargs["colleagues"] = actions.colleagues_of(complaint)
    elif action == "handoff":
        kwargs["exclude_agency_id"] = complaint.agency_id
    return kwargs


def _action_bar(complaint: Complaint, allowed: dict[str, bool], bound: dict[str, forms.Form]) -> list[dict[str, Any]]:
    bar = []
    # One reverse() for the whole bar: the actions differ only in their name in the path.
    form_url = reverse("complaints:action_form", args=[complaint.number, _SLOT])
    for name, (label, submit, danger) in ACTION_BAR.items():
        if not allowed.get(name):
            continue
        if name == "handoff" and complaint.agency_id is None:
            label = _("Dispatch")
        bar.append({"name": name, "label": label, "submit": submit, "danger": danger, "form": bound.get(name),
                    "form_url": form_url.replace(_SLOT, name)})
    return bar


#: A stand-in reversed once and replaced by each value (action names, complaint numbers).
_SLOT = "__slot__"


def _detail_url(complaint: Complaint) -> Callable[[str], str]:
    """The page of any complaint by its number, from one reverse() of this complaint's page (all
    numbers match the same pattern, so the path differs only in the number)."""
    head, _sep, tail = reverse("complaints:detail", args=[complaint.number]).rpartition(complaint.number)
    return lambda number: f"{head}{number}{tail}"


class _Moments:
    """(ISO 8601, as the page writes it followed by the zone's label) of aware datetimes, in the
    current time zone: what the template's `|date:'c'` and `|date:"j M Y H.i"` give, without a
    filter call (nor a translated month name looked up) per row."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()
        self.label = settings.SIGAP_TIME_ZONE_LABEL
        self.months: dict[int, str] = {}

    def __call__(self, value: datetime) -> tuple[str, str]:
        local = timezone.localtime(value, self.zone)
        month = self.months.get(local.month)
        if month is None:
            month = self.months[local.month] = MONTHS_3[local.month].title()
        return local.isoformat(), (f"{local.day} {month} {local.year:04d} {local.hour:02d}.{local.minute:02d} "
                                   f"{self.label}")


_PLATFORM_LABELS = dict(Platform.choices)  # lazy labels: translated when str() is taken


def _platform_label(platform: str) -> str:
    return str(_PLATFORM_LABELS.get(platform, platform))


def _with_links(complaints: list[Complaint], detail_url: Callable[[str], str]) -> list[Complaint]:
    """Other complaints the page links to: each with its page and its platform's name."""
    for c in complaints:
        c.page_url, c.platform_label = detail_url(c.number), _platform_label(c.platform)
    return complaints


def _dress_thread(thread: list[Message], moment: _Moments) -> None:
    """What each message's row shows, worked out here rather than per row in the template."""
    for m in thread:
        m.css = ("msg msg-citizen" if m.is_citizen else "msg msg-official") + (" msg-sigap" if m.by_sigap else "")
        m.platform_icon = platform_icon(m.platform)
        m.shown_name = m.author_name or m.author_handle
        m.shown_handle = display_handle(m.platform, m.author_handle) if m.author_handle else ""
        m.posted_iso, m.posted_text = moment(m.posted_at)
        m.text_html = linebreaksbr(m.text, autoescape=True)
        m.sent_by = m.author_user_id is not None and not m.by_sigap
        m.platform_label = _platform_label(m.platform) if m.url else ""


def _dress_timeline(events: list[TimelineEvent], moment: _Moments) -> None:
    labels = dict(EventKind.choices)
    statuses = dict(Status.choices)
    for e in events:
        e.kind_label = str(labels.get(e.kind, e.kind))
        to = e.data.get("to") if e.kind == EventKind.STATUS and isinstance(e.data, dict) else None
        if to in statuses:  # which status, not only that it changed ("Status: Ditunda · the reason")
            e.kind_label = _("Status: %(status)s") % {"status": statuses[to]}
        e.at_iso, e.at_text = moment(e.at)
        e.actor_text = "" if e.actor_id is None else format_html(" · {}", e.actor_name)
        data = e.data if isinstance(e.data, dict) else {}
        note = data.get("text") if e.kind == EventKind.NOTE else None
        e.note_html = linebreaksbr(note, autoescape=True) if note else None


def _render_complaint(
    request: HttpRequest, complaint: Complaint, *, status: int = 200, bound: dict[str, forms.Form] | None = None,
    open_action: str = "", conflict: actions.ChangeSeen | None = None,
) -> HttpResponse:
    moment = _Moments()
    detail_url = _detail_url(complaint)
    merged = _with_links(selectors.complaint_merged_here(complaint), detail_url)
    thread = selectors.complaint_thread(complaint, merged)
    _dress_thread(thread, moment)
    events = selectors.complaint_timeline(complaint)
    _dress_timeline(events, moment)
    tasks, replies = selectors.complaint_tasks_and_replies(complaint)
    for task in tasks:
        if task.account_id is not None:
            task.account_icon = platform_icon(task.account_platform)
    allowed = selectors.complaint_actions(request.user, complaint)
    bound = bound or {}
    forms_by_action = {name: bound.get(name) or _action_form(name, complaint, complaint.version)
                       for name in ("reply", "note")}
    # Each read below is only made when the page shows what it reads.
    templates: list[dict[str, str]] = []
    if allowed["reply"]:
        templates = [{"title": t.title, "text": t.render(complaint)} for t in selectors.complaint_reply_templates(complaint)]
    mentionable = selectors.complaint_mentionable(complaint) if allowed["note"] else []
    if complaint.assignee_id is not None:
        # The assignee is usually one of the people just read: no query of their own.
        assignee = next((u for u in mentionable if u.pk == complaint.assignee_id), None)
        if assignee is not None:
            complaint.assignee = assignee
    merge_candidates = (_with_links(selectors.complaint_merge_candidates(request.user, complaint), detail_url)
                        if allowed["merge"] else [])
    context = {
        "complaint": complaint, "thread": thread, "merged": merged, "events": events, "tasks": tasks,
        "replies": replies, "pending_replies": any(d.status == DispatchStatus.PENDING for d in replies),
        "forms": forms_by_action, "open_action": open_action, "conflict": conflict,
        "action_bar": _action_bar(complaint, allowed, bound),
        "allowed": allowed, "templates": templates,
        "mentionable": [(u, actions.mention_handle(u)) for u in mentionable],
        "reply_limit": tagging.REPLY_LIMITS.get(complaint.platform), "merge_candidates": merge_candidates,
        "now": timezone.now(), "roles": roles_of(request.user), "platform_icon": platform_icon(complaint.platform),
        "task_done_url": reverse("complaints:action", args=[complaint.number, "task_done"]) if tasks else "",
    }
    return render(request, "complaints/complaint_detail.html", context, status=status)


@member_required
@require_GET
def complaint_detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = selectors.complaint_get_for_user(request.user, number, for_page=True)
    return _render_complaint(request, complaint)


@member_required
@require_GET
def complaint_replies(request: HttpRequest, number: str) -> HttpResponse:
    """The outcome of the replies sent from the portal (htmx polls it while one is pending)."""
    complaint = selectors.complaint_get_for_user(request.user, number)
    replies = selectors.complaint_replies(complaint)
    return render(request, "complaints/_replies.html", {
        "complaint": complaint, "replies": replies,
        "pending_replies": any(d.status == DispatchStatus.PENDING for d in replies),
    })


@member_required
@require_GET
def complaint_action_form(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One action's form, fetched when its button is opened (htmx), or as a page of its own
    without JavaScript. `version` is the one the person's page showed, so that a change made by
    someone else since is still caught when the form is sent."""
    if action not in ACTION_BAR:
        raise Http404
    complaint = selectors.complaint_get_for_user(request.user, number)
    if not selectors.complaint_role_allows(request.user, complaint, action):
        raise PermissionDenied
    try:
        version = int(request.GET.get("version", ""))
    except ValueError:
        version = complaint.version
    label, submit, danger = ACTION_BAR[action]
    if action == "handoff" and complaint.agency_id is None:
        label = _("Dispatch")
    context = {"complaint": complaint, "name": action, "label": label, "submit": submit, "danger": danger,
               "form": _action_form(action, complaint, version),
               "state_allows": selectors.complaint_state_allows(complaint, action)}
    if request.htmx:
        return render(request, "complaints/_action_form.html", context)
    return render(request, "complaints/action_page.html", context)


# --- Actions --------------------------------------------------------------------------------

Handler = Callable[[HttpRequest, Complaint, forms.Form], str]


def _version(form: forms.Form) -> int:
    return form.cleaned_data["version"]


def _assign(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    assignee = form.cleaned_data["assignee"]
    actions.complaint_assign(complaint=complaint, assignee=assignee, actor=request.user,
                             expected_version=_version(form))
    if assignee is None:
        return _("Nobody is assigned now.")
    return _("Assigned to %(name)s.") % {"name": assignee.full_name}


def _note(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    event = actions.complaint_note_add(complaint=complaint, actor=request.user, text=form.cleaned_data["text"])
    mentioned = len(event.data.get("mentions", []))
    if mentioned:
        return _("Note added; %(n)d colleague(s) notified.") % {"n": mentioned}
    return _("Note added.")


def _category(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    actions.complaint_category_change(complaint=complaint, category=form.cleaned_data["category"],
                                      actor=request.user, expected_version=_version(form))
    return _("Category changed.")


def _handoff(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    roles = roles_of(request.user)
    via = "staff" if complaint.agency_id and roles.member_of(complaint.agency_id) else (
        "leader" if roles.leader else "comms")
    agency = form.cleaned_data["agency"]
    actions.complaint_hand_off_to(complaint=complaint, agency=agency, actor=request.user,
                                  reason=form.cleaned_data["reason"], via=via, expected_version=_version(form))
    return _("Handed to %(agency)s.") % {"agency": agency.short_name}


def _not_ours(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    actions.complaint_not_ours(complaint=complaint, actor=request.user, reason=form.cleaned_data["reason"],
                               expected_version=_version(form))
    return _("Sent back to triage.")


def _hold(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    actions.complaint_hold(complaint=complaint, actor=request.user, reason=form.cleaned_data["reason"],
                           expected_version=_version(form))
    return _("Put on hold.")


def _resume(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    actions.complaint_resume(complaint=complaint, actor=request.user, expected_version=_version(form))
    return _("Resumed.")


def _archive(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    actions.complaint_archive(complaint=complaint, actor=request.user, reason=form.cleaned_data["reason"],
                              note=form.cleaned_data["note"], expected_version=_version(form))
    return _("Archived.")


def _merge(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    number = form.cleaned_data["other"]
    try:
        other = selectors.complaint_get_for_user(request.user, number)
    except Http404:
        raise actions.ActionRefused(_("No complaint %(number)s that you can see.") % {"number": number}) from None
    actions.complaint_merge(complaint=complaint, other=other, actor=request.user, expected_version=_version(form))
    return _("%(number)s merged into this complaint.") % {"number": other.number}


def _resolve(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    actions.complaint_resolve(complaint=complaint, actor=request.user, note=form.cleaned_data["note"],
                              expected_version=_version(form))
    return _("Marked resolved.")


def _reopen(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    actions.complaint_reopen(complaint=complaint, actor=request.user, reason=form.cleaned_data["reason"],
                             expected_version=_version(form))
    return _("Reopened.")


def _reply(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    try:
        dispatch = tagging.reply_request(complaint=complaint, user=request.user, text=form.cleaned_data["text"],
                                         key=f"{request.user.pk}:{form.cleaned_data['key']}")
    except tagging.ReplyRefused as exc:
        raise actions.ActionRefused(str(exc)) from exc
    dispatch.refresh_from_db()
    if dispatch.status == DispatchStatus.MANUAL:
        return _("The platform did not take the reply: it is now a task to reply by hand (below).")
    if dispatch.status == DispatchStatus.SENT:
        return _("Reply posted on the platform.")
    return _("Reply is being posted.")


def _task_done(request: HttpRequest, complaint: Complaint, form: forms.Form) -> str:
    dispatch = Dispatch.objects.filter(pk=form.cleaned_data["dispatch"], complaint=complaint).first()
    if dispatch is None:
        raise Http404
    actions.dispatch_mark_done(dispatch=dispatch, actor=request.user)
    return _("Task marked done.")


ACTIONS: dict[str, tuple[type[forms.Form], Handler]] = {
    "assign": (AssignForm, _assign),
    "note": (NoteForm, _note),
    "category": (CategoryForm, _category),
    "handoff": (HandOffForm, _handoff),
    "not_ours": (ReasonForm, _not_ours),
    "hold": (ReasonForm, _hold),
    "resume": (VersionForm, _resume),
    "archive": (ArchiveForm, _archive),
    "merge": (MergeForm, _merge),
    "resolve": (ResolveForm, _resolve),
    "reopen": (ReasonForm, _reopen),
    "reply": (ReplyForm, _reply),
    "task_done": (TaskDoneForm, _task_done),
}


def _bound_form(action: str, data: Any, complaint: Complaint) -> forms.Form:
    form_class, _handler = ACTIONS[action]
    return form_class(data, **_form_kwargs(action, complaint))


@member_required
@require_POST
def complaint_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    complaint = selectors.complaint_get_for_user(request.user, number)
    if not selectors.complaint_role_allows(request.user, complaint, action):
        raise PermissionDenied
    form = _bound_form(action, request.POST, complaint)
    if not form.is_valid():
        messages.error(request, _("Please check the form."))
        return _render_complaint(request, complaint, status=400, bound={action: form}, open_action=action)
    if not selectors.complaint_state_allows(complaint, action):
        messages.error(request, _("This cannot be done to a complaint with the status “%(status)s”.")
                       % {"status": complaint.get_status_display()})
        return _render_complaint(request, complaint, status=409, bound={action: form}, open_action=action)
    _form_class, handler = ACTIONS[action]
    try:
        done = handler(request, complaint, form)
    except actions.ComplaintChanged as exc:
        fresh = exc.complaint
        # Keep what the person typed, against the new version, so one click repeats it.
        data = request.POST.copy()
        data["version"] = str(fresh.version)
        return _render_complaint(request, fresh, status=409, bound={action: _bound_form(action, data, fresh)},
                                 open_action=action, conflict=exc.change)
    except (actions.ActionRefused, TransitionRefused) as exc:
        complaint.refresh_from_db()
        messages.error(request, str(exc))
        return _render_complaint(request, complaint, status=409, bound={action: form}, open_action=action)
    messages.success(request, done)
    # A hand-off or "not ours" can take the complaint out of the person's sight: the inbox, not a 404.
    complaint.refresh_from_db(fields=["agency"])
    if not selectors.complaint_visible_to(request.user, complaint):
        messages.info(request, _("%(number)s is no longer in your agency's inbox.") % {"number": complaint.number})
        return redirect("complaints:inbox")
    return redirect("complaints:detail", number=complaint.number)
