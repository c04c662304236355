"""Tagging the agency head on a new complaint, and sending what Sigap sends about a complaint.

`complaint_tag` plans one `Dispatch` per channel — the public reply under the citizen's post,
the e-mail and the WhatsApp template to the head, the portal notifications to the head and
the staff — each unique on its idempotency key (complaint, purpose, channel, agency and the
moment the agency got it): a task that runs twice plans nothing new. `dispatch_send` sends
one dispatch: claimed first (compare-and-set), sent outside any transaction, its outcome
stored with a timeline event. A platform that refuses, or an account without a token, turns
the dispatch into a task for a person at once ("balas manual di X"); 5xx and timeouts are
retried by the task with backoff; a send that timed out after it may have been posted looks
for our own reply on the platform before posting again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from agencies.models import Agency, OfficialAccount, PersonHandle, Platform, display_handle
from complaints import notify
from complaints.models import (
    Channel,
    Complaint,
    Dispatch,
    DispatchStatus,
    EventKind,
    Message,
    MessageTemplate,
    NotificationKind,
    Purpose,
    Status,
    TemplateKey,
)
from complaints.services import timeline_add

logger = logging.getLogger(__name__)

#: Only complaints and questions enter the response clock, and only they are tagged.
MEASURED = ("complaint", "question")
#: A claim older than this is taken to be a worker that died mid-send.
CLAIM_TIMEOUT = timedelta(minutes=5)
#: Transient failures (5xx, timeouts) are retried this many times, then left for a person.
MAX_ATTEMPTS = 6
#: Quick-reply buttons of the head's WhatsApp template (at most 20 characters each).
BUTTON_ACK = "Siap, tindak lanjuti"
BUTTON_NOT_OURS = "Bukan wewenang kami"

DEFAULT_TEMPLATES = {
    TemplateKey.PUBLIC_TAG: "Terima kasih laporannya ({number}). {mentions} mohon segera ditindaklanjuti.",
    TemplateKey.EMAIL_TAG: (
        "Yth. {head},\n\n"
        "Ada {kind} warga untuk {agency} ({number}) yang menunggu tanggapan:\n\n"
        "\u201c{excerpt}\u201d\n\n"
        "Ditulis di {platform} oleh {author}, {received}.\n"
        "Batas tanggapan pertama: {due}.\n\n"
        "Buka di Sigap: {url}\n"
        "Tautan asli: {original}\n"
    ),
    TemplateKey.WHATSAPP_TAG: "{number} · {agency}: {excerpt}",
    TemplateKey.REMINDER: (
        "Pengingat: {kind} {number} untuk {agency} belum ditanggapi. Batas tanggapan pertama: {due}.\n"
        "Buka di Sigap: {url}"
    ),
    TemplateKey.OVERDUE: "{number} ({agency}) melewati batas tanggapan pertama ({due}) dan belum ditanggapi.",
}


def template_text(key: str) -> str:
    row = MessageTemplate.objects.filter(key=key).first()
    return row.text if row else DEFAULT_TEMPLATES[key]


def _wib(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).strftime("%d-%m-%Y %H.%M") + f" {settings.SIGAP_TIME_ZONE_LABEL}"


def complaint_url(complaint: Complaint) -> str:
    try:
        path = reverse("complaints:detail", args=[complaint.number])
    except Exception:  # the workspace page comes with the inbox
        path = f"/api/v1/complaints/{complaint.number}/"
    return settings.SIGAP_SITE_URL.rstrip("/") + path


def head_of(agency: Agency) -> User | None:
    membership = Membership.objects.active().filter(agency=agency, role=Role.HEAD).select_related("user").first()
    if membership is None or not membership.user.is_active:
        return None
    return membership.user


def staff_of(agency: Agency) -> list[User]:
    return [m.user for m in Membership.objects.active().filter(agency=agency).select_related("user")
            if m.user.is_active]


@dataclass
class Wording:
    values: dict[str, str]

    def render(self, key: str) -> str:
        try:
            return template_text(key).format(**self.values)
        except (KeyError, IndexError, ValueError):
            logger.warning("template %s has an unknown placeholder; the default is used", key)
            return DEFAULT_TEMPLATES[key].format(**self.values)


def wording(complaint: Complaint, agency: Agency, *, platform: str | None = None) -> Wording:
    head = head_of(agency)
    platform = platform or complaint.platform
    agency_account = agency.accounts.filter(platform=platform, is_active=True).order_by("pk").first()
    head_handle = ""
    if head is not None and platform not in (Platform.FACEBOOK, Platform.WHATSAPP):
        # Facebook cannot tag a person who has not interacted with the Page: the Page only.
        person = PersonHandle.objects.filter(user=head, platform=platform).first()
        head_handle = display_handle(platform, person.handle) if person else ""
    agency_handle = agency_account.display_handle if agency_account else agency.short_name
    # Under a post on the agency's own account, the account itself replies: it names its head only.
    own_account = complaint.account is not None and complaint.account.agency_id == agency.pk
    mentions = " ".join(h for h in ("" if own_account else agency_handle, head_handle) if h)
    excerpt = complaint.text if len(complaint.text) <= 160 else complaint.text[:157].rstrip() + "…"
    return Wording({
        "number": complaint.number, "agency": agency.short_name, "agency_handle": agency_handle,
        "head": head.full_name if head else agency.short_name, "head_handle": head_handle,
        "mentions": mentions, "excerpt": excerpt, "url": complaint_url(complaint), "original": complaint.url or "-",
        "due": _wib(complaint.due_at), "received": _wib(complaint.received_at),
        "platform": Platform(complaint.platform).label, "author": complaint.author_handle or complaint.author_name,
        "kind": "pertanyaan" if complaint.category == "question" else "aduan",
    })


def region_whatsapp_account() -> OfficialAccount | None:
    """The region's WhatsApp Business number: the hub agency's WhatsApp account."""
    return (
        OfficialAccount.objects.filter(platform=Platform.WHATSAPP, agency__kind="pimpinan", is_active=True)
        .exclude(access_token=None).order_by("pk").first()
    )


def _tag_key(complaint: Complaint, channel: str) -> str:
    stamp = int(complaint.handed_at.timestamp()) if complaint.handed_at else 0
    return f"{complaint.pk}:tag:{channel}:{complaint.agency_id}:{stamp}"


def complaint_tag(*, complaint_id: int) -> list[int]:
    """Plan the tag of the complaint's current agency on every channel (idempotent) and
    return the dispatches still to send."""
    complaint = Complaint.objects.select_related("agency", "account").get(pk=complaint_id)
    agency = complaint.agency
    if agency is None or complaint.category not in MEASURED or complaint.status != Status.DISPATCHED:
        return []
    words = wording(complaint, agency)
    head = head_of(agency)
    planned: list[Dispatch] = []
    with transaction.atomic():
        # The public reply under the citizen's post, from the account the citizen wrote to.
        account = complaint.account
        status, error = DispatchStatus.PENDING, ""
        if not agency.public_tag_enabled:
            status, error = DispatchStatus.SKIPPED, "tag publik dimatikan untuk OPD ini"
        elif not words.values["mentions"]:
            status, error = DispatchStatus.SKIPPED, (
                "ditulis di akun OPD sendiri dan kepala OPD tidak punya akun yang bisa ditandai di platform ini")
        elif account is None or complaint.thread_key.startswith("dm:") or account.platform == Platform.TIKTOK:
            status, error = DispatchStatus.MANUAL, "tidak ada akun yang bisa membalas otomatis"
        elif not account.has_token:
            status, error = DispatchStatus.MANUAL, "akun belum terhubung"
        planned.append(_plan(complaint, Channel.PLATFORM, account=account, address=complaint.author_handle,
                             in_reply_to=complaint.external_id, text=words.render(TemplateKey.PUBLIC_TAG),
                             status=status, error=error))
        # E-mail and WhatsApp to the head.
        if head is None:
            timeline_add(complaint=complaint, kind=EventKind.TAGGED,
                         summary=f"{agency.short_name} belum punya kepala terdaftar: tidak ada surel/WhatsApp",
                         data={"channel": "head", "outcome": "skipped"})
        else:
            planned.append(_plan(complaint, Channel.EMAIL, recipient=head, address=head.email,
                                 text=words.render(TemplateKey.EMAIL_TAG),
                                 status=DispatchStatus.PENDING if head.email else DispatchStatus.SKIPPED,
                                 error="" if head.email else "kepala OPD tidak punya surel"))
            wa = region_whatsapp_account()
            wa_status, wa_error = DispatchStatus.PENDING, ""
            if not head.phone:
                wa_status, wa_error = DispatchStatus.SKIPPED, "kepala OPD tidak punya nomor WhatsApp"
            elif wa is None:
                wa_status, wa_error = DispatchStatus.MANUAL, "nomor WhatsApp Business daerah belum terhubung"
            planned.append(_plan(complaint, Channel.WHATSAPP, account=wa, recipient=head, address=head.phone,
                                 text=words.render(TemplateKey.WHATSAPP_TAG), status=wa_status, error=wa_error))
        # In the portal: the head and the agency's staff, at once.
        portal = _plan(complaint, Channel.PORTAL, text=f"{complaint.number}: {words.values['excerpt']}",
                       status=DispatchStatus.PENDING)
        planned.append(portal)
    return [d.pk for d in planned if d.status == DispatchStatus.PENDING]


def _plan(complaint: Complaint, channel: str, *, status: str, error: str = "", **fields: object) -> Dispatch:
    dispatch, created = Dispatch.objects.get_or_create(
        key=_tag_key(complaint, channel),
        defaults={"complaint": complaint, "purpose": Purpose.TAG, "channel": channel, "status": status,
                  "error": error, **fields},
    )
    if created and status in (DispatchStatus.MANUAL, DispatchStatus.SKIPPED):
        _record_outcome(dispatch)
    return dispatch


# --- Sending -----------------------------------------------------------------------------

class RetryLater(Exception):
    """A transient failure: the task retries with backoff."""

    def __init__(self, message: str, countdown: float | None = None) -> None:
        super().__init__(message)
        self.countdown = countdown


def dispatch_claim(dispatch_id: int) -> bool:
    now = timezone.now()
    from django.db.models import F

    return bool(
        Dispatch.objects.filter(pk=dispatch_id, status=DispatchStatus.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


def dispatch_send(*, dispatch_id: int) -> str:
    """Send one dispatch; returns its status afterwards. Safe to call twice: a dispatch that
    is sent, manual or claimed by another worker is left alone."""
    if not dispatch_claim(dispatch_id):
        return "skipped"
    dispatch = Dispatch.objects.select_related("complaint__agency", "account", "recipient").get(pk=dispatch_id)
    try:
        if dispatch.channel == Channel.PORTAL:
            _send_portal(dispatch)
        elif dispatch.channel == Channel.EMAIL:
            _send_email(dispatch)
        elif dispatch.channel == Channel.WHATSAPP:
            _send_whatsapp(dispatch)
        else:
            _send_platform(dispatch)
    except RetryLater as exc:
        if dispatch.attempts >= MAX_ATTEMPTS:
            _finish(dispatch, status=DispatchStatus.MANUAL, error=f"gagal {dispatch.attempts} kali: {exc}")
            return DispatchStatus.MANUAL
        Dispatch.objects.filter(pk=dispatch.pk).update(claimed_at=None, error=str(exc)[:500])
        raise
    return Dispatch.objects.values_list("status", flat=True).get(pk=dispatch.pk)


def _finish(dispatch: Dispatch, *, status: str, error: str = "", external_id: str = "",
            sent_at: datetime | None = None, message: Message | None = None) -> None:
    with transaction.atomic():
        updated = Dispatch.objects.filter(pk=dispatch.pk, status=DispatchStatus.PENDING).update(
            status=status, error=error[:500], external_id=external_id, sent_at=sent_at, claimed_at=None,
            uncertain=False,
        )
        if not updated:
            return
        dispatch.refresh_from_db()
        _record_outcome(dispatch)


def _record_outcome(dispatch: Dispatch) -> None:
    """The timeline event of a send, and a task for the agency's people when a person must act."""
    complaint = dispatch.complaint
    channel = Channel(dispatch.channel).label
    if dispatch.status == DispatchStatus.SENT:
        summary = f"{channel}: terkirim" + (f" ke {dispatch.address}" if dispatch.address else "")
    elif dispatch.status == DispatchStatus.MANUAL:
        where = Platform(dispatch.account.platform).label if dispatch.account else channel
        summary = f"{channel}: perlu dikerjakan manual ({dispatch.error}) — balas manual di {where}"
    else:
        summary = f"{channel}: tidak dikirim ({dispatch.error})"
    kind = EventKind.TAGGED if dispatch.purpose == Purpose.TAG else (
        EventKind.REPLY_SENT if dispatch.purpose == Purpose.REPLY else EventKind.REMINDED)
    timeline_add(complaint=complaint, kind=kind, summary=summary, actor=dispatch.requested_by,
                 data={"channel": dispatch.channel, "purpose": dispatch.purpose, "outcome": dispatch.status,
                       "dispatch": dispatch.pk, "external_id": dispatch.external_id})
    if dispatch.status == DispatchStatus.MANUAL and complaint.agency_id:
        for user in staff_of(complaint.agency):
            notify.notify(user=user, kind=NotificationKind.MANUAL, complaint=complaint,
                          key=f"manual:{dispatch.pk}:{user.pk}", text=f"{complaint.number}: {summary}")


