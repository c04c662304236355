"""Webhook endpoints. The order is the contract: size, then the signature over the raw body
(bad or missing: 403, nothing stored), then content type and JSON (4xx, nothing stored),
then the body is stored — also when no registered account matches — and only then 200."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from platforms.connectors import meta as meta_parser
from platforms.connectors import x as x_parser
from platforms.connectors.base import Item
from platforms.services import store_delivery
from platforms.signatures import meta_signature, verify, x_signature

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024

META_OBJECTS = {"page": "facebook", "instagram": "instagram", "whatsapp_business_account": "whatsapp"}


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _receive(
    request: HttpRequest, *, secret: str, header: str, sign: Callable[[str, bytes], str],
    parse: Callable[[dict[str, Any]], tuple[str, list[Item]]],
) -> HttpResponse:
    if _too_large(request):
        return _error(413, "body larger than 1 MB")
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        return _error(413, "body larger than 1 MB")
    if not secret:
        logger.error("webhook secret not configured: refusing %s", request.path)
        return _error(403, "signature cannot be checked")
    if not verify(sign(secret, body), request.headers.get(header)):
        return _error(403, "bad or missing signature")
    content_type = request.content_type or ""
    if content_type != "application/json":
        return _error(415, "content type must be application/json")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "malformed JSON")
    if not isinstance(payload, dict):
        return _error(400, "JSON object expected")
    platform, items = parse(payload)
    if not platform:
        return _error(400, "unknown webhook object")
    result = store_delivery(
        platform=platform, source="webhook", body=body, headers=dict(request.headers), items=items
    )
    return JsonResponse({"stored": len(result.new_item_ids), "duplicate": not result.delivery_created})


def _parse_x(payload: dict[str, Any]) -> tuple[str, list[Item]]:
    return "x", x_parser.parse_webhook(payload)


def _parse_meta(payload: dict[str, Any]) -> tuple[str, list[Item]]:
    return META_OBJECTS.get(str(payload.get("object") or ""), ""), meta_parser.parse_webhook(payload)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def x_webhook(request: HttpRequest) -> HttpResponse:
    """X Activity API (and the older Account Activity API): CRC on GET, events on POST."""
    if request.method == "GET":
        token = request.GET.get("crc_token")
        if not token:
            return _error(400, "crc_token missing")
        if not settings.X_CONSUMER_SECRET:
            return _error(403, "consumer secret not configured")
        return JsonResponse({"response_token": x_signature(settings.X_CONSUMER_SECRET, token.encode())})
    return _receive(
        request, secret=settings.X_CONSUMER_SECRET, header="x-twitter-webhooks-signature",
        sign=x_signature, parse=_parse_x,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta_webhook(request: HttpRequest) -> HttpResponse:
    """Facebook Pages, Instagram and WhatsApp: verification handshake on GET, events on POST."""
    if request.method == "GET":
        if (
            request.GET.get("hub.mode") == "subscribe"
            and settings.META_VERIFY_TOKEN
            and verify(settings.META_VERIFY_TOKEN, request.GET.get("hub.verify_token"))
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return _error(403, "verification failed")
    return _receive(
        request, secret=settings.META_APP_SECRET, header="X-Hub-Signature-256",
        sign=meta_signature, parse=_parse_meta,
    )
