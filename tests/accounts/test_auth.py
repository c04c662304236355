"""Signing in through allauth: e-mail and password, no public sign-up, password reset and
change, POST-only sign-out, the demo-mode notice, the public landing page and the dashboard
gate."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import AgencyFactory, UserFactory

PASSWORD = "kata-sandi-uji-123"
LOGIN_URL = "/accounts/login/"


def _signed_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- Login ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_with_email_and_password_lands_on_the_dashboard(client):
    user = UserFactory(email="rina@contoh.test", is_comms=True)

    response = client.post(LOGIN_URL, {"login": "rina@contoh.test", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboard") == "/dashboard/"
    assert _signed_in_user_id(client) == str(user.pk)
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_login_email_is_case_insensitive(client):
    user = UserFactory(email="budi@contoh.test", is_leader=True)

    response = client.post(LOGIN_URL, {"login": "Budi@Contoh.TEST", "password": PASSWORD})

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_with_a_wrong_password_stays_on_the_form_with_an_error(client):
    UserFactory(email="rina@contoh.test")

    response = client.post(LOGIN_URL, {"login": "rina@contoh.test", "password": "salah-sekali-123"})

    assert response.status_code == 200
    assert _signed_in_user_id(client) is None
    form = response.context["form"]
    assert form.errors
    assert form.non_field_errors()
    # The error is rendered on the page, not only attached to the form.
    assert str(form.non_field_errors()[0]) in response.content.decode()


@pytest.mark.django_db
def test_login_for_an_unknown_email_fails_like_a_wrong_password(client):
    response = client.post(LOGIN_URL, {"login": "nobody@contoh.test", "password": PASSWORD})

    assert response.status_code == 200
    assert _signed_in_user_id(client) is None
    assert response.context["form"].errors


@pytest.mark.django_db
def test_an_inactive_user_cannot_log_in(client):
    UserFactory(email="pensiun@contoh.test", is_active=False, is_comms=True)

    response = client.post(LOGIN_URL, {"login": "pensiun@contoh.test", "password": PASSWORD})

    # allauth's "account inactive" page, never the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("account_inactive")
    assert _signed_in_user_id(client) is None
    assert client.get("/dashboard/").status_code == 302  # still anonymous


# --- Sign-up is closed ----------------------------------------------------------------


@pytest.mark.django_db
def test_signup_page_says_signup_is_closed(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert 'name="password1"' not in response.content.decode()


@pytest.mark.django_db
def test_posting_to_signup_creates_no_user(client):
    before = User.objects.count()

    response = client.post("/accounts/signup/", {
        "email": "penyusup@contoh.test", "password1": "sangat-rahasia-987", "password2": "sangat-rahasia-987",
    })

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert User.objects.count() == before
    assert not User.objects.filter(email="penyusup@contoh.test").exists()
    assert _signed_in_user_id(client) is None


# --- Password reset and change --------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_emails_a_link_to_a_known_address(client):
    UserFactory(email="rina@contoh.test")

    response = client.post("/accounts/password/reset/", {"email": "rina@contoh.test"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@contoh.test"]
    assert "/accounts/password/reset/key/" in message.body


@pytest.mark.django_db
def test_password_reset_link_lets_the_person_choose_a_new_password(client):
    user = UserFactory(email="rina@contoh.test")
    client.post("/accounts/password/reset/", {"email": "rina@contoh.test"})
    link = next(line for line in mail.outbox[0].body.split() if "/accounts/password/reset/key/" in line)
    path = link.split("testserver", 1)[-1]

    # allauth stores the key in the session and redirects to a key-less URL.
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": "kata-sandi-baru-456", "password2": "kata-sandi-baru-456"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("kata-sandi-baru-456")


@pytest.mark.django_db
def test_password_change_works_for_a_signed_in_user(client_for):
    user = UserFactory(email="rina@contoh.test", is_comms=True)
    client = client_for(user)

    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "kata-sandi-baru-456", "password2": "kata-sandi-baru-456",
    })

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("kata-sandi-baru-456")
    # ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off: still signed in.
    assert _signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_password_change_with_a_wrong_old_password_changes_nothing(client_for):
    user = UserFactory(email="rina@contoh.test", is_comms=True)
    client = client_for(user)

    response = client.post("/accounts/password/change/", {
        "oldpassword": "bukan-ini-123", "password1": "kata-sandi-baru-456", "password2": "kata-sandi-baru-456",
    })

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_needs_sign_in(client):
    response = client.get("/accounts/password/change/")

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


# --- Logout ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_logout_by_get_only_asks_for_confirmation(client_for, comms):
    client = client_for(comms)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert _signed_in_user_id(client) == str(comms.pk)


@pytest.mark.django_db
def test_logout_by_post_signs_out(client_for, comms):
    client = client_for(comms)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert _signed_in_user_id(client) is None
    assert client.get("/dashboard/").status_code == 302


# --- Demo-mode notice on the login page -----------------------------------------------


@pytest.mark.django_db
def test_login_page_in_demo_mode_says_two_factor_is_not_required(client, settings):
    settings.DEBUG = True
    settings.SIGAP_REQUIRE_MFA = False

    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert 'class="alert alert-info"' in response.content.decode()


@pytest.mark.django_db
def test_login_page_has_no_demo_notice_when_mfa_is_required(client, settings):
    settings.DEBUG = True
    settings.SIGAP_REQUIRE_MFA = True

    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "alert-info" not in response.content.decode()


@pytest.mark.django_db
def test_login_page_has_no_demo_notice_in_production(client, settings):
    settings.DEBUG = False
    settings.SIGAP_REQUIRE_MFA = True

    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "alert-info" not in response.content.decode()


@pytest.mark.django_db
def test_login_page_does_not_invite_people_to_sign_up(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert reverse("account_signup") not in response.content.decode()


@pytest.mark.django_db
def test_login_page_has_the_login_form(client):
    response = client.get(LOGIN_URL)

    body = response.content.decode()
    assert 'name="login"' in body
    assert 'name="password"' in body
    assert 'type="submit"' in body


# --- The public landing page ----------------------------------------------------------


@pytest.mark.django_db
def test_home_is_public_and_shows_no_data(client, agency_a, head_a):
    response = client.get("/")

    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("account_login") in body
    assert agency_a.name not in body
    assert agency_a.short_name not in body
    assert head_a.full_name not in body
    assert head_a.email not in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["staff_a", "head_a", "leader", "comms", "superuser"])
def test_home_redirects_signed_in_users_to_the_dashboard(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/dashboard/"


# --- The dashboard gate ---------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_sends_anonymous_users_to_sign_in(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next=/dashboard/"


@pytest.mark.django_db
def test_dashboard_is_404_for_a_signed_in_user_without_a_role(client_for, outsider):
    assert client_for(outsider).get("/dashboard/").status_code == 404


@pytest.mark.django_db
def test_dashboard_is_404_for_a_former_staff_member(client_for, staff_a):
    staff_a.memberships.update(ended_at="2025-01-01T00:00:00Z")

    assert client_for(staff_a).get("/dashboard/").status_code == 404


@pytest.mark.django_db
def test_dashboard_is_404_for_staff_of_an_inactive_agency(client_for, staff_a, agency_a):
    agency_a.is_active = False
    agency_a.save(update_fields=["is_active"])

    assert client_for(staff_a).get("/dashboard/").status_code == 404


@pytest.fixture
def populated_region(agency_a, agency_b) -> None:
    AgencyFactory(slug="kecamatan-contoh", name="Kecamatan Contoh", short_name="Kec. Contoh", kind="kecamatan")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "comms", "superuser"])
def test_dashboard_shows_region_wide_numbers_to_region_wide_roles(client_for, request, persona, populated_region):
    response = client_for(request.getfixturevalue(persona)).get("/dashboard/")

    assert response.status_code == 200
    assert response.context["agency_total"] == 3
    assert {row["kind"]: row["n"] for row in response.context["agency_counts"]} == {"dinas": 2, "kecamatan": 1}
    assert 'class="stat"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["staff_a", "head_a", "staff_b"])
def test_dashboard_shows_agency_members_only_their_agency(client_for, request, persona, populated_region,
                                                         agency_a, agency_b):
    user = request.getfixturevalue(persona)
    own = agency_b if persona == "staff_b" else agency_a
    other = agency_a if persona == "staff_b" else agency_b

    response = client_for(user).get("/dashboard/")

    assert response.status_code == 200
    assert "agency_total" not in response.context
    assert "account_counts" not in response.context
    assert list(response.context["my_agencies"]) == [own]
    body = response.content.decode()
    assert "region" not in response.context  # the region's figures are for leader and comms
    assert response.context["numbers"].open == 0  # the agency's own numbers instead
    assert own.name in body
    assert other.name not in body
