"""The evaluation end to end through its services: the hand-worked case computed from real
complaints and jury scores; objections and corrections; freezing keeps the published result
whatever changes later; refused attempts are refused and logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from rankings import rollups
from rankings.evaluation import services
from rankings.evaluation.models import (
    EventKind,
    JuryScore,
    ObjectionStatus,
    PeriodStatus,
    RunStatus,
)
from tests.evaluation import handworked
from tests.evaluation.conftest import score_all

pytestmark = pytest.mark.django_db


def _totals(results) -> dict[str, tuple[float, int]]:
    return {r["name"][-1]: (r["total"], r["rank"]) for r in results}


def _compute(period, actor):
    run = services.run_start(period=period, actor=actor)  # eager in tests, after the commit
    return services.run_compute(run.pk)


def test_the_hand_worked_case_from_complaints_and_jurors(contest, comms):
    score_all(contest)
    run = _compute(contest["period"], comms)
    assert run.status == RunStatus.DONE and run.progress == 100
    assert _totals(run.results) == handworked.MINMAX
    measured = run.inputs["measured"]
    a, d = (str(contest["agencies"][n].pk) for n in "AD")
    assert measured[a]["within_target"] == 90.0 and measured[a]["response_median"] == 40.0
    assert measured[d]["within_target"] is None
    assert sorted(j["score"] for j in run.results[0]["criteria"]["K3"]["jury"]) == [70, 80]


def test_unsubmitted_jury_scores_do_not_count(contest, comms):
    score_all(contest, submit=False)
    run = _compute(contest["period"], comms)
    # K3 left at 0 for everyone: A 74, B 30, C 25, D 0.
    assert _totals(run.results) == {"A": (74.0, 1), "B": (30.0, 2), "C": (25.0, 3), "D": (0.0, 4)}


def test_a_juror_sees_and_edits_only_their_own_and_submits_once(contest, comms):
    score_all(contest)
    period, (first, second) = contest["period"], contest["jurors"]
    with pytest.raises(services.EvaluationRefused):
        services.jury_scores_save(assignment=services.assignment_for(period, first), actor=second, scores={})
    with pytest.raises(services.EvaluationRefused):
        services.jury_scores_save(assignment=services.assignment_for(period, first), actor=first, scores={})
    refused = list(period.events.filter(kind=EventKind.REFUSED).values_list("actor", "summary"))
    assert refused == [(second.pk, "jury scores"), (first.pk, "jury scores")]


def test_weights_not_adding_up_are_refused_and_nothing_changes(contest, comms):
    period = contest["period"]
    specs = [s.__class__(**{**s.__dict__, "weight": s.weight + (5 if s.code == "K1" else 0)}) for s in handworked.CRITERIA]
    with pytest.raises(services.EvaluationRefused):
        services.criteria_set(period=period, specs=specs, actor=comms)
    assert sorted(period.criteria.values_list("code", "weight")) == [("K1", 50), ("K2", 30), ("K3", 20)]


def _to_provisional(contest, comms):
    score_all(contest)
    _compute(contest["period"], comms)
    return services.provisional_publish(period=contest["period"], actor=comms)


def test_objection_accepted_corrects_the_figure_and_recomputes(contest, comms, time_machine):
    period = _to_provisional(contest, comms)
    b = contest["agencies"]["B"]
    k1 = period.criteria.get(code="K1")
    objection = services.objection_file(period=period, agency=b, criterion=k1, actor=contest["heads"]["B"],
                                        reason="Dua aduan dijawab lewat telepon dalam 30 menit.")
    with pytest.raises(services.EvaluationRefused):  # the window is open and an objection waits
        services.period_freeze(period=period, actor=comms)
    services.objection_answer(objection=objection, accept=True, answer="Diterima: bukti rekaman dilampirkan.",
                              corrected_value=90.0, actor=comms)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.ACCEPTED
    queued = period.runs.get(status=RunStatus.QUEUED)  # the recomputation, queued after the commit
    services.run_compute(queued.pk)
    run = services.latest_run(period)
    assert run.pk == queued.pk
    assert _totals(run.results)["B"] == (95.0, 1)  # as tests/evaluation/test_scoring.py worked out
    assert run.results[0]["criteria"]["K1"]["corrected"] is True


def test_only_the_agencys_head_objects_within_the_window(contest, comms, staff_a, time_machine):
    period = _to_provisional(contest, comms)
    k1 = period.criteria.get(code="K1")
    a = contest["agencies"]["A"]
    with pytest.raises(services.EvaluationRefused):
        services.objection_file(period=period, agency=a, criterion=k1, actor=contest["heads"]["B"], reason="x")
    with pytest.raises(services.EvaluationRefused):  # a jury score is not a figure to object to
        services.objection_file(period=period, agency=a, criterion=period.criteria.get(code="K3"),
                                actor=contest["heads"]["A"], reason="x")
    time_machine.move_to(period.objection_deadline + timedelta(seconds=1))
    with pytest.raises(services.EvaluationRefused):
        services.objection_file(period=period, agency=a, criterion=k1, actor=contest["heads"]["A"], reason="x")
    assert period.objections.count() == 0


def test_after_freezing_nothing_changes_the_published_result(contest, comms, time_machine):
    period = _to_provisional(contest, comms)
    time_machine.move_to(period.objection_deadline + timedelta(minutes=1))
    snapshot = services.period_freeze(period=period, actor=comms)
    services.period_publish(period=period, actor=comms)
    period.refresh_from_db()
    published, _inputs, final = services.current_result(period)
    assert final and _totals(published) == handworked.MINMAX == _totals(snapshot.results)
    # Later: D answers everything within target, a juror's score is changed in the database,
    # the rollups are rebuilt and a new computation is even attempted.
    d = contest["agencies"]["D"]
    Complaint.objects.filter(agency=contest["agencies"]["B"]).update(within_target=True)
    JuryScore.objects.filter(agency=d).update(score=100)
    rollups.rebuild()
    with pytest.raises(services.EvaluationRefused):
        services.run_start(period=period, actor=comms)
    period.refresh_from_db()
    assert period.status == PeriodStatus.PUBLISHED
    again, _inputs, _final = services.current_result(period)
    assert again == published


@pytest.mark.parametrize("who", ["head", "leader", "juror", "staff"])
def test_freeze_unfreeze_and_publish_by_anyone_but_comms_are_refused_and_logged(contest, comms, leader, staff_a,
                                                                                  who, time_machine):
    period = _to_provisional(contest, comms)
    actor = {"head": contest["heads"]["A"], "leader": leader, "juror": contest["jurors"][0], "staff": staff_a}[who]
    time_machine.move_to(period.objection_deadline + timedelta(minutes=1))
    with pytest.raises(services.EvaluationRefused):
        services.period_freeze(period=period, actor=actor)
    services.period_freeze(period=period, actor=comms)
    for attempt in (lambda: services.period_unfreeze(period=period, actor=actor, reason="salah hitung"),
                    lambda: services.period_publish(period=period, actor=actor)):
        with pytest.raises(services.EvaluationRefused):
            attempt()
    period.refresh_from_db()
    assert period.status == PeriodStatus.FROZEN
    assert list(period.events.filter(kind=EventKind.REFUSED).values_list("actor", "summary")) == [
        (actor.pk, "freeze"), (actor.pk, "unfreeze"), (actor.pk, "publish")]


def test_unfreezing_needs_a_reason_and_keeps_the_voided_snapshot(contest, comms, time_machine):
    period = _to_provisional(contest, comms)
    time_machine.move_to(period.objection_deadline + timedelta(minutes=1))
    snapshot = services.period_freeze(period=period, actor=comms)
    with pytest.raises(services.EvaluationRefused):
        services.period_unfreeze(period=period, actor=comms, reason="  ")
    services.period_unfreeze(period=period, actor=comms, reason="Nilai juri D salah ketik.")
    snapshot.refresh_from_db()
    period.refresh_from_db()
    assert period.status == PeriodStatus.PROVISIONAL and snapshot.voided_at is not None
    assert snapshot.void_reason == "Nilai juri D salah ketik." and snapshot.voided_by == comms
    assert period.events.filter(kind=EventKind.UNFROZEN, actor=comms, summary="Nilai juri D salah ketik.").exists()


def test_a_run_delivered_twice_computes_once(contest, comms):
    score_all(contest)
    run = _compute(contest["period"], comms)
    finished = run.finished_at
    assert services.run_compute(run.pk).finished_at == finished
    assert timezone.now() >= finished


def test_a_juror_account_must_be_only_a_jurors(contest, comms, staff_a):
    with pytest.raises(services.EvaluationRefused):
        services.juror_invite(period=contest["period"], email=staff_a.email, full_name="x",
                              agencies=[contest["agencies"]["A"]], actor=comms)