def _send_portal(dispatch: Dispatch) -> None:
    complaint = dispatch.complaint
    agency = complaint.agency
    kind = NotificationKind.TAG if dispatch.purpose == Purpose.TAG else NotificationKind.REMINDER
    if agency is not None:
        for user in staff_of(agency):
            notify.notify(user=user, kind=kind, complaint=complaint, key=f"{dispatch.purpose}:{dispatch.pk}:{user.pk}",
                          text=dispatch.text)
    _finish(dispatch, status=DispatchStatus.SENT, sent_at=timezone.now())


def _send_email(dispatch: Dispatch) -> None:
    complaint = dispatch.complaint
    subject_kind = "Pengingat" if dispatch.purpose != Purpose.TAG else "Aduan baru"
    subject = f"[Sigap] {subject_kind} {complaint.number} untuk {complaint.agency.short_name if complaint.agency else '-'}"
    try:
        send_mail(subject, dispatch.text, None, [dispatch.address], fail_silently=False)
    except OSError as exc:  # SMTP down: retried
        raise RetryLater(f"surel gagal: {exc.__class__.__name__}") from exc
    _finish(dispatch, status=DispatchStatus.SENT, sent_at=timezone.now())


def _send_whatsapp(dispatch: Dispatch) -> None:
    from platforms.connectors.base import (
        PlatformError,
        RateLimited,
        Refused,
        TokenInvalid,
        Transient,
    )
    from platforms.connectors.whatsapp import WhatsAppConnector

    complaint = dispatch.complaint
    account = dispatch.account
    if account is None or not account.has_token:
        _finish(dispatch, status=DispatchStatus.MANUAL, error="nomor WhatsApp Business daerah belum terhubung")
        return
    agency = complaint.agency
    try:
        sent = WhatsAppConnector().send_template(
            account, to=dispatch.address, language="id",
            template=(settings.SIGAP_WHATSAPP_TAG_TEMPLATE if dispatch.purpose == Purpose.TAG
                      else settings.SIGAP_WHATSAPP_REMINDER_TEMPLATE),
            body_params=[complaint.number, agency.short_name if agency else "-", _excerpt(complaint.text, 200)],
            button_payloads=[f"ACK:{complaint.number}", f"NOTMINE:{complaint.number}"],
        )
    except RateLimited as exc:
        raise RetryLater("WhatsApp membatasi pengiriman", countdown=exc.retry_after) from exc
    except Transient as exc:
        # No lookup exists for WhatsApp: a timeout after sending may mean the head gets it
        # twice; rare, and better than not at all.
        raise RetryLater(f"WhatsApp: {exc}") from exc
    except TokenInvalid as exc:
        from platforms.polling import account_needs_attention

        account_needs_attention(account, f"access expired or revoked: {exc}")
        _finish(dispatch, status=DispatchStatus.MANUAL, error="token WhatsApp kedaluwarsa")
        return
    except (Refused, PlatformError) as exc:
        _finish(dispatch, status=DispatchStatus.MANUAL, error=f"WhatsApp menolak: {exc}")
        return
    _finish(dispatch, status=DispatchStatus.SENT, external_id=sent.external_id, sent_at=sent.posted_at)


