"""Shared fixtures: the fixed personas of STYLE.md and the rule for tests that need a service.

Tests marked `postgres` or `redis` need that service (DATABASE_URL=postgres://..., REDIS_URL).
Without it they are skipped on a newcomer's machine, and fail under CI (CI is set), where the
service must be there.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import AgencyFactory, MembershipFactory, UserFactory

IN_CI = bool(os.environ.get("CI"))


def _require(what: str, available: bool) -> None:
    if available:
        return
    message = f"needs {what}"
    if IN_CI:
        pytest.fail(f"{message}, which CI must provide", pytrace=False)
    pytest.skip(f"{message} (set it up to run this test)")


@pytest.fixture(autouse=True)
def _services(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres"):
        _require("PostgreSQL (DATABASE_URL=postgres://...)", connection.vendor == "postgresql")
    if request.node.get_closest_marker("redis"):
        _require("Redis (REDIS_URL=redis://...)", bool(settings.REDIS_URL))


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # LocMemCache keeps its entries per process, across instances: nothing cached in one test's
    # database may be met in the next.
    from django.core.cache import cache

    cache.clear()
    settings.SIGAP_REQUIRE_MFA = False
    # Per-process caches of rows must not outlive a test's database.
    from complaints import intake, routing

    intake.clear_accounts_cache()
    routing.clear_cache()


# --- Personas -------------------------------------------------------------------------


@pytest.fixture
def agency_a(db):
    return AgencyFactory(name="Dinas Pekerjaan Umum dan Penataan Ruang", short_name="Dinas PUPR", slug="dinas-pupr")


@pytest.fixture
def agency_b(db):
    return AgencyFactory(name="Dinas Lingkungan Hidup", short_name="DLH", slug="dinas-lh")


@pytest.fixture
def staff_a(agency_a):
    return MembershipFactory(agency=agency_a, role="staff").user


@pytest.fixture
def head_a(agency_a):
    return MembershipFactory(agency=agency_a, role="head", position_title="Kepala Dinas").user


@pytest.fixture
def staff_b(agency_b):
    return MembershipFactory(agency=agency_b, role="staff").user


@pytest.fixture
def leader(db):
    return UserFactory(is_leader=True, full_name="Pimpinan Contoh")


@pytest.fixture
def comms(db):
    return UserFactory(is_comms=True, full_name="Petugas Diskominfo")


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, full_name="Admin Sigap")


@pytest.fixture
def outsider(db):
    """Signed in, but with no role anywhere (e.g. a former staff member's fresh account)."""
    return UserFactory(full_name="Orang Luar")


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as `user` (None: anonymous)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


from tests.intake import region, run_items  # noqa: E402, F401  (shared intake fixtures)
