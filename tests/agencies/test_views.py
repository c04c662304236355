"""The agency pages (agencies/urls.py): gates, writes, bad input, directory and detail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from agencies.models import Agency, OfficialAccount, PersonHandle, RoutingRule
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    OfficialAccountFactory,
    RoutingRuleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CHANGE_PAGES = ["create", "edit", "account_create", "account_edit", "routing", "head",
                "staff_create", "import"]
READ_PAGES = ["list", "detail"]
ALL_PAGES = [*READ_PAGES, *CHANGE_PAGES, "membership_end"]


@pytest.fixture
def world(agency_a, agency_b, staff_a, head_a, staff_b):
    """Agency A with a head, a staff member and an official account; agency B with staff."""
    account = OfficialAccountFactory(agency=agency_a, platform="x", handle="dinaspupr_bkl")
    membership = Membership.objects.get(user=staff_a, agency=agency_a, role=Role.STAFF)
    return {"agency": agency_a, "account": account, "membership": membership}


def page_url(name: str, world: dict) -> str:
    slug = world["agency"].slug
    if name in ("list", "create", "import"):
        return reverse(f"agencies:{name}")
    if name == "account_edit":
        return reverse("agencies:account_edit", kwargs={"pk": world["account"].pk})
    if name == "membership_end":
        return reverse("agencies:membership_end", kwargs={"slug": slug, "pk": world["membership"].pk})
    return reverse(f"agencies:{name}", kwargs={"slug": slug})


def audited(obj: object, actor: User, action: int | None = None) -> bool:
    entries = LogEntry.objects.get_for_object(obj).filter(actor=actor)
    if action is not None:
        entries = entries.filter(action=action)
    return entries.exists()


# --- Gates ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_PAGES)
def test_anonymous_is_sent_to_sign_in(name: str, world: dict, client_for) -> None:
    client = client_for(None)
    url = page_url(name, world)

    response = client.post(url) if name == "membership_end" else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=" in response["Location"]
    assert Membership.objects.filter(pk=world["membership"].pk, ended_at__isnull=True).exists()


@pytest.mark.parametrize("name", ALL_PAGES)
def test_outsider_gets_404(name: str, world: dict, outsider: User, client_for) -> None:
    client = client_for(outsider)
    url = page_url(name, world)

    response = client.post(url) if name == "membership_end" else client.get(url)

    assert response.status_code == 404
    assert Membership.objects.filter(pk=world["membership"].pk, ended_at__isnull=True).exists()


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "staff_b", "leader"])
@pytest.mark.parametrize("name", READ_PAGES)
def test_anyone_with_a_role_reads(name: str, persona: str, world: dict, request, client_for) -> None:
    client = client_for(request.getfixturevalue(persona))

    response = client.get(page_url(name, world))

    assert response.status_code == 200
    assert world["agency"].short_name in response.content.decode()


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "leader"])
@pytest.mark.parametrize("name", [*CHANGE_PAGES, "membership_end"])
def test_read_only_roles_get_403_on_change_pages(
    name: str, persona: str, world: dict, request, client_for,
) -> None:
    client = client_for(request.getfixturevalue(persona))
    url = page_url(name, world)

    get = client.get(url)
    post = client.post(url, {"name": "X", "email": "x@contoh.test", "full_name": "X"})

    if name != "membership_end":
        assert get.status_code == 403
    assert post.status_code == 403
    assert Membership.objects.filter(pk=world["membership"].pk, ended_at__isnull=True).exists()
    assert not User.objects.filter(email="x@contoh.test").exists()


@pytest.mark.parametrize("persona", ["comms", "superuser"])
@pytest.mark.parametrize("name", CHANGE_PAGES)
def test_registrars_open_change_pages(name: str, persona: str, world: dict, request, client_for) -> None:
    client = client_for(request.getfixturevalue(persona))

    response = client.get(page_url(name, world))

    assert response.status_code == 200
    assert b"<form" in response.content


@pytest.mark.parametrize(
    ("name", "method"),
    [("membership_end", "get"), ("create", "put"), ("edit", "delete"), ("head", "patch"),
     ("import", "put"), ("routing", "delete"), ("account_edit", "put"),
     ("account_create", "delete"), ("staff_create", "put")],
)
def test_wrong_method_is_405(name: str, method: str, world: dict, comms: User, client_for) -> None:
    client = client_for(comms)

    response = getattr(client, method)(page_url(name, world))

    assert response.status_code == 405
    assert Membership.objects.filter(pk=world["membership"].pk, ended_at__isnull=True).exists()


def test_unknown_agency_is_404_for_registrar(comms: User, client_for) -> None:
    client = client_for(comms)

    assert client.get(reverse("agencies:detail", kwargs={"slug": "no-such"})).status_code == 404
    assert client.get(reverse("agencies:edit", kwargs={"slug": "no-such"})).status_code == 404
    assert client.get(reverse("agencies:account_edit", kwargs={"pk": 999999})).status_code == 404


def test_inactive_agency_detail_hidden_from_its_staff_visible_to_comms(
    world: dict, staff_b: User, leader: User, comms: User, client_for,
) -> None:
    agency = AgencyFactory(slug="dinas-tutup", name="Dinas Yang Ditutup", is_active=False)
    url = agency.get_absolute_url()

    assert client_for(staff_b).get(url).status_code == 404
    assert client_for(leader).get(url).status_code == 200
    assert client_for(comms).get(url).status_code == 200


# --- Valid writes, audited ------------------------------------------------------------


def agency_form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Dinas Komunikasi dan Informatika", "short_name": "Diskominfo",
        "slug": "diskominfo", "kind": "dinas", "parent": "", "phone": "081234567890",
        "whatsapp": "", "website": "diskominfo.bengkulukota.go.id",
        "expected_platforms": ["x", "instagram"], "calendar": "default", "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["comms", "superuser"])
def test_create_agency(persona: str, world: dict, request, client_for) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)

    response = client.post(reverse("agencies:create"), agency_form_data(parent=world["agency"].pk))

    agency = Agency.objects.get(slug="diskominfo")
    assert response.status_code == 302
    assert response["Location"] == agency.get_absolute_url()
    assert agency.phone == "+6281234567890"
    assert agency.website == "https://diskominfo.bengkulukota.go.id"
    assert agency.expected_platforms == ["x", "instagram"]
    assert agency.parent == world["agency"]
    assert audited(agency, user, LogEntry.Action.CREATE)


def test_edit_agency(world: dict, comms: User, client_for) -> None:
    agency = world["agency"]
    client = client_for(comms)

    response = client.post(
        reverse("agencies:edit", kwargs={"slug": agency.slug}),
        agency_form_data(name=agency.name, slug=agency.slug, short_name="PUPR Kota"),
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.short_name == "PUPR Kota"
    entry = LogEntry.objects.get_for_object(agency).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == comms
    assert "short_name" in entry.changes_dict


def test_create_account(world: dict, comms: User, client_for) -> None:
    agency = world["agency"]
    client = client_for(comms)

    response = client.post(reverse("agencies:account_create", kwargs={"slug": agency.slug}), {
        "platform": "instagram", "handle": "@PUPR.KotaBengkulu", "external_id": "",
        "display_name": "Dinas PUPR", "profile_url": "", "is_active": "on",
    })

    assert response.status_code == 302
    account = OfficialAccount.objects.get(platform="instagram")
    assert account.handle == "pupr.kotabengkulu"
    assert account.agency == agency
    assert account.external_id is None
    assert audited(account, comms, LogEntry.Action.CREATE)


def test_edit_account(world: dict, comms: User, client_for) -> None:
    account = world["account"]
    client = client_for(comms)

    response = client.post(reverse("agencies:account_edit", kwargs={"pk": account.pk}), {
        "platform": "x", "handle": "dinaspupr_bkl", "external_id": "1234567890123456789",
        "display_name": "Dinas PUPR Kota", "profile_url": "https://x.com/dinaspupr_bkl",
        "is_platform_verified": "on", "is_active": "on",
    })

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.external_id == "1234567890123456789"
    assert account.is_platform_verified
    assert audited(account, comms, LogEntry.Action.UPDATE)


def routing_data(prefix: str, forms: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(forms)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, form in enumerate(forms):
        data.update({f"{prefix}-{i}-{k}": v for k, v in form.items()})
    return data


def test_edit_routing_rules(world: dict, comms: User, client_for) -> None:
    agency = world["agency"]
    old = RoutingRuleFactory(agency=agency, phrase="lampu jalan")
    client = client_for(comms)
    url = reverse("agencies:routing", kwargs={"slug": agency.slug})
    prefix = client.get(url).context["formset"].prefix

    response = client.post(url, routing_data(prefix, [
        {"id": str(old.pk), "agency": str(agency.pk), "phrase": "lampu jalan", "kind": "keyword",
         "priority": "100", "is_active": "on", "DELETE": "on"},
        {"phrase": "Jalan   Rusak", "kind": "keyword", "priority": "150", "is_active": "on"},
        {"phrase": "", "kind": "keyword", "priority": "100", "is_active": "on"},  # untouched extra
    ], initial=1))

    assert response.status_code == 302
    rule = RoutingRule.objects.get(agency=agency)
    assert rule.phrase == "jalan rusak"
    assert rule.priority == 150
    assert audited(rule, comms, LogEntry.Action.CREATE)
    assert LogEntry.objects.filter(actor=comms, action=LogEntry.Action.DELETE,
                                   object_pk=str(old.pk)).exists()


def test_change_head_keeps_old_head_in_history(
    world: dict, head_a: User, comms: User, client_for,
) -> None:
    agency = world["agency"]
    old = Membership.objects.get(agency=agency, role=Role.HEAD)
    client = client_for(comms)

    response = client.post(reverse("agencies:head", kwargs={"slug": agency.slug}), {
        "email": "Rina@Contoh.test", "full_name": "Rina Wati", "phone": "0812 9999 8888",
        "position_title": "Plt. Kepala Dinas",
    })

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_at is not None
    new = Membership.objects.get(agency=agency, role=Role.HEAD, ended_at__isnull=True)
    assert new.user.email == "rina@contoh.test"
    assert new.user.phone == "+6281299998888"
    assert not new.user.has_usable_password()
    assert new.position_title == "Plt. Kepala Dinas"
    assert new.created_by == comms
    assert audited(new, comms, LogEntry.Action.CREATE)
    assert audited(old, comms, LogEntry.Action.UPDATE)
    detail = client.get(agency.get_absolute_url())
    assert [m for m in detail.context["history"] if m.role == Role.HEAD] == [new, old]
    assert head_a.full_name in detail.content.decode()
    assert "Rina Wati" in detail.content.decode()


def test_change_head_to_existing_user(world: dict, staff_a: User, comms: User, client_for) -> None:
    agency = world["agency"]
    client = client_for(comms)

    response = client.post(reverse("agencies:head", kwargs={"slug": agency.slug}),
                           {"email": staff_a.email.upper(), "full_name": "", "phone": "",
                            "position_title": ""})

    assert response.status_code == 302
    assert Membership.objects.get(agency=agency, role=Role.HEAD, ended_at__isnull=True).user == staff_a
    assert User.objects.filter(email__iexact=staff_a.email).count() == 1


def test_add_staff(world: dict, comms: User, client_for) -> None:
    agency = world["agency"]
    client = client_for(comms)

    response = client.post(reverse("agencies:staff_create", kwargs={"slug": agency.slug}),
                           {"email": "admin.medsos@contoh.test", "full_name": "Admin Medsos", "phone": ""})

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="admin.medsos@contoh.test")
    assert membership.role == Role.STAFF
    assert membership.agency == agency
    assert membership.created_by == comms
    assert audited(membership, comms, LogEntry.Action.CREATE)
    assert audited(membership.user, comms, LogEntry.Action.CREATE)


def test_end_membership(world: dict, staff_a: User, comms: User, client_for) -> None:
    membership = world["membership"]
    client = client_for(comms)

    response = client.post(page_url("membership_end", world))

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert audited(membership, comms, LogEntry.Action.UPDATE)
    # The former staff member now has no role: the agency's pages are closed to them.
    assert client_for(staff_a).get(world["agency"].get_absolute_url()).status_code == 404


def test_end_membership_twice_or_of_another_agency_is_404(
    world: dict, staff_b: User, agency_b: Agency, comms: User, client_for,
) -> None:
    client = client_for(comms)
    url = page_url("membership_end", world)
    assert client.post(url).status_code == 302

    assert client.post(url).status_code == 404
    other = Membership.objects.get(user=staff_b)
    wrong_agency = reverse("agencies:membership_end",
                           kwargs={"slug": world["agency"].slug, "pk": other.pk})
    assert client.post(wrong_agency).status_code == 404
    other.refresh_from_db()
    assert other.ended_at is None


# --- Bad input: the form again, with errors, nothing saved ----------------------------


def assert_form_error(response, field: str | None = None) -> None:
    assert response.status_code == 200
    form = response.context.get("form") or response.context.get("formset")
    assert form is not None
    assert not form.is_valid()
    if field is not None:
        assert field in form.errors


def test_create_agency_bad_input(world: dict, comms: User, client_for) -> None:
    client = client_for(comms)
    count = Agency.objects.count()

    assert_form_error(client.post(reverse("agencies:create"), agency_form_data(name="")), "name")
    assert_form_error(client.post(reverse("agencies:create"), agency_form_data(phone="12345")), "phone")
    assert_form_error(client.post(reverse("agencies:create"), agency_form_data(slug="dinas-pupr")), "slug")
    assert_form_error(client.post(reverse("agencies:create"), agency_form_data(kind="bogus")), "kind")
    assert_form_error(client.post(reverse("agencies:create"),
                                  agency_form_data(expected_platforms=["myspace"])), "expected_platforms")
    assert Agency.objects.count() == count
    assert not LogEntry.objects.filter(actor=comms).exists()


def test_edit_agency_refuses_parent_cycle(world: dict, comms: User, client_for) -> None:
    agency = world["agency"]
    child = AgencyFactory(slug="upt-jalan", name="UPT Jalan", parent=agency)
    client = client_for(comms)

    response = client.post(reverse("agencies:edit", kwargs={"slug": agency.slug}),
                           agency_form_data(name=agency.name, slug=agency.slug, parent=child.pk))

    assert_form_error(response, "parent")
    agency.refresh_from_db()
    assert agency.parent is None


def test_account_bad_input(world: dict, comms: User, client_for) -> None:
    agency = world["agency"]
    client = client_for(comms)
    url = reverse("agencies:account_create", kwargs={"slug": agency.slug})
    base = {"platform": "x", "external_id": "", "display_name": "", "profile_url": "", "is_active": "on"}

    assert_form_error(client.post(url, {**base, "handle": "not a handle!"}), "handle")
    assert_form_error(client.post(url, {**base, "handle": "@DinasPUPR_bkl"}))  # already registered
    assert_form_error(client.post(url, {**base, "platform": "whatsapp", "handle": "12345"}), "handle")
    assert OfficialAccount.objects.count() == 1
    edit = client.post(reverse("agencies:account_edit", kwargs={"pk": world["account"].pk}),
                       {**base, "handle": "x" * 16})
    assert_form_error(edit, "handle")
    world["account"].refresh_from_db()
    assert world["account"].handle == "dinaspupr_bkl"


def test_routing_bad_input(world: dict, comms: User, client_for) -> None:
    agency = world["agency"]
    client = client_for(comms)
    url = reverse("agencies:routing", kwargs={"slug": agency.slug})
    prefix = client.get(url).context["formset"].prefix

    response = client.post(url, routing_data(prefix, [
        {"phrase": "banjir", "kind": "keyword", "priority": "lots", "is_active": "on"},
    ]))

    assert response.status_code == 200
    assert not response.context["formset"].is_valid()
    assert not RoutingRule.objects.exists()


@pytest.mark.parametrize("name", ["head", "staff_create"])
def test_person_bad_input(name: str, world: dict, comms: User, client_for) -> None:
    client = client_for(comms)
    url = page_url(name, world)
    memberships = Membership.objects.count()
    users = User.objects.count()

    assert_form_error(client.post(url, {"email": "not-an-email", "full_name": "A"}), "email")
    assert_form_error(client.post(url, {"email": "new@contoh.test", "full_name": ""}), "full_name")
    assert_form_error(client.post(url, {"email": "new@contoh.test", "full_name": "A",
                                        "phone": "+1 555 0100"}), "phone")
    gone = UserFactory(email="gone@contoh.test", is_active=False)
    assert_form_error(client.post(url, {"email": gone.email, "full_name": "A"}), "email")
    assert Membership.objects.count() == memberships
    assert User.objects.count() == users + 1


def test_import_page_bad_upload(world: dict, comms: User, client_for) -> None:
    client = client_for(comms)
    url = reverse("agencies:import")
    count = Agency.objects.count()

    assert_form_error(client.post(url, {"dry_run": "on"}), "file")
    txt = SimpleUploadedFile("agencies.txt", b"name,short_name,slug,kind\n", content_type="text/plain")
    assert_form_error(client.post(url, {"file": txt}), "file")
    assert Agency.objects.count() == count


# --- Import page ----------------------------------------------------------------------

GOOD_CSV = (
    "name;short_name;slug;kind;parent_slug;accounts;head_email;head_name\r\n"
    "Dinas Lingkungan Hidup Kota;DLH Kota;dlh-kota;Dinas;;\"x:@dlh_kotabkl=1234567890;tiktok:@dlh.bkl\";"
    "sari@contoh.test;Sari Dewi\r\n"
    "UPT Taman Kota;UPT Taman;upt-taman;upt;dlh-kota;;;\r\n"
).encode("utf-8-sig")


def test_import_page_imports_and_reports(world: dict, comms: User, client_for) -> None:
    client = client_for(comms)

    response = client.post(reverse("agencies:import"), {
        "file": SimpleUploadedFile("opd.csv", GOOD_CSV, content_type="text/csv"),
    })

    assert response.status_code == 200
    report = response.context["report"]
    assert report.ok and not report.dry_run
    assert report.created == ["dlh-kota", "upt-taman"]
    for line in report.summary_lines():
        assert line in response.content.decode()
    dlh = Agency.objects.get(slug="dlh-kota")
    assert Agency.objects.get(slug="upt-taman").parent == dlh
    assert dlh.accounts.get(platform="x").external_id == "1234567890"
    assert audited(dlh, comms, LogEntry.Action.CREATE)
    assert Membership.objects.get(agency=dlh, role=Role.HEAD).created_by == comms


def test_import_page_dry_run_saves_nothing(world: dict, comms: User, client_for) -> None:
    client = client_for(comms)

    response = client.post(reverse("agencies:import"), {
        "file": SimpleUploadedFile("opd.csv", GOOD_CSV, content_type="text/csv"), "dry_run": "on",
    })

    report = response.context["report"]
    assert report.ok and report.dry_run
    assert report.created == ["dlh-kota", "upt-taman"]
    assert not Agency.objects.filter(slug__in=["dlh-kota", "upt-taman"]).exists()
    assert not User.objects.filter(email="sari@contoh.test").exists()


def test_import_page_bad_file_shows_errors_and_imports_nothing(
    world: dict, comms: User, client_for,
) -> None:
    bad = GOOD_CSV.replace(b";upt;", b";unit;")
    client = client_for(comms)

    response = client.post(reverse("agencies:import"), {
        "file": SimpleUploadedFile("opd.csv", bad, content_type="text/csv"),
    })

    assert response.status_code == 200
    report = response.context["report"]
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(3, "kind")]
    assert str(report.errors[0]) in response.content.decode()
    assert not Agency.objects.filter(slug__in=["dlh-kota", "upt-taman"]).exists()
    assert not User.objects.filter(email="sari@contoh.test").exists()


def test_import_page_xlsx(world: dict, comms: User, client_for) -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["name", "short_name", "slug", "kind"])
    workbook.active.append(["Kecamatan Gading Cempaka", "Kec. Gading Cempaka", "kec-gading-cempaka", "Kecamatan"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for(comms)

    response = client.post(reverse("agencies:import"), {
        "file": SimpleUploadedFile("opd.xlsx", buffer.getvalue()),
    })

    assert response.context["report"].ok
    assert Agency.objects.get(slug="kec-gading-cempaka").kind == "kecamatan"


# --- Directory ------------------------------------------------------------------------


def listed(response) -> set[str]:
    return {agency.slug for agency in response.context["page"]}


def test_directory_search_and_kind_filter(world: dict, staff_a: User, client_for) -> None:
    AgencyFactory(slug="kec-ratu-agung", name="Kecamatan Ratu Agung", short_name="Kec. Ratu Agung",
                  kind="kecamatan")
    AgencyFactory(slug="kel-lingkar-barat", name="Kelurahan Lingkar Barat", short_name="Kel. Lingkar Barat",
                  kind="kelurahan")
    client = client_for(staff_a)
    url = reverse("agencies:list")

    assert listed(client.get(url)) == {"dinas-pupr", "dinas-lh", "kec-ratu-agung", "kel-lingkar-barat"}
    assert listed(client.get(url, {"q": "lingkungan"})) == {"dinas-lh"}
    assert listed(client.get(url, {"q": "PUPR"})) == {"dinas-pupr"}
    assert listed(client.get(url, {"q": "lingkar-barat"})) == {"kel-lingkar-barat"}
    assert listed(client.get(url, {"kind": "kecamatan"})) == {"kec-ratu-agung"}
    assert listed(client.get(url, {"kind": "dinas", "q": "hidup"})) == {"dinas-lh"}
    assert listed(client.get(url, {"q": "tidak ada"})) == set()
    # An unknown kind is ignored rather than an error.
    assert client.get(url, {"kind": "bogus"}).status_code == 200


def test_directory_htmx_returns_rows_partial(world: dict, staff_a: User, client_for) -> None:
    client = client_for(staff_a)

    full = client.get(reverse("agencies:list"), {"q": "lingkungan"})
    partial = client.get(reverse("agencies:list"), {"q": "lingkungan"}, headers={"HX-Request": "true"})

    assert b"<html" in full.content
    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert b"<table" in partial.content
    assert "Dinas Lingkungan Hidup" in partial.content.decode()
    assert "Dinas Pekerjaan Umum" not in partial.content.decode()


def test_directory_shows_heads_and_accounts(world: dict, head_a: User, staff_a: User, client_for) -> None:
    content = client_for(staff_a).get(reverse("agencies:list")).content.decode()

    assert head_a.full_name in content
    assert "@dinaspupr_bkl" in content


def test_inactive_agencies_hidden_from_staff_visible_to_comms(
    world: dict, staff_a: User, leader: User, comms: User, client_for,
) -> None:
    AgencyFactory(slug="dinas-tutup", name="Dinas Yang Ditutup", is_active=False)
    url = reverse("agencies:list")

    assert "dinas-tutup" not in listed(client_for(staff_a).get(url))
    assert "dinas-tutup" in listed(client_for(comms).get(url))
    assert "dinas-tutup" in listed(client_for(leader).get(url))
    assert "dinas-tutup" in listed(client_for(comms).get(url, {"q": "tutup"}))


def make_agencies(numbers: range, parent: Agency) -> None:
    for i in numbers:
        agency = AgencyFactory(slug=f"unit-{i}", name=f"Unit Pelaksana {i}", kind="upt", parent=parent)
        head = MembershipFactory(agency=agency, role="head", position_title="Kepala UPT").user
        PersonHandle.objects.create(user=head, platform="x", handle=f"kepala_{i}")
        MembershipFactory(agency=agency, role="staff")
        OfficialAccountFactory(agency=agency, platform="x", handle=f"unit_{i}")
        OfficialAccountFactory(agency=agency, platform="instagram", handle=f"unit.{i}")


def test_directory_query_count_does_not_grow(agency_a: Agency, staff_a: User, client_for) -> None:
    client = client_for(staff_a)
    url = reverse("agencies:list")
    make_agencies(range(4), agency_a)
    client.get(url)  # warm up (session, content types)

    with CaptureQueriesContext(connection) as five:
        small = client.get(url)
    make_agencies(range(4, 39), agency_a)
    with CaptureQueriesContext(connection) as forty:
        large = client.get(url)

    assert small.context["page"].paginator.count == 5
    assert large.context["page"].paginator.count == 40
    assert "Unit Pelaksana 38" in large.content.decode()
    assert "@unit_38" in large.content.decode()
    assert len(forty.captured_queries) == len(five.captured_queries)


# --- Detail ---------------------------------------------------------------------------


@pytest.fixture
def head_contacts(head_a: User) -> User:
    head_a.phone = "+6281122334455"
    head_a.save(update_fields=["phone"])
    return head_a


@pytest.mark.parametrize(("persona", "sees"), [
    ("leader", True), ("comms", True), ("superuser", True), ("staff_a", True), ("head_a", True),
    ("staff_b", False),
])
def test_head_contacts_only_for_leaders_comms_and_the_agency(
    persona: str, sees: bool, world: dict, head_contacts: User, request, client_for,
) -> None:
    client = client_for(request.getfixturevalue(persona))

    response = client.get(world["agency"].get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert head_contacts.full_name in content  # the name is public within the portal
    assert response.context["show_contacts"] is sees
    assert (head_contacts.email in content) is sees
    assert ("+6281122334455" in content) is sees


@pytest.mark.parametrize(("persona", "sees"), [
    ("comms", True), ("superuser", True), ("leader", False), ("staff_a", False), ("head_a", False),
    ("staff_b", False),
])
def test_role_history_only_for_comms(
    persona: str, sees: bool, world: dict, request, client_for,
) -> None:
    former = UserFactory(full_name="Hartono Kepala Lama")
    MembershipFactory(agency=world["agency"], user=former, role="head",
                      started_at=timezone.now() - timedelta(days=400),
                      ended_at=timezone.now() - timedelta(days=30))
    client = client_for(request.getfixturevalue(persona))

    response = client.get(world["agency"].get_absolute_url())

    history = response.context["history"]
    assert (history is not None) is sees
    assert ("Hartono Kepala Lama" in response.content.decode()) is sees
    if sees:
        assert former in [m.user for m in history]


def test_detail_lists_accounts_staff_rules_and_children(
    world: dict, staff_a: User, comms: User, client_for,
) -> None:
    agency = world["agency"]
    RoutingRuleFactory(agency=agency, phrase="jalan berlubang")
    AgencyFactory(slug="upt-jalan", name="UPT Jalan", short_name="UPT Jalan", parent=agency)
    OfficialAccountFactory(agency=agency, platform="tiktok", handle="pupr.bkl", status="manual")

    content = client_for(comms).get(agency.get_absolute_url()).content.decode()

    assert "@dinaspupr_bkl" in content
    assert "@pupr.bkl" in content
    assert staff_a.full_name in content
    assert "jalan berlubang" in content
    assert "UPT Jalan" in content
    assert reverse("agencies:membership_end", kwargs={"slug": agency.slug, "pk": world["membership"].pk}) in content


def test_detail_has_no_change_links_for_read_only_roles(world: dict, leader: User, client_for) -> None:
    agency = world["agency"]

    content = client_for(leader).get(agency.get_absolute_url()).content.decode()

    assert reverse("agencies:edit", kwargs={"slug": agency.slug}) not in content
    assert reverse("agencies:head", kwargs={"slug": agency.slug}) not in content
    assert "/memberships/" not in content
