"""The agency's settings page (agencies/agency_settings/): only its head and the
communications office change it; staff invited and removed, the public tag switched."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Role, User
from agencies.models import Agency
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def world(agency_a, agency_b, staff_a, head_a, staff_b):
    return {"agency": agency_a, "membership": Membership.objects.get(user=staff_a, agency=agency_a)}


def url(name: str, world: dict, slug: str | None = None) -> str:
    slug = slug or world["agency"].slug
    if name == "staff_remove":
        return reverse("agency_settings:staff_remove", kwargs={"slug": slug, "pk": world["membership"].pk})
    return reverse(f"agency_settings:{name}", kwargs={"slug": slug})


INVITE = {"invite-email": "Rina.Baru@Contoh.test", "invite-full_name": "Rina Baru", "invite-phone": "0812 3456 7890"}
WRITES = ["staff_invite", "staff_remove", "public_tag"]


def send(client, name: str, world: dict, slug: str | None = None):
    target = url(name, world, slug)
    if name == "page":
        return client.get(target)
    return client.post(target, INVITE if name == "staff_invite" else {})


def unchanged(world: dict) -> bool:
    agency = Agency.objects.get(pk=world["agency"].pk)
    return (agency.public_tag_enabled and Membership.objects.filter(pk=world["membership"].pk,
                                                                    ended_at__isnull=True).exists()
            and not User.objects.filter(email="rina.baru@contoh.test").exists())


# --- Gates ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page", *WRITES])
def test_anonymous_is_sent_to_sign_in(name, world, client_for):
    response = send(client_for(None), name, world)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert unchanged(world)


@pytest.mark.parametrize("name", ["page", *WRITES])
def test_outsider_and_another_agency_get_404(name, world, client_for, outsider, staff_b):
    for person in (outsider, staff_b):
        assert send(client_for(person), name, world).status_code == 404
    assert unchanged(world)


@pytest.mark.parametrize("name", ["page", *WRITES])
def test_the_agencys_staff_and_the_leader_get_403(name, world, client_for, staff_a, leader):
    for person in (staff_a, leader):
        assert send(client_for(person), name, world).status_code == 403
    assert unchanged(world)


def test_another_agencys_head_gets_404(world, client_for, agency_b):
    head_b = MembershipFactory(agency=agency_b, role=Role.HEAD).user
    assert send(client_for(head_b), "page", world).status_code == 404
    assert send(client_for(head_b), "public_tag", world).status_code == 404
    assert unchanged(world)


def test_unknown_agency_is_404(world, client_for, comms):
    assert send(client_for(comms), "page", world, slug="tidak-ada").status_code == 404


@pytest.mark.parametrize("name", WRITES)
def test_get_is_not_allowed_on_writes(name, world, client_for, head_a):
    assert client_for(head_a).get(url(name, world)).status_code == 405


@pytest.mark.parametrize("persona", ["head_a", "comms", "superuser"])
def test_the_head_and_the_communications_office_see_the_page(persona, world, client_for, request, staff_a):
    response = client_for(request.getfixturevalue(persona)).get(url("page", world))
    assert response.status_code == 200
    body = response.content.decode()
    assert staff_a.full_name in body
    assert url("staff_remove", world) in body


def test_the_agency_page_links_to_settings_and_posts_by_role(world, client_for, head_a, staff_a, leader, staff_b):
    detail = reverse("agencies:detail", kwargs={"slug": world["agency"].slug})
    settings_url, posts_url = url("page", world), reverse("posts:list", kwargs={"slug": world["agency"].slug})
    seen = {}
    for name, person in {"head": head_a, "staff": staff_a, "leader": leader, "staff_b": staff_b}.items():
        body = client_for(person).get(detail).content.decode()
        seen[name] = (settings_url in body, posts_url in body)
    assert seen == {"head": (True, True), "staff": (False, True), "leader": (False, True),
                    "staff_b": (False, False)}


# --- Staff ----------------------------------------------------------------------------


def test_the_head_invites_a_new_person(world, client_for, head_a):
    response = client_for(head_a).post(url("staff_invite", world), INVITE)

    assert response.status_code == 302
    person = User.objects.get(email="rina.baru@contoh.test")
    assert person.full_name == "Rina Baru"
    assert person.phone == "+6281234567890"
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person, agency=world["agency"], ended_at__isnull=True)
    assert membership.role == Role.STAFF
    assert membership.created_by == head_a
    assert LogEntry.objects.get_for_object(membership).filter(actor=head_a, action=LogEntry.Action.CREATE).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rina.baru@contoh.test"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_head_adds_an_existing_person_as_they_are(world, client_for, head_a):
    existing = UserFactory(email="dewi@contoh.test", full_name="Dewi Lestari", phone="+628111")
    response = client_for(head_a).post(url("staff_invite", world), {
        "invite-email": "DEWI@contoh.test", "invite-full_name": "Nama Lain", "invite-phone": "081299999999"})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.full_name, existing.phone) == ("Dewi Lestari", "+628111")  # a head does not rename people
    assert Membership.objects.filter(user=existing, agency=world["agency"], role=Role.STAFF).exists()
    assert mail.outbox == []  # they sign in with the password they have


@pytest.mark.parametrize(("data", "field"), [
    ({"invite-email": "bukan-surel", "invite-full_name": "X"}, "email"),
    ({"invite-email": "baru@contoh.test", "invite-full_name": ""}, "full_name"),
    ({"invite-email": "baru@contoh.test", "invite-full_name": "X", "invite-phone": "12ab"}, "phone"),
])
def test_bad_invitations_are_refused(data, field, world, client_for, head_a):
    response = client_for(head_a).post(url("staff_invite", world), data)
    assert response.status_code == 200
    assert field in response.context["invite_form"].errors
    assert not User.objects.filter(email="baru@contoh.test").exists()
    assert mail.outbox == []


def test_someone_already_in_the_agency_or_deactivated_is_refused(world, client_for, head_a, staff_a):
    client = client_for(head_a)
    again = client.post(url("staff_invite", world), {"invite-email": staff_a.email})
    head_too = client.post(url("staff_invite", world), {"invite-email": head_a.email})
    gone = UserFactory(email="pensiun@contoh.test", is_active=False)
    deactivated = client.post(url("staff_invite", world), {"invite-email": gone.email})
    for response in (again, head_too, deactivated):
        assert response.status_code == 200
        assert "email" in response.context["invite_form"].errors
    assert Membership.objects.filter(agency=world["agency"], ended_at__isnull=True).count() == 2
    assert not Membership.objects.filter(user=gone).exists()


def test_the_head_removes_a_staff_member_kept_in_the_history(world, client_for, head_a, staff_a):
    response = client_for(head_a).post(url("staff_remove", world))
    assert response.status_code == 302
    membership = Membership.objects.get(pk=world["membership"].pk)
    assert membership.ended_at is not None
    assert LogEntry.objects.get_for_object(membership).filter(actor=head_a, action=LogEntry.Action.UPDATE).exists()
    # Removed already, or the head's own membership: nothing to remove here.
    assert client_for(head_a).post(url("staff_remove", world)).status_code == 404
    head_membership = Membership.objects.get(user=head_a, role=Role.HEAD)
    assert client_for(head_a).post(reverse("agency_settings:staff_remove", kwargs={
        "slug": world["agency"].slug, "pk": head_membership.pk})).status_code == 404
    assert Membership.objects.get(pk=head_membership.pk).ended_at is None


def test_a_staff_member_of_another_agency_is_not_removed_through_this_page(world, client_for, head_a, staff_b):
    other = Membership.objects.get(user=staff_b)
    response = client_for(head_a).post(reverse("agency_settings:staff_remove", kwargs={
        "slug": world["agency"].slug, "pk": other.pk}))
    assert response.status_code == 404
    assert Membership.objects.get(pk=other.pk).ended_at is None


def test_comms_invites_to_any_agency(world, client_for, comms, agency_b):
    response = client_for(comms).post(url("staff_invite", world, slug=agency_b.slug), INVITE)
    assert response.status_code == 302
    assert Membership.objects.filter(agency=agency_b, user__email="rina.baru@contoh.test").exists()


# --- Public tag -----------------------------------------------------------------------


def test_the_public_tag_is_switched_off_and_on_audited(world, client_for, head_a):
    client = client_for(head_a)
    agency = world["agency"]

    assert client.post(url("public_tag", world), {}).status_code == 302
    agency.refresh_from_db()
    assert agency.public_tag_enabled is False
    entry = LogEntry.objects.get_for_object(agency).filter(actor=head_a).latest("timestamp")
    assert "public_tag_enabled" in entry.changes_dict

    client.post(url("public_tag", world), {"enabled": "on"})
    agency.refresh_from_db()
    assert agency.public_tag_enabled is True
    assert LogEntry.objects.get_for_object(agency).filter(actor=head_a).count() == 2
