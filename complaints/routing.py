"""Which agency a citizen's message goes to, and why. In order:

1. an agency's official account or its head's handle that the message @mentions
   (hub accounts — the mayor's and the city's own — excepted);
2. the agency whose own account received it (a comment on its post, a reply to it), unless
   that account is a hub account: messages to hubs are routed by their content;
3. triage with a hint when the message is about a body outside the region's remit (PLN, the
   police, the province…) — not when it only names one as a landmark ("simpang RS M. Yunus")
   — or happens in a place outside the region ("di Kabupaten Seluma");
4. praise of the mayor, the deputy or the city themselves (a phrase of theirs, as written —
   "pak wali turun langsung", "keren pemkot" — not right after a word of thanks: "terima kasih
   pemkot, jembatan sudah diperbaiki" credits the agency that did the work) goes to them,
   unless the message names an agency;
5. the agencies' topic keywords, on whole words of the normalised text (also without -nya
   and with a few words between the words of a phrase): the agency with the most phrases
   found — its own name ("mana dinsos?", "dinas lingkungan hidup") counting as two — then the
   rule's priority, then the topic named first. A phrase inside a longer phrase found does
   not count ("pasar" in "Pasar Panorama"), nor a phrase spread over another agency's topic
   ("air siring tidak mengalir"), and a keyword written as a landmark ("depan sekolah",
   "jl. Pariwisata") counts as a place;
6. praise of the mayor or the deputy whose account was mentioned goes to them;
7. place names: a kelurahan, or the kecamatan that holds it when the kelurahan has no
   agency of its own ("place names with their parent");
8. praise that thanks the mayor, the deputy or the city for nothing the rules above place;
9. otherwise the communications office's triage queue.

Chatter (category `other`: spam, greetings) is routed only by a mention, or by a topic keyword
or the agency's own account when the classifier is not sure it is chatter (a comment the
agency should see stays with it; an advert it is sure of goes to triage). Rules of hub
agencies never route anything but praise to them.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, replace
from threading import Lock

from accounts.models import Membership, Role
from agencies.models import Agency, OfficialAccount, PersonHandle, RoutingRule, RuleKind
from complaints.classify import model
from complaints.text import SLANG, mentions_in
from complaints.text import normalize as normalize_text


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
    is_hub: bool = False
    is_name: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.phrase.split())


@dataclass(frozen=True)
class _Hit:
    at: int  # the index of the phrase's first word in the text
    words: frozenset[int]  # the indices of the words it matched
    rule: _Rule


#: Slang spelled out before matching, except the abbreviations that name the things routed on
#: ("SMP negeri" is a school, not "sampai negeri"; "AK 1" is the job seeker's card).
_SLANG = {word: spelled for word, spelled in SLANG.items() if word not in ("smp", "ak")}


#: "40 KK" counts households, it is not a Kartu Keluarga; "kk admin" is the admin ("kakak").
_NOT_KK = re.compile(r"\b(\d+|puluhan|ratusan|ribuan|beberapa) kk\b|\bkk (?=admin\b)")


def normalize(text: str) -> str:
    """The text as routing reads it (see `complaints.text.normalize`)."""
    return _NOT_KK.sub(
        lambda m: f"{m.group(1)} keluarga" if m.group(1) else "kakak ",
        normalize_text(text, slang=_SLANG),
    )


#: Words between the words of a multi-word keyword: "lampu jalan di gang mawar mati" holds
#: "lampu jalan mati", "air di rumah kami mati" holds "air mati".
_MAX_GAP = 3
#: Words that make the next word a landmark of the place rather than the topic: "sampah numpuk
#: depan sekolah" is about rubbish, "simpang RS M. Yunus" about a crossroads.
_LANDMARK_WORDS = frozenset({
    "depan", "dpn", "dekat", "dkt", "deket", "samping", "belakang", "blkg", "seberang", "sebrang",
    "sebelah", "simpang", "smpg", "sekitar", "sekitaran", "arah", "pertigaan", "perempatan",
    "bundaran", "menuju", "jalan", "gang", "gg", "lorong", "komplek", "kompleks", "perumahan",
    "perum",
})
#: Words allowed between a landmark word and what it points at ("depan kantor PLN").
_LANDMARK_FILLERS = frozenset({"kantor", "gedung", "gerbang", "pintu", "pos", "halaman"})
#: Bengkulu Malay spelled out for matching ("air idak ngalir"), and the office for its head
#: ("kantor lurah Surabaya" is "kelurahan Surabaya").
_ALSO = {"idak": "tidak", "dak": "tidak", "ndak": "tidak", "ado": "ada", "lurah": "kelurahan",
         "camat": "kecamatan"}


def _forms(word: str) -> frozenset[str]:
    """The word, and also: without the possessive -nya (Bengkulu's -nyo, the typed -ny) or
    -ku/-mu, spelled out ("siringnya" is "siring", "lobangnyo" is "lubang", "idak" is "tidak");
    with a letter held down written once ("mampettt", "parahhh"); and without "di"/"ke" run
    into a place noun ("dipasar", "kesekolah"; not "dipasang" or "keluar")."""
    forms = {word, _ALSO.get(word, word)}
    if _HELD_LETTER.search(word):
        forms |= {_HELD_LETTER.sub(r"\1", word), _HELD_LETTER.sub(r"\1\1", word)}
    for suffix, shortest in (("nya", 6), ("nyo", 6), ("ny", 6), ("ku", 6), ("mu", 6)):
        if len(word) >= shortest and word.endswith(suffix):
            base = word[: -len(suffix)]
            spelled = _SLANG.get(base, base)
            forms |= {base, spelled} if " " not in spelled else {base}
    if len(word) >= 6 and word.startswith(("di", "ke")) and word[2:] in _PLACE_NOUNS:
        forms.add(word[2:])
    return frozenset(forms)


#: Nouns of places that "di"/"ke" is run into ("dipasar", "kesekolah"). Only these: the prefix
#: also makes verbs ("dipasang" is not "pasang" of "air pasang", "keluar" is not "luar").
_PLACE_NOUNS = frozenset({
    "pasar", "sekolah", "puskesmas", "rsud", "rumah", "masjid", "musala", "kantor", "kelurahan",
    "kecamatan", "terminal", "pantai", "taman", "lapangan", "pelabuhan", "bandara", "kampus",
    "jembatan", "sungai", "siring", "parit", "drainase", "makam", "pemakaman", "stadion", "kampung",
    "lokasi", "perempatan", "pertigaan", "simpang", "jalan", "gang", "lorong", "komplek",
    "kompleks", "perumahan", "perum", "depan", "samping", "belakang", "seberang", "sebelah",
    "dekat", "sekitar",
})


#: Three or more of the same letter: a word said with emphasis.
_HELD_LETTER = re.compile(r"([a-z])\1{2,}")


def _after_landmark(words: list[str], at: int) -> bool:
    """Whether the word at `at` follows a landmark word (at most one filler between)."""
    for back in (1, 2):
        if at - back < 0:
            return False
        if words[at - back] in _LANDMARK_WORDS or _run_together_landmark(words[at - back]):
            return True
        if words[at - back] not in _LANDMARK_FILLERS:
            return False
    return False


def _run_together_landmark(word: str) -> bool:
    """"didepan", "disamping", "dijalan": the preposition written onto a landmark word."""
    return word.startswith("di") and word[2:] in _LANDMARK_WORDS


class _Index:
    """All active routing phrases, by their first word."""

    def __init__(self) -> None:
        self.by_first: dict[str, list[_Rule]] = {}
        seen: set[tuple[str, int]] = set()
        names: dict[int, set[str]] = {}
        for r in RoutingRule.objects.filter(is_active=True, agency__is_active=True).select_related("agency"):
            phrase = normalize(r.phrase)
            if r.agency_id not in names:
                names[r.agency_id] = _names(r.agency)
            rule = _Rule(r.agency_id, phrase, r.kind == RuleKind.KEYWORD, r.priority, r.agency.is_hub,
                         is_name=phrase in names[r.agency_id] or phrase.startswith(_NAME_WORDS))
            if rule.phrase and (rule.phrase, rule.agency_id) not in seen:
                seen.add((rule.phrase, rule.agency_id))
                self.by_first.setdefault(rule.words[0], []).append(rule)

    def match(self, normalized_text: str) -> list[tuple[int, _Rule]]:
        """(word position, rule) of every phrase found on whole words — also in the words
        without -nya, a multi-word keyword also with up to three other words between two of
        its words — except a phrase that is only part of a longer phrase found ("pasar"
        inside the place "pasar panorama", "banjir" inside "banjir rob") or spread over
        another agency's keyword. A keyword that follows a landmark word ("depan sekolah")
        counts as a place."""
        words = normalized_text.split()
        forms = [_forms(w) for w in words]
        hits: dict[tuple[str, int], _Hit] = {}
        for at, word_forms in enumerate(forms):
            for first in word_forms:
                for rule in self.by_first.get(first, ()):
                    if (rule.phrase, rule.agency_id) in hits:
                        continue
                    # A leader's name is matched as written ("wali murid … kota" is not "wali kota").
                    gap = _MAX_GAP if rule.is_keyword and not rule.is_hub else 0
                    matched = _match_at(rule.words, forms, at, gap=gap)
                    if matched is not None:
                        hits[(rule.phrase, rule.agency_id)] = _Hit(at, matched, rule)
        found = list(hits.values())
        kept = [h for h in found if not any(h.words < other.words for other in found)]
        # Two phrases of one agency on the same words ("ditertibkan", "tertibkan") are one.
        kept = list({(h.rule.agency_id, h.words): h for h in sorted(kept, key=lambda h: len(h.rule.phrase))}.values())
        ruled = [
            (h, replace(h.rule, is_keyword=False) if h.rule.is_keyword and _after_landmark(words, h.at) else h.rule)
            for h in kept
        ]
        # A keyword spread over other words does not hold another agency's topic named between
        # its words: in "air got tidak lancar" the water is the drain's, not the mains'.
        topics = [(h.at, rule.agency_id) for h, rule in ruled if rule.is_keyword and not rule.is_hub]
        return [
            (h.at, rule) for h, rule in ruled
            if not (rule.is_keyword and _spread(h) and any(
                min(h.words) < at < max(h.words) and at not in h.words and agency != rule.agency_id
                for at, agency in topics))
        ]


#: An agency the citizen names ("mana dinsos?", "pinjam gerobak dari DLH") counts as this many
#: of its topic keywords: it outweighs one topic of another agency ("ngemis" is Satpol PP's).
NAME_WEIGHT = 2
#: A keyword that starts with one of these names an agency ("dinas sosial", "badan kepegawaian").
_NAME_WORDS = ("dinas ", "badan ", "bagian ", "kantor dinas ", "uptd ")


def _names(agency: Agency) -> set[str]:
    """What the agency is called: its short name, its name, its name without the region's."""
    name = normalize(agency.name)
    names = {normalize(agency.short_name), name}
    for suffix in (" kota ", " kabupaten ", " provinsi "):
        names.add(f" {name} ".split(suffix)[0].strip())  # the whole name when it has none
    return {n for n in names if n}


def _spread(hit: _Hit) -> bool:
    """Whether the phrase was found with other words between its words."""
    return max(hit.words) - min(hit.words) + 1 > len(hit.words)


def _match_at(phrase: tuple[str, ...], forms: list[frozenset[str]], at: int, *, gap: int) -> frozenset[int] | None:
    """The indices of the words of `phrase` found from `at` on: exactly in a row, or else
    (gap > 0) each within `gap` words of the previous one."""
    if len(phrase) <= len(forms) - at and all(phrase[i] in forms[at + i] for i in range(len(phrase))):
        return frozenset(range(at, at + len(phrase)))
    if not gap or len(phrase) < 2:
        return None
    indices = [at]
    for word in phrase[1:]:
        start = indices[-1] + 1
        for position in range(start, min(start + gap + 1, len(forms))):
            if word in forms[position]:
                indices.append(position)
                break
        else:
            return None
    return frozenset(indices)


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
    users: dict[str, int] = {}
    for person in PersonHandle.objects.filter(platform=platform, user_id__in=heads):
        handles[person.handle] = (heads[person.user_id], True)
        users[person.handle] = person.user_id
    for account in (
        OfficialAccount.objects.select_related("agency")
        .filter(platform=platform, is_active=True, agency__is_active=True)
        .defer("access_token", "refresh_token", "cursor")
    ):
        handles[account.handle] = (account.agency, False)  # an official account wins
    with _lock:
        _cache[key] = (time.monotonic(), handles)
        _cache[f"head-users:{platform}"] = users
    return handles


def _head_users(platform: str) -> dict[str, int]:
    _handles(platform)
    with _lock:
        return _cache.get(f"head-users:{platform}", {})  # type: ignore[return-value]


def person_of_handle(platform: str, handle: str) -> tuple[int, Agency] | None:
    """(user id, agency) when `handle` is an agency head's registered personal handle."""
    if not handle:
        return None
    found = _handles(platform).get(handle)
    if found is None or not found[1]:
        return None
    return _head_users(platform)[handle], found[0]


def agencies_mentioned(platform: str, handles: list[str]) -> list[Agency]:
    """The agencies whose account or head's handle is among `handles`, in order, once each."""
    table = _handles(platform)
    found: dict[int, Agency] = {}
    for handle in handles:
        entry = table.get(handle.lstrip("@").lower())
        if entry is not None:
            found.setdefault(entry[0].pk, entry[0])
    return list(found.values())


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
    # PLN (electricity)
    "pln", "listrik padam", "listrik mati", "mati listrik", "mati lampu", "pemadaman listrik",
    "pemadaman bergilir", "token listrik", "tagihan listrik", "meteran listrik",
    # the police, and the province's Samsat (vehicle tax, registration)
    "polisi", "kepolisian", "polantas", "satlantas", "polresta", "polres", "polda", "polsek",
    "tilang", "samsat", "stnk", "bpkb", "pajak kendaraan", "pajak motor", "pajak mobil",
    # the province and the state
    "rsud m yunus", "rs m yunus", "rumah sakit provinsi", "rs bhayangkara", "rs tiara sella",
    "pemprov", "pemerintah provinsi", "jalan provinsi", "jalan nasional", "tambang batu bara",
    "bpjs kesehatan", "bandara", "pelindo", "bpn", "sertifikat tanah", "kantor pajak",
    "imigrasi", "paspor", "kua", "buku nikah", "tiket pesawat", "maskapai",
    "balap liar", "balapan liar", "knalpot brong", "kpu", "bawaslu", "dprd", "anggota dewan",
    "pengadilan", "kejaksaan", "madrasah",
    # private companies
    "telkomsel", "indosat", "indihome", "smartfren", "provider internet",
)
#: Longer names that hold a body's name but are the region's own ("polisi tidur" is a
#: speed bump, Satpol PP the region's own police).
_NOT_BODIES = ("polisi tidur", "polisi pamong praja")
#: Places outside the region: they lose only to an agency's own topic keyword.
OUT_OF_REMIT_PLACES = (
    "provinsi", "kabupaten", "bengkulu tengah", "bengkulu utara", "bengkulu selatan", "seluma",
    "kaur", "mukomuko", "kepahiang", "rejang lebong", "lebong", "curup",
)


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![0-9a-z])(" + "|".join(re.escape(normalize(p)) for p in phrases) + r")(?![0-9a-z])")


