"""Deterministic platform ids for the demo accounts, shared by the fake platform (which
answers to them) and the portal's demo seeding (which stores them on OfficialAccount).

Everything is derived from sha256 of the platform and the normalized handle, so the two
processes agree without talking to each other. Tokens are `fake-<platform>-<handle>`."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

#: Platforms the fake platform imitates (TikTok has no public API for mentions).
FAKE_PLATFORMS = ("x", "facebook", "instagram", "youtube", "whatsapp")


def normalize(platform: str, handle: str) -> str:
    from agencies.models import normalize_handle

    return normalize_handle(platform, handle)


def _digest(*parts: str) -> bytes:
    return hashlib.sha256(":".join(parts).encode()).digest()


def _digits(seed: bytes, count: int) -> str:
    """`count` decimal digits from a hash, the first one never 0."""
    value = int.from_bytes(seed, "big")
    first = 1 + value % 9
    rest = (value // 9) % (10 ** (count - 1))
    return f"{first}{rest:0{count - 1}d}"


def x_user_id(handle: str) -> str:
    """A 19-digit X user id (not starting with 0)."""
    return _digits(_digest("x", normalize("x", handle)), 19)


def page_id(handle: str) -> str:
    """A 15-digit Facebook Page id, starting "10" as recent Page ids do."""
    value = int.from_bytes(_digest("facebook", normalize("facebook", handle)), "big")
    return f"10{value % 10**13:013d}"


def ig_user_id(handle: str) -> str:
    """A 17-digit Instagram professional account id starting "1784"."""
    value = int.from_bytes(_digest("instagram", normalize("instagram", handle)), "big")
    return f"1784{value % 10**13:013d}"


def wa_phone_number_id(number: str) -> str:
    """A 15-digit WhatsApp Cloud API phone-number id for a number (+62…)."""
    return _digits(_digest("whatsapp", normalize("whatsapp", number)), 15)


def waba_id(number: str) -> str:
    """A 15-digit WhatsApp Business Account id (the webhook's entry id) for a number."""
    return _digits(_digest("waba", normalize("whatsapp", number)), 15)


def youtube_channel_id(handle: str) -> str:
    """"UC" + 22 characters of the URL-safe base64 alphabet, as YouTube channel ids are."""
    encoded = base64.urlsafe_b64encode(_digest("youtube", normalize("youtube", handle))).decode()
    return "UC" + encoded[:22]


def access_token(platform: str, handle: str) -> str:
    return f"fake-{platform}-{normalize(platform, handle)}"


def demo_account_ids(platform: str, handle: str) -> str:
    """The platform id of an account on the fake platform."""
    makers = {
        "x": x_user_id, "facebook": page_id, "instagram": ig_user_id,
        "youtube": youtube_channel_id, "whatsapp": wa_phone_number_id,
    }
    if platform not in makers:
        raise ValueError(f"the fake platform has no {platform} accounts")
    return makers[platform](handle)


# --- The accounts' own content: a few posts/media/videos each, always the same ids ---------


def fb_post_id(handle: str, n: int) -> str:
    """The n-th post of a Page: `<page id>_<post id>` as the Graph API writes it."""
    value = int.from_bytes(_digest("fbpost", normalize("facebook", handle), str(n)), "big")
    return f"{page_id(handle)}_{value % 10**15 + 10**15}"


def ig_media_id(handle: str, n: int) -> str:
    value = int.from_bytes(_digest("igmedia", normalize("instagram", handle), str(n)), "big")
    return f"179{value % 10**14:014d}"


def youtube_video_id(handle: str, n: int) -> str:
    encoded = base64.urlsafe_b64encode(_digest("ytvideo", normalize("youtube", handle), str(n))).decode()
    return encoded[:11]


OWN_CONTENT_PER_ACCOUNT = 3


# --- The demo world ---------------------------------------------------------------------


def demo_accounts() -> Iterator[tuple[dict[str, str], str, str]]:
    """(agency row, platform, normalized handle) for every demo account the fake platform
    imitates, in agencies.demo_data order."""
    from agencies.demo_data import DEMO_AGENCIES
    from agencies.importing import parse_handle_list

    for row in DEMO_AGENCIES:
        specs, _errors = parse_handle_list(row.get("accounts", ""))
        for spec in specs:
            if spec.platform in FAKE_PLATFORMS:
                yield row, spec.platform, spec.handle


def connect_demo_accounts() -> int:
    """Give the demo's official accounts their fake-platform ids and tokens and mark them
    connected. Only empty fields are filled; returns how many accounts changed (0 the second
    time). The tokens are published: refused unless DEBUG is on."""
    from django.conf import settings
    from django.db import transaction

    from agencies.models import ConnectionStatus, OfficialAccount

    if not settings.DEBUG:
        raise RuntimeError("connect_demo_accounts stores published demo tokens: not with DEBUG off.")
    wanted = {(platform, handle) for _row, platform, handle in demo_accounts()}
    changed = 0
    with transaction.atomic():
        accounts = OfficialAccount.objects.select_for_update().filter(
            platform__in=FAKE_PLATFORMS, handle__in={h for _p, h in wanted}
        )
        for account in accounts:
            if (account.platform, account.handle) not in wanted:
                continue
            fields = []
            if not account.external_id:
                account.external_id = demo_account_ids(account.platform, account.handle)
                fields.append("external_id")
            if not account.access_token:
                account.access_token = access_token(account.platform, account.handle)
                fields.append("access_token")
            if account.status != ConnectionStatus.CONNECTED:
                account.status = ConnectionStatus.CONNECTED
                fields.append("status")
            if fields:
                account.save(update_fields=[*fields, "updated_at"])
                changed += 1
    return changed
