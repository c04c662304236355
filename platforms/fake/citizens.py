"""Simulated citizens of Kota Bengkulu writing to the demo agencies and the city's hub
accounts: complaints, questions, praise and a little spam, in everyday Indonesian with the
slang, emoji and hashtags people use.

Each message goes out on one channel, as the platforms would deliver it:
- X: a post on the fake platform (`POST /_fake/x/posts`; the portal's poller fetches it),
  sometimes also pushed as a signed X Activity API `post.mention.create` webhook;
- Instagram comment (or @mention elsewhere), Facebook Page comment, WhatsApp message to the
  city hotline: registered on the fake platform (so Graph reads find them) and pushed as a
  signed Meta webhook, non-ASCII escaped as \\uXXXX the way Meta sends it;
- YouTube comment: on the fake platform only (YouTube has no push).

About one delivery in ten is sent twice, and sometimes a citizen's follow-up in the same
thread is delivered before its parent: the portal must cope with both. Only loopback URLs.
"""

from __future__ import annotations

import json
import random
import re
import string
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import httpx

from platforms.fake import ids
from platforms.signatures import meta_signature, x_signature

LOOPBACK = {"127.0.0.1", "localhost", "::1"}

#: What an agency's admin writes back on the platform.
AGENCY_REPLIES = [
    "Terima kasih atas laporannya. Tim kami segera menindaklanjuti ke lokasi.",
    "Baik, laporan sudah kami terima dan diteruskan ke petugas lapangan hari ini.",
    "Mohon maaf atas ketidaknyamanannya. Petugas kami akan mengecek lokasi.",
    "Terima kasih. Silakan kirim titik lokasi lewat DM agar kami cepat menanganinya.",
]

# --- What Bengkulu people write ---------------------------------------------------------------

