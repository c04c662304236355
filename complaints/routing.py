"""Which agency a citizen's message goes to, and why. In order:

1. an agency's official account or its head's handle that the message @mentions
   (hub accounts — the mayor's and the city's own — excepted);
2. the agency whose own account received it (a comment on its post, a reply to it), unless
   that account is a hub account: messages to hubs are routed by their content;
3. the agencies' routing keywords, matched on whole words and phrases of the normalised
   text; a topic keyword beats a place name; then the rule's priority, then the longer phrase;
4. otherwise the communications office's triage queue, with a hint when the message names a
   body outside the region's remit (PLN, the police, the province).

Chatter (category `other`: spam, greetings) is routed only by a mention or a topic keyword,
never just because it was written on an agency's account.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from threading import Lock

from accounts.models import Membership, Role
from agencies.models import Agency, OfficialAccount, PersonHandle, RoutingRule, RuleKind
from complaints.text import mentions_in, normalize


@dataclass(frozen=True)
class Route:
    agency: Agency | None
    reason: str


@dataclass(frozen=True)
class _Rule:
    agency_id: int
    phrase: str
    is_keyword: bool
    priority: int


class _Index:
    """All active routing phrases as one whole-word regular expression."""

    def __init__(self) -> None:
        rules = [
            _Rule(r.agency_id, normalize(r.phrase), r.kind == RuleKind.KEYWORD, r.priority)
            for r in RoutingRule.objects.filter(is_active=True, agency__is_active=True)
        ]
        self.by_phrase: dict[str, list[_Rule]] = {}
        for rule in rules:
            if rule.phrase:
                self.by_phrase.setdefault(rule.phrase, []).append(rule)
        phrases = sorted(self.by_phrase, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![0-9a-z])(" + "|".join(re.escape(p) for p in phrases) + r")(?![0-9a-z])")
            if phrases else None
        )

    def match(self, normalized_text: str) -> list[tuple[int, _Rule]]:
        """(position, rule) of every phrase found, also in the text with the possessive
        suffix -nya dropped ("siringnya" is "siring")."""
        if self.pattern is None:
            return []
        found: dict[tuple[str, int], tuple[int, _Rule]] = {}
        for text in (normalized_text, _SUFFIX.sub("", normalized_text)):
            position = 0
            # Overlapping matches matter ("air pdam mati" holds "air pdam" and "pdam mati").
            while (hit := self.pattern.search(text, position)) is not None:
                for rule in self.by_phrase[hit.group(1)]:
                    found.setdefault((rule.phrase, rule.agency_id), (hit.start(), rule))
                position = hit.start() + 1
        return list(found.values())


_SUFFIX = re.compile(r"(?<=[a-z]{3})nya\b")

_cache: dict[str, object] = {}
_lock = Lock()
_TTL_SECONDS = 60.0


def _index() -> _Index:
    with _lock:
        built = _cache.get("at")
        if built is None or time.monotonic() - float(built) > _TTL_SECONDS:  # type: ignore[arg-type]
            _cache["index"] = _Index()
            _cache["at"] = time.monotonic()
        return _cache["index"]  # type: ignore[return-value]


def clear_cache() -> None:
    """Routing rules changed: rebuild the index on the next message."""
    with _lock:
        _cache.clear()


def _handles(platform: str) -> dict[str, tuple[Agency, bool]]:
    """handle -> (agency, is_person) for the platform's official accounts and the personal
    handles of the agencies' heads, kept with the index (every mention needs it)."""
    key = f"handles:{platform}"
    with _lock:
        built = _cache.get(key)
        if built is not None and time.monotonic() - built[0] <= _TTL_SECONDS:  # type: ignore[index]
            return built[1]  # type: ignore[index]
    handles: dict[str, tuple[Agency, bool]] = {}
    heads = {
        m.user_id: m.agency
        for m in Membership.objects.active().filter(role=Role.HEAD, agency__is_active=True).select_related("agency")
    }
    for person in PersonHandle.objects.filter(platform=platform, user_id__in=heads):
        handles[person.handle] = (heads[person.user_id], True)
    for account in (
        OfficialAccount.objects.select_related("agency")
        .filter(platform=platform, is_active=True, agency__is_active=True)
        .defer("access_token", "refresh_token", "cursor")
    ):
        handles[account.handle] = (account.agency, False)  # an official account wins
    with _lock:
        _cache[key] = (time.monotonic(), handles)
    return handles