_BODIES = _phrases(OUT_OF_REMIT_BODIES)
_ELSEWHERE = _phrases(OUT_OF_REMIT_PLACES)


def _body_named(normalized: str) -> str | None:
    """An outside body the message is about — not one named as a landmark ("simpang RS
    M. Yunus", "depan kantor PLN")."""
    for phrase in _NOT_BODIES:
        normalized = re.sub(rf"\b{phrase}\b", "-", normalized)
    for hit in _BODIES.finditer(normalized):
        before = normalized[: hit.start()].split()
        if not _after_landmark([*before, hit.group(1)], len(before)):
            return hit.group(1)
    return None


#: Chatter the classifier is at least this sure of is not routed by its words ("selamat hari
#: guru", "gempa barusan kerasa?"); a message it only leans to call chatter still is.
SURE_CHATTER = 2 / 3


def _chatter_probability(text: str) -> float:
    scores = model().scores(text)
    top = max(scores.values())
    weights = {c: math.exp(v - top) for c, v in scores.items()}
    return weights["other"] / sum(weights.values())


def route(
    *, platform: str, text: str, mentions: list[str], account: OfficialAccount | None,
    category: str = "complaint",
) -> Route:
    handles = list(dict.fromkeys([m.lower() for m in mentions] + mentions_in(text)))
    leaders: list[tuple[Agency, str]] = []
    for handle in handles:
        agency, is_person = _agency_of_handle(platform, handle)
        shown = handle if platform in ("facebook", "whatsapp") else f"@{handle}"
        if agency is not None and not agency.is_hub:
            return Route(agency, f"menyebut {shown}" + (" (Kepala OPD)" if is_person else ""))
        if agency is not None and (account is None or handle != account.handle):
            leaders.append((agency, shown))
    chatter = category == "other"
    if account is not None and account.agency.is_active and not account.agency.is_hub and not (
            chatter and _chatter_probability(text) >= SURE_CHATTER):
        return Route(account.agency, f"ditulis di akun {account.display_handle}")
    normalized = normalize(text)
    body = _body_named(normalized)
    if body:
        return Route(None, f"mungkin bukan wewenang Pemda ({body}): ke Pemilahan")
    elsewhere = _ELSEWHERE.search(normalized)
    if elsewhere and normalized[: elsewhere.start()].split()[-1:] in (["di"], ["wilayah"], ["daerah"]):
        return Route(None, f"di luar wilayah ({elsewhere.group(1)}): ke Pemilahan")
    found = _index().match(normalized)
    matches = [(at, r) for at, r in found if not r.is_hub]
    keywords = [(at, r) for at, r in matches if r.is_keyword]
    praise = category == "praise"
    named = [(at, r) for at, r in found if r.is_hub] if praise else []
    # Praise of the mayor, the deputy or the city themselves ("pak wali turun langsung ke
    # lokasi banjir") is theirs, whatever topic it names; thanking them for a piece of work
    # ("terima kasih pemkot, jembatan sudah diperbaiki") credits the agency that did it.
    words = normalized.split()
    leader_words = {i for at, r in named for i in range(at, at + len(r.words))}
    praised = [(at, r) for at, r in named if not _thanked(words, at, leader_words)]
    # An agency the citizen names is who the praise is for ("mantap dinas PUPR … semoga pak
    # wali kasih penghargaan").
    if praised and not any(r.is_name for _at, r in matches):
        return _best(praised, "apresiasi untuk")
    if keywords and not (chatter and _chatter_probability(text) >= SURE_CHATTER):
        return _best(keywords, "kata kunci")
    if chatter:
        return Route(None, "bukan aduan, pertanyaan atau apresiasi: ke Pemilahan")
    if praise and leaders:
        return Route(leaders[0][0], f"apresiasi untuk {leaders[0][1]}")
    elsewhere = _ELSEWHERE.search(normalized)
    if elsewhere:
        return Route(None, f"mungkin di luar wilayah ({elsewhere.group(1)}): ke Pemilahan")
    if matches:
        return _best(matches, "nama tempat")
    if named:
        return _best(named, "apresiasi untuk")
    return Route(None, "tidak ada petunjuk OPD: ke Pemilahan")