TEMPLATES: dict[str, list[str]] = {
    "complaint": [
        "{sapa}, {topik} di {tempat} sudah {durasi} tidak ada tindak lanjut {emoji}",
        "tolong {sapa}, {topik} di {tempat} parah banget. {harap} {emoji} {tag}",
        "Lapor {sapa}! {topik} di daerah {tempat} dari {waktu}. Warga sudah capek ngeluh terus {emoji}",
        "{topik} lagi di {tempat}... ini yang keberapa kali ya {emoji} kapan dibereskan?",
        "Assalamualaikum {sapa}, mau melaporkan {topik} di {tempat}. Sudah {durasi} begini. {harap}",
        "parah sih {topik} di {tempat}, anak sekolah jadi susah lewat {emoji}",
        "kami warga {tempat} mengeluhkan {topik}. {harap} terima kasih",
        "{sapa} tolong dong cek {topik} di {tempat}, sudah dilaporkan ke RT tapi tidak ada kabar {emoji}",
        "Sudah {durasi} {topik} di {tempat}, mana janjinya? {tag}",
        "{topik} di {tempat} bikin resah warga {emoji}{emoji} {harap}",
        "Pak, {topik} di {tempat} kok dibiarkan saja? Tidak ada petugas yang datang {emoji}",
        "mohon perhatian {instansi}: {topik} di sekitar {tempat}. sudah {durasi}. {tag}",
        "{emoji} {topik} {tempat}!!! {harap}",
        "Izin lapor {sapa}, di {tempat} ada {topik}. Foto sudah saya kirim di DM ya",
        "bukan cuma sekali dua kali, {topik} di {tempat} terus terjadi {emoji} kami bayar pajak lho {sapa}",
        "{sapa} {instansi}, {waktu} saya lewat {tempat}, {topik} masih belum ditangani. {harap}",
        "Warga {tempat} minta tolong, {topik} sudah {durasi}. Kalau hujan tambah parah {emoji}",
        "kecewa sekali dengan {topik} di {tempat} {emoji} {tag}",
        "Halo {sapa}, kenapa {topik} di {tempat} belum juga diurus? Sudah lapor {durasi} yang lalu",
        "{topik} di {tempat} sangat mengganggu {emoji} mohon {instansi} turun langsung ke lapangan",
        "sampai kapan {topik} di {tempat} dibiarkan begini {sapa}? {emoji}",
        "ada {topik} di {tempat}, tolong cepat ditangani sebelum ada korban {emoji}",
        "{sapa} {topik} di {tempat} lagi, padahal baru {durasi} yang lalu diperbaiki {emoji}",
        "Keluhan warga: {topik} ({tempat}). {harap} {tag}",
        "Dari {waktu} {topik} di {tempat}, saya sudah telepon tapi tidak diangkat {emoji}",
    ],
    "question": [
        "{sapa} mau tanya, kalau mau urus {topik} syaratnya apa saja ya? {emoji}",
        "Permisi {sapa}, {topik} di {tempat} itu sudah ada jadwal penanganannya belum?",
        "{sapa} info dong soal {topik}, daftarnya di mana ya?",
        "Numpang tanya {sapa}, untuk {topik} bisa online atau harus datang ke kantor?",
        "Halo {instansi}, kapan ada info terbaru tentang {topik}? {emoji}",
        "{sapa}, {topik} itu biayanya berapa ya? takut kena pungli {emoji}",
        "mau nanya {sapa}, {topik} untuk warga {tempat} ngurusnya ke mana?",
        "{sapa} kalau {topik} kita lapor ke mana ya? ke {instansi} atau kelurahan?",
        "Selamat pagi {sapa}, apakah {topik} sudah dibuka? Terima kasih {emoji}",
        "{sapa} apa benar ada program {topik} tahun ini? infonya simpang siur",
        "Tanya {sapa}, jam pelayanan {instansi} untuk {topik} sampai jam berapa?",
        "{sapa} bagaimana caranya lapor {topik} yang resmi? biar ditindaklanjuti {emoji}",
    ],
    "praise": [
        "Terima kasih {instansi}, {topik} di {tempat} sudah ditangani cepat {emoji}",
        "Mantap {sapa}! pelayanan {topik} sekarang cepat banget {emoji} {tag}",
        "Salut sama petugas {instansi} yang turun langsung ke {tempat} {emoji}",
        "alhamdulillah {topik} di {tempat} sudah beres, terima kasih {sapa} {emoji}",
        "Apresiasi untuk {instansi}, responnya cepat {emoji} semoga terus begini {tag}",
        "keren {sapa}, laporan saya kemarin soal {topik} langsung dibalas {emoji}",
        "Terima kasih banyak {instansi} atas pelayanannya hari ini di {tempat} {emoji}",
        "{sapa} terima kasih ya sudah gerak cepat, {tempat} jadi nyaman lagi {emoji}",
        "Bangga sama Kota Bengkulu, {instansi} makin sigap {emoji} {tag}",
    ],
    "spam": [
        "Promo pinjaman cair 5 menit tanpa jaminan!! WA 0813{nomor} {emoji}",
        "Follow back ya kak {emoji} cek bio aku ada giveaway",
        "Jasa tambah followers & likes murah, DM saja kak {emoji}",
        "Investasi emas untung 30% per bulan, hubungi admin di bio {emoji}",
        "GIVEAWAY HP gratis untuk 100 orang pertama, klik link di bio {emoji}{emoji}",
        "Open endorse kak, harga bersahabat {emoji} cek IG kami",
    ],
}

FOLLOW_UPS = [
    "{sapa} bagaimana ini? belum ada kabar juga {emoji}",
    "up {sapa} {emoji}",
    "tambahan: lokasinya dekat {tempat}",
    "ini masih sama saja {sapa}, tolong dicek {emoji}",
    "tolong dibalas {sapa} {emoji}",
    "fotonya sudah saya kirim ya {sapa}",
    "sampai sekarang belum ada petugas yang datang {emoji}",
    "nomor laporan saya berapa ya {sapa}?",
]

CATEGORY_WEIGHTS = {"complaint": 0.58, "question": 0.22, "praise": 0.13, "spam": 0.07}
CHANNEL_WEIGHTS = {"x": 0.35, "instagram": 0.25, "facebook": 0.2, "whatsapp": 0.15, "youtube": 0.05}

