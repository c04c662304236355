"""Routing on its own (complaints/routing.py): the order of the rules, how phrases are found in
what Bengkulu's citizens write, and the demo region's keywords on typical messages."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.management import call_command

from agencies.models import Agency, OfficialAccount
from complaints import routing
from tests.factories import AgencyFactory, OfficialAccountFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db


@dataclass
class City:
    hub_x: OfficialAccount
    satpol_fb: OfficialAccount


@pytest.fixture
def city(db) -> City:
    rules = {
        "dinas-pupr": ["jalan rusak", "lubang", "siring"],
        "dinas-lh": ["sampah", "sampah pasar"],
        "dinas-perkim": ["lampu jalan", "lampu jalan mati"],
        "dinas-perhubungan": ["traffic light", "jukir", "polisi tidur"],
        "dinas-sosial": ["odgj"],
        "dinas-perdagangan": ["pasar"],
        "pdam-tirta-hidayah": ["air tidak ngalir", "air mati"],
        "dinas-dikbud": ["sekolah", "smp negeri"],
        "dinas-naker": ["kartu ak 1"],
        "dinas-dukcapil": ["kk"],
        "satpol-pp": ["tuak"],
    }
    for slug, phrases in rules.items():
        agency = AgencyFactory(slug=slug)
        for phrase in phrases:
            RoutingRuleFactory(agency=agency, phrase=phrase)
    RoutingRuleFactory(agency=Agency.objects.get(slug="dinas-perdagangan"), phrase="pasar panorama", kind="place")
    kecamatan = AgencyFactory(slug="kec-sungai-serut", kind="kecamatan")
    for place in ("sungai serut", "kelurahan surabaya"):
        RoutingRuleFactory(agency=kecamatan, phrase=place, kind="place")
    hub = AgencyFactory(slug="pemkot", kind="pimpinan")
    mayor = AgencyFactory(slug="walikota", kind="pimpinan")
    OfficialAccountFactory(agency=mayor, platform="x", handle="walikota_bkl")
    RoutingRuleFactory(agency=mayor, phrase="pak wali")
    satpol = Agency.objects.get(slug="satpol-pp")
    routing.clear_cache()
    return City(
        hub_x=OfficialAccountFactory(agency=hub, platform="x", handle="pemkot_bkl"),
        satpol_fb=OfficialAccountFactory(agency=satpol, platform="facebook", handle="satpolpp.bkl"),
    )


def routed(city: City, text: str, *, account: OfficialAccount | None = None,
           category: str = "complaint") -> tuple[str | None, str]:
    account = account or city.hub_x
    result = routing.route(platform=account.platform, text=text, mentions=[], account=account, category=category)
    return (result.agency.slug if result.agency else None), result.reason


def test_possessive_suffixes_slang_and_bengkulu_malay(city):
    assert routed(city, "jln di Lingkar Barat lobangnyo udh kayak kolam")[0] == "dinas-pupr"
    assert routed(city, "siringnyo mampet dari kemarin") == ("dinas-pupr", "kata kunci: siring")
    assert routed(city, "air idak ngalir dari subuh") == ("pdam-tirta-hidayah", "kata kunci: air tidak ngalir")


def test_typed_suffixes_held_letters_and_run_together_prepositions(city):
    assert routed(city, "siringny mampettt dari kemarin") == ("dinas-pupr", "kata kunci: siring")
    assert routed(city, "sampahhh dipasar berserakan") == ("dinas-lh", "kata kunci: sampah pasar")
    # "didepan" is "di depan": the school is where the rubbish is, not the topic.
    assert routed(city, "didepan sekolah sampah numpuk") == ("dinas-lh", "kata kunci: sampah")


def test_a_keyword_spread_over_another_agencys_topic_does_not_count(city):
    # "air ... mati" holds the drain between its words: the water is the drain's.
    assert routed(city, "air siring mati tidak mengalir") == ("dinas-pupr", "kata kunci: siring")
    assert routed(city, "air di rumah kami mati lagi") == ("pdam-tirta-hidayah", "kata kunci: air mati")


def test_the_words_of_a_keyword_may_stand_a_few_words_apart(city):
    assert routed(city, "lampu jalan di gang mawar mati") == ("dinas-perkim", "kata kunci: lampu jalan mati")
    assert routed(city, "air di rumah kami mati lagi") == ("pdam-tirta-hidayah", "kata kunci: air mati")
    # Too far apart to be one thing; whole words only.
    assert routed(city, "air hujan masuk ke rumah terus semua lampu mati")[0] is None
    assert routed(city, "kapan jalan rusakan itu diperbaiki")[0] is None


def test_a_phrase_inside_a_longer_phrase_found_does_not_count(city):
    # "pasar" is part of the place "Pasar Panorama": the topic is the ODGJ, not the market.
    assert routed(city, "ada ODGJ tidur di emperan Pasar Panorama, warga takut")[0] == "dinas-sosial"
    assert routed(city, "atap Pasar Panorama bocor lagi") == ("dinas-perdagangan", "nama tempat: pasar panorama")
    assert routed(city, "sampah pasar berserakan") == ("dinas-lh", "kata kunci: sampah pasar")


def test_a_keyword_written_as_a_landmark_counts_as_a_place(city):
    # Without the landmark rule "sekolah", named first, would win.
    assert routed(city, "depan sekolah sampah numpuk seminggu") == ("dinas-lh", "kata kunci: sampah")
    assert routed(city, "di jalan sekolah ada lubang besar")[0] == "dinas-pupr"
    assert routed(city, "dekat sekolah gelap, rawan") == ("dinas-dikbud", "nama tempat: sekolah")


def test_an_outside_body_named_as_a_landmark_is_not_out_of_remit(city):
    assert routed(city, "traffic light di simpang RS M. Yunus ijonya cuma 5 detik")[0] == "dinas-perhubungan"
    agency, reason = routed(city, "antrean di RS M. Yunus dari subuh sampai siang")
    assert agency is None and "bukan wewenang" in reason and "rs m yunus" in reason


def test_speed_bumps_and_the_pamong_praja_are_not_the_police(city):
    assert routed(city, "polisi tidur di depan rumah kami terlalu tinggi")[0] == "dinas-perhubungan"
    assert routed(city, "tolong satuan polisi pamong praja razia tuak")[0] == "satpol-pp"
    assert routed(city, "lapor polisi soal tuak")[0] is None


def test_a_place_outside_the_region_sends_to_triage_only_when_it_happens_there(city):
    agency, reason = routed(city, "sampah numpuk di Kabupaten Seluma")
    assert agency is None and reason.startswith("di luar wilayah")
    assert routed(city, "pindah dari Kab. Seluma, mau urus KK ke mana?")[0] == "dinas-dukcapil"


def test_the_receiving_agency_account_comes_before_an_outside_body(city):
    text = "kalau ada tetangga jualan tuak lapornya ke satpol atau polisi ya?"
    assert routed(city, text, account=city.satpol_fb, category="question")[0] == "satpol-pp"


def test_abbreviations_that_name_things_are_not_spelled_out(city):
    assert routed(city, "SMP negeri 3 minta uang komite")[0] == "dinas-dikbud"
    assert routed(city, "sampai negeri seberang")[0] is None  # "smp" is not "sampai" here
    assert routed(city, "bikin kartu AK 1 bisa online?", category="question")[0] == "dinas-naker"


def test_households_are_not_family_cards(city):
    assert routed(city, "ada 40 KK di perumahan kami, sampah tidak diangkut")[0] == "dinas-lh"
    assert routed(city, "kk admin, sampah belum diangkut")[0] == "dinas-lh"
    assert routed(city, "KK saya hilang")[0] == "dinas-dukcapil"


def test_a_kelurahan_without_an_agency_goes_to_its_kecamatan(city):
    assert routed(city, "kantor lurah Surabaya tutup terus") == ("kec-sungai-serut", "nama tempat: kelurahan surabaya")
    assert routed(city, "paket dari Surabaya belum datang")[0] is None  # the city in Java


def test_the_mayor_gets_praise_but_not_complaints(city):
    assert routed(city, "makasih @walikota_bkl udh turun langsung 🙏", category="praise") == (
        "walikota", "apresiasi untuk @walikota_bkl")
    assert routed(city, "pak wali keren, lanjutkan", category="praise") == ("walikota", "apresiasi untuk: bapak wali")
    assert routed(city, "@walikota_bkl pak wali tolong dong")[0] is None
    assert routed(city, "@walikota_bkl pak wali sampah numpuk")[0] == "dinas-lh"


def test_chatter_the_classifier_is_sure_of_is_not_routed_by_its_words(city, monkeypatch):
    text = "selamat hari guru, sekolah kami juara lomba"
    monkeypatch.setattr(routing, "_chatter_probability", lambda _text: 0.9)
    assert routed(city, text, category="other")[0] is None
    monkeypatch.setattr(routing, "_chatter_probability", lambda _text: 0.5)
    assert routed(city, text, category="other") == ("dinas-dikbud", "kata kunci: sekolah")
    # On an agency's own account, chatter the classifier is sure of goes to triage; a message it
    # only leans to call chatter stays with the agency whose post it was written under.
    monkeypatch.setattr(routing, "_chatter_probability", lambda _text: 0.9)
    assert routed(city, "semangat bapak ibu 🙏", account=city.satpol_fb, category="other")[0] is None
    monkeypatch.setattr(routing, "_chatter_probability", lambda _text: 0.5)
    assert routed(city, "min td ke kantor sepi", account=city.satpol_fb, category="other") == (
        "satpol-pp", "ditulis di akun satpolpp.bkl")


def test_an_agency_named_outweighs_one_topic_of_another(city):
    # "ngemis" is Satpol PP's topic here; the citizen asks for Dinsos by name.
    RoutingRuleFactory(agency=Agency.objects.get(slug="satpol-pp"), phrase="ngemis")
    for slug, name in (("dinas-sosial", "dinsos"), ("dinas-lh", "dinas lingkungan hidup")):
        RoutingRuleFactory(agency=Agency.objects.get(slug=slug), phrase=name)
    Agency.objects.filter(slug="dinas-sosial").update(short_name="Dinsos")
    routing.clear_cache()
    assert routed(city, "anak2 ngemis di lampu merah sampe malem. mana dinsos?") == (
        "dinas-sosial", "kata kunci: dinsos")
    # A keyword that starts with "dinas" is a name too.
    assert routed(city, "sampah pasar numpuk, dinas lingkungan hidup kemana") == (
        "dinas-lh", "kata kunci: sampah pasar")
    # A name counts as two topics, not more: two topics of another agency still tie it, and
    # the topic named first wins the tie.
    assert routed(city, "ngemis sambil minum tuak, dinsos kemana")[0] == "satpol-pp"


def test_praise_of_the_leaders_themselves_is_theirs_thanks_for_a_work_is_the_agency_s(city):
    hub = Agency.objects.get(slug="pemkot")
    RoutingRuleFactory(agency=hub, phrase="pemkot")
    routing.clear_cache()
    # The mayor's own conduct, whatever topic it names.
    assert routed(city, "pak wali turun langsung ke sekolah yg kebanjiran, salut", category="praise") == (
        "walikota", "apresiasi untuk: bapak wali")
    assert routed(city, "keren pemkot, pasar sekarang bersih", category="praise") == (
        "pemkot", "apresiasi untuk: pemerintah kota")
    # Thanked for a piece of work: the agency that did it.
    assert routed(city, "terima kasih pak wali, siring depan rumah udh dibangun", category="praise") == (
        "dinas-pupr", "kata kunci: siring")
    assert routed(city, "makasih pemkot, jalan rusak kami udh diaspal", category="praise")[0] == "dinas-pupr"
    # Thanked with no agency's topic or place: still the one thanked.
    assert routed(city, "terima kasih pemkot 🙏", category="praise") == ("pemkot", "apresiasi untuk: pemerintah kota")
    # Found in review: a leader's name is matched only as written, thanks reach over "ya",
    # "kepada" and the whole name, and an agency named is who the praise is for.
    mayor = Agency.objects.get(slug="walikota")
    for phrase in ("wali kota", "walikota"):
        RoutingRuleFactory(agency=mayor, phrase=phrase)
    RoutingRuleFactory(agency=Agency.objects.get(slug="dinas-pupr"), phrase="dinas pupr")
    routing.clear_cache()
    assert routed(city, "wali murid senang, kota kita juara lomba sekolah sehat", category="praise")[0] == (
        "dinas-dikbud")
    assert routed(city, "makasih ya pak wali kota, sampah pasar sudah diangkut", category="praise")[0] == "dinas-lh"
    assert routed(city, "terima kasih kepada bapak walikota, jalan rusak sudah diaspal", category="praise")[0] == (
        "dinas-pupr")
    assert routed(city, "mantap dinas pupr, jalan mulus, semoga pak wali kasih penghargaan", category="praise") == (
        "dinas-pupr", "kata kunci: dinas pupr")
    # Only praise: a complaint that names the mayor is routed by its topic, or goes to triage.
    assert routed(city, "pak wali sekolah kami bocor")[0] == "dinas-dikbud"
    assert routed(city, "pak wali tolong dengar kami")[0] is None


#: Typical messages for the demo region (written for this test, not taken from the labelled set).
DEMO_MESSAGES = [
    ("dinas-pupr", "jln di depan gang kami berlobang besar min, tiap hujan jadi kolam"),
    ("dinas-pupr", "siringnyo tersumbat, air naik ke jalan tiap hujan. kel. kebun tebeng"),
    ("dinas-pupr", "tiap hujan deras rumah kami kebanjiran, got depan rumah gk pernah dibersihin"),
    ("dinas-lh", "sampah di tps dekat pasar udh 3 hari gk diangkut, bau bgt"),
    ("dinas-lh", "truk sampah gak lewat lagi di perumahan kami seminggu ini"),
    ("dinas-dukcapil", "ktp el saya hilang, gimana cara ngurus yg baru?"),
    ("dinas-dukcapil", "blangko ktp kosong lagi? kapan ada?"),
    ("dinas-kesehatan", "obat di puskesmas kosong terus, disuruh beli di luar"),
    ("dinas-kesehatan", "banyak nyamuk dan warga kena demam berdarah, tolong fogging"),
    ("dinas-dikbud", "sekolah minta uang komite 500rb, katanya sekolah gratis"),
    ("dinas-dikbud", "atap ruang kelas smp negeri 3 bocor, murid kehujanan"),
    ("dinas-perhubungan", "tukang parkir liar di depan indomaret minta 3rb"),
    ("dinas-perhubungan", "lampu merah simpang lima mati lagi, macet parah"),
    ("satpol-pp", "pengamen dan pengemis di lampu merah makin banyak"),
    ("satpol-pp", "warung tuak buka sampai subuh, berisik dan meresahkan"),
    ("dinas-damkar", "sarang tawon di atap rumah, anak saya disengat"),
    ("dinas-damkar", "ular masuk ke kamar mandi, tolong evakuasi"),
    ("pdam-tirta-hidayah", "air pdam ga ngalir dari semalam di kebun beler"),
    ("pdam-tirta-hidayah", "air di rumah kami keruh dan bau, gak bisa dipakai"),
    ("dinas-perkim", "lampu jalan di gang kami mati udh sebulan, gelap"),
    ("dinas-perkim", "cara daftar bantuan bedah rumah gimana?"),
    ("dinas-sosial", "saya tidak terdaftar dtks padahal keluarga miskin"),
    ("dinas-naker", "saya di phk tanpa pesangon, lapor kemana?"),
    ("dinas-dpmptsp", "ngurus pbg lama bgt, udh 2 bulan belum keluar"),
    ("bpbd", "pohon besar tumbang menutup jalan di kel. padang nangka"),
    ("bapenda", "tagihan pbb saya naik tinggi bgt tahun ini"),
    ("dinas-perdagangan", "gas 3 kg langka di pangkalan dekat rumah"),
    ("dinas-perdagangan", "atap los pasar panorama bocor, dagangan basah"),
    ("inspektorat", "ada pungli waktu ngurus surat di kelurahan"),
    ("dinas-p3ap2kb", "tetangga sering kdrt, istrinya dipukuli tiap malam"),
    ("dinas-pariwisata", "toilet di pantai panjang kotor dan mahal"),
    ("rsud-hd", "antri di igd rshd lama bgt, pasien dibiarkan"),
    ("dinas-pertanian", "pupuk subsidi langka, petani susah"),
    ("bagian-kesra", "insentif guru ngaji belum cair 6 bulan"),
    ("kec-selebar", "pelayanan di kantor camat selebar lama"),
    ("kec-ratu-samban", "surat pengantar di kelurahan anggut atas lama sekali"),
    ("kel-sawah-lebar", "kantor lurah sawah lebar gak ada orang jam 10 pagi"),
    # "di"/"ke" run into a verb is not a place: "dipasang" is not the "pasang" of "air pasang"
    # (a tidal flood), "keluar" not the "luar" of "kejadian luar biasa".
    ("pdam-tirta-hidayah", "sambungan air baru dipasang tapi belum ada airnya"),
    ("dinas-pupr", "kejadian kemarin, kami mau keluar rumah biasa saja tapi jalan banjir"),
    (None, "listrik padam di rumah kami dari sore, pln gimana ini"),
    (None, "pajak motor mati 2 tahun, bisa diputihkan?"),
    (None, "sinyal indosat hilang di rumah"),
]


def test_the_demo_regions_keywords_route_typical_messages(settings, monkeypatch):
    settings.DEBUG = True
    call_command("seed_demo", quiet=True)
    routing.clear_cache()
    monkeypatch.setattr(routing, "_chatter_probability", lambda _text: 0.0)
    hub = Agency.objects.get(slug="pemkot").accounts.get(platform="x")
    wrong = []
    for expected, text in DEMO_MESSAGES:
        result = routing.route(platform="x", text=text, mentions=[], account=hub)
        got = result.agency.slug if result.agency else None
        if got != expected:
            wrong.append((text, expected, got, result.reason))
    assert wrong == []
