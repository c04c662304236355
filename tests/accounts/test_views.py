"""The communications office's pages about people (/manage/people/…) and the audit log
(/manage/audit/): who may open them, registering and (de)activating people, and what the
audit log shows."""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.http import HttpResponse
from django.urls import reverse

from accounts.models import Membership, User
from agencies.models import Agency
from tests.factories import UserFactory

ALLOWED = ["comms", "superuser"]
FORBIDDEN = ["staff_a", "head_a", "staff_b", "leader"]


@pytest.fixture
def person(db: None) -> User:
    return UserFactory(email="orang.biasa@contoh.test", full_name="Orang Biasa")


def _pages(person: User) -> list[str]:
    return [
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_edit", args=[person.pk]),
        reverse("accounts:audit_log"),
    ]


def _post_endpoints(person: User) -> list[str]:
    return [
        reverse("accounts:user_set_active", args=[person.pk]),
        reverse("accounts:user_invite", args=[person.pk]),
    ]


def _messages(response: HttpResponse) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Who may open the pages -----------------------------------------------------------


@pytest.mark.django_db
def test_pages_send_anonymous_users_to_sign_in(client, person):
    for url in _pages(person) + _post_endpoints(person):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/?next="), url


@pytest.mark.django_db
def test_anonymous_posts_change_nothing(client, person):
    response = client.post(reverse("accounts:user_set_active", args=[person.pk]))

    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).is_active


@pytest.mark.django_db
def test_pages_are_404_for_an_outsider(client_for, outsider, person):
    client = client_for(outsider)
    for url in _pages(person) + _post_endpoints(person):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert User.objects.get(pk=person.pk).is_active


@pytest.mark.django_db
@pytest.mark.parametrize("persona", FORBIDDEN)
def test_pages_are_403_for_people_with_another_role(client_for, request, persona, person):
    client = client_for(request.getfixturevalue(persona))
    for url in _pages(person):
        assert client.get(url).status_code == 403, url
    for url in _post_endpoints(person):
        assert client.post(url).status_code == 403, url
    assert User.objects.get(pk=person.pk).is_active
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("persona", FORBIDDEN)
def test_people_without_the_registrar_role_cannot_register_anyone(client_for, request, persona):
    response = client_for(request.getfixturevalue(persona)).post(reverse("accounts:user_create"), {
        "email": "baru@contoh.test", "full_name": "Orang Baru", "is_comms": "on",
    })

    assert response.status_code == 403
    assert not User.objects.filter(email="baru@contoh.test").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALLOWED)