SAPA = ["min", "admin", "pak", "bu", "kak min", "mimin", "bapak/ibu", "min tolong"]
DURASI = ["3 hari", "seminggu lebih", "2 minggu", "sebulan", "dari kemarin", "berhari-hari", "5 hari"]
WAKTU = ["tadi pagi", "semalam", "dari subuh", "kemarin sore", "tadi siang", "Jumat kemarin"]
HARAP = ["Mohon segera ditindaklanjuti.", "Tolong diperbaiki secepatnya.", "Kapan ditangani?",
         "Mohon dicek ke lokasi.", "Tolong jangan cuma dijanjikan.", "Mohon bantuannya."]
EMOJI = ["🙏", "😡", "😭", "😤", "👍", "🙄", "😢", "🔥", "🚧", "💧", "🗑️", "😊", "👏", "❤️", "🤦"]
TAGS = ["#KotaBengkulu", "#Bengkulu", "#PemkotBengkulu", "#LaporWarga", "#BengkuluBisa", "#InfoBengkulu"]
PLACES = [
    "Jl. Suprapto", "Jl. S. Parman", "Jl. Ahmad Yani", "Jl. Sudirman", "Jl. Pariwisata",
    "Jl. Zainul Arifin", "Jl. Hibrida Raya", "Jl. Danau", "Jl. Salak Raya", "Jl. Kapuas Raya",
    "Jl. Merapi Raya", "Jl. WR Supratman", "Jl. Soekarno-Hatta", "Jl. Adam Malik", "Jl. Bali",
    "Jl. Mayjen Sutoyo", "Pantai Panjang", "Benteng Marlborough", "Simpang Lima Ratu Samban",
    "Pasar Minggu", "Pasar Panorama", "Pasar Barukoto", "Tugu Thomas Parr", "Danau Dendam Tak Sudah",
    "Kebun Tebeng", "Padang Harapan", "Nusa Indah", "Pematang Gubernur", "Rawa Makmur",
    "Beringin Raya", "Betungan", "Sumur Dewa", "Tanah Patah", "Penurunan", "Pasar Melintang",
    "Kampung Cina", "Pantai Jakat", "Tapak Paderi", "depan Unib", "simpang Bandara Fatmawati",
]
#: Words people shorten; applied to the template only, never to the topic or the place.
SLANG = {
    "yang": ["yg"], "tidak": ["gk", "gak", "idak", "tdk"], "sudah": ["udh", "udah", "sdh"],
    "banget": ["bgt"], "belum": ["blm", "belom"], "dengan": ["dgn"], "saja": ["aja", "bae"],
    "terima kasih": ["makasih", "trims", "tq"], "kenapa": ["knp"], "tolong": ["tlg"],
    "sekali": ["nian"], "bagaimana": ["gimana"], "sampai": ["sampe"], "jalan": ["jln"],
    "lewat": ["lwt"], "kapan": ["kpn"], "warga": ["wrg"],
}
FIRST_NAMES = ["Rudi", "Sri", "Yeni", "Dedi", "Rika", "Eka", "Fajar", "Wulan", "Bayu", "Hendra", "Nengsih",
               "Lusi", "Tri", "Ujang", "Rahmad", "Desi", "Andika", "Meri", "Rozi", "Yulia", "Doni",
               "Putri", "Iwan", "Rosa", "Edo", "Nurul", "Agus", "Linda", "Firman", "Vina"]
LAST_NAMES = ["Hartono", "Wahyuni", "Marlina", "Kurniawan", "Saputra", "Pratama", "Lestari", "Syahputra",
              "Anggraini", "Hidayat", "Susanti", "Rahman", "Oktavia", "Gunawan", "Firdaus", ""]


@dataclass
class Target:
    """An official account a citizen can write to."""

    platform: str
    handle: str
    account_id: str
    agency: str
    agency_name: str
    kind: str
    keywords: list[str]
    places: list[str]


@dataclass
class Citizen:
    name: str
    x_handle: str
    ig_username: str
    wa_id: str
    fb_id: str

    @classmethod
    def make(cls, rng: random.Random) -> Citizen:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}".strip()
        digits = str(rng.randint(1, 999))
        base = (first + last).lower()
        return cls(
            name=name,
            x_handle=(base[:11] + "_" + digits)[:15],
            ig_username=f"{first.lower()}.{last.lower() or 'bkl'}{digits}",
            wa_id="628" + "".join(rng.choice(string.digits) for _ in range(10)),
            fb_id=str(rng.randint(10**15, 10**16 - 1)),
        )


