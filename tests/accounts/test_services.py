"""The services that write people and roles, the roles they grant, and the rule that people
are deactivated, never deleted."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, Role, User
from accounts.roles import Roles, forget_roles, roles_of
from accounts.services import (
    head_assign,
    membership_end,
    staff_add,
    user_deactivate,
    user_get_or_create,
    user_reactivate,
)
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

# --- head_assign ----------------------------------------------------------------------


@pytest.mark.django_db
def test_head_assign_ends_the_previous_heads_membership(agency_a, head_a, comms):
    new_head = UserFactory(full_name="Kepala Baru")
    old_membership = Membership.objects.get(user=head_a, agency=agency_a, role=Role.HEAD)

    membership = head_assign(agency=agency_a, user=new_head, actor=comms, position_title="Plt. Kepala Dinas")

    old_membership.refresh_from_db()
    assert old_membership.ended_at is not None
    assert not old_membership.is_active
    assert membership.user == new_head
    assert membership.ended_at is None
    assert membership.created_by == comms
    assert membership.position_title == "Plt. Kepala Dinas"
    assert membership.started_at == old_membership.ended_at
    # Both rows are kept: the history shows who was head when.
    assert Membership.objects.filter(agency=agency_a, role=Role.HEAD).count() == 2
    assert list(Membership.objects.active().filter(agency=agency_a, role=Role.HEAD)) == [membership]


@pytest.mark.django_db
def test_head_assign_moves_the_head_role_in_roles_of(agency_a, head_a):
    new_head = UserFactory()
    assert roles_of(new_head).head_of == frozenset()  # cached on this object

    head_assign(agency=agency_a, user=new_head)

    # The roles cache is per user object (one request); a fresh load sees the change.
    assert roles_of(User.objects.get(pk=head_a.pk)).head_of == frozenset()
    assert roles_of(new_head).head_of == {agency_a.pk}


@pytest.mark.django_db
def test_head_assign_on_an_agency_without_a_head(agency_b):
    user = UserFactory()

    membership = head_assign(agency=agency_b, user=user)

    assert membership.role == Role.HEAD
    assert Membership.objects.filter(agency=agency_b).count() == 1


@pytest.mark.django_db
def test_assigning_the_same_head_twice_changes_nothing(agency_a, head_a):
    first = Membership.objects.get(user=head_a, agency=agency_a, role=Role.HEAD)

    again = head_assign(agency=agency_a, user=head_a)

    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.ended_at is None
    assert again.started_at == first.started_at
    assert again.position_title == "Kepala Dinas"
    assert Membership.objects.filter(agency=agency_a, role=Role.HEAD).count() == 1


@pytest.mark.django_db
def test_assigning_the_same_head_again_updates_only_a_given_position_title(agency_a, head_a):
    first = Membership.objects.get(user=head_a, agency=agency_a, role=Role.HEAD)

    again = head_assign(agency=agency_a, user=head_a, position_title="Kepala Dinas PUPR")

    assert again.pk == first.pk
    assert Membership.objects.get(pk=first.pk).position_title == "Kepala Dinas PUPR"
    assert Membership.objects.filter(agency=agency_a, role=Role.HEAD).count() == 1


@pytest.mark.django_db
def test_the_database_forbids_two_active_heads(agency_a, head_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), agency=agency_a, role=Role.HEAD)

    assert Membership.objects.filter(agency=agency_a, role=Role.HEAD).count() == 1


@pytest.mark.django_db
def test_the_database_allows_an_ended_head_next_to_the_active_one(agency_a, head_a):
    Membership.objects.create(
        user=UserFactory(), agency=agency_a, role=Role.HEAD, ended_at=timezone.now()
    )

    assert Membership.objects.filter(agency=agency_a, role=Role.HEAD).count() == 2


@pytest.mark.django_db
def test_the_database_forbids_a_duplicate_active_membership(agency_a, staff_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=staff_a, agency=agency_a, role=Role.STAFF)


@pytest.mark.django_db
def test_one_person_may_head_two_agencies(agency_a, agency_b):
    user = UserFactory()

    head_assign(agency=agency_a, user=user)
    head_assign(agency=agency_b, user=user)

    assert roles_of(user).head_of == {agency_a.pk, agency_b.pk}


# --- staff_add and membership_end -----------------------------------------------------


@pytest.mark.django_db
def test_staff_add_is_idempotent(agency_a, comms):
    user = UserFactory()

    first = staff_add(agency=agency_a, user=user, actor=comms)
    second = staff_add(agency=agency_a, user=user, actor=comms)

    assert first.pk == second.pk
    assert first.created_by == comms
    assert Membership.objects.filter(user=user, agency=agency_a, role=Role.STAFF).count() == 1
    assert roles_of(user).staff_of == {agency_a.pk}


@pytest.mark.django_db
def test_staff_add_after_an_ended_membership_starts_a_new_one(agency_a, staff_a):
    old = Membership.objects.get(user=staff_a, agency=agency_a)
    membership_end(membership=old)

    new = staff_add(agency=agency_a, user=staff_a)

    assert new.pk != old.pk
    assert new.ended_at is None
    assert Membership.objects.filter(user=staff_a, agency=agency_a).count() == 2
    assert roles_of(staff_a).staff_of == {agency_a.pk}


@pytest.mark.django_db
def test_staff_and_head_of_the_same_agency_are_separate_roles(agency_a, head_a):
    staff_add(agency=agency_a, user=head_a)

    roles = roles_of(head_a)
    assert roles.staff_of == {agency_a.pk}
    assert roles.head_of == {agency_a.pk}


@pytest.mark.django_db
def test_membership_end_keeps_the_row_and_is_idempotent(agency_a, staff_a):
    membership = Membership.objects.get(user=staff_a, agency=agency_a)
    assert roles_of(membership.user).has_any

    membership_end(membership=membership)
    ended_at = Membership.objects.get(pk=membership.pk).ended_at
    membership_end(membership=membership)

    assert ended_at is not None
    assert Membership.objects.get(pk=membership.pk).ended_at == ended_at
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not roles_of(membership.user).has_any
    assert not roles_of(User.objects.get(pk=staff_a.pk)).has_any


# --- user_deactivate / user_reactivate ------------------------------------------------


@pytest.mark.django_db
def test_user_deactivate_ends_every_membership_and_keeps_the_user(agency_a, agency_b, head_a):
    staff_add(agency=agency_b, user=head_a)

    user_deactivate(user=head_a)

    head_a.refresh_from_db()
    assert User.objects.filter(pk=head_a.pk).exists()
    assert head_a.is_active is False
    assert head_a.deactivated_at is not None
    memberships = Membership.objects.filter(user=head_a)
    assert memberships.count() == 2
    assert all(m.ended_at is not None for m in memberships)
    assert not Membership.objects.active().filter(agency=agency_a, role=Role.HEAD).exists()
    assert roles_of(head_a) == Roles()


@pytest.mark.django_db
def test_user_deactivate_frees_the_head_seat_for_a_successor(agency_a, head_a):
    user_deactivate(user=head_a)

    successor = head_assign(agency=agency_a, user=UserFactory())

    assert successor.ended_at is None


@pytest.mark.django_db
def test_user_deactivate_twice_keeps_the_first_date(staff_a):
    user_deactivate(user=staff_a)
    first = User.objects.get(pk=staff_a.pk).deactivated_at

    user_deactivate(user=staff_a)

    assert User.objects.get(pk=staff_a.pk).deactivated_at == first


@pytest.mark.django_db
def test_user_reactivate_restores_the_account_but_not_the_roles(agency_a, staff_a):
    user_deactivate(user=staff_a)

    user_reactivate(user=staff_a)

    staff_a.refresh_from_db()
    assert staff_a.is_active is True
    assert staff_a.deactivated_at is None
    forget_roles(staff_a)
    assert not roles_of(staff_a).has_any  # roles are given again, deliberately


# --- user_get_or_create ---------------------------------------------------------------


@pytest.mark.django_db
def test_user_get_or_create_creates_without_a_usable_password():
    user, created = user_get_or_create(email="  Baru@Contoh.TEST ", full_name="Orang Baru", phone="0812-3456-7890")

    assert created
    assert user.email == "baru@contoh.test"
    assert user.phone == "+6281234567890"
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_user_get_or_create_finds_an_existing_person_case_insensitively():
    existing = UserFactory(email="ada@contoh.test", full_name="Nama Lama")

    user, created = user_get_or_create(email="ADA@contoh.test", full_name="Nama Baru")

    assert not created
    assert user.pk == existing.pk
    assert User.objects.get(pk=existing.pk).full_name == "Nama Baru"
    assert User.objects.filter(email__iexact="ada@contoh.test").count() == 1


@pytest.mark.django_db
def test_user_get_or_create_does_not_touch_an_existing_person_when_told_not_to():
    existing = UserFactory(email="ada@contoh.test", full_name="Nama Lama")

    user_get_or_create(email="ada@contoh.test", full_name="Nama Baru", update_existing=False)

    assert User.objects.get(pk=existing.pk).full_name == "Nama Lama"


@pytest.mark.django_db
def test_the_database_refuses_an_email_differing_only_in_case():
    UserFactory(email="ada@contoh.test")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ADA@contoh.test", full_name="Kembar")


# --- roles_of -------------------------------------------------------------------------


@pytest.mark.django_db
def test_roles_of_anonymous_and_outsider_grant_nothing(outsider):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), outsider):
        roles = roles_of(user)
        assert not roles.has_any
        assert not roles.region_wide
        assert not roles.registrar
        assert roles.agency_ids == frozenset()
    assert roles_of(outsider).authenticated is True
    assert roles_of(AnonymousUser()).authenticated is False


@pytest.mark.django_db
def test_roles_of_staff_and_head(agency_a, staff_a, head_a):
    staff, head = roles_of(staff_a), roles_of(head_a)

    assert staff.staff_of == {agency_a.pk} and staff.head_of == frozenset()
    assert head.head_of == {agency_a.pk} and head.staff_of == frozenset()
    for roles in (staff, head):
        assert roles.has_any
        assert roles.member_of(agency_a.pk)
        assert not roles.region_wide
        assert not roles.registrar


@pytest.mark.django_db
def test_roles_of_region_wide_people(leader, comms, superuser):
    assert roles_of(leader).region_wide and not roles_of(leader).registrar
    assert roles_of(comms).region_wide and roles_of(comms).registrar
    assert roles_of(superuser).region_wide and roles_of(superuser).registrar
    for user in (leader, comms, superuser):
        assert roles_of(user).has_any
        assert roles_of(user).agency_ids == frozenset()


@pytest.mark.django_db
def test_roles_of_ignores_ended_memberships(agency_a, agency_b):
    user = UserFactory()
    MembershipFactory(user=user, agency=agency_a, role="staff", ended_at=timezone.now())
    MembershipFactory(user=user, agency=agency_b, role="head", ended_at=timezone.now())

    roles = roles_of(user)

    assert roles.agency_ids == frozenset()
    assert not roles.has_any


@pytest.mark.django_db
def test_roles_of_ignores_inactive_agencies(staff_a, agency_a):
    agency_a.is_active = False
    agency_a.save(update_fields=["is_active"])

    assert not roles_of(staff_a).has_any


@pytest.mark.django_db
def test_roles_of_an_inactive_user_grant_nothing_even_with_flags():
    user = UserFactory(is_comms=True, is_leader=True, is_superuser=True, is_active=False)

    assert roles_of(user) == Roles()


@pytest.mark.django_db
def test_roles_of_is_cached_per_user_object_until_forgotten(agency_a, django_assert_num_queries):
    user = UserFactory()
    AgencyFactory(slug="lain")
    with django_assert_num_queries(1):
        roles_of(user)
        roles_of(user)
    Membership.objects.create(user=user, agency=agency_a, role=Role.STAFF)
    assert not roles_of(user).has_any  # still the cached answer

    forget_roles(user)

    assert roles_of(user).staff_of == {agency_a.pk}


# --- Deleting people through the Django admin is refused ------------------------------


@pytest.mark.django_db
def test_admin_refuses_to_delete_a_user(client_for, superuser, staff_a):
    client = client_for(superuser)
    url = f"/admin/accounts/user/{staff_a.pk}/delete/"

    assert client.get(url).status_code == 403
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=staff_a.pk).exists()


@pytest.mark.django_db
def test_admin_bulk_delete_action_is_not_offered_for_users(client_for, superuser, staff_a):
    client = client_for(superuser)

    changelist = client.get("/admin/accounts/user/")
    response = client.post("/admin/accounts/user/", {
        "action": "delete_selected", "_selected_action": [staff_a.pk], "post": "yes",
    })

    assert changelist.status_code == 200
    assert 'value="delete_selected"' not in changelist.content.decode()
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=staff_a.pk).exists()


@pytest.mark.django_db
def test_admin_refuses_to_delete_a_membership(client_for, superuser, staff_a):
    membership = staff_a.memberships.get()

    response = client_for(superuser).post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
