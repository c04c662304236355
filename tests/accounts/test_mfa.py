"""Two-factor (TOTP) for the people who hold the keys to every agency: leaders, the
communications office and superusers. RequireMFAMiddleware sends them to allauth's TOTP setup
until they have an authenticator; agency staff and heads are never asked."""

from __future__ import annotations

import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.factories import UserFactory

PASSWORD = "kata-sandi-uji-123"
REGION_WIDE = ["leader", "comms", "superuser"]
AGENCY_MEMBERS = ["staff_a", "head_a"]


@pytest.fixture(autouse=True)
def _require_mfa(settings: Settings) -> None:
    settings.SIGAP_REQUIRE_MFA = True


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REGION_WIDE)
@pytest.mark.parametrize("path", ["/dashboard/", "/agencies/"])
def test_region_wide_roles_without_totp_are_sent_to_set_it_up(client_for, request, persona, path):
    response = client_for(request.getfixturevalue(persona)).get(path)

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REGION_WIDE)
def test_region_wide_roles_without_totp_get_403_json_from_the_api(client_for, request, persona, agency_a):
    response = client_for(request.getfixturevalue(persona)).get("/api/v1/agencies/")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "Two-factor" in response.json()["detail"]


@pytest.mark.django_db
def test_superuser_without_totp_is_sent_to_set_it_up_from_the_admin(client_for, superuser):
    response = client_for(superuser).get("/admin/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REGION_WIDE)
def test_the_totp_setup_page_itself_is_reachable(client_for, request, persona):
    """No redirect loop: /accounts/… is open, so the person can set TOTP up (allauth may ask
    them to confirm their password first)."""
    client = client_for(request.getfixturevalue(persona))

    response = client.get(reverse("mfa_activate_totp"), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", AGENCY_MEMBERS)
def test_agency_members_are_not_asked_for_totp(client_for, request, persona, agency_a):
    client = client_for(request.getfixturevalue(persona))

    assert client.get("/dashboard/").status_code == 200
    assert client.get("/agencies/").status_code == 200
    assert client.get(f"/agencies/{agency_a.slug}/").status_code == 200
    assert client.get("/api/v1/agencies/").status_code == 200


@pytest.mark.django_db
def test_outsider_is_not_sent_to_totp_setup_but_gets_404(client_for, outsider):
    assert client_for(outsider).get("/dashboard/").status_code == 404


@pytest.mark.django_db
def test_public_pages_are_not_affected(client_for, leader):
    client = client_for(leader)

    assert client.get("/healthz").status_code in (200, 503)
    assert client.get(reverse("account_logout")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", REGION_WIDE)
def test_with_a_totp_authenticator_region_wide_roles_reach_their_pages(client_for, request, persona, agency_a):
    user = request.getfixturevalue(persona)
    TOTP.activate(user, generate_totp_secret())
    client = client_for(user)

    assert client.get("/dashboard/").status_code == 200
    assert client.get("/agencies/").status_code == 200
    assert client.get("/api/v1/agencies/").status_code == 200


@pytest.mark.django_db
def test_recovery_codes_alone_do_not_count_as_totp(client_for, leader):
    Authenticator.objects.create(user=leader, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})

    response = client_for(leader).get("/dashboard/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_mfa_is_not_enforced_when_the_setting_is_off(client_for, leader, settings):
    settings.SIGAP_REQUIRE_MFA = False

    assert client_for(leader).get("/dashboard/").status_code == 200


# --- The Django admin signs in through allauth ----------------------------------------


@pytest.mark.django_db
def test_admin_sends_anonymous_users_to_the_allauth_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith("/accounts/login/")
    assert "next=" in final_url
    assert "account/login.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_admin_login_page_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "next=%2Fadmin%2F" in response.url


@pytest.mark.django_db
def test_admin_login_post_cannot_bypass_allauth(client, superuser):
    """The admin's own login form (which knows nothing of TOTP) must not sign anyone in."""
    response = client.post("/admin/login/?next=/admin/", {"username": superuser.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert client.session.get(SESSION_KEY) is None


@pytest.mark.django_db
def test_admin_with_totp_is_reachable_for_a_superuser(client_for, superuser):
    TOTP.activate(superuser, generate_totp_secret())

    assert client_for(superuser).get("/admin/").status_code == 200


# --- End to end: setting TOTP up, and signing in with it ------------------------------


@pytest.mark.django_db
@time_machine.travel("2026-03-02 03:00:10+00:00", tick=False)
def test_leader_signs_in_is_sent_to_setup_and_activates_totp(client):
    leader = UserFactory(email="pimpinan@contoh.test", is_leader=True)

    response = client.post("/accounts/login/", {"login": leader.email, "password": PASSWORD}, follow=True)

    # Signed in; the middleware sends the leader on to the TOTP setup, where allauth asks
    # for the password once more (setting up a second factor is a sensitive operation).
    assert client.session.get(SESSION_KEY) == str(leader.pk)
    assert [url for url, _status in response.redirect_chain][:2] == ["/dashboard/", reverse("mfa_activate_totp")]
    reauthenticate_url = response.redirect_chain[-1][0]
    assert reauthenticate_url.startswith(reverse("account_reauthenticate"))

    response = client.post(reauthenticate_url, {"password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    secret = client.session[SECRET_SESSION_KEY]
    assert client.get("/dashboard/").status_code == 302  # still not set up

    response = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=leader, type=Authenticator.Type.TOTP).exists()
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
@time_machine.travel("2026-03-02 03:00:10+00:00", tick=False)
def test_signing_in_with_totp_asks_for_the_code_and_then_signs_in(client):
    leader = UserFactory(email="pimpinan@contoh.test", is_leader=True)
    secret = generate_totp_secret()
    TOTP.activate(leader, secret)

    response = client.post("/accounts/login/", {"login": leader.email, "password": PASSWORD})

    # The password alone does not sign in: the code step comes first.
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.session.get(SESSION_KEY) is None
    assert client.get("/dashboard/").status_code == 302
    code_page = client.get(reverse("mfa_authenticate"))
    assert code_page.status_code == 200
    assert 'name="code"' in code_page.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})

    assert response.status_code == 302
    assert response.url == "/dashboard/"
    assert client.session.get(SESSION_KEY) == str(leader.pk)
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
@time_machine.travel("2026-03-02 03:00:10+00:00", tick=False)
def test_a_wrong_totp_code_does_not_sign_in(client):
    leader = UserFactory(email="pimpinan@contoh.test", is_leader=True)
    secret = generate_totp_secret()
    TOTP.activate(leader, secret)
    client.post("/accounts/login/", {"login": leader.email, "password": PASSWORD})
    good = _current_code(secret)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.session.get(SESSION_KEY) is None


@pytest.mark.django_db
@time_machine.travel("2026-03-02 03:00:10+00:00", tick=False)
def test_a_totp_code_cannot_be_used_twice(client):
    leader = UserFactory(email="pimpinan@contoh.test", is_leader=True)
    secret = generate_totp_secret()
    TOTP.activate(leader, secret)
    code = _current_code(secret)
    client.post("/accounts/login/", {"login": leader.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("account_logout"))

    client.post("/accounts/login/", {"login": leader.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    assert client.session.get(SESSION_KEY) is None
