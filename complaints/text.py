"""Indonesian as citizens write it on social media: normalised before routing and
classification (lowercase, no punctuation, common abbreviations spelled out)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

#: Abbreviations and slang seen in Bengkulu's mentions, spelled out. Kept short and plain:
#: every entry is a word a person would recognise.
SLANG = {
    "yg": "yang", "gk": "tidak", "ga": "tidak", "gak": "tidak", "nggak": "tidak", "ngga": "tidak",
    "enggak": "tidak", "tdk": "tidak", "tak": "tidak", "g": "tidak", "udh": "sudah", "udah": "sudah",
    "sdh": "sudah", "dah": "sudah", "blm": "belum", "blom": "belum", "bgt": "banget", "jln": "jalan",
    "jl": "jalan", "dmn": "dimana", "dmana": "dimana", "gmn": "gimana", "gmana": "gimana",
    "bgmn": "bagaimana", "min": "admin", "mimin": "admin", "sy": "saya", "aq": "aku", "ak": "aku",
    "kpn": "kapan", "krn": "karena", "karna": "karena", "dr": "dari", "dgn": "dengan", "utk": "untuk",
    "tp": "tapi", "lg": "lagi", "bs": "bisa", "org": "orang", "skrg": "sekarang", "hrs": "harus",
    "sm": "sama", "kl": "kalau", "kalo": "kalau", "klo": "kalau", "knp": "kenapa", "napa": "kenapa",
    "pdhl": "padahal", "tlg": "tolong", "tolongin": "tolong", "mksh": "makasih", "makasi": "makasih",
    "trims": "terimakasih", "thx": "terimakasih", "tq": "terimakasih", "tks": "terimakasih",
    "byk": "banyak", "bnyk": "banyak", "jg": "juga", "aja": "saja", "aj": "saja", "doang": "saja",
    "bkn": "bukan", "gt": "gitu", "gini": "begini", "gitu": "begitu", "emg": "memang", "emang": "memang",
    "bener": "benar", "bnr": "benar", "sampe": "sampai", "smp": "sampai", "pas": "saat",
    "pd": "pada", "dlm": "dalam", "kmrn": "kemarin", "bsk": "besok", "hr": "hari", "thn": "tahun",
    "bln": "bulan", "mgg": "minggu", "jam2": "jam", "rmh": "rumah", "kel": "kelurahan",
    "kec": "kecamatan", "pak": "bapak", "bu": "ibu", "bpk": "bapak", "pemkot": "pemerintah kota",
    "gelap2": "gelap", "rusak2": "rusak", "lobang": "lubang", "bolong": "lubang", "brp": "berapa",
    "gimana2": "gimana", "tgl": "tanggal", "no": "nomor", "nmr": "nomor", "ktr": "kantor",
}

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.]{1,30})")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_REDUPLICATION = re.compile(r"\b([a-z]{3,})2\b")  # "sampah2" -> "sampah"


def strip_accents(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))


def mentions_in(text: str) -> list[str]:
    """@handles written in the text, lowercase, without '@' (trailing dots dropped)."""
    return [m.rstrip(".").lower() for m in _MENTION.findall(text or "")]


def normalize(text: str, *, slang: Mapping[str, str] = SLANG) -> str:
    """Lowercase words separated by single spaces: no URLs, @handles, punctuation or emoji;
    hashtags keep their word; abbreviations spelled out (`slang`)."""
    value = _URL.sub(" ", text or "")
    value = _MENTION.sub(" ", value)
    value = strip_accents(value.lower()).replace("#", " ")
    value = _REDUPLICATION.sub(r"\1", value)
    words = _NON_WORD.sub(" ", value).split()
    return " ".join(slang.get(w, w) for w in words)


#: Words of the region's public services: a message that uses one is about the city's work,
#: not chatter (a classifier cue, not a routing rule).
SERVICE_WORDS = frozenset("""
jalan aspal lubang siring drainase gorong selokan got jembatan trotoar banjir genangan
sampah tps truk kebersihan limbah pencemaran bau air pdam pipa meteran tagihan listrik
lampu pju penerangan taman makam tpu rumah bedah rtlh ktp kk akta adminduk dukcapil kia
domisili surat pengantar kelurahan kecamatan lurah camat rt rw sekolah guru ppdb zonasi
siswa beasiswa puskesmas posyandu imunisasi rsud rumah sakit igd bpjs dokter obat vaksin
bansos pkh dtks blt sembako bantuan pasar pedagang pkl harga minyak gas elpiji parkir jukir
angkot terminal lalu lintas macet izin pbg imb nib oss pajak pbb retribusi damkar kebakaran
bencana longsor abrasi pohon tumbang satpol penertiban kerja lowongan phk upah thr pelatihan
wisata pantai festival perpustakaan arsip olahraga stadion lapangan pungli kb posko layanan
pelayanan kantor pendaftaran jadwal program anggaran dana proyek pembangunan perbaikan
""".split())  # noqa: SIM905 - a readable word list
