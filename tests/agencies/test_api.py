"""/api/v1/agencies/: the same gates as the pages, head contacts, writes, filters, schema."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import User
from agencies.models import Agency
from tests.factories import AgencyFactory, OfficialAccountFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/agencies/"


def detail(slug: str) -> str:
    return f"{LIST}{slug}/"


@pytest.fixture
def world(agency_a: Agency, agency_b: Agency, staff_a: User, head_a: User, staff_b: User) -> Agency:
    head_a.phone = "+6281122334455"
    head_a.save(update_fields=["phone"])
    OfficialAccountFactory(agency=agency_a, platform="x", handle="dinaspupr_bkl", external_id="1234567890")
    return agency_a


def slugs(response) -> set[str]:
    return {row["slug"] for row in response.json()["results"]}


# --- Gates ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, detail("dinas-pupr")])
def test_anonymous_gets_401(url: str, world: Agency, client_for) -> None:
    response = client_for(None).get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert "email" not in response.content.decode()


@pytest.mark.parametrize("url", [LIST, detail("dinas-pupr")])
def test_outsider_gets_404(url: str, world: Agency, outsider: User, client_for) -> None:
    response = client_for(outsider).get(url)

    assert response.status_code == 404
    assert "dinas-pupr" not in response.content.decode()


def test_outsider_cannot_write_either(world: Agency, outsider: User, client_for) -> None:
    client = client_for(outsider)

    assert client.post(LIST, {"slug": "x", "name": "X", "short_name": "X", "kind": "dinas"},
                       content_type="application/json").status_code == 404
    assert not Agency.objects.filter(slug="x").exists()


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "staff_b", "leader", "comms", "superuser"])
def test_people_with_a_role_read(persona: str, world: Agency, request, client_for) -> None:
    client = client_for(request.getfixturevalue(persona))

    listing = client.get(LIST)
    one = client.get(detail("dinas-pupr"))

    assert listing.status_code == 200
    assert slugs(listing) == {"dinas-pupr", "dinas-lh"}
    assert listing.json()["count"] == 2
    assert one.status_code == 200
    body = one.json()
    assert body["slug"] == "dinas-pupr"
    assert body["kind"] == "dinas"
    assert body["head"]["position_title"] == "Kepala Dinas"
    assert body["accounts"] == [{
        "platform": "x", "handle": "dinaspupr_bkl", "external_id": "1234567890", "display_name": "",
        "profile_url": "", "is_platform_verified": False, "status": "not_connected", "is_active": True,
    }]


def test_unknown_slug_is_404(world: Agency, comms: User, client_for) -> None:
    assert client_for(comms).get(detail("no-such")).status_code == 404


def test_inactive_agency_only_for_region_wide(
    world: Agency, staff_a: User, leader: User, comms: User, client_for,
) -> None:
    AgencyFactory(slug="dinas-tutup", name="Dinas Tutup", is_active=False)

    assert "dinas-tutup" not in slugs(client_for(staff_a).get(LIST))
    assert client_for(staff_a).get(detail("dinas-tutup")).status_code == 404
    assert "dinas-tutup" in slugs(client_for(leader).get(LIST))
    assert client_for(comms).get(detail("dinas-tutup")).json()["is_active"] is False


# --- Head contacts --------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "sees"), [
    ("leader", True), ("comms", True), ("superuser", True), ("staff_a", True), ("head_a", True),
    ("staff_b", False),
])
def test_head_contacts(persona: str, sees: bool, world: Agency, head_a: User, request, client_for) -> None:
    client = client_for(request.getfixturevalue(persona))

    one = client.get(detail("dinas-pupr")).json()
    in_list = next(row for row in client.get(LIST).json()["results"] if row["slug"] == "dinas-pupr")

    for body in (one, in_list):
        head = body["head"]
        assert head["name"] == head_a.full_name
        assert ("email" in head) is sees
        assert ("phone" in head) is sees
        if sees:
            assert head["email"] == head_a.email
            assert head["phone"] == "+6281122334455"
        assert head_a.email not in str(body) or sees


def test_agency_without_head(world: Agency, staff_b: User, client_for) -> None:
    assert client_for(staff_b).get(detail("dinas-lh")).json()["head"] is None


def test_head_of_agency_b_sees_contacts_of_b_only(world: Agency, agency_b: Agency, client_for) -> None:
    from tests.factories import MembershipFactory

    head_b = MembershipFactory(agency=agency_b, role="head").user
    client = client_for(head_b)

    assert client.get(detail("dinas-lh")).json()["head"]["email"] == head_b.email
    assert "email" not in client.get(detail("dinas-pupr")).json()["head"]


# --- Writes ---------------------------------------------------------------------------

NEW = {"slug": "diskominfo", "name": "Dinas Komunikasi dan Informatika",
       "short_name": "Diskominfo", "kind": "dinas", "expected_platforms": ["x", "instagram"]}


@pytest.mark.parametrize("persona", ["comms", "superuser"])
def test_create_by_registrar(persona: str, world: Agency, request, client_for) -> None:
    user = request.getfixturevalue(persona)

    response = client_for(user).post(LIST, {**NEW, "parent": "dinas-pupr"}, content_type="application/json")

    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "diskominfo"
    agency = Agency.objects.get(slug="diskominfo")
    assert agency.parent == world
    assert agency.expected_platforms == ["x", "instagram"]
    entry = LogEntry.objects.get_for_object(agency).get(action=LogEntry.Action.CREATE)
    assert entry.actor == user


def test_patch_by_comms(world: Agency, comms: User, client_for) -> None:
    response = client_for(comms).patch(detail("dinas-pupr"), {"short_name": "PUPR Kota"},
                                       content_type="application/json")

    assert response.status_code == 200
    assert response.json()["short_name"] == "PUPR Kota"
    world.refresh_from_db()
    assert world.short_name == "PUPR Kota"
    entry = LogEntry.objects.get_for_object(world).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == comms
    assert entry.changes_dict["short_name"] == ["Dinas PUPR", "PUPR Kota"]


def test_put_by_comms(world: Agency, comms: User, client_for) -> None:
    body = {"slug": "dinas-pupr", "name": world.name, "short_name": "Dinas PU", "kind": "dinas",
            "calendar": "24x7"}

    response = client_for(comms).put(detail("dinas-pupr"), body, content_type="application/json")

    assert response.status_code == 200
    world.refresh_from_db()
    assert (world.short_name, world.calendar) == ("Dinas PU", "24x7")


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "staff_b", "leader"])
def test_writes_by_read_only_roles_are_403(persona: str, world: Agency, request, client_for) -> None:
    client = client_for(request.getfixturevalue(persona))
    log_count = LogEntry.objects.count()

    created = client.post(LIST, NEW, content_type="application/json")
    patched = client.patch(detail("dinas-pupr"), {"short_name": "Diubah"}, content_type="application/json")

    assert created.status_code == 403
    assert patched.status_code == 403
    assert not Agency.objects.filter(slug="diskominfo").exists()
    world.refresh_from_db()
    assert world.short_name == "Dinas PUPR"
    assert LogEntry.objects.count() == log_count


@pytest.mark.parametrize(("body", "field"), [
    ({**NEW, "kind": "bogus"}, "kind"),
    ({**NEW, "slug": "dinas-pupr"}, "slug"),
    ({**NEW, "slug": "Bukan Slug!"}, "slug"),
    ({**NEW, "name": "Dinas Lingkungan Hidup"}, "name"),
    ({**NEW, "parent": "no-such"}, "parent"),
    ({**NEW, "expected_platforms": ["myspace"]}, "expected_platforms"),
    ({**NEW, "website": "not a url"}, "website"),
    ({key: value for key, value in NEW.items() if key != "short_name"}, "short_name"),
])
def test_create_validation_errors_are_400(body: dict, field: str, world: Agency, comms: User, client_for) -> None:
    count = Agency.objects.count()

    response = client_for(comms).post(LIST, body, content_type="application/json")

    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    assert errors[field]  # a message (a list, or per item for a list field)
    assert Agency.objects.count() == count


def test_patch_parent_cycle_is_400(world: Agency, comms: User, client_for) -> None:
    AgencyFactory(slug="upt-jalan", name="UPT Jalan", parent=world)
    client = client_for(comms)

    own = client.patch(detail("dinas-pupr"), {"parent": "dinas-pupr"}, content_type="application/json")
    cycle = client.patch(detail("dinas-pupr"), {"parent": "upt-jalan"}, content_type="application/json")

    assert own.status_code == 400 and "parent" in own.json()
    assert cycle.status_code == 400 and "parent" in cycle.json()
    world.refresh_from_db()
    assert world.parent is None


def test_head_and_accounts_are_read_only(world: Agency, comms: User, client_for) -> None:
    response = client_for(comms).patch(
        detail("dinas-pupr"),
        {"head": {"name": "Orang Lain"}, "accounts": [{"platform": "x", "handle": "palsu"}]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["head"]["name"] != "Orang Lain"
    assert not world.accounts.filter(handle="palsu").exists()


@pytest.mark.parametrize("persona", ["comms", "superuser"])
def test_delete_is_405(persona: str, world: Agency, request, client_for) -> None:
    response = client_for(request.getfixturevalue(persona)).delete(detail("dinas-pupr"))

    assert response.status_code == 405
    assert Agency.objects.filter(slug="dinas-pupr").exists()


# --- Filters --------------------------------------------------------------------------


@pytest.fixture
def tree(world: Agency) -> None:
    kec = AgencyFactory(slug="kec-ratu-agung", name="Kecamatan Ratu Agung", short_name="Kec. Ratu Agung",
                        kind="kecamatan")
    AgencyFactory(slug="kel-kebun-tebeng", name="Kelurahan Kebun Tebeng", short_name="Kel. Kebun Tebeng",
                  kind="kelurahan", parent=kec)
    AgencyFactory(slug="kel-sawah-lebar", name="Kelurahan Sawah Lebar", short_name="Kel. Sawah Lebar",
                  kind="kelurahan", parent=kec)
    AgencyFactory(slug="upt-jalan", name="UPT Jalan dan Jembatan", short_name="UPT Jalan", kind="upt",
                  parent=world)


def test_filters(tree: None, staff_a: User, client_for) -> None:
    client = client_for(staff_a)

    assert slugs(client.get(LIST, {"kind": "kelurahan"})) == {"kel-kebun-tebeng", "kel-sawah-lebar"}
    assert slugs(client.get(LIST, {"parent": "kec-ratu-agung"})) == {"kel-kebun-tebeng", "kel-sawah-lebar"}
    assert slugs(client.get(LIST, {"parent": "dinas-pupr"})) == {"upt-jalan"}
    assert slugs(client.get(LIST, {"q": "lingkungan"})) == {"dinas-lh"}
    assert slugs(client.get(LIST, {"q": "KEBUN"})) == {"kel-kebun-tebeng"}
    assert slugs(client.get(LIST, {"q": "kel-", "kind": "kelurahan", "parent": "kec-ratu-agung"})) == {
        "kel-kebun-tebeng", "kel-sawah-lebar"}
    assert slugs(client.get(LIST, {"q": "tidak ada"})) == set()


def test_bad_kind_filter_is_400(tree: None, staff_a: User, client_for) -> None:
    response = client_for(staff_a).get(LIST, {"kind": "bogus"})

    assert response.status_code == 400
    assert "kind" in response.json()


def test_pagination(tree: None, staff_a: User, client_for) -> None:
    client = client_for(staff_a)

    first = client.get(LIST, {"page_size": 2}).json()
    second = client.get(LIST, {"page_size": 2, "page": 2}).json()

    assert first["count"] == 6
    assert len(first["results"]) == 2
    assert first["next"]
    assert not {r["slug"] for r in first["results"]} & {r["slug"] for r in second["results"]}


# --- Token auth -----------------------------------------------------------------------


def test_token_auth(world: Agency, staff_a: User, head_a: User) -> None:
    token = Token.objects.create(user=staff_a)
    client = Client()

    response = client.get(detail("dinas-pupr"), headers={"Authorization": f"Token {token.key}"})

    assert response.status_code == 200
    assert response.json()["head"]["email"] == head_a.email
    assert client.get(LIST, headers={"Authorization": "Token wrong"}).status_code == 401


def test_token_of_outsider_is_404(world: Agency, outsider: User) -> None:
    token = Token.objects.create(user=outsider)

    response = Client().get(LIST, headers={"Authorization": f"Token {token.key}"})

    assert response.status_code == 404


def test_token_write_is_audited_with_actor(world: Agency, comms: User) -> None:
    token = Token.objects.create(user=comms)
    client = Client()

    response = client.patch(detail("dinas-pupr"), {"short_name": "PUPR"}, content_type="application/json",
                            headers={"Authorization": f"Token {token.key}"})

    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(world).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == comms
    assert entry.remote_addr == "127.0.0.1"


def test_token_of_deactivated_user_is_refused(world: Agency) -> None:
    user = UserFactory(is_comms=True, is_active=False)
    token = Token.objects.create(user=user)

    response = Client().get(LIST, headers={"Authorization": f"Token {token.key}"})

    assert response.status_code == 401


# --- Schema and docs ------------------------------------------------------------------


def test_schema_is_public_and_describes_agencies() -> None:
    response = Client().get("/api/schema/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/v1/agencies/" in content
    assert "/api/v1/agencies/{slug}/" in content
    assert "access_token" not in content


def test_schema_json() -> None:
    response = Client().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/api/v1/agencies/"]) >= {"get", "post"}
    assert "delete" not in paths["/api/v1/agencies/{slug}/"]


def test_docs_are_public() -> None:
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
