"""The Monday summary to the mayor's office: last week's top and bottom five and the overdue
count, once per week however often the task runs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core import mail

from rankings import rollups
from rankings.tasks import weekly_summary
from tests.factories import UserFactory
from tests.rankings import scenario

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 12, 28, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_the_summary_goes_once_to_the_leaders_with_top_and_bottom(time_machine):
    scenario.build()
    rollups.rebuild()
    UserFactory(email="walikota@contoh.test", is_leader=True)
    UserFactory(email="staf@contoh.test")
    time_machine.move_to(MONDAY)
    assert weekly_summary() is True
    assert weekly_summary() is False  # the second run (a retry, two beats) sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["walikota@contoh.test"]
    assert "21 Des – 27 Des 2026" in message.subject and "4 aduan melewati batas waktu" in message.subject
    body = message.body
    top = body.split("Lima teratas:")[1]
    assert top.index("1. Dinas B") < top.index("2. Dinas C") < top.index("2. Dinas D") < top.index("4. Dinas A") < top.index("5. Dinas F")
    assert "nilai 61,0" in body and "Lima terbawah" not in body  # five ranked: no separate bottom five
    assert "1 OPD tidak menerima aduan" in body
    assert "start=2026-12-21&end=2026-12-27" in body


def test_the_beat_runs_it_on_monday_at_seven_region_time():
    entry = django_settings.CELERY_BEAT_SCHEDULE["weekly-summary"]
    schedule = entry["schedule"]
    assert entry["task"] == "rankings.tasks.weekly_summary"
    assert schedule.hour == {0} and schedule.minute == {0} and schedule.day_of_week == {1}  # 07:00 WIB = 00:00 UTC
