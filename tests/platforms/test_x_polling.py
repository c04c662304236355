"""Polling X mentions: paging until next_token is absent, the overlap window, the cursor that
moves only after the items are stored, rate limits, failures and tokens that expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
import time_machine

from agencies.models import ConnectionStatus, OfficialAccount
from platforms import polling
from platforms.connectors import x as xconn
from platforms.connectors.base import RateLimited, TokenInvalid, Transient
from platforms.models import Delivery, InboundItem
from tests.intake import snowflake

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def page(posts, *, next_token=None, newest=None):
    body = {"data": posts, "includes": {"users": [{"id": "555", "username": "warga_bkl", "name": "Warga"}]},
            "meta": {"result_count": len(posts)}}
    if posts:
        body["meta"].update(newest_id=newest or posts[0]["id"], oldest_id=posts[-1]["id"])
    if next_token:
        body["meta"]["next_token"] = next_token
    return body


def post(minutes_ago, text="@pupr_bkl jalan rusak"):
    moment = NOW - timedelta(minutes=minutes_ago)
    pid = snowflake(moment)
    return {"id": pid, "text": text, "author_id": "555", "conversation_id": pid,
            "created_at": moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "entities": {"mentions": [{"username": "pupr_bkl", "id": "1"}]}}


class FakeX:
    def __init__(self, responses):
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []
        self.own_requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/tweets"):
            # The account's own timeline, read after the mentions in each round: nothing new.
            self.own_requests.append(request)
            return httpx.Response(200, json={"meta": {"result_count": 0}})
        self.requests.append(request)
        status, body, headers = self.responses.pop(0)
        return httpx.Response(status, json=body, headers=headers or {})


@pytest.fixture
def account(region):
    acc = region.pupr_x
    acc.access_token = "user-token-secret"
    acc.save()
    return OfficialAccount.objects.get(pk=acc.pk)


@pytest.fixture
def fake(monkeypatch):
    holder = {}

    def install(responses):
        holder["fake"] = FakeX(responses)
        client = httpx.Client(base_url="https://api.x.com", transport=httpx.MockTransport(holder["fake"]))
        monkeypatch.setattr(polling, "connector_for", lambda platform: xconn.XConnector(client=client))
        return holder["fake"]

    return install


def test_pages_until_next_token_is_absent_even_through_an_empty_page(account, fake):
    p1, p2, p3 = post(1), post(2), post(3)
    server = fake([
        (200, page([p1], next_token="t1"), None),
        (200, page([], next_token="t2"), None),  # result_count 0 but more to come
        (200, page([p2, p3]), None),
    ])
    with time_machine.travel(NOW, tick=False):
        outcome = polling.account_poll(account_id=account.pk)
    assert outcome.status == "polled" and outcome.new_items == 3
    assert len(server.requests) == 3
    assert server.requests[1].url.params["pagination_token"] == "t1"
    first = server.requests[0]
    assert first.headers["authorization"] == "Bearer user-token-secret"
    assert first.url.path == f"/2/users/{account.external_id}/mentions"
    for field in ("created_at", "author_id", "conversation_id", "in_reply_to_user_id", "referenced_tweets", "entities"):
        assert field in first.url.params["tweet.fields"]
    assert "author_id" in first.url.params["expansions"]
    account.refresh_from_db()
    assert account.cursor == {"since_id": p1["id"]}  # the first page's newest_id
    assert account.last_polled_at == NOW and account.status == ConnectionStatus.CONNECTED
    # Three pages of mentions and the account's own timeline (empty), each kept verbatim.
    assert Delivery.objects.filter(source="poll").count() == 4 and len(server.own_requests) == 1
    assert set(InboundItem.objects.values_list("external_id", flat=True)) == {p1["id"], p2["id"], p3["id"]}


def test_each_round_rereads_an_overlap_window_and_dedupes(account, fake):
    late = post(5)  # indexed late: older than the checkpoint
    account.cursor = {"since_id": snowflake(NOW - timedelta(minutes=1))}
    account.save()
    server = fake([(200, page([late]), None)])
    with time_machine.travel(NOW, tick=False):
        polling.account_poll(account_id=account.pk)
    since = int(server.requests[0].url.params["since_id"])
    assert since == xconn.snowflake_for_time(NOW - xconn.OVERLAP)
    assert since < int(late["id"])
    assert InboundItem.objects.filter(external_id=late["id"]).exists()
    # The checkpoint never moves backwards.
    account.refresh_from_db()
    assert account.cursor["since_id"] == snowflake(NOW - timedelta(minutes=1))
    fake([(200, page([late]), None)])
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        assert polling.account_poll(account_id=account.pk).new_items == 0
    assert InboundItem.objects.count() == 1


def test_no_newest_id_keeps_the_old_checkpoint(account, fake):
    account.cursor = {"since_id": "1234"}
    account.save()
    fake([(200, page([]), None)])
    polling.account_poll(account_id=account.pk)
    account.refresh_from_db()
    assert account.cursor == {"since_id": "1234"}


def test_a_short_rate_limit_is_retried_after_the_reset(account, fake):
    reset = int(NOW.timestamp()) + 90
    fake([(429, {"title": "Too Many Requests"}, {"x-rate-limit-reset": str(reset)})])
    with time_machine.travel(NOW, tick=False):
        outcome = polling.account_poll(account_id=account.pk)
    assert outcome.status == "retry" and 85 <= outcome.retry_after <= 90
    account.refresh_from_db()
    assert account.cursor == {}
    # The scheduler starts no second poll while the task waits for the reset.
    assert account.paused_until == NOW + timedelta(seconds=outcome.retry_after)
    with time_machine.travel(NOW, tick=False):
        assert account.pk not in polling.accounts_due()


def test_a_long_rate_limit_pauses_the_account_instead_of_a_long_countdown(account, fake):
    reset = int(NOW.timestamp()) + 15 * 60
    fake([(429, {}, {"x-rate-limit-reset": str(reset)})])
    with time_machine.travel(NOW, tick=False):
        assert polling.account_poll(account_id=account.pk).status == "paused"
        account.refresh_from_db()
        assert account.paused_until == datetime.fromtimestamp(reset, tz=UTC)
        assert account.pk not in polling.accounts_due()
        assert polling.account_poll(account_id=account.pk).status == "paused"  # not called


def test_a_token_expiring_mid_poll_stores_nothing_and_asks_for_a_reconnect(account, fake):
    server = fake([
        (200, page([post(1)], next_token="t1"), None),
        (401, {"title": "Unauthorized", "detail": "Unauthorized", "status": 401}, None),
    ])
    outcome = polling.account_poll(account_id=account.pk)
    assert outcome.status == "needs_attention"
    account.refresh_from_db()
    assert account.status == ConnectionStatus.NEEDS_ATTENTION
    assert "Unauthorized" in account.last_error and "user-token-secret" not in account.last_error
    assert account.cursor == {}  # nothing stored, nothing skipped: the next round re-reads
    assert not InboundItem.objects.exists()
    assert len(server.requests) == 2
    assert account.pk not in polling.accounts_due()  # no hammering


def test_server_errors_are_transient_and_retried_by_the_task(account, fake):
    fake([(503, {"title": "Service Unavailable"}, None)])
    with pytest.raises(Transient):
        polling.account_poll(account_id=account.pk)


def test_an_account_without_a_token_is_never_called(region, fake):
    server = fake([])
    assert polling.account_poll(account_id=region.dlh_x.pk).status == "skipped"
    assert server.requests == []
    assert region.dlh_x.pk not in polling.accounts_due()


def test_errors_are_classified():
    from platforms.connectors.base import classify_http_error

    assert isinstance(classify_http_error(httpx.Response(429, headers={"retry-after": "30"})), RateLimited)
    assert isinstance(classify_http_error(httpx.Response(401, json={"detail": "x"})), TokenInvalid)
    assert isinstance(classify_http_error(httpx.Response(502)), Transient)


def test_snowflake_rules_from_platforms_md():
    assert xconn.snowflake_time("2080765813578191303") == datetime(2026, 7, 24, 21, 23, 23, 373000, tzinfo=UTC)
    assert xconn.snowflake_for_time(datetime(2026, 7, 24, 21, 0, tzinfo=UTC)) == 2080759927403446272


def test_one_poll_round_per_account_at_a_time(account, monkeypatch):
    from django.core.cache import cache

    from platforms import tasks

    sent = []
    monkeypatch.setattr(tasks.poll_account, "delay", lambda account_id: sent.append(account_id))
    cache.clear()
    assert tasks.poll_due_accounts() == 1
    assert tasks.poll_due_accounts() == 0  # still running (or retrying): not started again
    assert sent == [account.pk]
    cache.delete(tasks._poll_lock(account.pk))  # the round ended
    assert tasks.poll_due_accounts() == 1
