"""The bulk import of agencies (agencies/importing.py and `manage.py import_agencies`).

Messages are gettext'd and may be translated, so errors are checked through the RowError
objects (row, column), never through their wording.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from accounts.models import Membership, Role, User
from agencies.importing import import_file
from agencies.models import (
    Agency,
    ConnectionStatus,
    OfficialAccount,
    PersonHandle,
    RoutingRule,
    RuleKind,
)
from tests.factories import AgencyFactory, OfficialAccountFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "name", "short_name", "slug", "kind", "parent_slug", "head_name", "head_title",
    "head_email", "head_phone", "head_handles", "accounts", "keywords", "places", "calendar",
    "expected_platforms", "phone", "whatsapp", "website",
]

PUPR = {
    "name": "Dinas Pekerjaan Umum dan Penataan Ruang", "short_name": "Dinas PUPR",
    "slug": "dinas-pupr", "kind": "dinas", "head_name": "Budi Santoso",
    "head_title": "Kepala Dinas", "head_email": "budi@contoh.test", "head_phone": "081234567890",
    "head_handles": "x:@budi_s", "accounts": "x:@DinasPUPR_bkl;instagram:@pupr.kotabengkulu",
    "keywords": "Jalan Rusak;drainase", "places": "Simpang Lima", "calendar": "default",
    "expected_platforms": "x;instagram", "phone": "+62 736 21234",
    "website": "https://pupr.bengkulukota.go.id",
}
DLH = {
    "name": "Dinas Lingkungan Hidup", "short_name": "DLH", "slug": "dinas-lh", "kind": "Dinas",
    "head_name": "Sari Dewi", "head_email": "sari@contoh.test",
    "accounts": "x:@dlh_kotabkl=1234567890;whatsapp:+6281234567891;tiktok:@dlh.bkl",
    "keywords": "sampah", "calendar": "24x7", "whatsapp": "081234567891",
}
UPT = {
    "name": "UPT Taman Kota", "short_name": "UPT Taman", "slug": "upt-taman", "kind": "UPT",
    "parent_slug": "dinas-lh",
}


def csv_bytes(
    rows: Sequence[dict[str, str]], *, header: Sequence[str] = HEADER, delimiter: str = ",",
    bom: bool = False,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    data = out.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(rows: Sequence[dict[str, str]], **kwargs: object):
    return import_file(csv_bytes(rows), "agencies.csv", **kwargs)


def error_cells(report) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in report.errors}


def db_state() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "accounts": OfficialAccount.objects.count(),
        "rules": RoutingRule.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "handles": PersonHandle.objects.count(),
        "log": LogEntry.objects.count(),
    }


# --- A good file ----------------------------------------------------------------------


def test_good_file_creates_everything() -> None:
    report = run([PUPR, DLH, UPT])

    assert report.ok, [str(e) for e in report.errors]
    assert report.created == ["dinas-pupr", "dinas-lh", "upt-taman"]
    pupr = Agency.objects.get(slug="dinas-pupr")
    assert pupr.name == PUPR["name"]
    assert pupr.kind == "dinas"
    assert pupr.expected_platforms == ["x", "instagram"]
    assert pupr.phone == "+6273621234"
    assert pupr.website == PUPR["website"]
    dlh = Agency.objects.get(slug="dinas-lh")
    assert dlh.calendar == "24x7"
    assert dlh.whatsapp == "+6281234567891"
    assert Agency.objects.get(slug="upt-taman").parent == dlh
    assert set(pupr.accounts.values_list("platform", "handle")) == {
        ("x", "dinaspupr_bkl"), ("instagram", "pupr.kotabengkulu"),
    }
    head = Membership.objects.get(agency=pupr, role=Role.HEAD, ended_at__isnull=True)
    assert head.user.email == "budi@contoh.test"
    assert head.user.full_name == "Budi Santoso"
    assert head.user.phone == "+6281234567890"
    assert head.position_title == "Kepala Dinas"
    assert PersonHandle.objects.get(platform="x", handle="budi_s").user == head.user
    assert sorted(report.users_created) == ["budi@contoh.test", "sari@contoh.test"]


def test_same_file_twice_changes_nothing_the_second_time() -> None:
    data = csv_bytes([PUPR, DLH, UPT])
    first = import_file(data, "agencies.csv")
    assert first.ok and first.changed
    before = db_state()
    assert before["log"] > 0  # the first run was audited

    second = import_file(data, "agencies.csv")

    assert second.ok
    assert not second.changed
    assert second.created == []
    assert second.updated == []
    assert sorted(second.unchanged) == ["dinas-lh", "dinas-pupr", "upt-taman"]
    assert second.users_created == second.heads_changed == second.accounts_created == []
    assert second.rules_created == second.handles_created == []
    assert second.accounts_not_in_file == []
    assert db_state() == before


def test_kind_is_case_insensitive() -> None:
    report = run([{**PUPR, "kind": "  DINAS "}, {**UPT, "parent_slug": "", "kind": "Upt"}])

    assert report.ok
    assert Agency.objects.get(slug="dinas-pupr").kind == "dinas"
    assert Agency.objects.get(slug="upt-taman").kind == "upt"


def test_keywords_and_places_create_routing_rules() -> None:
    report = run([PUPR])

    assert report.ok
    rules = {(r.phrase, r.kind) for r in RoutingRule.objects.filter(agency__slug="dinas-pupr")}
    assert rules == {
        ("jalan rusak", RuleKind.KEYWORD), ("drainase", RuleKind.KEYWORD),
        ("simpang lima", RuleKind.PLACE),
    }
    assert len(report.rules_created) == 3


def test_rule_missing_from_reimport_is_reported_and_kept() -> None:
    run([PUPR])
    report = run([{**PUPR, "keywords": "drainase"}])

    assert report.ok
    assert "dinas-pupr: jalan rusak" in report.rules_not_in_file
    assert RoutingRule.objects.filter(agency__slug="dinas-pupr", phrase="jalan rusak").exists()


def test_external_id_after_equals_sign() -> None:
    report = run([DLH])

    assert report.ok
    account = OfficialAccount.objects.get(platform="x", handle="dlh_kotabkl")
    assert account.external_id == "1234567890"
    assert account.agency.slug == "dinas-lh"


def test_account_ids_column_sets_id_of_listed_account() -> None:
    header = [*HEADER, "account_ids"]
    data = csv_bytes([{**PUPR, "account_ids": "x:@dinaspupr_bkl=998877665544332211"}], header=header)

    report = import_file(data, "agencies.csv")

    assert report.ok
    account = OfficialAccount.objects.get(platform="x", handle="dinaspupr_bkl")
    assert account.external_id == "998877665544332211"
    assert OfficialAccount.objects.filter(agency__slug="dinas-pupr").count() == 2


def test_reimport_adds_external_id_to_existing_account() -> None:
    run([PUPR])
    report = run([{**PUPR, "accounts": "x:@dinaspupr_bkl=42;instagram:@pupr.kotabengkulu"}])

    assert report.ok
    assert report.accounts_updated == ["dinas-pupr x:@dinaspupr_bkl"]
    assert OfficialAccount.objects.get(platform="x", handle="dinaspupr_bkl").external_id == "42"


@pytest.mark.parametrize("written", ["whatsapp:+6281234567890", "whatsapp:081234567890",
                                     "whatsapp:6281234567890", "WhatsApp:0812-3456-7890"])
def test_whatsapp_numbers_are_stored_in_e164(written: str) -> None:
    report = run([{**PUPR, "accounts": written}])

    assert report.ok, [str(e) for e in report.errors]
    account = OfficialAccount.objects.get(agency__slug="dinas-pupr")
    assert account.platform == "whatsapp"
    assert account.handle == "+6281234567890"


def test_tiktok_accounts_are_manual_others_not_connected() -> None:
    report = run([DLH])

    assert report.ok
    assert OfficialAccount.objects.get(platform="tiktok", handle="dlh.bkl").status == ConnectionStatus.MANUAL
    assert OfficialAccount.objects.get(platform="x", handle="dlh_kotabkl").status == ConnectionStatus.NOT_CONNECTED


def test_head_email_creates_user_without_usable_password() -> None:
    report = run([PUPR])

    assert report.users_created == ["budi@contoh.test"]
    user = User.objects.get(email="budi@contoh.test")
    assert not user.has_usable_password()
    assert user.is_active
    assert Membership.objects.filter(user=user, role=Role.HEAD, agency__slug="dinas-pupr").exists()


def test_head_email_of_existing_user_reuses_it() -> None:
    existing = UserFactory(email="budi@contoh.test", full_name="Budi S.")
    report = run([{**PUPR, "head_email": "BUDI@contoh.test"}])

    assert report.ok
    assert report.users_created == []
    assert User.objects.filter(email__iexact="budi@contoh.test").count() == 1
    assert Membership.objects.get(agency__slug="dinas-pupr", role=Role.HEAD).user == existing
    assert existing.has_usable_password()


def test_changed_head_ends_old_membership_and_creates_new_one() -> None:
    run([PUPR])
    old = Membership.objects.get(agency__slug="dinas-pupr", role=Role.HEAD)

    report = run([{**PUPR, "head_name": "Rina Wati", "head_email": "rina@contoh.test",
                   "head_phone": "", "head_handles": ""}])

    assert report.ok
    assert report.heads_changed == ["dinas-pupr: rina@contoh.test"]
    old.refresh_from_db()
    assert old.ended_at is not None
    assert old.user.email == "budi@contoh.test"
    current = Membership.objects.get(agency__slug="dinas-pupr", role=Role.HEAD, ended_at__isnull=True)
    assert current.user.email == "rina@contoh.test"
    assert Membership.objects.filter(agency__slug="dinas-pupr", role=Role.HEAD).count() == 2


def test_changed_head_title_updates_membership_in_place() -> None:
    run([PUPR])
    report = run([{**PUPR, "head_title": "Plt. Kepala Dinas"}])

    assert report.ok
    assert report.heads_changed == []
    assert report.updated == ["dinas-pupr"]
    membership = Membership.objects.get(agency__slug="dinas-pupr", role=Role.HEAD)
    assert membership.position_title == "Plt. Kepala Dinas"
    assert membership.ended_at is None


def test_changed_field_is_reported_as_update() -> None:
    run([PUPR, DLH])
    report = run([{**PUPR, "short_name": "PUPR"}, DLH])

    assert report.ok
    assert report.updated == ["dinas-pupr"]
    assert report.unchanged == ["dinas-lh"]
    assert Agency.objects.get(slug="dinas-pupr").short_name == "PUPR"


def test_account_dropped_from_reimport_is_reported_not_deleted() -> None:
    run([PUPR])
    report = run([{**PUPR, "accounts": "x:@dinaspupr_bkl"}])

    assert report.ok
    assert report.accounts_not_in_file == ["dinas-pupr instagram:@pupr.kotabengkulu"]
    account = OfficialAccount.objects.get(platform="instagram", handle="pupr.kotabengkulu")
    assert account.agency.slug == "dinas-pupr"
    assert account.is_active


def test_parent_slug_may_refer_to_a_later_row() -> None:
    report = run([UPT, DLH])

    assert report.ok, [str(e) for e in report.errors]
    assert Agency.objects.get(slug="upt-taman").parent.slug == "dinas-lh"


def test_parent_slug_may_refer_to_an_agency_in_the_database() -> None:
    AgencyFactory(slug="dinas-lh", name="Dinas Lingkungan Hidup")
    report = run([UPT])

    assert report.ok
    assert Agency.objects.get(slug="upt-taman").parent.slug == "dinas-lh"


def test_dry_run_saves_nothing() -> None:
    before = db_state()
    report = run([PUPR, DLH, UPT], dry_run=True)

    assert report.ok
    assert report.dry_run
    assert report.created == ["dinas-pupr", "dinas-lh", "upt-taman"]
    assert db_state() == before


def test_import_is_audited_with_actor() -> None:
    from auditlog.context import set_actor

    actor = UserFactory(is_comms=True)
    with set_actor(actor):
        report = run([PUPR], actor=actor)

    assert report.ok
    pupr = Agency.objects.get(slug="dinas-pupr")
    entry = LogEntry.objects.get_for_object(pupr).get(action=LogEntry.Action.CREATE)
    assert entry.actor == actor
    assert Membership.objects.get(agency=pupr, role=Role.HEAD).created_by == actor


# --- File formats ---------------------------------------------------------------------


def test_csv_with_bom_and_semicolons() -> None:
    data = csv_bytes([PUPR, DLH], delimiter=";", bom=True)
    assert data.startswith(b"\xef\xbb\xbf")

    report = import_file(data, "AGENCIES.CSV")

    assert report.ok, [str(e) for e in report.errors]
    assert set(Agency.objects.values_list("slug", flat=True)) == {"dinas-pupr", "dinas-lh"}
    # Multi-valued cells (quoted, since ";" is also the separator) are still split.
    assert OfficialAccount.objects.filter(agency__slug="dinas-pupr").count() == 2
    assert RoutingRule.objects.filter(agency__slug="dinas-pupr", kind=RuleKind.KEYWORD).count() == 2


def test_header_is_normalised_and_blank_rows_skipped() -> None:
    data = (
        b"Name,Short Name,SLUG,Kind\r\n"
        b"Dinas Lingkungan Hidup,DLH,dinas-lh,dinas\r\n"
        b",,,\r\n"
        b"Dinas Sosial,Dinsos,dinas-sosial,bogus\r\n"
    )

    report = import_file(data, "a.csv")

    # Row 3 is blank and skipped; the spreadsheet row number of the bad row is still 4.
    assert error_cells(report) == {(4, "kind")}


def test_xlsx_file() -> None:
    data = xlsx_bytes([
        ["Name", "Short name", "Slug", "Kind", "Accounts", "Head email", "Head name", "Phone"],
        ["Dinas Lingkungan Hidup", "DLH", "dinas-lh", "Dinas", "x:@dlh_kotabkl=1234567890",
         "sari@contoh.test", "Sari Dewi", 6273621234],
        [None, None, None, None, None, None, None, None],
        ["Kecamatan Ratu Agung", "Kec. Ratu Agung", "kec-ratu-agung", "kecamatan", None, None, None, None],
    ])

    report = import_file(data, "agencies.xlsx")

    assert report.ok, [str(e) for e in report.errors]
    assert report.created == ["dinas-lh", "kec-ratu-agung"]
    dlh = Agency.objects.get(slug="dinas-lh")
    assert dlh.phone == "+6273621234"
    assert dlh.accounts.get().external_id == "1234567890"
    assert Agency.objects.get(slug="kec-ratu-agung").kind == "kecamatan"


def test_xlsx_error_names_sheet_row() -> None:
    data = xlsx_bytes([
        ["name", "short_name", "slug", "kind"],
        ["Dinas A", "A", "dinas-a", "dinas"],
        ["Dinas B", "B", "dinas-b", "nope"],
    ])

    report = import_file(data, "agencies.xlsx")

    assert error_cells(report) == {(3, "kind")}
    assert not Agency.objects.exists()


def test_damaged_xlsx_is_a_file_error() -> None:
    report = import_file(b"not a zip file", "agencies.xlsx")

    assert not report.ok
    assert error_cells(report) == {(0, "file")}


def test_unsupported_extension_is_a_file_error() -> None:
    report = import_file(csv_bytes([PUPR]), "agencies.ods")

    assert error_cells(report) == {(0, "file")}
    assert not Agency.objects.exists()


def test_csv_not_utf8_is_a_file_error() -> None:
    data = "name,short_name,slug,kind\r\nDinas Pariwisata \xe9,Dispar,dispar,dinas\r\n".encode("latin-1")

    report = import_file(data, "agencies.csv")

    assert error_cells(report) == {(0, "file")}
    assert not Agency.objects.exists()


def test_header_missing_required_column() -> None:
    data = csv_bytes([PUPR], header=["name", "short_name", "slug", "accounts"])

    report = import_file(data, "agencies.csv")

    assert not report.ok
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column) == (0, "file")
    assert "kind" in error.message
    assert not Agency.objects.exists()


def test_header_with_duplicate_column() -> None:
    data = csv_bytes([PUPR], header=["name", "short_name", "slug", "kind", "kind"])

    report = import_file(data, "agencies.csv")

    assert error_cells(report) == {(0, "file")}
    assert "kind" in report.errors[0].message


# --- All or nothing -------------------------------------------------------------------


def test_bad_rows_import_nothing_and_errors_name_row_and_column() -> None:
    before = db_state()
    rows = [
        PUPR,                                                            # row 2: fine
        {**DLH, "kind": "dinasx"},                                       # row 3: bad kind
        {**UPT, "parent_slug": "", "accounts": "x:@this_handle_is_far_too_long"},  # row 4
    ]

    report = run(rows)

    assert not report.ok
    assert error_cells(report) == {(3, "kind"), (4, "accounts")}
    assert [e.row for e in report.errors] == [3, 4]  # sorted by row
    assert all(str(e.row) in str(e) for e in report.errors)
    assert report.created == []
    assert db_state() == before


@pytest.mark.parametrize(
    ("change", "cell"),
    [
        ({"slug": "Dinas PUPR!"}, (2, "slug")),
        ({"name": ""}, (2, "name")),
        ({"short_name": ""}, (2, "short_name")),
        ({"calendar": "weekends"}, (2, "calendar")),
        ({"head_email": "not-an-email"}, (2, "head_email")),
        ({"head_email": "", "head_phone": "", "head_handles": ""}, (2, "head_email")),
        ({"head_email": "new@contoh.test", "head_name": ""}, (2, "head_name")),
        ({"phone": "12345"}, (2, "phone")),
        ({"website": "not a url"}, (2, "website")),
        ({"expected_platforms": "x;myspace"}, (2, "expected_platforms")),
        ({"accounts": "myspace:@pupr"}, (2, "accounts")),
        ({"accounts": "x:@pupr=12 34"}, (2, "accounts")),
        ({"accounts": "instagram:@has space"}, (2, "accounts")),
        ({"head_handles": "x:@dinaspupr_bkl"}, (2, "head_handles")),
        ({"parent_slug": "no-such-agency"}, (2, "parent_slug")),
        ({"parent_slug": "dinas-pupr"}, (2, "parent_slug")),
    ],
)
def test_row_error_cells(change: dict[str, str], cell: tuple[int, str]) -> None:
    report = run([{**PUPR, **change}])

    assert cell in error_cells(report)
    assert not Agency.objects.exists()
    assert not User.objects.exists()


def test_duplicate_slug_in_file() -> None:
    report = run([PUPR, {**DLH, "slug": "dinas-pupr"}])

    assert error_cells(report) == {(3, "slug")}
    assert not Agency.objects.exists()


def test_duplicate_name_in_file() -> None:
    report = run([PUPR, {**DLH, "name": PUPR["name"].upper()}])

    assert error_cells(report) == {(3, "name")}


def test_name_used_by_another_agency_in_database() -> None:
    AgencyFactory(slug="dinas-lain", name=PUPR["name"])

    report = run([PUPR])

    assert (2, "name") in error_cells(report)
    assert not Agency.objects.filter(slug="dinas-pupr").exists()


def test_parent_cycle_in_file() -> None:
    rows = [
        {**UPT, "slug": "a", "name": "A", "parent_slug": "b"},
        {**UPT, "slug": "b", "name": "B", "parent_slug": "c"},
        {**UPT, "slug": "c", "name": "C", "parent_slug": "a"},
    ]

    report = run(rows)

    assert error_cells(report) == {(2, "parent_slug"), (3, "parent_slug"), (4, "parent_slug")}
    assert not Agency.objects.exists()


def test_parent_cycle_through_database() -> None:
    dlh = AgencyFactory(slug="dinas-lh", name="Dinas Lingkungan Hidup")
    AgencyFactory(slug="upt-taman", name="UPT Taman Kota", parent=dlh)

    report = run([{**DLH, "parent_slug": "upt-taman"}])

    assert error_cells(report) == {(2, "parent_slug")}
    assert Agency.objects.get(slug="dinas-lh").parent is None


def test_account_registered_to_another_agency() -> None:
    other = AgencyFactory(slug="dinas-lain", name="Dinas Lain")
    OfficialAccountFactory(agency=other, platform="x", handle="dinaspupr_bkl")

    report = run([PUPR])

    assert error_cells(report) == {(2, "accounts")}
    assert not Agency.objects.filter(slug="dinas-pupr").exists()
    assert OfficialAccount.objects.get(platform="x", handle="dinaspupr_bkl").agency == other


def test_account_listed_twice_in_file() -> None:
    report = run([PUPR, {**DLH, "accounts": "instagram:@PUPR.KotaBengkulu"}])

    assert error_cells(report) == {(3, "accounts")}


def test_external_id_of_another_account() -> None:
    OfficialAccountFactory(platform="x", handle="akun_lama", external_id="1234567890")

    report = run([DLH])

    assert error_cells(report) == {(2, "accounts")}
    assert not Agency.objects.filter(slug="dinas-lh").exists()


def test_personal_handle_of_someone_else() -> None:
    someone = UserFactory(email="lain@contoh.test")
    PersonHandle.objects.create(user=someone, platform="x", handle="budi_s")

    report = run([PUPR])

    assert error_cells(report) == {(2, "head_handles")}


def test_official_account_that_is_a_personal_handle() -> None:
    someone = UserFactory(email="lain@contoh.test")
    PersonHandle.objects.create(user=someone, platform="x", handle="dinaspupr_bkl")

    report = run([PUPR])

    assert (2, "accounts") in error_cells(report)


def test_reactivates_inactive_agency() -> None:
    run([PUPR])
    Agency.objects.filter(slug="dinas-pupr").update(is_active=False)

    report = run([PUPR])

    assert report.updated == ["dinas-pupr"]
    assert Agency.objects.get(slug="dinas-pupr").is_active


# --- The command ----------------------------------------------------------------------


def write(tmp_path: Path, data: bytes, name: str = "agencies.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_command_imports_and_second_run_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([PUPR, DLH, UPT]))
    call_command("import_agencies", str(path), stdout=io.StringIO())
    assert Agency.objects.count() == 3
    before = db_state()

    out = io.StringIO()
    call_command("import_agencies", str(path), stdout=out)

    assert db_state() == before
    assert "0" in out.getvalue() and "3" in out.getvalue()


def test_command_bad_file_raises_and_imports_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([PUPR, {**DLH, "kind": "dinasx"},
                                      {**UPT, "parent_slug": "", "accounts": "x:@bad handle"}]))
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_agencies", str(path), stdout=out)

    assert not Agency.objects.exists()
    assert not User.objects.exists()
    printed = out.getvalue()
    # Every error is printed on its own line, naming its row (and column code).
    assert "3" in printed and "kind" in printed
    assert "4" in printed and "accounts" in printed


def test_command_dry_run(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([PUPR, DLH]))
    before = db_state()

    call_command("import_agencies", str(path), "--dry-run", stdout=io.StringIO())

    assert db_state() == before


def test_command_actor_is_in_audit_log(tmp_path: Path) -> None:
    actor = UserFactory(email="kominfo@contoh.test", is_comms=True)
    path = write(tmp_path, csv_bytes([PUPR]))

    call_command("import_agencies", str(path), "--actor", "KOMINFO@contoh.test", stdout=io.StringIO())

    pupr = Agency.objects.get(slug="dinas-pupr")
    assert LogEntry.objects.get_for_object(pupr).get(action=LogEntry.Action.CREATE).actor == actor
    assert Membership.objects.get(agency=pupr, role=Role.HEAD).created_by == actor


def test_command_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path, xlsx_bytes([["name", "short_name", "slug", "kind"],
                                       ["Dinas A", "A", "dinas-a", "DINAS"]]), "agencies.xlsx")

    call_command("import_agencies", str(path), stdout=io.StringIO())

    assert Agency.objects.get(slug="dinas-a").kind == "dinas"


def test_command_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("import_agencies", str(tmp_path / "nope.csv"), stdout=io.StringIO())


def test_command_unknown_actor(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([PUPR]))

    with pytest.raises(CommandError):
        call_command("import_agencies", str(path), "--actor", "nobody@contoh.test", stdout=io.StringIO())
    assert not Agency.objects.exists()


def test_command_header_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, csv_bytes([PUPR], header=["name", "slug", "kind"]))

    with pytest.raises(CommandError):
        call_command("import_agencies", str(path), stdout=io.StringIO())
    assert not Agency.objects.exists()


def test_deactivated_head_is_refused() -> None:
    # A deactivated user as head would be invisible (memberships of inactive users do not count).
    UserFactory(email="budi@contoh.test", is_active=False)

    report = run([PUPR])

    assert error_cells(report) == {(2, "head_email")}
    assert not Membership.objects.exists()


def test_a_landline_written_the_local_way_is_accepted():
    report = import_file(csv_bytes([{**PUPR, "phone": "0736-21234"}]), "opd.csv")
    assert report.ok, [str(e) for e in report.errors]
    assert Agency.objects.get(slug="dinas-pupr").phone == "+6273621234"


def test_a_reimport_that_changes_the_heads_name_reports_the_change():
    import_file(csv_bytes([PUPR]), "opd.csv")
    report = import_file(csv_bytes([{**PUPR, "head_name": "Budi Santoso, S.T."}]), "opd.csv")
    assert report.ok
    assert report.users_updated == ["budi@contoh.test"]
    assert report.updated == ["dinas-pupr"] and report.unchanged == []
    assert User.objects.get(email="budi@contoh.test").full_name == "Budi Santoso, S.T."
