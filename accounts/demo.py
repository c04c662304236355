"""The embedded demo's people: one login per role, all fictional, all with one password that
`make run` prints. Never used when DEBUG is off."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.services import head_assign, staff_add, user_get_or_create
from agencies.models import Agency

DEMO_PASSWORD = "sigap-demo-2026"  # noqa: S105 - printed on purpose by `make run`
PRIMARY_AGENCY = "dinas-pupr"
OTHER_AGENCY = "dinas-lh"

DEMO_LOGINS: list[tuple[str, str]] = [
    ("Admin Sigap (superuser)", "admin@demo.sigap.test"),
    ("Diskominfo (comms)", "diskominfo@demo.sigap.test"),
    ("Pimpinan (leader)", "pimpinan@demo.sigap.test"),
    ("Kepala OPD, Dinas PUPR (head)", "kepala.pupr@demo.sigap.test"),
    ("Admin Medsos OPD, Dinas PUPR (staff)", "staf.pupr@demo.sigap.test"),
    ("Admin Medsos OPD, Dinas LH (staff)", "staf.dlh@demo.sigap.test"),
]


def _with_password(user: User) -> User:
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_demo_people() -> list[User]:
    """Idempotent: running it again finds everyone in place and changes nothing."""
    pupr = Agency.objects.get(slug=PRIMARY_AGENCY)
    dlh = Agency.objects.get(slug=OTHER_AGENCY)
    people: list[User] = []

    admin, _ = user_get_or_create(email="admin@demo.sigap.test", full_name="Admin Sigap (Demo)")
    if not (admin.is_superuser and admin.is_staff):
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    people.append(admin)

    comms, _ = user_get_or_create(email="diskominfo@demo.sigap.test", full_name="Petugas Diskominfo (Demo)")
    if not comms.is_comms:
        comms.is_comms = True
        comms.save(update_fields=["is_comms"])
    people.append(comms)

    leader, _ = user_get_or_create(email="pimpinan@demo.sigap.test", full_name="Staf Khusus Wali Kota (Demo)")
    if not leader.is_leader:
        leader.is_leader = True
        leader.save(update_fields=["is_leader"])
    people.append(leader)

    head, _ = user_get_or_create(email="kepala.pupr@demo.sigap.test", full_name="Ir. Hendra Fiktif, M.T.",
                                 phone="+6281200099001")
    head_assign(agency=pupr, user=head, position_title="Kepala Dinas")
    people.append(head)

    staff_pupr, _ = user_get_or_create(email="staf.pupr@demo.sigap.test", full_name="Rina Contoh Lestari")
    staff_add(agency=pupr, user=staff_pupr)
    people.append(staff_pupr)

    staff_dlh, _ = user_get_or_create(email="staf.dlh@demo.sigap.test", full_name="Yoga Contoh Pratama")
    staff_add(agency=dlh, user=staff_dlh)
    people.append(staff_dlh)

    return [_with_password(p) for p in people]


#: Saved replies of the agencies with demo logins, as a head would write them.
DEMO_REPLY_TEMPLATES = {
    PRIMARY_AGENCY: [
        ("Sedang dicek", "Terima kasih, {warga}. Aduan {nomor} sudah kami terima; petugas {opd} mengecek ke "
                         "lokasi hari ini."),
        ("Dijadwalkan", "Terima kasih, {warga}. Perbaikan untuk aduan {nomor} sudah dijadwalkan {opd}; kami "
                        "kabari lagi setelah selesai."),
        ("Minta lokasi", "Terima kasih, {warga}. Mohon kirim titik lokasi atau patokan terdekat agar aduan {nomor} "
                         "bisa segera ditangani {opd}."),
    ],
    OTHER_AGENCY: [
        ("Sedang dicek", "Terima kasih, {warga}. Aduan {nomor} sudah kami terima; petugas {opd} meluncur ke "
                         "lokasi."),
        ("Jadwal angkut", "Terima kasih, {warga}. Sampah di lokasi aduan {nomor} masuk jadwal angkut {opd} "
                          "besok pagi."),
    ],
}


def seed_demo_reply_templates() -> int:
    """Idempotent: returns how many templates were new."""
    from complaints.models import ReplyTemplate

    made = 0
    for slug, templates in DEMO_REPLY_TEMPLATES.items():
        agency = Agency.objects.get(slug=slug)
        for title, text in templates:
            made += ReplyTemplate.objects.get_or_create(agency=agency, title=title, defaults={"text": text})[1]
    return made
