"""Connecting official accounts through the platforms' own sign-in (against the fake
platform's authorize pages and token endpoints), the WhatsApp access form, who may do it,
and renewing expiring access: X's rotating refresh tokens stored by compare-and-set, a
refused renewal marking the account, polling renewing first. Tokens never leak."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from agencies.models import ConnectionStatus, OfficialAccount
from platforms import polling, tasks
from platforms.fake import ids
from platforms.fake.oauth import CLIENTS, s256
from platforms.fake.server import make_server
from platforms.oauth import providers, services
from platforms.oauth.selectors import accounts_due_for_refresh
from platforms.oauth.views import SESSION_KEY
from tests.factories import OfficialAccountFactory

pytestmark = pytest.mark.django_db

X_HANDLE = "pupr_bkl_dm"  # Dinas PUPR's demo accounts on the fake platform
OTHER_X_HANDLE = "dlh_bkl_dm"  # Dinas Lingkungan Hidup's
FB_PAGE = "dinaspupr.kotabkl.demo"
IG_HANDLE = "dinaspupr.bkl.demo"
YT_HANDLE = "dinaspupr-bkl-demo"
WA_NUMBER = "+6281200000112"  # the mayor's number
OTHER_WA_NUMBER = "+6281200000110"  # Pemkot's, another agency on the fake platform


@pytest.fixture(scope="module")
def fake_url():
    server, thread = make_server(0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def fake(fake_url, settings):
    """The fake platform, reset, with every base URL, sign-in page and app credential of
    Sigap pointing at it."""
    settings.X_API_BASE_URL = settings.META_GRAPH_BASE_URL = fake_url
    settings.YOUTUBE_API_BASE_URL = settings.WHATSAPP_API_BASE_URL = fake_url
    settings.X_OAUTH_AUTHORIZE_URL = f"{fake_url}/i/oauth2/authorize"
    settings.META_OAUTH_DIALOG_URL = f"{fake_url}/v24.0/dialog/oauth"
    settings.GOOGLE_OAUTH_AUTHORIZE_URL = f"{fake_url}/o/oauth2/v2/auth"
    settings.GOOGLE_OAUTH_TOKEN_URL = f"{fake_url}/token"
    settings.X_CLIENT_ID, settings.X_CLIENT_SECRET = CLIENTS["x"]
    settings.META_APP_ID, settings.META_APP_SECRET = CLIENTS["meta"]
    settings.GOOGLE_CLIENT_ID, settings.GOOGLE_CLIENT_SECRET = CLIENTS["google"]
    settings.META_LOGIN_CONFIG_ID = ""
    with httpx.Client(base_url=fake_url, timeout=10) as client:
        client.post("/_fake/reset").raise_for_status()
        yield client


@pytest.fixture
def client_for(client_for, settings):
    """Signed-in clients that chose English (the assertions read the source texts)."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def x_account(agency_a):
    return OfficialAccountFactory(agency=agency_a, platform="x", handle=X_HANDLE)


def start(client, account) -> str:
    """Press "Hubungkan": the URL of the platform's sign-in page Sigap sends the browser to."""
    response = client.post(reverse("connections:start", args=[account.pk]))
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def authorize(authorize_url: str, **flags: str) -> str:
    """The person on the platform's page: approve as a demo account (or deny). Returns the
    callback path + query the platform redirects the browser back to."""
    query = "&".join(f"fake_{k}={v}" for k, v in flags.items())
    response = httpx.get(f"{authorize_url}&{query}", follow_redirects=False)
    assert response.status_code == 302, response.text[:300]
    back = urlsplit(response.headers["location"])
    assert back.netloc == "testserver"
    return f"{back.path}?{back.query}"


def connect(client, account, as_handle: str):
    return client.get(authorize(start(client, account), approve=as_handle))


def reload(account: OfficialAccount) -> OfficialAccount:
    return OfficialAccount.objects.get(pk=account.pk)