def test_pages_are_open_to_the_communications_office_and_superusers(client_for, request, persona, person):
    client = client_for(request.getfixturevalue(persona))
    for url in _pages(person):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_user_edit_of_a_missing_person_is_404(client_for, comms):
    assert client_for(comms).get(reverse("accounts:user_edit", args=[999_999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["user_set_active", "user_invite"])
def test_post_only_endpoints_refuse_get(client_for, comms, person, name):
    response = client_for(comms).get(reverse(f"accounts:{name}", args=[person.pk]))

    assert response.status_code == 405
    assert User.objects.get(pk=person.pk).is_active
    assert mail.outbox == []


@pytest.mark.django_db
def test_user_create_refuses_other_methods(client_for, comms):
    assert client_for(comms).put(reverse("accounts:user_create")).status_code == 405


# --- The people list ------------------------------------------------------------------


@pytest.mark.django_db
def test_user_list_shows_people_and_their_roles(client_for, comms, staff_a, head_a, agency_a):
    response = client_for(comms).get(reverse("accounts:user_list"))

    body = response.content.decode()
    assert staff_a.full_name in body and staff_a.email in body
    assert head_a.full_name in body
    assert agency_a.short_name in body


@pytest.mark.django_db
def test_user_list_search_by_name_or_email(client_for, comms, person, staff_a):
    client = client_for(comms)

    by_name = client.get(reverse("accounts:user_list"), {"q": "biasa"})
    by_email = client.get(reverse("accounts:user_list"), {"q": "orang.biasa@"})

    for response in (by_name, by_email):
        people = list(response.context["page"])
        assert person in people
        assert staff_a not in people


# --- Registering a person -------------------------------------------------------------


@pytest.mark.django_db
def test_comms_registers_a_person_who_gets_an_invitation(client_for, comms):
    response = client_for(comms).post(reverse("accounts:user_create"), {
        "email": "Kepala.Baru@Contoh.test", "full_name": "Kepala Baru", "phone": "081234567890",
        "is_leader": "on",
    })

    assert response.status_code == 302
    assert response.url == reverse("accounts:user_list")
    user = User.objects.get(email="kepala.baru@contoh.test")
    assert user.full_name == "Kepala Baru"
    assert user.phone == "+6281234567890"
    assert user.is_leader and not user.is_comms
    assert user.is_active
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["kepala.baru@contoh.test"]
    assert "/accounts/password/reset/key/" in invitation.body


@pytest.mark.django_db
def test_registration_is_recorded_with_the_actor(client_for, comms):
    client_for(comms).post(reverse("accounts:user_create"), {"email": "baru@contoh.test", "full_name": "Orang Baru"})

    user = User.objects.get(email="baru@contoh.test")
    entry = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.CREATE).get()
    assert entry.actor == comms


@pytest.mark.django_db
def test_registering_an_existing_email_is_refused(client_for, comms, person):
    response = client_for(comms).post(reverse("accounts:user_create"), {
        "email": "ORANG.BIASA@contoh.test", "full_name": "Nama Lain", "is_comms": "on",
    })

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    person.refresh_from_db()
    assert person.full_name == "Orang Biasa"
    assert not person.is_comms
    assert User.objects.filter(email__iexact="orang.biasa@contoh.test").count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("data", [
    {"email": "", "full_name": "Tanpa Surel"},
    {"email": "bukan-surel", "full_name": "Surel Salah"},
    {"email": "baru@contoh.test", "full_name": ""},
    {"email": "baru@contoh.test", "full_name": "Nomor Asing", "phone": "+15551234567"},
])
def test_registering_with_bad_input_is_refused(client_for, comms, data):
    before = User.objects.count()

    response = client_for(comms).post(reverse("accounts:user_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.count() == before
    assert mail.outbox == []


@pytest.mark.django_db
def test_sending_an_invitation_again(client_for, comms, person):
    response = client_for(comms).post(reverse("accounts:user_invite", args=[person.pk]))

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[person.email]]


@pytest.mark.django_db
def test_no_invitation_for_a_deactivated_person(client_for, comms, person):
    person.is_active = False
    person.save(update_fields=["is_active"])

    response = client_for(comms).post(reverse("accounts:user_invite", args=[person.pk]))

    assert response.status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_user_edit_changes_roles_and_name(client_for, comms, person):
    response = client_for(comms).post(reverse("accounts:user_edit", args=[person.pk]), {
        "full_name": "Orang Penting", "phone": "", "is_comms": "on",
    })

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Orang Penting"
    assert person.is_comms and not person.is_leader


# --- Deactivating and reactivating ----------------------------------------------------


@pytest.mark.django_db
def test_comms_deactivates_a_person(client_for, comms, staff_a, agency_a):
    response = client_for(comms).post(reverse("accounts:user_set_active", args=[staff_a.pk]))

    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert not staff_a.is_active
    assert staff_a.deactivated_at is not None
    assert not Membership.objects.filter(user=staff_a, ended_at__isnull=True).exists()
    assert Membership.objects.filter(user=staff_a).exists()


@pytest.mark.django_db
def test_a_deactivated_person_loses_their_session(client_for, comms, staff_a):
    """Django's session auth refuses inactive users on their next request."""
    from django.test import Client

    staff_client = Client()
    staff_client.force_login(staff_a, backend="django.contrib.auth.backends.ModelBackend")
    assert staff_client.get("/dashboard/").status_code == 200

    client_for(comms).post(reverse("accounts:user_set_active", args=[staff_a.pk]))

    response = staff_client.get("/dashboard/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_comms_reactivates_a_person(client_for, comms, person):
    person.is_active = False
    person.save(update_fields=["is_active"])

    response = client_for(comms).post(reverse("accounts:user_set_active", args=[person.pk]), {"active": "1"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active
    assert person.deactivated_at is None


@pytest.mark.django_db
def test_nobody_can_deactivate_themselves(client_for, comms):
    response = client_for(comms).post(reverse("accounts:user_set_active", args=[comms.pk]), follow=True)

    assert response.status_code == 200
    comms.refresh_from_db()
    assert comms.is_active
    assert comms.deactivated_at is None
    assert _messages(response)  # the refusal is explained


@pytest.mark.django_db
def test_deactivating_a_missing_person_is_404(client_for, comms):
    assert client_for(comms).post(reverse("accounts:user_set_active", args=[999_999])).status_code == 404


# --- The audit log --------------------------------------------------------------------


def _agency_form_data(agency: Agency, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "name": agency.name, "short_name": agency.short_name, "slug": agency.slug,
        "kind": agency.kind, "parent": "", "phone": "", "whatsapp": "", "website": "",
        "expected_platforms": list(agency.expected_platforms), "calendar": agency.calendar,
        "is_active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_audit_log_shows_an_agency_edit_with_actor_and_old_and_new_values(client_for, comms, agency_a):
    client = client_for(comms)
    response = client.post(
        reverse("agencies:edit", args=[agency_a.slug]), _agency_form_data(agency_a, short_name="PUPR Kota")
    )
    assert response.status_code == 302
    assert Agency.objects.get(pk=agency_a.pk).short_name == "PUPR Kota"

    response = client.get(reverse("accounts:audit_log"))

    assert response.status_code == 200
    entries = list(response.context["page"])
    entry = next(e for e in entries if e.content_type.model == "agency" and e.action == LogEntry.Action.UPDATE)
    assert entry.actor == comms
    assert entry.changes_dict["short_name"] == ["Dinas PUPR", "PUPR Kota"]
    body = response.content.decode()
    assert comms.full_name in body
    assert comms.email in body
    assert "Dinas PUPR → PUPR Kota" in body


@pytest.mark.django_db
def test_audit_log_shows_a_change_made_through_a_service(client_for, comms, agency_a):
    with set_actor(comms):
        agency_a.phone = "+627361234567"
        agency_a.save()

    response = client_for(comms).get(reverse("accounts:audit_log"))

    body = response.content.decode()
    assert comms.full_name in body
    assert "— → +627361234567" in body


@pytest.mark.django_db
def test_audit_log_filters_by_kind_of_record(client_for, comms, agency_a):
    with set_actor(comms):
        agency_a.short_name = "PUPR Kota"
        agency_a.save()
        UserFactory(email="tercatat@contoh.test", full_name="Orang Tercatat")
    client = client_for(comms)
    agency_ct = ContentType.objects.get_for_model(Agency)

    everything = list(client.get(reverse("accounts:audit_log")).context["page"])
    only_agencies = list(client.get(reverse("accounts:audit_log"), {"model": "agencies.agency"}).context["page"])
    only_users = list(client.get(reverse("accounts:audit_log"), {"model": "accounts.user"}).context["page"])

    assert {e.content_type_id for e in everything} > {agency_ct.pk}
    assert only_agencies
    assert all(e.content_type_id == agency_ct.pk for e in only_agencies)
    assert any(e.object_repr == agency_a.name for e in only_agencies)
    assert only_users
    assert all(e.content_type.model == "user" for e in only_users)
    assert any("tercatat@contoh.test" in e.object_repr or e.object_repr == "Orang Tercatat" for e in only_users)


@pytest.mark.django_db
def test_audit_log_filters_by_actor_and_text(client_for, comms, leader, agency_a, agency_b):
    with set_actor(comms):
        agency_a.short_name = "PUPR Kota"
        agency_a.save()
    with set_actor(leader):
        agency_b.short_name = "DLH Kota"
        agency_b.save()
    client = client_for(comms)

    by_actor = list(client.get(reverse("accounts:audit_log"), {"actor": comms.email}).context["page"])
    by_text = list(client.get(reverse("accounts:audit_log"), {"q": "Lingkungan"}).context["page"])

    assert by_actor and all(e.actor == comms for e in by_actor)
    assert by_text and all(e.object_repr == agency_b.name for e in by_text)


@pytest.mark.django_db
def test_audit_log_with_an_unknown_model_filter_ignores_the_filter(client_for, comms, agency_a):
    with set_actor(comms):
        agency_a.short_name = "PUPR Kota"
        agency_a.save()

    response = client_for(comms).get(reverse("accounts:audit_log"), {"model": "auth.permission"})

    assert response.status_code == 200
    assert response.context["form"].errors["model"]
    assert list(response.context["page"])


@pytest.mark.django_db
def test_audit_log_never_records_passwords(client_for, comms, person):
    person.set_password("kata-sandi-rahasia-789")
    with set_actor(comms):
        person.save()

    for entry in LogEntry.objects.get_for_object(person):
        assert "password" not in entry.changes_dict
    body = client_for(comms).get(reverse("accounts:audit_log")).content.decode()
    assert "kata-sandi-rahasia-789" not in body
    assert person.password not in body
