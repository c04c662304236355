"""An evaluation worked out by hand (handworked.py) built for real: agencies, complaints behind
the system scores (through the rollups), two jurors with their scores."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rankings import rollups
from rankings.evaluation import services
from tests.evaluation import handworked
from tests.factories import AgencyFactory, ComplaintFactory, MembershipFactory, UserFactory

WIB = ZoneInfo("Asia/Jakarta")
START, END = date(2026, 1, 1), date(2026, 12, 31)


@pytest.fixture
def contest(db, comms):
    agencies = {n: AgencyFactory(name=f"Dinas {n}", short_name=f"Dinas {n}", slug=f"dinas-{n.lower()}") for n in "ABCD"}
    received = datetime(2026, 6, 2, 9, 0, tzinfo=WIB)
    for name, cases in handworked.COMPLAINTS.items():
        for i, (minutes, within) in enumerate(cases):
            at = received + timedelta(days=i)
            ComplaintFactory(agency=agencies[name], received_at=at, handed_at=at, status="in_progress",
                             first_response_at=at + timedelta(minutes=minutes), first_response_working_minutes=minutes,
                             within_target=within, response_target_minutes=60)
    rollups.rebuild()
    period = services.period_create(name="Penilaian 2026", start=START, end=END, actor=comms,
                                    agencies=list(agencies.values()), criteria=list(handworked.CRITERIA))
    jurors = [UserFactory(full_name=f"Juri {i}", email=f"juri{i}@kampus.ac.id") for i in (1, 2)]
    for juror in jurors:
        services.juror_invite(period=period, email=juror.email, full_name=juror.full_name,
                              agencies=list(agencies.values()), actor=comms)
    heads = {n: MembershipFactory(agency=a, role="head").user for n, a in agencies.items()}
    return {"period": period, "agencies": agencies, "jurors": jurors, "heads": heads}


def score_all(contest, submit: bool = True) -> None:
    period = contest["period"]
    k3 = period.criteria.get(code="K3")
    for index, juror in enumerate(contest["jurors"]):
        assignment = services.assignment_for(period, juror)
        services.jury_scores_save(
            assignment=assignment, actor=juror, submit=submit,
            scores={(a.pk, k3.pk): (handworked.JURY[n][index], f"Alasan juri {index + 1} untuk {n}")
                    for n, a in contest["agencies"].items()})
