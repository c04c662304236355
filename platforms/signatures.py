"""Webhook signatures, checked over the raw request body bytes before anything is parsed."""

from __future__ import annotations

import base64
import hashlib
import hmac


def x_signature(secret: str, message: bytes) -> str:
    """X: `sha256=<base64 HMAC-SHA256(consumer secret, message)>` (CRC and POST alike)."""
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def meta_signature(secret: str, body: bytes) -> str:
    """Meta: `sha256=<lowercase hex HMAC-SHA256(app secret, raw body)>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def tiktok_signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},s={mac}"


def verify(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.strip().encode())
