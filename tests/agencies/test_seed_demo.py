from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from accounts.models import Membership, User
from agencies.models import Agency, OfficialAccount, PersonHandle, RoutingRule
from complaints.models import ReplyTemplate

KECAMATAN = {
    "Gading Cempaka", "Kampung Melayu", "Muara Bangkahulu", "Ratu Agung", "Ratu Samban",
    "Selebar", "Singaran Pati", "Sungai Serut", "Teluk Segara",
}


def _counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(), "accounts": OfficialAccount.objects.count(),
        "users": User.objects.count(), "memberships": Membership.objects.count(),
        "rules": RoutingRule.objects.count(), "handles": PersonHandle.objects.count(),
        "audit": LogEntry.objects.count(), "templates": ReplyTemplate.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_builds_kota_bengkulu_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet=True)
    first = _counts()
    call_command("seed_demo", quiet=True)
    assert _counts() == first, "a second run must change nothing"

    assert first["agencies"] >= 30
    kecamatan = set(Agency.objects.filter(kind="kecamatan").values_list("name", flat=True))
    assert {name for k in kecamatan for name in KECAMATAN if name in k} == KECAMATAN
    assert Agency.objects.filter(kind="pimpinan").exists()
    assert Agency.objects.filter(kind="rsud").exists()
    assert Agency.objects.filter(kind="bumd").exists()
    assert Agency.objects.filter(kind="kelurahan", parent__kind="kecamatan").exists()
    # Every agency has a head, and heads are plainly fictional.
    for agency in Agency.objects.all():
        head = Membership.objects.active().filter(agency=agency, role="head").select_related("user").first()
        assert head is not None, agency
        assert head.user.email.endswith("@demo.sigap.test")
    # Keywords that make sense.
    assert RoutingRule.objects.filter(phrase="jalan rusak", agency__slug="dinas-pupr").exists()
    assert RoutingRule.objects.filter(phrase="sampah", agency__slug="dinas-lh").exists()
    hub = Agency.objects.filter(kind="pimpinan").first()
    assert hub.accounts.filter(platform="whatsapp").exists()
    # The agencies with demo logins have saved replies, and they fill in.
    from tests.factories import ComplaintFactory

    pupr = Agency.objects.get(slug="dinas-pupr")
    assert ReplyTemplate.objects.filter(agency__slug="dinas-lh").exists()
    sample = ReplyTemplate.objects.get(agency=pupr, title="Sedang dicek")
    complaint = ComplaintFactory(agency=pupr, author_name="Rahmat Hidayat")
    assert sample.render(complaint).startswith(f"Terima kasih, Rahmat Hidayat. Aduan {complaint.number} ")
    assert "{" not in sample.render(complaint)


@pytest.mark.django_db
def test_demo_logins_sign_in_with_the_printed_password(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet=True)
    for _role, email in DEMO_LOGINS:
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert response["Location"] == "/dashboard/"
        assert client.get("/dashboard/").status_code == 200, email
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_seed_demo_refuses_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", quiet=True)
    assert not User.objects.exists()