@dataclass
class Sent:
    """One message as delivered (a webhook status per delivery, duplicates included)."""

    platform: str
    account: str
    category: str
    text: str
    fake_status: int | None = None
    webhook_statuses: list[int] = field(default_factory=list)
    note: str = ""

    def line(self) -> str:
        parts = []
        if self.fake_status is not None:
            parts.append(f"fake {self.fake_status}")
        if self.webhook_statuses:
            parts.append("webhook " + "+".join(str(s) for s in self.webhook_statuses))
        if self.note:
            parts.append(self.note)
        text = self.text.replace("\n", " ")[:60]
        return f"{self.platform:<9} {self.account:<28} {self.category:<9} {text!r:<64} {', '.join(parts)}"


def demo_targets() -> dict[str, list[Target]]:
    """The demo's official accounts by platform, with their agency's topics and places."""
    targets: dict[str, list[Target]] = {}
    for row, platform, handle in ids.demo_accounts():
        targets.setdefault(platform, []).append(Target(
            platform=platform, handle=handle, account_id=ids.demo_account_ids(platform, handle),
            agency=row["slug"], agency_name=row.get("short_name") or row["name"], kind=row["kind"],
            keywords=[k.strip() for k in (row.get("keywords") or "").split(";") if k.strip()],
            places=[p.strip() for p in (row.get("places") or "").split(";") if p.strip()],
        ))
    return targets


