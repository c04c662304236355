"""WhatsApp Cloud API, the sending side: `POST {WHATSAPP_API_BASE_URL}/{phone-number-id}/messages`
with the region's system-user token. What comes in (messages, button presses, statuses) is
parsed with the other Meta webhooks in `platforms/connectors/meta.py`.

Two kinds of message matter here:
- free text (and interactive reply buttons), allowed only within 24 hours of the person's last
  message to our number: answers to citizens who wrote to us;
- approved templates, allowed any time: the tag to an agency head, who has usually not written
  to us in the last 24 hours, with quick-reply buttons whose payloads come back in the webhook
  (`"type": "button", "button": {"payload", "text"}`, `context.id` = the template's wamid).

The Cloud API has no endpoint to read what we sent: `find_own_reply` is always None (see there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone

from platforms.connectors.base import (
    HTTP_TIMEOUT,
    PlatformError,
    RateLimited,
    Refused,
    Sent,
    TokenInvalid,
    Transient,
    require_token,
    send_request,
    stored_item,
    uncertain_if_transient,
)

PLATFORM = "whatsapp"
MAX_TEXT_LENGTH = 4096
#: Interactive reply buttons: at most 3, titles at most 20 characters, ids at most 256.
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_BUTTON_ID = 256
#: Quick-reply buttons of a template are limited the same way here: 20 characters shows
#: whole on every phone (Meta accepts 25 in a template, the interactive limit is 20).
MAX_TEMPLATE_BUTTON_TEXT = 20
TEMPLATE_NAME_RE = re.compile(r"^[a-z0-9_]{1,512}$")

#: Error codes (PLATFORMS.md, Meta's error code list): waiting helps for these, in seconds.
THROTTLED = {4: 60.0, 80007: 300.0, 130429: 60.0, 131056: 60.0, 131048: 3600.0}
#: Meta's side failed for now: try again.
TEMPORARY = {1, 2, 131000, 131016}
#: Everything else is permanent, among them 131047 (outside the 24-hour window: send a
#: template), 131026 (undeliverable), 132000 (parameter count), 132001 (template not approved
#: or not in that language), 132005/132007/132012/132015/132016/132018 (template content or
#: state), 10 and 200-299 (permission), 368 (account restricted).


@dataclass(frozen=True)
class TemplateSpec:
    """A message template as it must be registered (and approved) in the WhatsApp Manager.
    Sending only names it; the body and buttons here are what the operator submits, what
    the fake platform approves, and what the tests check."""

    name: str
    body: str  # with {{1}}, {{2}}, ... placeholders
    buttons: tuple[str, ...] = ()  # quick-reply button texts, in order
    language: str = "id"
    category: str = "UTILITY"

    def __post_init__(self) -> None:
        if not TEMPLATE_NAME_RE.match(self.name):
            raise ValueError(f"template name {self.name!r}: lowercase letters, digits and _ only")
        for text in self.buttons:
            if not text.strip() or len(text) > MAX_TEMPLATE_BUTTON_TEXT:
                raise ValueError(f"button {text!r} of {self.name}: 1 to {MAX_TEMPLATE_BUTTON_TEXT} characters")
        if len(self.buttons) > MAX_BUTTONS:
            raise ValueError(f"{self.name}: at most {MAX_BUTTONS} quick-reply buttons")
        numbers = sorted({int(n) for n in re.findall(r"\{\{(\d+)\}\}", self.body)})
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"{self.name}: placeholders must be {{{{1}}}}..{{{{n}}}} without gaps")

    @property
    def params(self) -> int:
        return len(set(re.findall(r"\{\{(\d+)\}\}", self.body)))

    def render(self, params: list[str]) -> str:
        return re.sub(r"\{\{(\d+)\}\}", lambda m: params[int(m.group(1)) - 1] if int(m.group(1)) <= len(params)
                      else m.group(0), self.body)


HEAD_BUTTONS = ("Siap, tindak lanjuti", "Bukan wewenang kami")


def sigap_templates() -> dict[str, TemplateSpec]:
    """The templates Sigap sends, by the names the settings give them."""
    tag = getattr(settings, "SIGAP_WHATSAPP_TAG_TEMPLATE", "sigap_tag_kepala")
    reminder = getattr(settings, "SIGAP_WHATSAPP_REMINDER_TEMPLATE", "sigap_pengingat")
    digest = getattr(settings, "SIGAP_WHATSAPP_DIGEST_TEMPLATE", "sigap_ringkasan_harian")
    specs = [
        TemplateSpec(tag, "Aduan warga {{1}} untuk {{2}}:\n\n\u201c{{3}}\u201d\n\n"
                          "Mohon segera ditindaklanjuti. Jawab dengan tombol di bawah.", HEAD_BUTTONS),
        TemplateSpec(reminder, "Pengingat: aduan {{1}} untuk {{2}} belum ditanggapi.\n\n\u201c{{3}}\u201d",
                     HEAD_BUTTONS),
        TemplateSpec(digest, "Ringkasan Sigap {{1}}: {{2}} aduan melewati batas tanggapan pertama. "
                             "Terbanyak: {{3}}."),
    ]
    return {spec.name: spec for spec in specs}


def recipient(number: str) -> str:
    """A phone number as the Cloud API's `to` wants it: digits with the country code
    (+62 812-3456-7890, 0812…, 62812… all give 62812…)."""
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if len(digits) < 8:
        raise Refused(f"not a phone number: {number!r}")
    return digits


def template_param(value: str) -> str:
    """A body parameter: Meta refuses newlines, tabs and runs of spaces in one (132018) and
    empty ones, so whitespace is folded and an empty value refused."""
    folded = " ".join(str(value).split())
    if not folded:
        raise Refused("empty template parameter")
    return folded


def whatsapp_error(response: httpx.Response) -> PlatformError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    data = error.get("error_data")
    details = str(data.get("details") or "") if isinstance(data, dict) else str(data or "")
    message = f"({code}) {details or error.get('message') or f'HTTP {response.status_code}'}"[:300]
    if code == 190 or response.status_code == 401:
        return TokenInvalid(message)
    if code in THROTTLED or response.status_code == 429:
        return RateLimited(THROTTLED.get(code, 60.0), message)
    if code in TEMPORARY or response.status_code >= 500:
        return Transient(message)
    return Refused(message)


class WhatsAppConnector:
    platform = PLATFORM

    def __init__(self, client: httpx.Client | None = None) -> None:
        self.client = client or httpx.Client(base_url=settings.WHATSAPP_API_BASE_URL, timeout=HTTP_TIMEOUT)

    def reply(self, account: Any, *, in_reply_to: str, text: str) -> Sent:
        """Answer a citizen's WhatsApp message: a text message quoting it (`context`), to the
        number that sent it as intake stored it. Outside the 24-hour window WhatsApp refuses
        (131047): Refused, a task for a person."""
        require_token(account)
        item = stored_item(PLATFORM, in_reply_to)
        number = (item.author_handle or item.extra.get("wa_id") or "") if item is not None else ""
        if not number:
            raise Refused(f"sender of {in_reply_to} unknown: not in the raw store")
        return self.send_text(account, to=str(number), text=text, context_id=in_reply_to)

    def send_text(self, account: Any, *, to: str, text: str, context_id: str = "") -> Sent:
        """Free text (within 24 hours of the person's last message), optionally as an answer
        to one of their messages (`context.message_id`)."""
        require_token(account)
        if not text.strip():
            raise Refused("empty text")
        if len(text) > MAX_TEXT_LENGTH:
            raise Refused(f"too long for WhatsApp: {len(text)} of {MAX_TEXT_LENGTH} characters")
        body: dict[str, Any] = {"type": "text", "text": {"body": text, "preview_url": False}}
        if context_id:
            body["context"] = {"message_id": context_id}
        return self._send(account, to, body)

    def send_buttons(self, account: Any, *, to: str, text: str, buttons: list[tuple[str, str]],
                     context_id: str = "") -> Sent:
        """Free text with up to 3 reply buttons, (id, title) each, within the 24-hour window;
        the press comes back as `interactive.button_reply` with that id and title."""
        require_token(account)
        if not text.strip() or len(text) > 1024:
            raise Refused("interactive body: 1 to 1024 characters")
        if not 1 <= len(buttons) <= MAX_BUTTONS:
            raise Refused(f"1 to {MAX_BUTTONS} buttons")
        for button_id, title in buttons:
            if not title.strip() or len(title) > MAX_BUTTON_TITLE:
                raise Refused(f"button title {title!r}: 1 to {MAX_BUTTON_TITLE} characters")
            if not button_id or len(button_id) > MAX_BUTTON_ID:
                raise Refused(f"button id {button_id!r}: 1 to {MAX_BUTTON_ID} characters")
        body: dict[str, Any] = {"type": "interactive", "interactive": {
            "type": "button", "body": {"text": text},
            "action": {"buttons": [{"type": "reply", "reply": {"id": i, "title": t}} for i, t in buttons]},
        }}
        if context_id:
            body["context"] = {"message_id": context_id}
        return self._send(account, to, body)

    def send_template(self, account: Any, *, to: str, template: str, language: str = "id",
                      body_params: list[str], button_payloads: list[str]) -> Sent:
        """An approved template (allowed outside the 24-hour window): body parameters in
        order, and one payload per quick-reply button (index 0, 1, ...), returned in the
        webhook when the button is pressed. Checked before the call against what Sigap
        registers (`sigap_templates`); other names are sent as given."""
        require_token(account)
        if not TEMPLATE_NAME_RE.match(template):
            raise Refused(f"not a template name: {template!r}")
        params = [template_param(p) for p in body_params]
        if any(not payload or len(payload) > MAX_BUTTON_ID for payload in button_payloads):
            raise Refused(f"button payloads: 1 to {MAX_BUTTON_ID} characters each")
        spec = sigap_templates().get(template)
        if spec is not None:
            if len(params) != spec.params:
                raise Refused(f"{template} takes {spec.params} body parameters, not {len(params)}")
            if len(button_payloads) > len(spec.buttons):
                raise Refused(f"{template} has {len(spec.buttons)} quick-reply buttons")
        components: list[dict[str, Any]] = []
        if params:
            components.append({"type": "body", "parameters": [{"type": "text", "text": p} for p in params]})
        components += [
            {"type": "button", "sub_type": "quick_reply", "index": str(index),
             "parameters": [{"type": "payload", "payload": payload}]}
            for index, payload in enumerate(button_payloads)
        ]
        body: dict[str, Any] = {"type": "template", "template": {"name": template, "language": {"code": language}}}
        if components:
            body["template"]["components"] = components
        return self._send(account, to, body)

    def find_own_reply(self, account: Any, *, in_reply_to: str, contains: str) -> None:
        """Always None: the Cloud API has no endpoint that lists or looks up messages a business
        sent. What we sent is known only by the wamid the send returned and the status webhooks
        that follow it; after a timeout there is nothing to ask. A retry may then deliver a
        private message twice to one person, which the caller may accept (a public reply
        posted twice would not be)."""
        return None

    def _send(self, account: Any, to: str, message: dict[str, Any]) -> Sent:
        token = require_token(account)
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": recipient(to), **message}
        response = send_request(self.client, "POST", f"/{account.external_id}/messages", json=payload,
                                headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 200:
            raise uncertain_if_transient(whatsapp_error(response))
        try:
            messages = (response.json() or {}).get("messages") or []
        except ValueError:
            messages = []
        wamid = str(messages[0].get("id") or "") if messages and isinstance(messages[0], dict) else ""
        if not wamid:
            raise Refused("no message id in the answer")
        return Sent(external_id=wamid, posted_at=timezone.now())
