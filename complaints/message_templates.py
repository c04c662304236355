"""The communications office edits the Indonesian wording of what Sigap sends (the public tag
reply, the e-mail and WhatsApp tags, reminders, the overdue notice), with a preview rendered
for a sample complaint; unknown placeholders are refused, and the public reply must fit X's
280 characters with the longest agency handle. Changes are in the audit log."""

from __future__ import annotations

import string
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.decorators import portal_view
from agencies.models import OfficialAccount
from complaints.models import MessageTemplate, TemplateKey
from complaints.tagging import DEFAULT_TEMPLATES, REPLY_LIMITS

PLACEHOLDERS = ("number", "agency", "agency_handle", "head", "head_handle", "mentions", "excerpt", "url",
                "original", "due", "received", "platform", "author", "kind")
SAMPLE = {
    "number": "SGP-2026-000123", "agency": "Dinas PUPR", "agency_handle": "@dinaspupr_bkl",
    "head": "Ir. Hendra Fiktif, M.T.", "head_handle": "@kadis_pupr", "mentions": "@dinaspupr_bkl @kadis_pupr",
    "excerpt": "Jalan berlubang di depan SDN 12, sudah dua minggu belum ditambal.",
    "url": "https://sigap.example.go.id/complaints/SGP-2026-000123/", "original": "https://x.com/warga/status/1",
    "due": "23-11-2026 15.05 WIB", "received": "23-11-2026 14.05 WIB", "platform": "X", "author": "@warga_bkl",
    "kind": "aduan",
}

comms_required = portal_view(allow=lambda r: r.registrar, forbid=lambda r: r.has_any)


def placeholders_in(text: str) -> list[str]:
    try:
        return [name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise forms.ValidationError(_("The text has an unmatched brace: %(error)s") % {"error": exc}) from exc


def longest_mentions() -> str:
    """The longest @agency @head pair on X, for the length check of the public reply."""
    handles = sorted(OfficialAccount.objects.filter(platform="x").values_list("handle", flat=True), key=len)
    agency = "@" + (handles[-1] if handles else "x" * 15)
    return f"{agency} @{'x' * 15}"


class MessageTemplateForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=4000)

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key = key

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        unknown = sorted({n for n in placeholders_in(text) if n not in PLACEHOLDERS})
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholder %(names)s. Use: %(known)s.") % {
                    "names": ", ".join("{" + n + "}" for n in unknown),
                    "known": ", ".join("{" + n + "}" for n in PLACEHOLDERS)})
        if self.key == TemplateKey.PUBLIC_TAG:
            if "{number}" not in text:
                raise forms.ValidationError(_("The public reply must carry {number}: two replies are never identical."))
            rendered = text.format(**{**SAMPLE, "mentions": longest_mentions()})
            if len(rendered) > REPLY_LIMITS["x"]:
                raise forms.ValidationError(
                    _("With the longest agency handle the reply is %(n)d characters; X allows %(limit)d.") % {
                        "n": len(rendered), "limit": REPLY_LIMITS["x"]})
        return text


def _preview(text: str) -> str:
    try:
        return text.format(**SAMPLE)
    except (KeyError, IndexError, ValueError):
        return ""


@comms_required
def template_list(request: HttpRequest) -> HttpResponse:
    saved = {t.key: t for t in MessageTemplate.objects.all()}
    rows = []
    for key, label in TemplateKey.choices:
        text = saved[key].text if key in saved else str(DEFAULT_TEMPLATES[key])
        rows.append({"key": key, "label": label, "text": text, "custom": key in saved,
                     "updated_at": saved[key].updated_at if key in saved else None, "preview": _preview(text)})
    return render(request, "complaints/message_templates.html", {"rows": rows, "placeholders": PLACEHOLDERS})


@comms_required
def template_edit(request: HttpRequest, key: str) -> HttpResponse:
    if key not in TemplateKey.values:
        raise Http404
    row = MessageTemplate.objects.filter(key=key).first()
    current = row.text if row else str(DEFAULT_TEMPLATES[key])
    form = MessageTemplateForm(request.POST or None, key=key, initial={"text": current})
    if request.method == "POST":
        if "reset" in request.POST:
            if row is not None:
                row.delete()
            messages.success(request, _("Back to Sigap's default wording."))
            return redirect("message_templates:list")
        if form.is_valid():
            MessageTemplate.objects.update_or_create(key=key, defaults={"text": form.cleaned_data["text"]})
            messages.success(request, _("Wording saved: it is used from the next message on."))
            return redirect("message_templates:list")
    text = form.data.get("text", current) if form.is_bound else current
    return render(request, "complaints/message_template_form.html", {
        "form": form, "key": key, "label": TemplateKey(key).label, "preview": _preview(text),
        "placeholders": PLACEHOLDERS, "custom": row is not None,
    }, status=400 if form.is_bound and form.errors else 200)


app_name = "message_templates"
urlpatterns = [
    path("", template_list, name="list"),
    path("<str:key>/", template_edit, name="edit"),
]