def require_loopback(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or parsed.hostname not in LOOPBACK:
        raise ValueError(f"{url}: only loopback URLs (127.0.0.1, localhost) are allowed")
    return url.rstrip("/")


def _snowflake(moment: datetime, sequence: int) -> str:
    return str(((int(moment.timestamp() * 1000) - 1288834974657) << 22) | (sequence & 0xFFF))


def meta_bytes(payload: dict[str, Any]) -> bytes:
    """JSON the way Meta sends it: compact, non-ASCII as \\uXXXX, '/' as '\\/'."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode()


class CitizenSimulator:
    def __init__(self, *, portal: str, platform_url: str, x_secret: str, meta_secret: str,
                 seed: int | None = None, client: httpx.Client | None = None,
                 out: Callable[[str], None] = print) -> None:
        self.portal = require_loopback(portal)
        self.platform_url = require_loopback(platform_url)
        self.x_secret, self.meta_secret = x_secret, meta_secret
        self.rng = random.Random(seed)  # noqa: S311  (a simulation, not security)
        self.client = client or httpx.Client(timeout=httpx.Timeout(15.0, connect=3.0))
        self.out = out
        self.targets = demo_targets()
        self.hubs = {t.agency for ts in self.targets.values() for t in ts if t.kind == "pimpinan"}
        # The agencies whose people have demo logins: their inboxes fill first.
        from accounts.demo import OTHER_AGENCY, PRIMARY_AGENCY

        self.featured = {PRIMARY_AGENCY, OTHER_AGENCY}
        self.topic_agencies = [t for t in self.targets.get("instagram", []) if t.keywords]
        self.all_places = PLACES + sorted({p for ts in self.targets.values() for t in ts for p in t.places})
        self.citizens = [Citizen.make(self.rng) for _ in range(40)]
        self.sequence = 0
        self.fake_online = True

    # --- Text ------------------------------------------------------------------------------

    def _slang(self, text: str) -> str:
        for word, shorts in SLANG.items():
            pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
            text = pattern.sub(lambda _m, s=shorts: self.rng.choice(s) if self.rng.random() < 0.55 else _m.group(0),
                               text)
        return text

    def compose(self, target: Target, category: str, template: str | None = None) -> str:
        rng = self.rng
        template = template or rng.choice(TEMPLATES[category])
        topic_source = target if target.keywords and rng.random() < 0.8 else rng.choice(self.topic_agencies)
        topic = rng.choice(topic_source.keywords)
        place = rng.choice(target.places) if target.places and rng.random() < 0.7 else rng.choice(self.all_places)
        filled = template.format_map(_Keep(
            sapa=rng.choice(SAPA), durasi=rng.choice(DURASI), waktu=rng.choice(WAKTU),
            harap=rng.choice(HARAP), emoji=rng.choice(EMOJI),
            tag=rng.choice(TAGS) if rng.random() < 0.6 else "",
            nomor="".join(rng.choice(string.digits) for _ in range(8)),
        ))
        text = self._slang(filled).format_map(_Keep(topik=topic, tempat=place, instansi=target.agency_name))
        if rng.random() < 0.3:
            text = text.lower()
        return re.sub(r"\s+", " ", text).strip()

    # --- A round -----------------------------------------------------------------------------

    def _pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _target(self, platform: str) -> Target:
        candidates = self.targets[platform]
        if platform == "whatsapp":
            return next(t for t in candidates if t.agency == "pemkot")
        hubs = [t for t in candidates if t.agency in self.hubs]
        featured = [t for t in candidates if t.agency in self.featured]
        draw = self.rng.random()
        if hubs and draw < 0.25:
            return self.rng.choice(hubs)
        if featured and draw < 0.55:
            return self.rng.choice(featured)
        return self.rng.choice(candidates)

    def round(self, budget: int = 2) -> list[Sent]:
        """One citizen writes one message (sometimes a message and its follow-up, the
        follow-up delivered first). Returns what was sent, at most `budget` messages."""
        platform = self._pick(CHANNEL_WEIGHTS)
        if platform == "youtube" and not self.fake_online:
            platform = "instagram"
        category = self._pick(CATEGORY_WEIGHTS)
        target = self._target(platform)
        citizen = self.rng.choice(self.citizens)
        text = self.compose(target, category)
        pair = budget >= 2 and category != "spam" and self.rng.random() < 0.15
        follow_up = self.compose(target, category, self.rng.choice(FOLLOW_UPS)) if pair else ""
        send = getattr(self, f"_send_{platform}")
        return send(target, citizen, category, text, follow_up)

    def run(self, *, count: int | None = None, interval: float = 8.0,
            stop: threading.Event | None = None, office: bool = True, quick_start: int = 0) -> list[Sent]:
        """Rounds `interval` seconds apart (jittered); the first `quick_start` messages a second
        apart, so that a fresh demo has something in its inboxes at once."""
        stop = stop or threading.Event()
        sent: list[Sent] = []
        while not stop.is_set() and (count is None or len(sent) < count):
            budget = 2 if count is None else count - len(sent)
            for message in self.round(budget):
                self.out(message.line())
                sent.append(message)
            if office:
                for line in self.office_round():
                    self.out(line)
            if count is not None and len(sent) >= count:
                break
            stop.wait(1.0 if len(sent) < quick_start else max(0.0, interval * self.rng.uniform(0.5, 1.5)))
        return sent

    # --- The agencies' side: heads pressing the WhatsApp buttons, agencies answering --------

    #: A head answers a tag after this many seconds at the earliest (so that the demo shows
    #: the tag first), and only some heads answer at all: the leaderboard needs both kinds.
    OFFICE_DELAY_SECONDS = 20.0

    def office_round(self, *, now: float | None = None) -> list[str]:
        """Play the agencies for the demo: read what Sigap sent on the fake platform; some
        heads press "Siap, tindak lanjuti" (a few "Bukan wewenang kami"), and some agencies
        reply to the citizen on X from their own account — the poller sees that reply and
        the portal stops the clock. Each of Sigap's messages is answered at most once."""
        now = now if now is not None else time.time()
        if not hasattr(self, "_answered"):
            self._answered: set[str] = set()
        try:
            response = self.client.get(f"{self.platform_url}/_fake/sent")
            sent = response.json().get("data", [])
        except (httpx.HTTPError, ValueError):
            return []
        lines: list[str] = []
        for entry in sent:
            key = str(entry.get("id") or "")
            if not key or key in self._answered:
                continue
            at = entry.get("at") or ""
            try:
                age = now - datetime.fromisoformat(at).timestamp()
            except ValueError:
                age = self.OFFICE_DELAY_SECONDS
            if age < self.OFFICE_DELAY_SECONDS:
                continue
            self._answered.add(key)
            if entry.get("platform") == "whatsapp" and entry.get("kind") == "template" and entry.get("buttons"):
                if self.rng.random() < 0.6:
                    button = 1 if self.rng.random() < 0.1 else 0
                    status, _ = self._fake("/_fake/whatsapp/reply", {"context_id": key, "button": button,
                                                                     "portal": self.portal,
                                                                     "meta_secret": self.meta_secret})
                    if status and status < 300:
                        lines.append(f"[kepala OPD] WhatsApp: {'bukan wewenang' if button else 'siap'} ({key[:18]}…)")
            elif entry.get("platform") == "x" and entry.get("kind") == "reply" and entry.get("in_reply_to"):
                agency_handle = next((w[1:] for w in str(entry.get("text") or "").split()
                                      if w.startswith("@") and w[1:].lower() != str(entry.get("account"))), "")
                agency_handle = agency_handle or str(entry.get("account") or "")
                if agency_handle and self.rng.random() < 0.7 and "mohon segera" in str(entry.get("text")):
                    reply = self.rng.choice(AGENCY_REPLIES)
                    status, _ = self._fake("/_fake/x/posts", {"author_handle": agency_handle, "text": reply,
                                                              "reply_to": entry["in_reply_to"]})
                    if status and status < 300:
                        lines.append(f"[OPD @{agency_handle}] X: {reply}")
        return lines

    # --- Delivery helpers ---------------------------------------------------------------------

    def _fake(self, path: str, payload: dict[str, Any]) -> tuple[int | None, dict[str, Any]]:
        """Register something on the fake platform; (None, {}) when it is not running."""
        try:
            response = self.client.post(f"{self.platform_url}{path}", json=payload)
        except httpx.HTTPError:
            if self.fake_online:
                self.out(f"(fake platform at {self.platform_url} unreachable: webhooks only)")
            self.fake_online = False
            return None, {}
        self.fake_online = True
        try:
            body = response.json()
        except ValueError:
            body = {}
        return response.status_code, body if isinstance(body, dict) else {}

    def _webhook(self, path: str, body: bytes, headers: dict[str, str], sent: Sent) -> None:
        """POST the exact bytes; about one delivery in ten goes twice."""
        times = 2 if self.rng.random() < 0.1 else 1
        for _ in range(times):
            try:
                response = self.client.post(f"{self.portal}{path}", content=body,
                                            headers={"Content-Type": "application/json", **headers})
                sent.webhook_statuses.append(response.status_code)
            except httpx.HTTPError as exc:
                sent.webhook_statuses.append(0)
                sent.note = f"portal unreachable ({type(exc).__name__})"
        if times == 2:
            sent.note = (sent.note + " duplicate").strip()

    def _meta(self, payload: dict[str, Any], sent: Sent) -> None:
        body = meta_bytes(payload)
        self._webhook("/webhooks/meta/", body, {"X-Hub-Signature-256": meta_signature(self.meta_secret, body)},
                      sent)

    def _deliver_in_order(self, deliveries: list[tuple[Sent, Callable[[], None]]]) -> list[Sent]:
        """A parent and its follow-up: the follow-up is pushed first (out of order)."""
        for _sent, deliver in reversed(deliveries):
            deliver()
        if len(deliveries) == 2:
            deliveries[1][0].note = (deliveries[1][0].note + " before-parent").strip()
        return [s for s, _d in deliveries]

    # --- X ----------------------------------------------------------------------------------

    def _send_x(self, target: Target, citizen: Citizen, category: str, text: str, follow_up: str) -> list[Sent]:
        mentions = [target.handle]
        hub_x = [t for t in self.targets["x"] if t.agency in self.hubs and t.handle != target.handle]
        if hub_x and self.rng.random() < 0.2:
            mentions.append(self.rng.choice(hub_x).handle)
        now = datetime.now(UTC)
        posts: list[tuple[Sent, dict[str, Any]]] = []
        parent_id = ""
        for i, body_text in enumerate([text, follow_up] if follow_up else [text]):
            created = now - timedelta(seconds=45) if follow_up and i == 0 else now
            full = " ".join(f"@{m}" for m in mentions) + " " + body_text
            status, post = self._fake("/_fake/x/posts", {
                "author_handle": citizen.x_handle, "author_name": citizen.name, "text": full,
                "reply_to": parent_id or None, "created_at": created.isoformat(),
            })
            if not post:
                post = self._local_post(citizen, full, created, parent_id, mentions)
            parent_id = post["id"]
            posts.append((Sent("x", "@" + target.handle, category, full, fake_status=status), post))
        push = bool(follow_up) or not self.fake_online or self.rng.random() < 0.5
        if not push:
            for sent, _post in posts:
                sent.note = "for the poller"
            return [s for s, _p in posts]
        return self._deliver_in_order([
            (sent, lambda sent=sent, post=post: self._x_webhook(target, citizen, post, sent))
            for sent, post in posts
        ])

    def _local_post(self, citizen: Citizen, text: str, created: datetime, parent_id: str,
                    mentions: list[str]) -> dict[str, Any]:
        self.sequence += 1
        post_id = _snowflake(created, self.sequence)
        post: dict[str, Any] = {
            "id": post_id, "text": text, "author_id": ids.x_user_id(citizen.x_handle),
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "entities": {"mentions": [
                {"start": m.start(), "end": m.end(), "username": m.group(1), "id": ids.x_user_id(m.group(1))}
                for m in re.finditer(r"@([a-z0-9_]{1,15})", text) if m.group(1) in mentions
            ]},
        }
        if parent_id:
            post["referenced_tweets"] = [{"type": "replied_to", "id": parent_id}]
        return post

    def _x_webhook(self, target: Target, citizen: Citizen, post: dict[str, Any], sent: Sent) -> None:
        payload: dict[str, Any] = {
            "id": post["id"], "text": post["text"], "author_id": post["author_id"],
            "created_at": post["created_at"],
        }
        replied = [r["id"] for r in post.get("referenced_tweets") or [] if r.get("type") == "replied_to"]
        if replied:
            payload["in_reply_to_tweet_id"] = replied[0]
            payload["referenced_tweets"] = [{"type": "replied_to", "id": replied[0]}]
        payload["entities"] = {"mentions": (post.get("entities") or {}).get("mentions", [])}
        envelope = {"data": {
            "event_uuid": str(self.rng.randint(-(2**63), 2**63 - 1)), "event_type": "post.mention.create",
            "filter": {"user_id": target.account_id}, "payload": payload,
            "includes": {"users": [{"id": post["author_id"], "username": citizen.x_handle}]},
        }}
        body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
        self._webhook("/webhooks/x/", body, {"x-twitter-webhooks-signature": x_signature(self.x_secret, body)},
                      sent)

    # --- Instagram --------------------------------------------------------------------------

    def _send_instagram(self, target: Target, citizen: Citizen, category: str, text: str,
                        follow_up: str) -> list[Sent]:
        mention = not follow_up and self.rng.random() < 0.15
        media_id = ids.ig_media_id(target.handle, self.rng.randrange(ids.OWN_CONTENT_PER_ACCOUNT))
        if mention:
            media_id = "179" + "".join(self.rng.choice(string.digits) for _ in range(14))  # someone else's
            text = f"@{target.handle} {text}"
        deliveries = []
        parent_id = ""
        for body_text in [text, follow_up] if follow_up else [text]:
            comment_id = "178" + "".join(self.rng.choice(string.digits) for _ in range(14))
            author_id = str(int(ids.ig_user_id(citizen.ig_username)) + 7)
            status, _body = self._fake("/_fake/instagram/comments", {
                "account_handle": target.handle, "id": comment_id, "text": body_text, "media_id": media_id,
                "parent_id": parent_id, "username": citizen.ig_username, "author_id": author_id,
                "mention": mention,
            })
            if mention:
                value: dict[str, Any] = {"media_id": media_id, "comment_id": comment_id}
                change = {"field": "mentions", "value": value}
            else:
                value = {"from": {"id": author_id, "username": citizen.ig_username},
                         "media": {"id": media_id, "media_product_type": "FEED"}, "id": comment_id,
                         "text": body_text}
                if parent_id:
                    value["parent_id"] = parent_id
                change = {"field": "comments", "value": value}
            payload = {"object": "instagram", "entry": [{"id": target.account_id, "time": int(time.time()),
                                                         "changes": [change]}]}
            sent = Sent("instagram", "@" + target.handle, category, body_text, fake_status=status,
                        note="mention" if mention else "")
            deliveries.append((sent, lambda payload=payload, sent=sent: self._meta(payload, sent)))
            parent_id = comment_id
        return self._deliver_in_order(deliveries)

    # --- Facebook ---------------------------------------------------------------------------

    def _send_facebook(self, target: Target, citizen: Citizen, category: str, text: str,
                       follow_up: str) -> list[Sent]:
        post_id = ids.fb_post_id(target.handle, self.rng.randrange(ids.OWN_CONTENT_PER_ACCOUNT))
        deliveries = []
        parent_id = post_id
        for body_text in [text, follow_up] if follow_up else [text]:
            comment_id = f"{post_id.partition('_')[2]}_{self.rng.randint(10**15, 10**16 - 1)}"
            now = int(time.time())
            status, _body = self._fake("/_fake/facebook/comments", {
                "account_handle": target.handle, "id": comment_id, "text": body_text, "post_id": post_id,
                "parent_id": "" if parent_id == post_id else parent_id, "author_name": citizen.name,
                "author_id": citizen.fb_id,
            })
            value = {"item": "comment", "verb": "add", "comment_id": comment_id, "post_id": post_id,
                     "parent_id": parent_id, "from": {"id": citizen.fb_id, "name": citizen.name},
                     "created_time": now, "message": body_text}
            payload = {"object": "page", "entry": [{"id": target.account_id, "time": now,
                                                    "changes": [{"field": "feed", "value": value}]}]}
            sent = Sent("facebook", target.handle, category, body_text, fake_status=status)
            deliveries.append((sent, lambda payload=payload, sent=sent: self._meta(payload, sent)))
            parent_id = comment_id
        return self._deliver_in_order(deliveries)

    # --- WhatsApp ---------------------------------------------------------------------------

    def _send_whatsapp(self, target: Target, citizen: Citizen, category: str, text: str,
                       follow_up: str) -> list[Sent]:
        deliveries = []
        now = int(time.time())
        for i, body_text in enumerate([text, follow_up] if follow_up else [text]):
            wamid = "wamid.HBgN" + "".join(self.rng.choice(string.ascii_uppercase + string.digits) for _ in range(40))
            value = {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": target.handle.lstrip("+"), "phone_number_id": target.account_id},
                "contacts": [{"profile": {"name": citizen.name}, "wa_id": citizen.wa_id}],
                "messages": [{"from": citizen.wa_id, "id": wamid, "timestamp": str(now - (30 if follow_up and i == 0 else 0)),
                              "type": "text", "text": {"body": body_text}}],
            }
            payload = {"object": "whatsapp_business_account",
                       "entry": [{"id": ids.waba_id(target.handle), "changes": [{"field": "messages", "value": value}]}]}
            sent = Sent("whatsapp", target.handle, category, body_text)
            deliveries.append((sent, lambda payload=payload, sent=sent: self._meta(payload, sent)))
        # The fake platform learns that this person wrote: free-text answers are allowed for 24 h.
        self._fake("/_fake/whatsapp/messages", {"account_handle": target.handle, "from": citizen.wa_id})
        return self._deliver_in_order(deliveries)

    # --- YouTube (no push: the fake platform only) ----------------------------------------------

    def _send_youtube(self, target: Target, citizen: Citizen, category: str, text: str,
                      follow_up: str) -> list[Sent]:
        out = []
        parent_id = ""
        video_id = ids.youtube_video_id(target.handle, self.rng.randrange(ids.OWN_CONTENT_PER_ACCOUNT))
        for body_text in [text, follow_up] if follow_up else [text]:
            status, body = self._fake("/_fake/youtube/comments", {
                "account_handle": target.handle, "text": body_text, "video_id": video_id,
                "parent_id": parent_id, "author_name": citizen.name,
            })
            parent_id = str(body.get("id") or "")
            out.append(Sent("youtube", "@" + target.handle, category, body_text, fake_status=status,
                            note="for the poller"))
        return out


class _Keep(dict):
    """format_map that leaves unknown {placeholders} for a later pass."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