def _agency_of_handle(platform: str, handle: str) -> tuple[Agency | None, bool]:
    """(agency, is_person) for an official account or a head's personal handle."""
    return _handles(platform).get(handle, (None, False))


def _agency(agency_id: int) -> Agency:
    key = "agencies"
    with _lock:
        built = _cache.get(key)
        if built is not None and time.monotonic() - built[0] <= _TTL_SECONDS:  # type: ignore[index]
            agencies = built[1]  # type: ignore[index]
            if agency_id in agencies:
                return agencies[agency_id]
    agencies = Agency.objects.in_bulk()
    with _lock:
        _cache[key] = (time.monotonic(), agencies)
    return agencies[agency_id]


#: Bodies that are not the region's own: a message about them goes to triage with a hint
#: (comms answers "Bukan Wewenang" with a pointer), unless it names an agency.
OUT_OF_REMIT_BODIES = (
    "pln", "listrik padam", "token listrik", "samsat", "polres", "polda", "polsek",
    "rsud m yunus", "rs m yunus", "bpjs kesehatan", "pemprov", "jalan nasional", "bandara",
)
#: Places outside the region: they lose only to an agency's own topic keyword.
OUT_OF_REMIT_PLACES = ("provinsi", "kabupaten", "bengkulu tengah", "bengkulu utara", "seluma")


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![0-9a-z])(" + "|".join(re.escape(normalize(p)) for p in phrases) + r")(?![0-9a-z])")


_BODIES = _phrases(OUT_OF_REMIT_BODIES)
_ELSEWHERE = _phrases(OUT_OF_REMIT_PLACES)


def route(
    *, platform: str, text: str, mentions: list[str], account: OfficialAccount | None,
    category: str = "complaint",
) -> Route:
    handles = list(dict.fromkeys([m.lower() for m in mentions] + mentions_in(text)))
    for handle in handles:
        agency, is_person = _agency_of_handle(platform, handle)
        if agency is not None and not agency.is_hub:
            shown = handle if platform in ("facebook", "whatsapp") else f"@{handle}"
            return Route(agency, f"menyebut {shown}" + (" (Kepala OPD)" if is_person else ""))
    normalized = normalize(text)
    body = _BODIES.search(normalized)
    if body:
        return Route(None, f"mungkin bukan wewenang Pemda ({body.group(1)}): ke Pemilahan")
    chatter = category == "other"
    if account is not None and account.agency.is_active and not account.agency.is_hub and not chatter:
        return Route(account.agency, f"ditulis di akun {account.display_handle}")
    matches = _index().match(normalized)
    keywords = [(at, r) for at, r in matches if r.is_keyword]
    if keywords:
        return _best(keywords, "kata kunci")
    if chatter:
        return Route(None, "bukan aduan, pertanyaan atau apresiasi: ke Pemilahan")
    elsewhere = _ELSEWHERE.search(normalized)
    if elsewhere:
        return Route(None, f"mungkin di luar wilayah ({elsewhere.group(1)}): ke Pemilahan")
    if matches:
        return _best(matches, "nama tempat")
    return Route(None, "tidak ada petunjuk OPD: ke Pemilahan")


def _best(matches: list[tuple[int, _Rule]], label: str) -> Route:
    """The agency with the most distinct phrases found; then the rule's priority; then the
    topic the citizen named first."""
    hits: dict[int, int] = {}
    for _at, rule in matches:
        hits[rule.agency_id] = hits.get(rule.agency_id, 0) + 1
    _at, best = max(matches, key=lambda m: (hits[m[1].agency_id], m[1].priority, -m[0], len(m[1].phrase)))
    return Route(_agency(best.agency_id), f"{label}: {best.phrase}")