def post_mention(fake, handle: str = X_HANDLE, text: str = "jalan rusak di Betungan") -> None:
    fake.post("/_fake/x/posts", json={"author_handle": "warga_bkl", "author_name": "Warga", "text": text,
                                      "mention_handles": [handle]}).raise_for_status()


def fake_refresh(fake, refresh_token: str) -> httpx.Response:
    return fake.post("/2/oauth2/token", auth=CLIENTS["x"],
                     data={"grant_type": "refresh_token", "refresh_token": refresh_token})


# --- X: the whole flow ----------------------------------------------------------------------


def test_x_sign_in_connects_the_account_and_its_access_works_for_polling(fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    before = timezone.now()
    response = connect(client, x_account, X_HANDLE)
    assert response.status_code == 302
    assert response["Location"] == reverse("connections:account", args=[x_account.pk])
    account = reload(x_account)
    assert account.status == ConnectionStatus.CONNECTED and account.last_error == ""
    assert account.external_id == ids.x_user_id(X_HANDLE)
    assert account.display_name  # the name X gives
    assert account.access_token.startswith("fake-oauth-x-") and account.refresh_token
    assert timedelta(hours=1, minutes=59) < account.token_expires_at - before <= timedelta(hours=2, seconds=5)
    page = client.get(response["Location"])
    assert f"@{X_HANDLE} is connected" in page.content.decode()
    # The access Sigap got is accepted by the API: polling brings the mention in.
    post_mention(fake)
    outcome = polling.account_poll(account_id=account.pk)
    assert (outcome.status, outcome.new_items) == ("polled", 1)
    # The change is audited, with who did it, without the access itself.
    entry = LogEntry.objects.get_for_object(account).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == staff_a
    assert "status" in entry.changes_dict and "access_token" not in entry.changes_dict


def test_authorize_url_asks_x_for_the_scopes_with_pkce_s256_and_the_session_keeps_the_verifier(
        fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    url = start(client, x_account)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(f"{fake.base_url}/i/oauth2/authorize?")
    assert query["scope"].split() == ["tweet.read", "tweet.write", "users.read", "offline.access"]
    assert query["code_challenge_method"] == "S256" and query["response_type"] == "code"
    assert query["redirect_uri"] == "http://testserver/connections/oauth/x/callback/"
    pending = client.session[SESSION_KEY][query["state"]]
    assert pending["account"] == x_account.pk
    assert s256(pending["verifier"]) == query["code_challenge"]
    assert len(pending["verifier"]) >= 43


def test_the_platform_page_lets_a_person_choose_the_account(fake, client_for, staff_a, x_account):
    page = httpx.get(start(client_for(staff_a), x_account))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Izinkan" in page.text and f'value="{X_HANDLE}"' in page.text


# --- Refusals: nothing changes ------------------------------------------------------------------


def assert_untouched(account: OfficialAccount) -> None:
    fresh = reload(account)
    assert fresh.status == ConnectionStatus.NOT_CONNECTED
    assert fresh.access_token is None and fresh.refresh_token is None and fresh.external_id is None


def test_a_state_not_started_here_is_refused(fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    callback = authorize(start(client, x_account), approve=X_HANDLE)
    path, _sep, query = callback.partition("?")
    params = parse_qs(query)
    forged = client.get(path, {"state": "forged-state", "code": params["code"][0]})
    assert forged.status_code == 400
    assert "Nothing was changed" in forged.content.decode()
    missing = client.get(path, {"code": params["code"][0]})
    assert missing.status_code == 400
    assert_untouched(x_account)


def test_a_state_is_used_once(fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    callback = authorize(start(client, x_account), approve=X_HANDLE)
    assert client.get(callback).status_code == 302
    again = client.get(callback)
    assert again.status_code == 400 and "already used" in again.content.decode()


def test_a_state_from_another_platform_callback_is_refused(fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    callback = authorize(start(client, x_account), approve=X_HANDLE)
    response = client.get(callback.replace("/oauth/x/", "/oauth/google/"))
    assert response.status_code == 400
    assert_untouched(x_account)


def test_a_sign_in_older_than_fifteen_minutes_is_refused(fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        callback = authorize(start(client, x_account), approve=X_HANDLE)
        traveller.shift(timedelta(minutes=16))
        assert client.get(callback).status_code == 400
    assert_untouched(x_account)


def test_a_wrong_pkce_verifier_is_refused_by_x(fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    url = start(client, x_account)
    state = parse_qs(urlsplit(url).query)["state"][0]
    session = client.session
    session[SESSION_KEY][state]["verifier"] = "x" * 64  # not the verifier of the challenge sent
    session.save()
    response = client.get(authorize(url, approve=X_HANDLE))
    assert response.status_code == 400
    assert "code verifier" in response.content.decode()
    assert_untouched(x_account)


def test_signing_in_as_another_account_is_refused(fake, client_for, staff_a, x_account):
    response = connect(client_for(staff_a), x_account, OTHER_X_HANDLE)
    assert response.status_code == 400
    text = response.content.decode()
    assert f"@{OTHER_X_HANDLE}" in text and f"@{X_HANDLE}" in text
    assert_untouched(x_account)


def test_a_known_platform_id_wins_over_the_handle(fake, client_for, staff_a, x_account):
    """An account registered with its id is matched on the id (handles can be renamed)."""
    x_account.external_id = ids.x_user_id(OTHER_X_HANDLE)
    x_account.save()
    response = connect(client_for(staff_a), x_account, X_HANDLE)
    assert response.status_code == 400
    assert reload(x_account).access_token is None


def test_denying_on_the_platform_changes_nothing(fake, client_for, staff_a, x_account):
    response = client_for(staff_a).get(authorize(start(client_for(staff_a), x_account), deny="1"))
    assert response.status_code == 400
    assert "access_denied" in response.content.decode()
    assert_untouched(x_account)


def test_a_platform_account_registered_elsewhere_is_refused(fake, client_for, staff_a, agency_b, x_account):
    OfficialAccountFactory(agency=agency_b, platform="x", handle="pupr_lama", external_id=ids.x_user_id(X_HANDLE))
    response = connect(client_for(staff_a), x_account, X_HANDLE)
    assert response.status_code == 400
    assert "@pupr_lama" in response.content.decode()
    assert_untouched(x_account)


def test_an_unreachable_platform_is_an_error_page(fake, settings, client_for, staff_a, x_account):
    client = client_for(staff_a)
    callback = authorize(start(client, x_account), approve=X_HANDLE)
    settings.X_API_BASE_URL = "http://127.0.0.1:9"  # the token endpoint is down
    response = client.get(callback)
    assert response.status_code == 502
    assert_untouched(x_account)


def test_without_app_credentials_the_button_explains(fake, settings, client_for, comms, x_account):
    settings.X_CLIENT_ID = ""
    client = client_for(comms)
    assert "not set up yet" in client.get(reverse("connections:account", args=[x_account.pk])).content.decode()
    assert client.post(reverse("connections:start", args=[x_account.pk])).status_code == 503


# --- Who may connect ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, x_account):
    for response in (client.get(reverse("connections:account", args=[x_account.pk])),
                     client.post(reverse("connections:start", args=[x_account.pk])),
                     client.get(reverse("connections:callback", args=["x"]), {"state": "s", "code": "c"})):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["outsider", "staff_b"])
def test_outsiders_get_404(request, persona, client_for, x_account):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("connections:account", args=[x_account.pk])).status_code == 404
    assert client.post(reverse("connections:start", args=[x_account.pk])).status_code == 404
    assert client.post(reverse("connections:whatsapp", args=[x_account.pk])).status_code == 404


def test_a_leader_sees_the_connection_but_may_not_connect(fake, client_for, leader, x_account):
    client = client_for(leader)
    page = client.get(reverse("connections:account", args=[x_account.pk]))
    assert page.status_code == 200
    assert reverse("connections:start", args=[x_account.pk]) not in page.content.decode()
    assert client.post(reverse("connections:start", args=[x_account.pk])).status_code == 403
    detail = client.get(reverse("agencies:detail", args=[x_account.agency.slug])).content.decode()
    assert reverse("connections:start", args=[x_account.pk]) not in detail


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "comms"])
def test_the_agency_itself_and_comms_may_connect(request, persona, fake, client_for, x_account):
    client = client_for(request.getfixturevalue(persona))
    detail = client.get(reverse("agencies:detail", args=[x_account.agency.slug])).content.decode()
    assert reverse("connections:start", args=[x_account.pk]) in detail
    assert connect(client, x_account, X_HANDLE).status_code == 302
    assert reload(x_account).status == ConnectionStatus.CONNECTED


def test_another_agencys_staff_sees_no_button_on_the_agency_page(client_for, staff_b, x_account):
    detail = client_for(staff_b).get(reverse("agencies:detail", args=[x_account.agency.slug])).content.decode()
    assert reverse("connections:start", args=[x_account.pk]) not in detail
    assert reverse("connections:account", args=[x_account.pk]) not in detail


def test_wrong_methods_and_unknown_callbacks(client_for, staff_a, x_account):
    client = client_for(staff_a)
    assert client.get(reverse("connections:start", args=[x_account.pk])).status_code == 405
    assert client.post(reverse("connections:callback", args=["x"])).status_code == 405
    assert client.get(reverse("connections:callback", args=["tiktok"]), {"state": "s"}).status_code == 404


def test_a_reconnect_button_shows_once_connected_or_needing_attention(fake, client_for, staff_a, x_account):
    client = client_for(staff_a)
    url = reverse("connections:account", args=[x_account.pk])
    assert "Connect</button>" in client.get(url).content.decode()
    OfficialAccount.objects.filter(pk=x_account.pk).update(status=ConnectionStatus.NEEDS_ATTENTION,
                                                            last_error="access expired or revoked")
    page = client.get(url).content.decode()
    assert "Reconnect" in page and "access expired or revoked" in page


def test_tiktok_is_manual(client_for, comms, agency_a):
    account = OfficialAccountFactory(agency=agency_a, platform="tiktok", handle="pupr.bkl",
                                     status=ConnectionStatus.MANUAL)
    client = client_for(comms)
    page = client.get(reverse("connections:account", args=[account.pk])).content.decode()
    assert "no public API" in page
    assert client.post(reverse("connections:start", args=[account.pk])).status_code == 404


# --- Facebook and Instagram -------------------------------------------------------------------


def test_facebook_connects_the_page_and_its_instagram_account_of_the_same_agency(fake, client_for, comms, agency_a):
    page = OfficialAccountFactory(agency=agency_a, platform="facebook", handle=FB_PAGE)
    instagram = OfficialAccountFactory(agency=agency_a, platform="instagram", handle=IG_HANDLE)
    client = client_for(comms)
    url = start(client, page)
    assert url.startswith(f"{fake.base_url}/v24.0/dialog/oauth?") and "pages_manage_engagement" in url
    response = client.get(authorize(url, approve=FB_PAGE))
    assert response.status_code == 302
    page, instagram = reload(page), reload(instagram)
    assert (page.status, instagram.status) == (ConnectionStatus.CONNECTED, ConnectionStatus.CONNECTED)
    assert page.external_id == ids.page_id(FB_PAGE) and instagram.external_id == ids.ig_user_id(IG_HANDLE)
    assert page.access_token.startswith("fake-oauth-page-") and page.access_token == instagram.access_token
    assert page.refresh_token is None and page.token_expires_at is None  # Page tokens do not expire
    # The Page token reads the Page and its Instagram account on the Graph API.
    for node in (page.external_id, instagram.external_id):
        read = httpx.get(f"{fake.base_url}/v24.0/{node}", params={"fields": "id,name"},
                         headers={"Authorization": f"Bearer {page.access_token}"})
        assert read.status_code == 200 and read.json()["id"] == node


def test_the_instagram_account_of_another_agency_is_left_alone(fake, client_for, comms, agency_a, agency_b):
    page = OfficialAccountFactory(agency=agency_a, platform="facebook", handle=FB_PAGE)
    elsewhere = OfficialAccountFactory(agency=agency_b, platform="instagram", handle=IG_HANDLE)
    client = client_for(comms)
    response = client.get(authorize(start(client, page), approve=FB_PAGE), follow=True)
    assert reload(page).status == ConnectionStatus.CONNECTED
    assert reload(elsewhere).status == ConnectionStatus.NOT_CONNECTED and reload(elsewhere).access_token is None
    assert "registered for DLH" in response.content.decode()
    assert OfficialAccount.objects.filter(platform="instagram").count() == 1  # nothing created


def test_an_unregistered_linked_instagram_account_is_only_mentioned(fake, client_for, comms, agency_a):
    page = OfficialAccountFactory(agency=agency_a, platform="facebook", handle=FB_PAGE)
    client = client_for(comms)
    response = client.get(authorize(start(client, page), approve=FB_PAGE), follow=True)
    assert f"@{IG_HANDLE}" in response.content.decode()
    assert not OfficialAccount.objects.filter(platform="instagram").exists()


def test_connecting_instagram_takes_the_token_of_its_page(fake, client_for, staff_a, agency_a):
    instagram = OfficialAccountFactory(agency=agency_a, platform="instagram", handle=IG_HANDLE)
    page = OfficialAccountFactory(agency=agency_a, platform="facebook", handle=FB_PAGE)
    assert connect(client_for(staff_a), instagram, FB_PAGE).status_code == 302
    instagram, page = reload(instagram), reload(page)
    assert instagram.status == page.status == ConnectionStatus.CONNECTED
    assert instagram.access_token == page.access_token


def test_a_facebook_user_who_does_not_manage_the_page_is_refused(fake, client_for, comms, agency_a):
    page = OfficialAccountFactory(agency=agency_a, platform="facebook", handle=FB_PAGE)
    response = connect(client_for(comms), page, "dlh.kotabkl.demo")
    assert response.status_code == 400 and FB_PAGE in response.content.decode()
    assert_untouched(page)


# --- YouTube ------------------------------------------------------------------------------------


def test_youtube_connects_with_a_refresh_token_google_keeps(fake, client_for, staff_a, agency_a):
    channel = OfficialAccountFactory(agency=agency_a, platform="youtube", handle=YT_HANDLE)
    client = client_for(staff_a)
    url = start(client, channel)
    query = parse_qs(urlsplit(url).query)
    assert query["access_type"] == ["offline"] and "youtube.force-ssl" in query["scope"][0]
    assert client.get(authorize(url, approve=YT_HANDLE)).status_code == 302
    channel = reload(channel)
    assert channel.status == ConnectionStatus.CONNECTED and channel.external_id == ids.youtube_channel_id(YT_HANDLE)
    first_access, kept = channel.access_token, channel.refresh_token
    assert services.account_token_refresh(account_id=channel.pk, force=True).status == "refreshed"
    channel = reload(channel)
    assert channel.refresh_token == kept and channel.access_token != first_access
    assert polling.account_poll(account_id=channel.pk).status == "polled"


# --- WhatsApp -----------------------------------------------------------------------------------


@pytest.fixture
def wa_account(agency_a):
    return OfficialAccountFactory(agency=agency_a, platform="whatsapp", handle=WA_NUMBER)


def test_comms_enters_whatsapp_access_checked_with_one_graph_call(fake, client_for, comms, wa_account):
    token = ids.access_token("whatsapp", WA_NUMBER)
    client = client_for(comms)
    response = client.post(reverse("connections:whatsapp", args=[wa_account.pk]), {
        "access_token": token, "phone_number_id": ids.wa_phone_number_id(WA_NUMBER)})
    assert response.status_code == 302
    account = reload(wa_account)
    assert account.status == ConnectionStatus.CONNECTED
    assert account.external_id == ids.wa_phone_number_id(WA_NUMBER) and account.access_token == token
    assert token not in client.get(response["Location"]).content.decode()


def test_a_phone_number_id_of_another_number_is_refused(fake, client_for, comms, wa_account):
    response = client_for(comms).post(reverse("connections:whatsapp", args=[wa_account.pk]), {
        "access_token": ids.access_token("whatsapp", OTHER_WA_NUMBER),
        "phone_number_id": ids.wa_phone_number_id(OTHER_WA_NUMBER)})
    assert response.status_code == 400
    assert OTHER_WA_NUMBER in response.content.decode() and WA_NUMBER in response.content.decode()
    assert_untouched(wa_account)


def test_a_bad_whatsapp_access_is_refused_and_not_shown_back(fake, client_for, comms, wa_account):
    response = client_for(comms).post(reverse("connections:whatsapp", args=[wa_account.pk]), {
        "access_token": "EAAG-not-a-valid-access", "phone_number_id": ids.wa_phone_number_id(WA_NUMBER)})
    assert response.status_code == 400
    assert "Meta refused" in response.content.decode()
    assert "EAAG-not-a-valid-access" not in response.content.decode()
    assert_untouched(wa_account)


def test_whatsapp_form_validates_its_fields(fake, client_for, comms, wa_account):
    response = client_for(comms).post(reverse("connections:whatsapp", args=[wa_account.pk]),
                                      {"access_token": "", "phone_number_id": "abc"})
    assert response.status_code == 400
    assert_untouched(wa_account)


@pytest.mark.parametrize("persona", ["staff_a", "head_a", "leader"])
def test_only_comms_enters_whatsapp_access(request, persona, fake, client_for, wa_account):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(reverse("connections:whatsapp", args=[wa_account.pk]), {
        "access_token": ids.access_token("whatsapp", WA_NUMBER),
        "phone_number_id": ids.wa_phone_number_id(WA_NUMBER)}).status_code == 403
    assert client.get(reverse("connections:account", args=[wa_account.pk])).status_code == 200
    assert_untouched(wa_account)


def test_the_whatsapp_form_only_for_whatsapp_accounts(fake, client_for, comms, x_account):
    assert client_for(comms).post(reverse("connections:whatsapp", args=[x_account.pk]), {}).status_code == 404


# --- Renewing access -----------------------------------------------------------------------------


@pytest.fixture
def connected_x(fake, client_for, staff_a, x_account):
    assert connect(client_for(staff_a), x_account, X_HANDLE).status_code == 302
    return reload(x_account)


def test_the_beat_task_renews_x_access_before_it_expires_and_rotates_the_pair(fake, connected_x, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-expiring-tokens"]
    assert entry["task"] == tasks.refresh_expiring_tokens.name
    old_access, old_refresh = connected_x.access_token, connected_x.refresh_token
    assert tasks.refresh_expiring_tokens() == 0  # two hours left: nothing to do
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=50)):
        assert accounts_due_for_refresh() == [connected_x.pk]
        assert tasks.refresh_expiring_tokens() == 1
        account = reload(connected_x)
        assert account.access_token != old_access and account.refresh_token != old_refresh
        assert account.token_expires_at > timezone.now() + timedelta(hours=1, minutes=59)
        assert accounts_due_for_refresh() == []
        assert fake_refresh(fake, old_refresh).status_code == 400  # the old refresh token is spent
        post_mention(fake)
        assert polling.account_poll(account_id=account.pk).new_items == 1


def _interleave(monkeypatch, other_worker_first: bool):
    """Run a second worker's whole renewal in the middle of this one's call to X: before X
    answers this one (X then refuses its spent refresh token), or after (this one holds a
    pair X issued; the other was refused)."""
    real = providers.refresh_access
    calls = {"n": 0}

    def racing(provider, *, refresh_token):
        calls["n"] += 1
        if calls["n"] > 1:
            return real(provider, refresh_token=refresh_token)
        if other_worker_first:
            calls["other"] = services.account_token_refresh(account_id=calls["account"], force=True)
            return real(provider, refresh_token=refresh_token)
        mine = real(provider, refresh_token=refresh_token)
        calls["other"] = services.account_token_refresh(account_id=calls["account"], force=True)
        return mine

    monkeypatch.setattr(providers, "refresh_access", racing)
    return calls


def test_two_workers_renewing_at_once_keep_the_pair_x_considers_current_when_the_other_wins(
        fake, connected_x, monkeypatch):
    calls = _interleave(monkeypatch, other_worker_first=True)
    calls["account"] = connected_x.pk
    mine = services.account_token_refresh(account_id=connected_x.pk, force=True)
    assert (calls["other"].status, mine.status) == ("refreshed", "refreshed_elsewhere")
    account = reload(connected_x)
    assert account.status == ConnectionStatus.CONNECTED and account.last_error == ""
    assert fake_refresh(fake, account.refresh_token).status_code == 200  # the stored one is the live one


def test_two_workers_renewing_at_once_keep_the_pair_x_considers_current_when_this_one_wins(
        fake, connected_x, monkeypatch):
    calls = _interleave(monkeypatch, other_worker_first=False)
    calls["account"] = connected_x.pk
    mine = services.account_token_refresh(account_id=connected_x.pk, force=True)
    # The other worker was refused (its refresh token was spent) before this one stored the
    # new pair; it marked the account, and this one's guarded store put it right.
    assert (calls["other"].status, mine.status) == ("needs_attention", "refreshed")
    account = reload(connected_x)
    assert account.status == ConnectionStatus.CONNECTED and account.last_error == ""
    assert fake_refresh(fake, account.refresh_token).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_threads_renewing_at_once_leave_a_live_pair(fake_url, settings, agency_a):
    """Real threads racing on the database and the platform: whatever the interleaving, the
    account ends connected with the refresh token X still accepts."""
    with httpx.Client(base_url=fake_url, timeout=10) as fake_client:
        fake_client.post("/_fake/reset").raise_for_status()
        settings.X_API_BASE_URL = fake_url
        settings.X_CLIENT_ID, settings.X_CLIENT_SECRET = CLIENTS["x"]
        grant = _direct_grant(fake_url, X_HANDLE)
        account = OfficialAccountFactory(
            agency=agency_a, platform="x", handle=X_HANDLE, external_id=ids.x_user_id(X_HANDLE),
            access_token=grant["access_token"], refresh_token=grant["refresh_token"],
            token_expires_at=timezone.now() + timedelta(minutes=5), status=ConnectionStatus.CONNECTED)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def worker() -> None:
            from django.db import connection

            try:
                barrier.wait(5)
                outcomes.append(services.account_token_refresh(account_id=account.pk).status)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert "refreshed" in outcomes and len(outcomes) == 2
        assert set(outcomes) <= {"refreshed", "refreshed_elsewhere", "needs_attention", "fresh"}
        stored = reload(account)
        assert stored.status == ConnectionStatus.CONNECTED and stored.last_error == ""
        assert fake_refresh(fake_client, stored.refresh_token).status_code == 200


def _direct_grant(fake_url: str, handle: str) -> dict:
    """A code and its exchange straight against the fake platform (no browser)."""
    verifier = "v" * 50
    authorize_url = (f"{fake_url}/i/oauth2/authorize?response_type=code&client_id={CLIENTS['x'][0]}"
                     f"&redirect_uri=http://testserver/cb&state=s&scope=tweet.read%20offline.access"
                     f"&code_challenge={s256(verifier)}&code_challenge_method=S256&fake_approve={handle}")
    location = httpx.get(authorize_url, follow_redirects=False).headers["location"]
    code = parse_qs(urlsplit(location).query)["code"][0]
    response = httpx.post(f"{fake_url}/2/oauth2/token", auth=CLIENTS["x"], data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": "http://testserver/cb",
        "code_verifier": verifier})
    response.raise_for_status()
    return response.json()


def test_a_revoked_grant_marks_the_account_for_attention(fake, connected_x, client_for, staff_a):
    fake.post("/_fake/oauth/revoke", json={"platform": "x", "handle": X_HANDLE}).raise_for_status()
    outcome = services.account_token_refresh(account_id=connected_x.pk, force=True)
    assert outcome.status == "needs_attention"
    account = reload(connected_x)
    assert account.status == ConnectionStatus.NEEDS_ATTENTION
    assert "could not be renewed" in account.last_error and "reconnect" in account.last_error
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert accounts_due_for_refresh() == []  # left alone until a person reconnects
    page = client_for(staff_a).get(reverse("connections:account", args=[account.pk])).content.decode()
    assert "Reconnect" in page
    # Reconnecting puts it right.
    assert connect(client_for(staff_a), account, X_HANDLE).status_code == 302
    assert reload(account).status == ConnectionStatus.CONNECTED and reload(account).last_error == ""


def test_an_unreachable_token_endpoint_is_tried_again_later(fake, connected_x, settings):
    settings.X_API_BASE_URL = "http://127.0.0.1:9"
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=50)):
        assert services.account_token_refresh(account_id=connected_x.pk).status == "retry"
        account = reload(connected_x)
        assert account.status == ConnectionStatus.CONNECTED and account.refresh_token == connected_x.refresh_token
        assert accounts_due_for_refresh() == [connected_x.pk]


