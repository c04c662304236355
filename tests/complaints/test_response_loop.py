"""The response loop: tagging the agency head on every channel (once, however often the task
runs), refusals turned into tasks for a person, the agency's first response detected (Sigap's
own tag never counts), the head's WhatsApp acknowledgment, hand-offs by the mayor's own tag
on the platform, and the API through which people reply and move complaints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.models import Membership, Role
from complaints import tagging
from complaints.models import (
    Channel,
    Complaint,
    Dispatch,
    DispatchStatus,
    EventKind,
    Message,
    Notification,
    Purpose,
)
from platforms.connectors.base import Refused, SendUncertain, Sent, Transient
from tests.factories import MembershipFactory, PersonHandleFactory, UserFactory
from tests.intake import post_meta, post_x, snowflake, whatsapp_payload, x_event, x_post

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 23, 2, 5, tzinfo=UTC)  # Monday 09.05 WIB: working time


class FakeConnector:
    """Stands in for a platform: records what was posted, answers as told."""

    def __init__(self) -> None:
        self.posted: list[tuple[str, str]] = []
        self.fail_with: list[Exception] = []
        self.existing: Sent | None = None
        self.lookups = 0

    def reply(self, account, *, in_reply_to: str, text: str) -> Sent:
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.posted.append((in_reply_to, text))
        return Sent(external_id=f"9{len(self.posted):018d}", posted_at=datetime.now(UTC),
                    url="https://x.com/i/status/1")

    def find_own_reply(self, account, *, in_reply_to: str, contains: str) -> Sent | None:
        self.lookups += 1
        return self.existing


class FakeWhatsApp:
    sent: list[dict] = []

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_template(self, account, **kwargs) -> Sent:
        FakeWhatsApp.sent.append(kwargs)
        return Sent(external_id=f"wamid.TAG{len(FakeWhatsApp.sent)}", posted_at=datetime.now(UTC))


@pytest.fixture
def platform(monkeypatch, region):
    connector = FakeConnector()
    monkeypatch.setattr("platforms.connectors.registry.outbound_connector_for", lambda platform: connector)
    FakeWhatsApp.sent = []
    monkeypatch.setattr("platforms.connectors.whatsapp.WhatsAppConnector", FakeWhatsApp)
    for account in (region.pupr_x, region.hub_x, region.hub_wa, region.dlh_x):
        account.access_token = "token-" + account.handle
        account.save()
    head = Membership.objects.get(agency=region.pupr, role=Role.HEAD).user
    head.email, head.full_name = "kepala.pupr@contoh.test", "Ir. Contoh Kepala"
    head.save()
    PersonHandleFactory(user=head, platform="x", handle="kadis_pupr")
    from complaints import routing

    routing.clear_cache()
    return connector


def _mention(client, region, *, text="@pupr_bkl drainase mampet di depan SD 5", at=T0, account=None, author="555"):
    post = x_post(post_id=snowflake(at), text=text, created_at=at, author_id=author,
                  mentions=[w[1:] for w in text.split() if w.startswith("@")])
    assert post_x(client, x_event(post, for_user=(account or region.pupr_x).external_id)).status_code == 200
    return post


def _run(run_items):
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        return run_items()


def test_a_new_complaint_tags_the_agency_and_its_head_on_every_channel(client, region, platform, run_items,
                                                                        django_capture_on_commit_callbacks):
    staff = MembershipFactory(agency=region.pupr, role=Role.STAFF).user
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    complaint = Complaint.objects.get()
    by_channel = {d.channel: d for d in complaint.dispatches.all()}
    assert set(by_channel) == {Channel.PLATFORM, Channel.EMAIL, Channel.WHATSAPP, Channel.PORTAL}
    assert all(d.status == DispatchStatus.SENT for d in by_channel.values()), [
        (d.channel, d.status, d.error) for d in by_channel.values()]
    # The public reply under the citizen's post names the head, with the number (on the agency's
    # own account the account replies itself: it does not name itself).
    (in_reply_to, text), = platform.posted
    assert in_reply_to == complaint.external_id
    assert text == f"Terima kasih laporannya ({complaint.number}). @kadis_pupr mohon segera ditindaklanjuti."
    ours = Message.objects.get(external_id=by_channel[Channel.PLATFORM].external_id)
    assert ours.by_sigap and not ours.is_citizen and ours.from_account == region.pupr_x
    # E-mail and WhatsApp template with the two quick-reply buttons to the head.
    assert [m.to for m in mail.outbox] == [["kepala.pupr@contoh.test"]]
    assert complaint.number in mail.outbox[0].subject and complaint.text in mail.outbox[0].body
    (sent,) = FakeWhatsApp.sent
    assert sent["to"] == "+6281299990000" and sent["template"] == "sigap_tag_kepala"
    assert sent["button_payloads"] == [f"ACK:{complaint.number}", f"NOTMINE:{complaint.number}"]
    assert all(len(b) <= 20 for b in (tagging.BUTTON_ACK, tagging.BUTTON_NOT_OURS))
    # In the portal: the head and the staff.
    assert set(Notification.objects.values_list("user_id", flat=True)) == {staff.pk, ours.complaint.agency
                                                                           .memberships.get(role=Role.HEAD).user_id}
    tagged = complaint.events.filter(kind=EventKind.TAGGED)
    assert tagged.count() == 4
    # Sigap's own tag is not the agency's response.
    complaint.refresh_from_db()
    assert complaint.first_response_at is None and complaint.status == "dispatched"


def test_on_the_mayors_account_the_tag_names_the_agency_and_its_head(client, region, platform, run_items,
                                                                    django_capture_on_commit_callbacks):
    _mention(client, region, text="@pemkotbkl drainase mampet di depan SD 5, dinas pupr tolong", account=region.hub_x)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    complaint = Complaint.objects.get()
    assert complaint.agency == region.pupr and complaint.account == region.hub_x
    (_in_reply_to, text), = platform.posted
    assert text == f"Terima kasih laporannya ({complaint.number}). @pupr_bkl @kadis_pupr mohon segera ditindaklanjuti."


def test_on_the_agencys_own_account_with_nobody_to_name_no_public_tag_is_posted(
        client, region, platform, run_items, django_capture_on_commit_callbacks):
    from agencies.models import PersonHandle

    PersonHandle.objects.all().delete()  # the head has no handle on X
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    complaint = Complaint.objects.get()
    public = complaint.dispatches.get(channel=Channel.PLATFORM)
    assert public.status == DispatchStatus.SKIPPED and "akun OPD sendiri" in public.error
    assert platform.posted == []
    assert complaint.dispatches.get(channel=Channel.EMAIL).status == DispatchStatus.SENT  # the head still hears


def test_a_retried_or_duplicated_tagging_task_sends_nothing_twice(client, region, platform, run_items,
                                                                   django_capture_on_commit_callbacks):
    from complaints.tasks import tag_complaint

    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    complaint = Complaint.objects.get()
    for _ in range(3):
        tag_complaint.apply(args=[complaint.pk])
        for dispatch in complaint.dispatches.all():
            assert tagging.dispatch_send(dispatch_id=dispatch.pk) == "skipped"
    assert len(platform.posted) == 1 and len(mail.outbox) == 1 and len(FakeWhatsApp.sent) == 1
    assert complaint.dispatches.count() == 4


def test_a_batch_s_tagging_task_goes_on_past_a_complaint_that_fails(monkeypatch):
    from complaints import tasks

    planned = []

    def complaint_tag(*, complaint_id):
        if complaint_id == 2:
            raise RuntimeError("database hiccup")
        planned.append(complaint_id)
        return []

    monkeypatch.setattr(tasks.tagging, "complaint_tag", complaint_tag)
    assert tasks.tag_complaints.apply(args=[[1, 2, 3]]).get() == 0
    assert planned == [1, 3]  # the escalation round tags the second later


def test_a_refused_public_tag_becomes_a_manual_task_at_once(client, region, platform, run_items,
                                                            django_capture_on_commit_callbacks):
    staff = MembershipFactory(agency=region.pupr, role=Role.STAFF).user
    platform.fail_with = [Refused("HTTP 403: reply not allowed")]
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    dispatch = Dispatch.objects.get(channel=Channel.PLATFORM)
    assert dispatch.status == DispatchStatus.MANUAL and dispatch.attempts == 1
    assert "menolak" in dispatch.error
    event = dispatch.complaint.events.get(kind=EventKind.TAGGED, data__channel="platform")
    assert "balas manual di X" in event.summary
    assert Notification.objects.filter(user=staff, kind="manual").count() == 1
    assert platform.posted == []


def test_an_account_without_a_token_is_never_called(client, region, platform, run_items,
                                                    django_capture_on_commit_callbacks):
    region.pupr_x.access_token = None
    region.pupr_x.save()
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    dispatch = Dispatch.objects.get(channel=Channel.PLATFORM)
    assert dispatch.status == DispatchStatus.MANUAL and dispatch.attempts == 0
    assert dispatch.error == "akun belum terhubung"
    assert platform.posted == [] and platform.lookups == 0


def test_after_a_timeout_the_connector_looks_for_its_own_reply_before_posting_again(client, region, platform,
                                                                                     run_items):
    _mention(client, region)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        run_items()
        complaint = Complaint.objects.get()
        tagging.complaint_tag(complaint_id=complaint.pk)
        dispatch = complaint.dispatches.get(channel=Channel.PLATFORM)
        platform.fail_with = [SendUncertain("read timeout after sending")]
        with pytest.raises(tagging.RetryLater):
            tagging.dispatch_send(dispatch_id=dispatch.pk)
        dispatch.refresh_from_db()
        assert dispatch.uncertain and dispatch.status == DispatchStatus.PENDING
        platform.existing = Sent(external_id="1999", posted_at=T0 + timedelta(minutes=1))
        assert tagging.dispatch_send(dispatch_id=dispatch.pk) == DispatchStatus.SENT
    dispatch.refresh_from_db()
    assert dispatch.external_id == "1999" and platform.posted == [] and platform.lookups == 1


def test_server_errors_are_retried_then_left_to_a_person(client, region, platform, run_items):
    _mention(client, region)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        run_items()
        complaint = Complaint.objects.get()
        tagging.complaint_tag(complaint_id=complaint.pk)
        dispatch = complaint.dispatches.get(channel=Channel.PLATFORM)
        platform.fail_with = [Transient("HTTP 503")] * tagging.MAX_ATTEMPTS
        for _attempt in range(tagging.MAX_ATTEMPTS - 1):
            with pytest.raises(tagging.RetryLater):
                tagging.dispatch_send(dispatch_id=dispatch.pk)
        assert tagging.dispatch_send(dispatch_id=dispatch.pk) == DispatchStatus.MANUAL
    dispatch.refresh_from_db()
    assert dispatch.attempts == tagging.MAX_ATTEMPTS and "gagal" in dispatch.error


def test_public_tag_off_for_the_agency(client, region, platform, run_items, django_capture_on_commit_callbacks):
    region.pupr.public_tag_enabled = False
    region.pupr.save()
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    assert Dispatch.objects.get(channel=Channel.PLATFORM).status == DispatchStatus.SKIPPED
    assert platform.posted == []
    assert Dispatch.objects.get(channel=Channel.EMAIL).status == DispatchStatus.SENT


# --- Detecting the response ------------------------------------------------------------------

def _official_reply(client, region, *, parent, minutes, account=None, text="@warga_bkl baik, kami cek hari ini",
                    author_id=None, username=None):
    account = account or region.pupr_x
    reply = x_post(post_id=snowflake(T0 + timedelta(minutes=minutes)), text=text,
                   author_id=author_id or account.external_id, conversation_id=parent, reply_to=parent,
                   created_at=T0 + timedelta(minutes=minutes), mentions=[w[1:] for w in text.split() if w[0] == "@"])
    post_x(client, x_event(reply, for_user=account.external_id, event_type="post.create",
                           username=username or account.handle))
    return reply


def test_the_agencys_first_public_reply_stops_the_clock_at_the_platforms_time(client, region, platform, run_items):
    first = _mention(client, region)["id"]
    _official_reply(client, region, parent=first, minutes=25)
    _official_reply(client, region, parent=first, minutes=40, text="@warga_bkl sudah diperbaiki")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        run_items()
    complaint = Complaint.objects.get()
    assert complaint.first_response_at == T0 + timedelta(minutes=25)
    assert complaint.status == "in_progress"
    assert complaint.first_response_calendar_minutes == 25
    assert complaint.first_response_working_minutes == 25  # Monday 09.05-09.30 WIB is working time
    assert complaint.within_target is True
    assert complaint.events.filter(kind=EventKind.RESPONDED).count() == 1


def test_a_heads_reply_with_their_own_handle_counts(client, region, platform, run_items):
    first = _mention(client, region)["id"]
    _official_reply(client, region, parent=first, minutes=12, author_id="424242", username="kadis_pupr",
                    text="@warga_bkl tim kami meluncur")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        run_items()
    complaint = Complaint.objects.get()
    assert complaint.first_response_at == T0 + timedelta(minutes=12)
    reply = complaint.messages.get(author_handle="kadis_pupr")
    assert not reply.is_citizen and reply.author_user.phone == "+6281299990000"
    assert Complaint.objects.count() == 1  # never a citizen's complaint of its own


def test_another_agencys_reply_does_not_count_until_it_is_handed_to_it(client, region, platform, run_items):
    first = _mention(client, region)["id"]
    _official_reply(client, region, parent=first, minutes=10, account=region.dlh_x, text="@warga_bkl ini wewenang PUPR")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        run_items()
    complaint = Complaint.objects.get()
    assert complaint.first_response_at is None and complaint.status == "dispatched"


def test_the_mayors_tag_on_the_platform_hands_the_complaint_over(client, region, platform, run_items):
    first = _mention(client, region, text="@pemkotbkl drainase mampet di pasar", account=region.hub_x)["id"]
    with time_machine.travel(T0 + timedelta(minutes=2), tick=False):
        run_items()
    assert Complaint.objects.get().agency == region.pupr  # by keyword
    _official_reply(client, region, parent=first, minutes=30, account=region.hub_x,
                    text="@dlh_kotabkl tolong segera ditindaklanjuti")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        run_items()
    complaint = Complaint.objects.get()
    assert complaint.agency == region.dlh and complaint.status == "dispatched"
    assert complaint.handed_at == T0 + timedelta(minutes=30)
    event = complaint.events.get(kind=EventKind.MAYOR_TAG)
    assert event.data["from_agency"] == "dinas-pupr" and event.data["to_agency"] == "dinas-lh"
    assert event.data["via"] == "mayor_tag"
    # DLH's reply now counts, from the hand-off.
    _official_reply(client, region, parent=first, minutes=50, account=region.dlh_x, text="@warga_bkl siap")
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        run_items()
    complaint.refresh_from_db()
    assert complaint.first_response_at == T0 + timedelta(minutes=50)
    assert complaint.first_response_calendar_minutes == 20  # from the hand-off at 09.35 WIB


# --- The head's answer on WhatsApp ------------------------------------------------------------

def _head_reply(client, *, wamid, context, extra, at):
    payload = whatsapp_payload(wamid=wamid, text="", wa_id="6281299990000", timestamp=int(at.timestamp()),
                               name="Kadis PUPR", extra={**extra, "context": {"id": context}})
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message.pop("text", None)
    return post_meta(client, payload)


@pytest.mark.parametrize("kind", ["interactive", "button"])
def test_the_heads_button_reply_is_the_acknowledgment_once(client, region, platform, run_items, kind,
                                                           django_capture_on_commit_callbacks):
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    complaint = Complaint.objects.get()
    wamid = complaint.dispatches.get(channel=Channel.WHATSAPP).external_id
    extra = ({"type": "interactive", "interactive": {"type": "button_reply", "button_reply": {
        "id": f"ACK:{complaint.number}", "title": tagging.BUTTON_ACK}}} if kind == "interactive" else
        {"type": "button", "button": {"payload": f"ACK:{complaint.number}", "text": tagging.BUTTON_ACK}})
    at = T0 + timedelta(minutes=47)
    for _ in range(3):  # WhatsApp delivers again when unsure
        assert _head_reply(client, wamid="wamid.HEAD1", context=wamid, extra=extra, at=at).status_code == 200
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        run_items()
    complaint.refresh_from_db()
    assert complaint.head_ack_at == at
    assert complaint.status == "in_progress"
    assert complaint.first_response_at is None  # the public response is apart
    assert complaint.events.filter(kind=EventKind.ACK).count() == 1
    assert Complaint.objects.count() == 1


def test_bukan_wewenang_from_the_head_sends_it_back_to_triage(client, region, platform, run_items,
                                                             django_capture_on_commit_callbacks):
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    complaint = Complaint.objects.get()
    wamid = complaint.dispatches.get(channel=Channel.WHATSAPP).external_id
    extra = {"type": "button", "button": {"payload": f"NOTMINE:{complaint.number}", "text": tagging.BUTTON_NOT_OURS}}
    _head_reply(client, wamid="wamid.HEAD2", context=wamid, extra=extra, at=T0 + timedelta(minutes=5))
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        run_items()
    complaint.refresh_from_db()
    assert complaint.status == "triage" and complaint.agency is None
    assert complaint.events.filter(kind=EventKind.TRIAGED, summary__contains="bukan wewenang").exists()


def test_a_heads_text_without_context_answers_the_latest_open_tag(client, region, platform, run_items,
                                                                  django_capture_on_commit_callbacks):
    _mention(client, region)
    with django_capture_on_commit_callbacks(execute=True):
        _run(run_items)
    post_meta(client, whatsapp_payload(wamid="wamid.HEAD3", text="Baik, segera kami tangani", wa_id="6281299990000",
                                       timestamp=int((T0 + timedelta(minutes=9)).timestamp())))
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        run_items()
    complaint = Complaint.objects.get()
    assert complaint.head_ack_at == T0 + timedelta(minutes=9)
    assert "Baik, segera kami tangani" in complaint.events.get(kind=EventKind.ACK).summary


# --- The API ----------------------------------------------------------------------------------

def _complaint(client, region, run_items):
    _mention(client, region)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        run_items()
    return Complaint.objects.get()


def test_replies_api_gates(client, client_for, region, platform, run_items, leader, outsider):
    complaint = _complaint(client, region, run_items)
    url = f"/api/v1/complaints/{complaint.number}/replies/"
    assert client.post(url, {"text": "halo"}).status_code in (401, 403)
    assert client_for(outsider).post(url, {"text": "halo"}).status_code == 404
    dlh_staff = MembershipFactory(agency=region.dlh, role=Role.STAFF).user
    assert client_for(dlh_staff).post(url, {"text": "halo"}).status_code == 404  # not their complaint
    assert client_for(leader).post(url, {"text": "halo"}).status_code == 403  # reads, does not reply
    assert client_for(leader).get(url).status_code == 405


def test_a_reply_from_the_portal_is_posted_once_and_is_the_first_response(client, client_for, region, platform,
                                                                         run_items,
                                                                         django_capture_on_commit_callbacks):
    complaint = _complaint(client, region, run_items)
    staff = MembershipFactory(agency=region.pupr, role=Role.STAFF).user
    api = client_for(staff)
    url = f"/api/v1/complaints/{complaint.number}/replies/"
    with time_machine.travel(T0 + timedelta(minutes=30), tick=False), django_capture_on_commit_callbacks(execute=True):
        first = api.post(url, {"text": "Baik, tim kami cek hari ini."}, HTTP_IDEMPOTENCY_KEY="k-1",
                         content_type="application/json")
        again = api.post(url, {"text": "Baik, tim kami cek hari ini."}, HTTP_IDEMPOTENCY_KEY="k-1",
                         content_type="application/json")
    assert first.status_code == 202 and first.json()["status"] == "pending"  # sent by the worker
    assert again.json()["id"] == first.json()["id"]
    dispatch = Dispatch.objects.get(pk=first.json()["id"])
    assert dispatch.status == DispatchStatus.SENT and dispatch.requested_by == staff
    replies = [p for p in platform.posted if "tim kami" in p[1]]
    assert len(replies) == 1
    complaint.refresh_from_db()
    assert complaint.first_response_at is not None and complaint.status == "in_progress"
    reply = Message.objects.get(external_id=dispatch.external_id)
    assert not reply.by_sigap and reply.author_user == staff
    assert complaint.events.filter(kind=EventKind.REPLY_SENT).exists()


def test_a_reply_that_is_too_long_or_empty_is_refused_clearly(client, client_for, region, platform, run_items):
    complaint = _complaint(client, region, run_items)
    staff = MembershipFactory(agency=region.pupr, role=Role.STAFF).user
    url = f"/api/v1/complaints/{complaint.number}/replies/"
    response = client_for(staff).post(url, {"text": "x" * 281}, content_type="application/json")
    assert response.status_code == 400 and "281 dari 280" in response.json()["text"][0]
    assert client_for(staff).post(url, {"text": "   "}, content_type="application/json").status_code == 400
    assert not Dispatch.objects.filter(purpose=Purpose.REPLY).exists()


def test_handoff_api_for_leaders_and_comms_only(client, client_for, region, platform, run_items, leader, comms,
                                                outsider):
    complaint = _complaint(client, region, run_items)
    url = f"/api/v1/complaints/{complaint.number}/handoff/"
    body = {"agency": "dinas-lh", "reason": "soal sampah di saluran"}
    staff = MembershipFactory(agency=region.pupr, role=Role.STAFF).user
    assert client.post(url, body).status_code in (401, 403)
    assert client_for(outsider).post(url, body).status_code == 404
    assert client_for(staff).post(url, body, content_type="application/json").status_code == 403
    response = client_for(leader).post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["agency"] == "dinas-lh"
    event = Complaint.objects.get().events.get(kind=EventKind.HANDED_OFF)
    assert event.actor == leader and event.data["via"] == "leader"
    assert client_for(comms).post(url, body, content_type="application/json").status_code == 400  # already there


def test_not_ours_api_for_the_agency(client, client_for, region, platform, run_items, leader):
    complaint = _complaint(client, region, run_items)
    url = f"/api/v1/complaints/{complaint.number}/not-ours/"
    assert client_for(leader).post(url, {"reason": "x"}, content_type="application/json").status_code == 403
    head = Membership.objects.get(agency=region.pupr, role=Role.HEAD).user
    response = client_for(head).post(url, {"reason": "ini soal PLN"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "triage"
    UserFactory()  # nothing else changes


# --- Escalation -------------------------------------------------------------------------------

def _tagged(client, region, run_items, django_capture_on_commit_callbacks, *, at=T0):
    _mention(client, region, at=at)
    with time_machine.travel(at + timedelta(minutes=1), tick=False), django_capture_on_commit_callbacks(execute=True):
        run_items()
    return Complaint.objects.get()


def _round(at, django_capture_on_commit_callbacks):
    from complaints.escalation import escalation_round

    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        return escalation_round()


def test_reminders_at_half_and_at_the_target_then_the_mayors_office_once(
        client, region, platform, run_items, leader, django_capture_on_commit_callbacks):
    complaint = _tagged(client, region, run_items, django_capture_on_commit_callbacks)
    assert complaint.due_at == T0 + timedelta(minutes=60)  # Monday 09.05 + 60 working minutes
    sent_before = len(FakeWhatsApp.sent)
    assert _round(T0 + timedelta(minutes=29), django_capture_on_commit_callbacks) == {}
    assert _round(T0 + timedelta(minutes=31), django_capture_on_commit_callbacks) == {"reminder_half": 1}
    assert _round(T0 + timedelta(minutes=45), django_capture_on_commit_callbacks) == {}  # never twice
    assert _round(T0 + timedelta(minutes=61), django_capture_on_commit_callbacks) == {
        "overdue": 1, "reminder_due": 1}
    assert _round(T0 + timedelta(minutes=90), django_capture_on_commit_callbacks) == {}
    reminders = complaint.dispatches.filter(purpose__in=["reminder_half", "reminder_due"])
    assert set(reminders.values_list("channel", flat=True)) == {"portal", "email", "whatsapp"}
    assert len(FakeWhatsApp.sent) == sent_before + 2
    assert all(s["template"] == "sigap_pengingat" for s in FakeWhatsApp.sent[sent_before:])
    assert Notification.objects.filter(user=leader, kind="overdue", complaint=complaint).count() == 1
    assert complaint.events.filter(kind=EventKind.ESCALATED).count() == 1
    # Each send is on the timeline: portal, e-mail and WhatsApp, twice, at the round's time.
    reminded = complaint.events.filter(kind=EventKind.REMINDED)
    assert reminded.count() == 6
    assert sorted({e.at for e in reminded}) == [T0 + timedelta(minutes=31), T0 + timedelta(minutes=61)]
    staff_reminders = Notification.objects.filter(kind="reminder", complaint=complaint)
    assert staff_reminders.count() == 2  # the head (the only member), twice


def test_a_tag_planned_while_the_broker_failed_is_sent_by_the_next_round(
        client, region, platform, run_items, monkeypatch, django_capture_on_commit_callbacks):
    from complaints import tasks

    # The plan commits, then queuing each send fails (a broker blip): the dispatches stay
    # pending and untried.
    with monkeypatch.context() as blip:
        blip.setattr(tasks.send_dispatch, "delay", lambda *a, **k: (_ for _ in ()).throw(OSError("broker")))
        complaint = _tagged(client, region, run_items, django_capture_on_commit_callbacks)
    assert complaint.dispatches.filter(status="pending", attempts=0).count() == 4
    # Not before ten minutes (a fresh plan's messages may still be on their way), then once.
    assert _round(T0 + timedelta(minutes=5), django_capture_on_commit_callbacks) == {}
    assert _round(T0 + timedelta(minutes=12), django_capture_on_commit_callbacks) == {"requeued": 4}
    assert not complaint.dispatches.filter(status="pending").exists()
    assert len(platform.posted) == 1 and len(FakeWhatsApp.sent) == 1
    assert _round(T0 + timedelta(minutes=20), django_capture_on_commit_callbacks) == {}


def test_no_reminder_once_the_agency_answered(client, region, platform, run_items, django_capture_on_commit_callbacks):
    complaint = _tagged(client, region, run_items, django_capture_on_commit_callbacks)
    _official_reply(client, region, parent=complaint.external_id, minutes=20)
    with time_machine.travel(T0 + timedelta(minutes=21), tick=False):
        run_items()
    assert _round(T0 + timedelta(hours=3), django_capture_on_commit_callbacks) == {}


def test_no_reminder_on_a_day_off_it_goes_out_on_the_next_working_day(
        client, region, platform, run_items, django_capture_on_commit_callbacks):
    friday = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # Friday 16.00 WIB: 30 minutes left that day
    complaint = _tagged(client, region, run_items, django_capture_on_commit_callbacks, at=friday)
    assert complaint.due_at == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # Monday 08.00 WIB
    saturday = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # half passed Friday 16.30, but it is Saturday
    assert _round(saturday, django_capture_on_commit_callbacks) == {}
    monday = datetime(2026, 11, 23, 0, 40, tzinfo=UTC)  # Monday 07.40 WIB
    assert _round(monday, django_capture_on_commit_callbacks) == {"reminder_half": 1}


def test_the_daily_digest_goes_once_a_working_day_to_the_leaders(
        client, region, platform, run_items, leader, django_capture_on_commit_callbacks):
    from complaints.escalation import digest_send

    leader.phone = "+6281211112222"
    leader.save()
    _tagged(client, region, run_items, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    tuesday_7 = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # Tuesday 07.00 WIB
    with time_machine.travel(tuesday_7, tick=False):
        assert digest_send() == 1
        assert digest_send() == -1  # once a day
    (digest,) = mail.outbox
    assert digest.to == [leader.email] and "1 aduan terlambat" in digest.subject
    assert "Dinas PUPR: 1" in digest.body
    assert FakeWhatsApp.sent[-1]["template"] == "sigap_ringkasan_harian"
    with time_machine.travel(datetime(2026, 12, 25, 0, 0, tzinfo=UTC), tick=False):  # Christmas
        assert digest_send() == -1
