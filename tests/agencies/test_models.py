"""Agency models: encrypted tokens, handle rules, uniqueness, parent cycles."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from agencies.models import (
    Agency,
    OfficialAccount,
    PersonHandle,
    Platform,
    RoutingRule,
    display_handle,
    normalize_handle,
    validate_handle,
)
from tests.factories import AgencyFactory, OfficialAccountFactory, UserFactory

TOKEN = "EAAGm0PX4ZCpsBAKzRahasiaSekali1234567890"
REFRESH = "refresh-rahasia-0987654321"


def raw_column(pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM agencies_officialaccount WHERE id = %s", [pk])  # noqa: S608
        (value,) = cursor.fetchone()
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value)


@pytest.fixture
def account_with_token(agency_a: Agency) -> OfficialAccount:
    account = OfficialAccountFactory(agency=agency_a, platform="instagram", handle="pupr.kotabengkulu")
    account.access_token = TOKEN
    account.refresh_token = REFRESH
    account.save()
    return account


# --- Tokens ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_tokens_are_encrypted_at_rest(account_with_token: OfficialAccount) -> None:
    stored = raw_column(account_with_token.pk, "access_token")
    stored_refresh = raw_column(account_with_token.pk, "refresh_token")

    assert stored and TOKEN not in stored
    assert stored_refresh and REFRESH not in stored_refresh
    assert stored != raw_column(account_with_token.pk, "refresh_token")
    fresh = OfficialAccount.objects.get(pk=account_with_token.pk)
    assert fresh.access_token == TOKEN
    assert fresh.refresh_token == REFRESH
    assert fresh.has_token


@pytest.mark.django_db
def test_same_token_encrypts_differently_each_time(agency_a: Agency) -> None:
    one = OfficialAccountFactory(agency=agency_a, handle="akun_satu")
    two = OfficialAccountFactory(agency=agency_a, handle="akun_dua")
    for account in (one, two):
        account.access_token = TOKEN
        account.save()

    # Fernet uses a random IV: equal tokens cannot be spotted by comparing ciphertexts.
    assert raw_column(one.pk, "access_token") != raw_column(two.pk, "access_token")


@pytest.mark.django_db
def test_no_token_is_null(agency_a: Agency) -> None:
    account = OfficialAccountFactory(agency=agency_a)

    assert OfficialAccount.objects.get(pk=account.pk).access_token is None
    assert not account.has_token
    assert OfficialAccount.objects.filter(pk=account.pk, access_token__isnull=True).exists()


@pytest.mark.django_db
def test_token_never_in_audit_log(account_with_token: OfficialAccount) -> None:
    account_with_token.access_token = TOKEN + "-diperbarui"
    account_with_token.display_name = "Dinas PUPR"
    account_with_token.save()

    entries = LogEntry.objects.get_for_object(account_with_token)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    for entry in entries:
        dumped = f"{entry.changes} {entry.changes_text} {entry.object_repr} {entry.additional_data}"
        assert TOKEN not in dumped
        assert REFRESH not in dumped
        assert "access_token" not in dumped
        assert "refresh_token" not in dumped
    # A token-only change is not audited at all (nothing else changed).
    count = entries.count()
    account_with_token.access_token = TOKEN + "-lagi"
    account_with_token.save()
    assert LogEntry.objects.get_for_object(account_with_token).count() == count


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["comms", "superuser", "staff_a", "leader"])
def test_token_not_on_detail_page_nor_in_api(
    persona: str, account_with_token: OfficialAccount, request, client_for,
) -> None:
    client = client_for(request.getfixturevalue(persona))
    slug = account_with_token.agency.slug

    page = client.get(account_with_token.agency.get_absolute_url())
    api = client.get(f"/api/v1/agencies/{slug}/")
    listing = client.get("/api/v1/agencies/")
    stored = raw_column(account_with_token.pk, "access_token")

    assert page.status_code == api.status_code == listing.status_code == 200
    for response in (page, api, listing):
        body = response.content.decode()
        assert "pupr.kotabengkulu" in body
        assert TOKEN not in body
        assert REFRESH not in body
        assert stored not in body
    assert "access_token" not in api.json()["accounts"][0]


@pytest.mark.django_db
def test_token_not_on_account_edit_page(account_with_token: OfficialAccount, comms: User, client_for) -> None:
    body = client_for(comms).get(f"/agencies/accounts/{account_with_token.pk}/edit/").content.decode()

    assert "pupr.kotabengkulu" in body
    assert TOKEN not in body
    assert "access_token" not in body


# --- Handles --------------------------------------------------------------------------


@pytest.mark.parametrize(("platform", "raw", "stored"), [
    ("x", "@DinasPUPR_Bkl", "dinaspupr_bkl"),
    ("x", "  @dlh_kotabkl ", "dlh_kotabkl"),
    ("instagram", "@PUPR.KotaBengkulu", "pupr.kotabengkulu"),
    ("facebook", "Pemkot-Bengkulu", "pemkot-bengkulu"),
    ("youtube", "@PemkotBengkulu", "pemkotbengkulu"),
    ("tiktok", "@dlh.bkl", "dlh.bkl"),
    ("whatsapp", "081234567890", "+6281234567890"),
    ("whatsapp", "0812-3456-7890", "+6281234567890"),
    ("whatsapp", "0812 3456 7890", "+6281234567890"),
    ("whatsapp", "6281234567890", "+6281234567890"),
    ("whatsapp", "+62 812 3456 7890", "+6281234567890"),
    ("whatsapp", "whatsapp:+6281234567890", "+6281234567890"),
    ("whatsapp", "(0812) 3456.7890", "+6281234567890"),
    ("x", "", ""),
])
def test_normalize_handle(platform: str, raw: str, stored: str) -> None:
    assert normalize_handle(platform, raw) == stored


@pytest.mark.parametrize(("platform", "handle"), [
    ("x", "dinaspupr_bkl"), ("x", "a"), ("x", "a" * 15),
    ("instagram", "pupr.kotabengkulu"), ("instagram", "a" * 30),
    ("facebook", "pemkot-bengkulu"), ("facebook", "pemkot.bengkulu"),
    ("youtube", "pemkot-bengkulu_tv"), ("youtube", "abc"),
    ("tiktok", "dlh.bkl"), ("tiktok", "ab"),
    ("whatsapp", "+6281234567890"), ("whatsapp", "+6273621234"),
])
def test_valid_handles(platform: str, handle: str) -> None:
    validate_handle(platform, handle)  # does not raise


@pytest.mark.parametrize(("platform", "handle"), [
    ("x", ""), ("x", "a" * 16), ("x", "dinas.pupr"), ("x", "dinas-pupr"), ("x", "Dinas_PUPR"),
    ("x", "@dinaspupr"), ("instagram", "a" * 31), ("instagram", "pupr-bkl"),
    ("facebook", "pemkot bengkulu"), ("facebook", "a" * 81), ("youtube", "ab"), ("youtube", "a" * 31),
    ("tiktok", "a"), ("tiktok", "a" * 25), ("tiktok", "dlh-bkl"),
    ("whatsapp", "081234567890"), ("whatsapp", "+15550100"), ("whatsapp", "+62812"),
    ("whatsapp", "+62812345678901234"),
])
def test_invalid_handles(platform: str, handle: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_handle(platform, handle)
    assert excinfo.value.code == "invalid_handle"


def test_display_handle() -> None:
    assert display_handle(Platform.X, "dinaspupr_bkl") == "@dinaspupr_bkl"
    assert display_handle(Platform.INSTAGRAM, "pupr.kotabengkulu") == "@pupr.kotabengkulu"
    assert display_handle(Platform.WHATSAPP, "+6281234567890") == "+6281234567890"
    assert display_handle(Platform.FACEBOOK, "pemkot.bengkulu") == "pemkot.bengkulu"


@pytest.mark.django_db
def test_account_clean_normalises_and_validates(agency_a: Agency) -> None:
    account = OfficialAccount(agency=agency_a, platform="whatsapp", handle="0812-3456-7890", external_id="")
    account.full_clean()
    assert account.handle == "+6281234567890"
    assert account.external_id is None

    bad = OfficialAccount(agency=agency_a, platform="x", handle="@bukan handle")
    with pytest.raises(ValidationError) as excinfo:
        bad.full_clean()
    assert "handle" in excinfo.value.message_dict


@pytest.mark.django_db
def test_person_handle_clean(agency_a: Agency) -> None:
    user = UserFactory()
    handle = PersonHandle(user=user, platform="x", handle="@Budi_S")
    handle.full_clean()
    assert handle.handle == "budi_s"

    with pytest.raises(ValidationError):
        PersonHandle(user=user, platform="tiktok", handle="x").full_clean()


# --- Uniqueness -----------------------------------------------------------------------


@pytest.mark.django_db
def test_platform_and_handle_are_unique(agency_a: Agency, agency_b: Agency) -> None:
    OfficialAccountFactory(agency=agency_a, platform="x", handle="dinaspupr_bkl")
    # The same handle on another platform is another account.
    OfficialAccountFactory(agency=agency_b, platform="instagram", handle="dinaspupr_bkl")

    with pytest.raises(IntegrityError), transaction.atomic():
        OfficialAccount.objects.create(agency=agency_b, platform="x", handle="dinaspupr_bkl")
    assert OfficialAccount.objects.filter(handle="dinaspupr_bkl").count() == 2


@pytest.mark.django_db
def test_platform_and_external_id_are_unique_null_allowed_twice(agency_a: Agency, agency_b: Agency) -> None:
    OfficialAccountFactory(agency=agency_a, platform="x", handle="akun_satu", external_id="1234567890")
    OfficialAccountFactory(agency=agency_a, platform="x", handle="akun_dua", external_id=None)
    OfficialAccountFactory(agency=agency_b, platform="x", handle="akun_tiga", external_id=None)
    OfficialAccountFactory(agency=agency_b, platform="instagram", handle="akun_empat", external_id="1234567890")

    with pytest.raises(IntegrityError), transaction.atomic():
        OfficialAccount.objects.create(agency=agency_b, platform="x", handle="akun_lima",
                                       external_id="1234567890")
    assert OfficialAccount.objects.filter(platform="x", external_id__isnull=True).count() == 2


@pytest.mark.django_db
def test_unique_handle_is_reported_by_validate_unique(agency_a: Agency) -> None:
    OfficialAccountFactory(agency=agency_a, platform="x", handle="dinaspupr_bkl")

    duplicate = OfficialAccount(agency=agency_a, platform="x", handle="@DinasPUPR_bkl")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


@pytest.mark.django_db
def test_person_handle_unique(agency_a: Agency) -> None:
    PersonHandle.objects.create(user=UserFactory(), platform="x", handle="budi_s")

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonHandle.objects.create(user=UserFactory(), platform="x", handle="budi_s")


@pytest.mark.django_db
def test_routing_rule_phrase_normalised_and_unique_per_agency(agency_a: Agency, agency_b: Agency) -> None:
    rule = RoutingRule(agency=agency_a, phrase="  Jalan   RUSAK ")
    rule.full_clean()
    rule.save()
    assert rule.phrase == "jalan rusak"
    RoutingRule.objects.create(agency=agency_b, phrase="jalan rusak")

    with pytest.raises(IntegrityError), transaction.atomic():
        RoutingRule.objects.create(agency=agency_a, phrase="jalan rusak")
    with pytest.raises(ValidationError):
        RoutingRule(agency=agency_a, phrase="   ").full_clean()


# --- Agencies -------------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_clean_refuses_parent_cycle() -> None:
    top = AgencyFactory(slug="kec-a", name="Kecamatan A", kind="kecamatan")
    middle = AgencyFactory(slug="kel-b", name="Kelurahan B", kind="kelurahan", parent=top)
    bottom = AgencyFactory(slug="rw-c", name="Unit C", kind="other", parent=middle)

    top.parent = bottom
    with pytest.raises(ValidationError) as excinfo:
        top.full_clean()
    assert "parent" in excinfo.value.message_dict

    top.parent = top
    with pytest.raises(ValidationError) as excinfo:
        top.clean()
    assert "parent" in excinfo.value.message_dict

    top.parent = None
    top.full_clean()  # no parent: fine
    bottom.clean()  # a plain chain: fine


@pytest.mark.django_db
def test_new_agency_with_parent_is_clean(agency_a: Agency) -> None:
    Agency(name="UPT Baru", short_name="UPT Baru", slug="upt-baru", kind="upt", parent=agency_a).full_clean()


@pytest.mark.django_db
def test_agency_clean_refuses_unknown_platform() -> None:
    agency = Agency(name="Dinas X", short_name="X", slug="dinas-x", kind="dinas",
                    expected_platforms=["x", "myspace"])

    with pytest.raises(ValidationError) as excinfo:
        agency.full_clean()
    assert "expected_platforms" in excinfo.value.message_dict


@pytest.mark.django_db
def test_agency_basics(agency_a: Agency) -> None:
    assert str(agency_a) == agency_a.name
    assert agency_a.get_absolute_url() == "/agencies/dinas-pupr/"
    assert not agency_a.is_hub
    assert AgencyFactory(slug="pemkot", name="Wali Kota", kind="pimpinan").is_hub
    AgencyFactory(slug="tutup", name="Tutup", is_active=False)
    assert set(Agency.objects.active().values_list("slug", flat=True)) == {"dinas-pupr", "pemkot"}


@pytest.mark.django_db
def test_agency_with_accounts_cannot_be_deleted(agency_a: Agency) -> None:
    OfficialAccountFactory(agency=agency_a)

    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        agency_a.delete()
    assert Agency.objects.filter(pk=agency_a.pk).exists()