def test_access_far_from_expiry_and_accounts_without_refresh_are_left_alone(fake, connected_x, agency_a):
    assert services.account_token_refresh(account_id=connected_x.pk).status == "fresh"
    manual = OfficialAccountFactory(agency=agency_a, platform="x", handle="pupr_lain", access_token="a")
    assert services.account_token_refresh(account_id=manual.pk, force=True).status == "skipped"


def test_polling_renews_expired_access_first(fake, connected_x):
    old_refresh = connected_x.refresh_token
    with time_machine.travel(timezone.now() + timedelta(hours=3)):  # X refuses the old access by now
        post_mention(fake)
        outcome = polling.account_poll(account_id=connected_x.pk)
        assert (outcome.status, outcome.new_items) == ("polled", 1)
        assert reload(connected_x).refresh_token != old_refresh


def test_polling_with_a_revoked_grant_stops_and_asks_for_attention(fake, connected_x):
    fake.post("/_fake/oauth/revoke", json={"platform": "x", "handle": X_HANDLE}).raise_for_status()
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert polling.account_poll(account_id=connected_x.pk).status == "needs_attention"
    assert reload(connected_x).status == ConnectionStatus.NEEDS_ATTENTION


def test_polling_retries_when_renewal_cannot_reach_x(fake, connected_x, settings):
    settings.X_API_BASE_URL = "http://127.0.0.1:9"
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        outcome = polling.account_poll(account_id=connected_x.pk)
    assert outcome.status == "retry" and outcome.retry_after
    assert reload(connected_x).status == ConnectionStatus.CONNECTED