def _excerpt(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _send_platform(dispatch: Dispatch) -> None:
    from platforms.connectors.base import (
        RateLimited,
        Refused,
        SendUncertain,
        TokenInvalid,
        Transient,
    )
    from platforms.connectors.registry import outbound_connector_for

    account = dispatch.account
    connector = outbound_connector_for(account.platform) if account else None
    if account is None or connector is None:
        _finish(dispatch, status=DispatchStatus.MANUAL, error="platform ini tidak bisa dibalas otomatis")
        return
    if not account.has_token:
        _finish(dispatch, status=DispatchStatus.MANUAL, error="akun belum terhubung")
        return
    complaint = dispatch.complaint
    try:
        sent = None
        if dispatch.uncertain:
            # The last try timed out after sending: the reply may be there already.
            sent = connector.find_own_reply(account, in_reply_to=dispatch.in_reply_to, contains=complaint.number)
        if sent is None:
            sent = connector.reply(account, in_reply_to=dispatch.in_reply_to, text=dispatch.text)
    except SendUncertain as exc:
        Dispatch.objects.filter(pk=dispatch.pk).update(uncertain=True)
        raise RetryLater(f"{account.get_platform_display()}: tidak pasti terkirim ({exc})") from exc
    except RateLimited as exc:
        raise RetryLater("dibatasi platform", countdown=exc.retry_after) from exc
    except Transient as exc:
        raise RetryLater(f"{account.get_platform_display()}: {exc}") from exc
    except TokenInvalid as exc:
        from platforms.polling import account_needs_attention

        account_needs_attention(account, f"access expired or revoked: {exc}")
        _finish(dispatch, status=DispatchStatus.MANUAL, error="token akun kedaluwarsa")
        return
    except Refused as exc:
        _finish(dispatch, status=DispatchStatus.MANUAL, error=f"{account.get_platform_display()} menolak: {exc}")
        return
    with transaction.atomic():
        message = _record_our_post(dispatch, sent)
        _finish(dispatch, status=DispatchStatus.SENT, external_id=sent.external_id, sent_at=sent.posted_at,
                message=message)
        if dispatch.purpose == Purpose.REPLY:
            from complaints import responses

            responses.first_response_record(complaint=Complaint.objects.get(pk=complaint.pk), at=sent.posted_at,
                                            by=dispatch.requested_by, via="portal", message=message)


def _record_our_post(dispatch: Dispatch, sent: object) -> Message:
    """What we posted, on the complaint's thread at once (the poller will see it again and
    find it there). Sigap's tag replies are marked: they are never the agency's response."""
    complaint = dispatch.complaint
    message, _created = Message.objects.get_or_create(
        platform=dispatch.account.platform, external_id=sent.external_id,
        defaults={"complaint": complaint, "parent_external_id": dispatch.in_reply_to,
                  "author_id": dispatch.account.external_id or "", "author_handle": dispatch.account.handle,
                  "author_name": dispatch.account.display_name, "text": dispatch.text, "url": sent.url,
                  "posted_at": sent.posted_at, "from_account": dispatch.account, "is_citizen": False,
                  "by_sigap": dispatch.purpose != Purpose.REPLY, "author_user": dispatch.requested_by},
    )
    return message


# --- Replies written in the portal ----------------------------------------------------------

#: What each platform accepts in one reply (X counts weighted characters; a plain count is
#: exact for Indonesian text without emoji or CJK, and errs on the safe side otherwise).
REPLY_LIMITS = {Platform.X: 280, Platform.INSTAGRAM: 2200, Platform.FACEBOOK: 8000, Platform.YOUTUBE: 10000,
                Platform.WHATSAPP: 4096}


class ReplyRefused(Exception):
    """The reply cannot be sent as asked (empty, too long, nobody to reply as)."""


def reply_request(*, complaint: Complaint, user: User, text: str, key: str) -> Dispatch:
    """An agency's reply to the citizen, written in the portal and posted by the agency's own
    account under the citizen's latest message. Idempotent on `key` (the client's
    Idempotency-Key): asking twice posts once."""
    text = text.strip()
    if not text:
        raise ReplyRefused("Balasan tidak boleh kosong.")
    limit = REPLY_LIMITS.get(complaint.platform)
    if limit and len(text) > limit:
        raise ReplyRefused(f"Balasan terlalu panjang untuk {Platform(complaint.platform).label}: "
                           f"{len(text)} dari {limit} karakter.")
    if complaint.agency is None:
        raise ReplyRefused("Aduan ini belum punya OPD.")
    account = (complaint.agency.accounts.filter(platform=complaint.platform, is_active=True)
               .exclude(access_token=None).order_by("pk").first())
    if account is None and complaint.account and complaint.account.agency_id == complaint.agency_id:
        account = complaint.account
    latest = complaint.messages.filter(is_citizen=True).order_by("-posted_at", "-pk").first()
    in_reply_to = latest.external_id if latest else complaint.external_id
    dispatch, created = Dispatch.objects.get_or_create(
        key=f"{complaint.pk}:reply:{key}"[:120],
        defaults={"complaint": complaint, "purpose": Purpose.REPLY, "channel": Channel.PLATFORM,
                  "account": account, "in_reply_to": in_reply_to, "text": text, "requested_by": user,
                  "address": latest.author_handle if latest else complaint.author_handle},
    )
    if created:
        from complaints.tasks import send_dispatch

        if account is None or not account.has_token:
            with transaction.atomic():
                Dispatch.objects.filter(pk=dispatch.pk).update(
                    status=DispatchStatus.MANUAL, error="akun OPD di platform ini belum terhubung")
                dispatch.refresh_from_db()
                _record_outcome(dispatch)
        else:
            transaction.on_commit(lambda: send_dispatch.delay(dispatch.pk))
    return dispatch