#: Words of thanks: a hub named right after them is thanked for a piece of work.
_THANKS_WORDS = frozenset({"kasih", "terimakasih", "makasih", "thanks", "thx", "trims", "tq"})


#: Words between a word of thanks and the one thanked ("terima kasih kepada bapak walikota").
_THANKS_FILLERS = frozenset({"ya", "yo", "kepada", "untuk", "buat", "bapak", "ibu", "pak", "bu", "kak", "min"})


def _thanked(words: list[str], at: int, leader_words: set[int]) -> bool:
    """Whether the leader named at `at` is thanked: a word of thanks right before the run of
    leader words it starts ("makasih ya pak wali kota"), with at most two fillers between."""
    start = at
    while start - 1 in leader_words:
        start -= 1
    back = start - 1
    for _ in range(3):
        if back < 0:
            return False
        if words[back] in _THANKS_WORDS:
            return True
        if words[back] not in _THANKS_FILLERS:
            return False
        back -= 1
    return False


def _best(matches: list[tuple[int, _Rule]], label: str) -> Route:
    """The agency with the most distinct phrases found; then the rule's priority; then the
    topic the citizen named first."""
    hits: dict[int, int] = {}
    for _at, rule in matches:
        hits[rule.agency_id] = hits.get(rule.agency_id, 0) + (NAME_WEIGHT if rule.is_name else 1)
    _at, best = max(matches, key=lambda m: (hits[m[1].agency_id], m[1].priority, -m[0], len(m[1].phrase)))
    return Route(_agency(best.agency_id), f"{label}: {best.phrase}")