# --- Secrets stay secret -----------------------------------------------------------------------


def test_tokens_never_appear_in_pages_logs_or_the_audit_log(fake, client_for, comms, agency_a, x_account, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(comms)
    assert connect(client, x_account, X_HANDLE).status_code == 302
    services.account_token_refresh(account_id=x_account.pk, force=True)
    fake.post("/_fake/oauth/revoke", json={"platform": "x", "handle": X_HANDLE})
    services.account_token_refresh(account_id=x_account.pk, force=True)  # refused: logged
    account = reload(x_account)
    secrets_seen = [account.access_token, account.refresh_token]
    assert all(secrets_seen)
    pages = [client.get(reverse("connections:account", args=[account.pk])),
             client.get(reverse("agencies:detail", args=[agency_a.slug])),
             client.get(reverse("coverage")),
             connect(client, account, OTHER_X_HANDLE)]  # an error page
    audit = " ".join(str(e.changes) for e in LogEntry.objects.get_for_object(account))
    logs = caplog.text
    for secret in secrets_seen:
        for page in pages:
            assert secret not in page.content.decode()
        assert secret not in logs
        assert secret not in audit
    assert "fake-oauth-x-" not in logs and "fake-refresh-" not in logs
    assert account.access_token not in repr(providers.TokenSet(access_token=account.access_token))
