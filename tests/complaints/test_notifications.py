"""The notification bell, the notifications page, marking read, and the e-mail copy of the
kinds a person chose (complaints/notifications/, complaints.notify.notify)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import NotificationEmail, NotificationPreference
from accounts.services import notification_preference_set
from accounts.tasks import send_notification_email
from complaints.models import Complaint, Notification, NotificationKind
from complaints.notifications.selectors import complaint_path
from complaints.notifications.services import EmailRetry, notification_email_send
from complaints.notify import notify

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)  # Monday 14.05 WIB
LOGIN = "/accounts/login/"


def make_complaint(agency, n: int = 1) -> Complaint:
    return Complaint.objects.create(
        number=f"SGP-2026-{n:06d}", platform="x", external_id=f"9{n}", thread_key=f"t{n}", text="Jalan rusak",
        category="complaint", agency=agency, status="dispatched", received_at=T0, last_message_at=T0,
    )


def give(user, *, kind: str = NotificationKind.ASSIGNED, complaint: Complaint | None = None, key: str = "",
         text: str = "SGP-2026-000001 ditugaskan kepada Anda", at: datetime | None = None) -> Notification:
    key = key or f"test:{Notification.objects.count()}:{user.pk}"
    assert notify(user=user, kind=kind, text=text, key=key, complaint=complaint)
    notification = Notification.objects.get(key=key)
    if at is not None:
        Notification.objects.filter(pk=notification.pk).update(created_at=at)
        notification.refresh_from_db()
    return notification


@pytest.fixture
def complaint(agency_a):
    return make_complaint(agency_a)


# --- Gates ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "settings"])
def test_anonymous_is_sent_to_sign_in(name, client_for):
    response = client_for(None).get(reverse(f"notifications:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_anonymous_cannot_open_or_mark(client_for, staff_a, complaint):
    notification = give(staff_a, complaint=complaint)
    client = client_for(None)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 302
    assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 302
    assert client.post(reverse("notifications:read_all")).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("name", ["list", "settings"])
def test_outsider_gets_404(name, client_for, outsider):
    assert client_for(outsider).get(reverse(f"notifications:{name}")).status_code == 404


def test_the_bell_stops_polling_for_anonymous_and_outsiders(client_for, outsider):
    # htmx stops polling on 286: a page left open after signing out goes quiet.
    assert client_for(None).get(reverse("notifications:bell")).status_code == 286
    assert client_for(outsider).get(reverse("notifications:bell")).status_code == 286


def test_someone_elses_notification_is_404_and_stays_unread(client_for, staff_a, staff_b, head_a, complaint):
    notification = give(staff_a, complaint=complaint)
    for other in (staff_b, head_a):
        client = client_for(other)
        assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
        assert client.post(reverse("notifications:read", args=[notification.pk])).status_code == 404
        client.post(reverse("notifications:read_all"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_wrong_methods(client_for, staff_a, complaint):
    notification = give(staff_a, complaint=complaint)
    client = client_for(staff_a)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    assert client.post(reverse("notifications:list")).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


# --- The page -------------------------------------------------------------------------


def test_the_page_lists_only_my_notifications_newest_first(client_for, staff_a, staff_b, complaint):
    give(staff_a, complaint=complaint, text="lama sekali", at=T0)
    give(staff_a, complaint=complaint, text="paling baru", at=T0 + timedelta(hours=2))
    give(staff_a, complaint=None, text="tanpa aduan", at=T0 + timedelta(hours=1))
    give(staff_b, text="milik DLH")

    response = client_for(staff_a).get(reverse("notifications:list"))

    assert response.status_code == 200
    texts = [n.text for n, _link in response.context["items"]]
    assert texts == ["paling baru", "tanpa aduan", "lama sekali"]
    body = response.content.decode()
    assert "milik DLH" not in body
    assert "23 Nov 2026 16.05 WIB" in body  # 09.05 UTC in the region's time zone
    assert complaint_path(complaint.number) in body


def test_the_page_is_paginated_and_filters_unread(client_for, staff_a, complaint):
    for i in range(32):
        give(staff_a, complaint=complaint, text=f"pemberitahuan {i}", at=T0 + timedelta(minutes=i))
    Notification.objects.filter(text="pemberitahuan 0").update(read_at=T0)
    client = client_for(staff_a)

    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})
    unread = client.get(reverse("notifications:list"), {"unread": "1", "page": 2})

    assert first.context["items"][0][0].text == "pemberitahuan 31"
    assert len(first.context["items"]) == 30
    assert [n.text for n, _ in second.context["items"]] == ["pemberitahuan 1", "pemberitahuan 0"]
    assert [n.text for n, _ in unread.context["items"]] == ["pemberitahuan 1"]
    assert first.context["unread_count"] == 31


def test_the_page_costs_the_same_queries_for_3_or_30_notifications(client_for, staff_a, agency_a):
    client = client_for(staff_a)
    for i in range(3):
        give(staff_a, complaint=make_complaint(agency_a, i + 1))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:list"))
    for i in range(3, 30):
        give(staff_a, complaint=make_complaint(agency_a, i + 1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:list"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_opening_a_notification_marks_it_read_and_goes_to_the_complaint(client_for, staff_a, complaint):
    notification = give(staff_a, complaint=complaint)
    with time_machine.travel(T0, tick=False):
        response = client_for(staff_a).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == complaint_path(complaint.number)
    notification.refresh_from_db()
    assert notification.read_at == T0


def test_the_complaint_link_falls_back_to_the_api_while_the_page_is_missing(complaint):
    from django.urls import NoReverseMatch

    try:
        expected = reverse("complaints:detail", args=[complaint.number])
    except NoReverseMatch:
        expected = f"/api/v1/complaints/{complaint.number}/"
    assert complaint_path(complaint.number) == expected


def test_a_notification_without_complaint_opens_the_list(client_for, staff_a):
    notification = give(staff_a, complaint=None)
    response = client_for(staff_a).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_one_read_keeps_the_first_reading(client_for, staff_a, complaint):
    notification = give(staff_a, complaint=complaint)
    client = client_for(staff_a)
    with time_machine.travel(T0, tick=False):
        response = client.post(reverse("notifications:read", args=[notification.pk]), {"next": "/notifications/?page=2"})
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        client.post(reverse("notifications:read", args=[notification.pk]))
    assert response["Location"] == "/notifications/?page=2"
    notification.refresh_from_db()
    assert notification.read_at == T0


def test_next_never_leads_off_site(client_for, staff_a, complaint):
    notification = give(staff_a, complaint=complaint)
    response = client_for(staff_a).post(reverse("notifications:read", args=[notification.pk]),
                                        {"next": "https://jahat.example/"})
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_touches_only_mine(client_for, staff_a, staff_b, complaint):
    mine = [give(staff_a, complaint=complaint) for _ in range(3)]
    theirs = give(staff_b)
    response = client_for(staff_a).post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- The bell -------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_and_polls(client_for, staff_a, head_a, complaint):
    read = give(staff_a, complaint=complaint)
    give(staff_a, complaint=complaint)
    give(staff_a, complaint=complaint)
    give(head_a, complaint=complaint)  # someone else's: not counted
    Notification.objects.filter(pk=read.pk).update(read_at=T0)
    client = client_for(staff_a)

    fragment = client.get(reverse("notifications:bell"))
    page = client.get(reverse("dashboard"))

    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert '<span class="bell-count" aria-hidden="true">2</span>' in html
    assert 'hx-trigger="every 30s"' in html
    assert "<script" not in html
    assert 'id="notification-bell"' in page.content.decode()
    assert '<span class="bell-count" aria-hidden="true">2</span>' in page.content.decode()


def test_the_bell_caps_its_count(client_for, staff_a):
    Notification.objects.bulk_create(
        [Notification(user=staff_a, kind="tag", text="x", key=f"k{i}") for i in range(120)])
    html = client_for(staff_a).get(reverse("notifications:bell")).content.decode()
    assert ">99+<" in html


def test_no_unread_no_count(client_for, staff_a):
    html = client_for(staff_a).get(reverse("notifications:bell")).content.decode()
    assert "bell-count" not in html
    assert 'id="notification-bell"' in html


# --- Settings -------------------------------------------------------------------------


def test_settings_save_the_kinds_and_are_audited(client_for, head_a):
    client = client_for(head_a)
    assert client.get(reverse("notifications:settings")).status_code == 200

    response = client.post(reverse("notifications:settings"), {"email_kinds": ["mention", "assigned"]})

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=head_a)
    assert preference.email_kinds == ["assigned", "mention"]
    assert LogEntry.objects.get_for_object(preference).filter(actor=head_a).exists()
    page = client.get(reverse("notifications:settings"))
    assert page.context["form"].initial["email_kinds"] == ["assigned", "mention"]

    client.post(reverse("notifications:settings"), {})
    preference.refresh_from_db()
    assert preference.email_kinds == []


def test_settings_refuse_an_unknown_kind(client_for, head_a):
    response = client_for(head_a).post(reverse("notifications:settings"), {"email_kinds": ["everything"]})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NotificationPreference.objects.filter(user=head_a).exists()


# --- The e-mail copy ------------------------------------------------------------------


def test_a_chosen_kind_is_emailed_after_commit_in_indonesian(staff_a, complaint, django_capture_on_commit_callbacks,
                                                               settings):
    settings.SIGAP_SITE_URL = "https://sigap.bengkulukota.go.id"
    notification_preference_set(user=staff_a, email_kinds=[NotificationKind.MENTION])
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(user=staff_a, kind=NotificationKind.MENTION, complaint=complaint, key="mention:1",
               text="Kepala Dinas menyebut Anda: tolong cek lokasi")
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_a.email]
    assert message.subject == "[Sigap] Anda disebut dalam catatan internal: SGP-2026-000001"
    assert "Kepala Dinas menyebut Anda: tolong cek lokasi" in message.body
    assert "Senin, 23 November 2026 pukul 14.05 WIB" in message.body
    assert "https://sigap.bengkulukota.go.id" + complaint_path(complaint.number) in message.body
    assert "https://sigap.bengkulukota.go.id/notifications/settings/" in message.body
    assert NotificationEmail.objects.filter(notification_id=Notification.objects.get(key="mention:1").pk).exists()


def test_kinds_not_chosen_and_repeated_events_send_nothing(staff_a, complaint, django_capture_on_commit_callbacks):
    notification_preference_set(user=staff_a, email_kinds=[NotificationKind.MENTION])
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=staff_a, kind=NotificationKind.TAG, complaint=complaint, key="tag:1", text="aduan baru")
        notify(user=staff_a, kind=NotificationKind.MENTION, complaint=complaint, key="mention:1", text="disebut")
        assert not notify(user=staff_a, kind=NotificationKind.MENTION, complaint=complaint, key="mention:1",
                          text="disebut lagi")
    assert [m.subject for m in mail.outbox] == ["[Sigap] Anda disebut dalam catatan internal: SGP-2026-000001"]


def test_without_preferences_nothing_is_emailed(staff_a, complaint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for kind in NotificationKind.values:
            notify(user=staff_a, kind=kind, complaint=complaint, key=f"{kind}:1", text="x")
    assert callbacks == []
    assert mail.outbox == []


def test_a_retried_task_sends_once(staff_a, complaint):
    notification_preference_set(user=staff_a, email_kinds=[NotificationKind.ASSIGNED])
    notification = give(staff_a, complaint=complaint)  # on_commit not run: nothing sent yet

    assert send_notification_email.apply(args=[notification.pk]).get() == "sent"
    assert send_notification_email.apply(args=[notification.pk]).get() == "skipped: sent before"
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_releases_the_claim_for_the_retry(staff_a, complaint, monkeypatch):
    notification_preference_set(user=staff_a, email_kinds=[NotificationKind.ASSIGNED])
    notification = give(staff_a, complaint=complaint)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("complaints.notifications.services.send_mail", refuse)
    with pytest.raises(EmailRetry):
        notification_email_send(notification_id=notification.pk)
    assert not NotificationEmail.objects.exists()
    monkeypatch.undo()
    assert notification_email_send(notification_id=notification.pk) == "sent"
    assert len(mail.outbox) == 1


def test_read_unwanted_or_deactivated_is_skipped(staff_a, head_a, complaint):
    notification_preference_set(user=staff_a, email_kinds=[NotificationKind.ASSIGNED])
    read = give(staff_a, complaint=complaint)
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    assert notification_email_send(notification_id=read.pk) == "skipped: read"

    changed_mind = give(staff_a, complaint=complaint)
    notification_preference_set(user=staff_a, email_kinds=[])
    assert notification_email_send(notification_id=changed_mind.pk) == "skipped: not wanted"

    notification_preference_set(user=head_a, email_kinds=[NotificationKind.ASSIGNED])
    gone = give(head_a, complaint=complaint)
    head_a.is_active = False
    head_a.save()
    assert notification_email_send(notification_id=gone.pk) == "skipped: inactive"
    assert notification_email_send(notification_id=10**9) == "gone"
    assert mail.outbox == []
